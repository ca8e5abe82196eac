"""The timeline of an accident: tenures of the posts in its chain, hazards with their
deadlines and closures, inspections, and the accident itself, in date order."""

from __future__ import annotations

from datetime import date
from typing import Any

from .store import Store
from .subgraph import Subgraph
from .trace import explain

KIND_ORDER = ("tenure", "inspection", "hazard", "deadline", "rectification", "verification", "closure", "accident")


def timeline(store: Store, accident_id: str, at: date | None = None) -> dict[str, Any]:
    g = store.trace_context(accident_id)
    return build_timeline(g, explain(g, accident_id, at), accident_id)


def build_timeline(g: Subgraph, traced: dict[str, Any], accident_id: str) -> dict[str, Any]:
    """A pure function of the evidence subgraph and its trace."""
    acc = traced["accident"]
    events: list[dict[str, Any]] = []

    def name(ident: str | None) -> str:
        e = g.get(ident) if ident else None
        if e is None:
            return ident or ""
        return e.name.get("zh") or e.name.get("en") or ident  # type: ignore[return-value]

    def name_en(ident: str | None) -> str | None:
        e = g.get(ident) if ident else None
        return e.name.get("en") if e else None

    posts = {f["post"]["id"]: f for f in traced["findings"] if f["post"]}
    for post_id, finding in sorted(posts.items()):
        org = finding["organization"]["id"]
        for rel in g.into(post_id, "holds"):
            events.append({
                "kind": "tenure", "id": rel.id, "label": f"{name(rel.source)} · {name(post_id)}",
                "label_en": _join(name_en(rel.source), name_en(post_id)),
                "start": _iso(rel.valid_from), "end": _iso(rel.valid_to), "subject": post_id,
                "post": post_id, "person": rel.source, "organization": org, "acting": bool(rel.props.get("acting")),
                "layer": finding["layer"],
            })
    hazards = sorted({e.id for e in g.entities.values() if e.type == "Hazard"})
    for hid in hazards:
        h = g.entities[hid]
        p = h.props
        at_rels = g.out(hid, "hazardAt")
        where = at_rels[0].target if at_rels else None
        base = {"subject": hid, "hazard": hid, "site": where, "hazard_grade": p.get("hazard_grade")}
        events.append({"kind": "hazard", "id": hid, "label": name(hid), "label_en": name_en(hid), "start": p.get("found_on"),
                       "end": p.get("closed_on") or p.get("rectified_on"), **base,
                       "found_in": [r.target for r in g.out(hid, "foundIn")], "listed_by": [r.target for r in g.out(hid, "listedBy")]})
        for key, kind in (("deadline", "deadline"), ("rectified_on", "rectification"), ("verified_on", "verification"), ("closed_on", "closure")):
            if p.get(key):
                events.append({"kind": kind, "id": f"{hid}#{kind}", "label": f"{name(hid)}: {kind}", "start": p[key], "end": None, **base})
    for e in sorted((e for e in g.entities.values() if e.type == "Inspection"), key=lambda e: e.id):
        events.append({
            "kind": "inspection", "id": e.id, "label": name(e.id), "label_en": name_en(e.id), "start": e.props.get("date"), "end": None,
            "subject": e.id, "organization": next((r.target for r in g.out(e.id, "inspectedBy")), None),
            "inspectors": [r.target for r in g.out(e.id, "inspector")], "inspected": [r.target for r in g.out(e.id, "inspected")],
            "enforcement": e.props.get("enforcement"), "hazards_found": [r.source for r in g.into(e.id, "foundIn")],
        })
    events.append({"kind": "accident", "id": accident_id, "label": name(accident_id), "label_en": name_en(accident_id),
                   "start": acc["occurred_on"], "end": None, "subject": accident_id, "grade": acc["grade"]})
    events.sort(key=lambda ev: (ev["start"] or "", KIND_ORDER.index(ev["kind"]), ev["id"]))
    return {"accident": {"id": accident_id, "date": acc["occurred_on"], "at": acc["at"], "grade": acc["grade"]}, "events": events}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _join(*parts: str | None) -> str | None:
    return " · ".join(p for p in parts if p) or None
