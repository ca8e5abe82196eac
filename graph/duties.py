"""Who answered for what on a date, and the hazards left open: pure functions over the graph view."""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from ontology.errors import InvalidData, NotFound, Problem

from .context import hazard_status
from .factgraph import alive, entity, in_rels, out_rels
from .search import areas_of

# What an organisation answers for: the relations leaving it, and what each is called in the answer.
MANDATES = (
    ("jurisdiction", "territory"),
    ("comprehensiveSupervision", "comprehensive_supervision"),
    ("supervisesIndustry", "industry"),
    ("supervisesActivity", "activity"),
    ("operates", "operates"),
    ("contractorAt", "contractor_at"),
    ("intermediaryFor", "intermediary_for"),
    ("approved", "approved"),
    ("subunitOf", "part_of"),
)


def _ref(g: nx.MultiDiGraph, ident: str) -> dict[str, Any]:
    e = entity(g, ident)
    if e is None:
        return {"id": ident}
    out: dict[str, Any] = {"id": ident, "type": e.type, "name": e.name}
    if e.type == "Post":
        out["role"] = e.props.get("role")
    return out


def responsibilities(g: nx.MultiDiGraph, ident: str, on: date, findings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The posts a person held (or the post itself) on a date, each with its organisation,
    portfolio and mandates; and every finding of the given traces that names the subject, with
    the rule and legal basis that put it there and whether its tenure covers the date
    (``findings``: trace findings, each with its ``accident``, e.g. of every accident in the store)."""
    e = entity(g, ident)
    if e is None:
        raise NotFound(f"no entity with id {ident!r}")
    if e.type not in ("Person", "Post"):
        raise InvalidData("responsibilities are asked of a person or a post",
                          [Problem("/id", "id", f"{ident!r} is a {e.type}", "not-person-or-post")])
    tenures = out_rels(g, ident, "holds", on) if e.type == "Person" else in_rels(g, ident, "holds", on)
    post_ids = [t.target for t in tenures] if e.type == "Person" else [ident]
    posts = []
    for post_id in post_ids:
        post = entity(g, post_id)
        role = post.props.get("role") if post else None
        orgs = []
        for link in out_rels(g, post_id, "postIn", on):
            org = entity(g, link.target)
            mandates: dict[str, list[Any]] = {}
            for rtype, label in MANDATES:
                for r in out_rels(g, link.target, rtype, on):
                    target = {"code": r.target, "scheme": r.concept_scheme} if r.concept_scheme else _ref(g, r.target)
                    mandates.setdefault(label, []).append({**target, "via": r.id})
            orgs.append({**_ref(g, link.target), "via": link.id, "alive": alive(org, on) if org else None,
                         "areas": areas_of(g, link.target, on), "mandates": mandates})
        portfolio = [{"code": r.target, "scheme": r.concept_scheme, "via": r.id} for r in out_rels(g, post_id, "portfolio", on)]
        holders = [{"person": _ref(g, t.source), "via": t.id, "from": _iso(t.valid_from), "to": _iso(t.valid_to),
                    "acting": bool(t.props.get("acting"))} for t in in_rels(g, post_id, "holds", on)]
        posts.append({"post": _ref(g, post_id), "role": role, "holders": holders, "organizations": orgs,
                      "portfolio": portfolio})
    key = "person" if e.type == "Person" else "post"
    named = [f for f in findings or [] if (f[key] or {}).get("id") == ident]
    return {
        "subject": _ref(g, ident),
        "at": on.isoformat(),
        "posts": posts,
        "findings": [{"accident": f["accident"], "rule": f["rule"], "layer": f["layer"], "responsibility": f["responsibility"],
                      "organization": f["organization"], "post": f["post"], "person": f["person"],
                      "valid_during": f["valid_during"], "covers_at": _covers(f, on), "path": [p["id"] for p in f["path"]]}
                     for f in named],
    }


def _covers(f: dict[str, Any], on: date) -> bool:
    """The finding's tenure covers the date (a finding without a tenure always does)."""
    period = f.get("valid_during")
    if not period:
        return True
    start, end = period.get("from"), period.get("to")
    return (start is None or start <= on.isoformat()) and (end is None or on.isoformat() < end)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- hazards ---------------------------------------------------------------------------



def overdue(props: dict[str, Any], on: date) -> bool:
    """Past its deadline on the date and not rectified by then."""
    deadline = props.get("deadline")
    rectified = props.get("rectified_on")
    if not deadline or date.fromisoformat(deadline) >= on:
        return False
    return not (rectified and date.fromisoformat(rectified) <= on)


def open_hazards(g: nx.MultiDiGraph, on: date, enterprise: str | None = None, area: str | None = None,
                 only_overdue: bool = False) -> list[dict[str, Any]]:
    """Hazards open on a date at an enterprise (or its sites) or in an area, with their rectification chain."""
    if enterprise is not None:
        e = entity(g, enterprise)
        if e is None:
            raise NotFound(f"no entity with id {enterprise!r}")
        places = {enterprise} | {r.target for r in out_rels(g, enterprise, ("operates", "contractorAt"))}
    out = []
    for node, data in sorted(g.nodes(data=True), key=lambda nd: nd[0]):
        h = data.get("fact")
        if h is None or h.type != "Hazard":
            continue
        status = hazard_status(h.props, on)
        if status is None or status == "verified":
            continue
        late = overdue(h.props, on)
        if only_overdue and not late:
            continue
        at = out_rels(g, node, "hazardAt")
        if enterprise is not None and not any(r.target in places for r in at):
            continue
        if area is not None and area not in areas_of(g, node, on):
            continue
        out.append(hazard_chain(g, node, on, status, late))
    return out


def hazard_chain(g: nx.MultiDiGraph, hid: str, on: date, status: str, late: bool) -> dict[str, Any]:
    """A hazard with where it is, who found it (inspection, body, inspectors), who listed it, and its dates."""
    h = entity(g, hid)
    if h is None:
        raise NotFound(f"no hazard with id {hid!r}")
    p = h.props
    inspections = []
    for r in out_rels(g, hid, "foundIn"):
        insp = entity(g, r.target)
        inspections.append({
            **_ref(g, r.target), "date": insp.props.get("date") if insp else None,
            "enforcement": insp.props.get("enforcement") if insp else None,
            "by": [_ref(g, x.target) for x in out_rels(g, r.target, "inspectedBy")],
            "inspectors": [_ref(g, x.target) for x in out_rels(g, r.target, "inspector")],
        })
    at = out_rels(g, hid, "hazardAt")
    operators = sorted({op.source for r in at for op in in_rels(g, r.target, "operates", on)} |
                       {r.target for r in at if (t := entity(g, r.target)) is not None and t.type == "Enterprise"})
    return {
        **_ref(g, hid),
        "status": status,
        "overdue": late,
        **{k: p.get(k) for k in ("hazard_grade", "hazard_category", "criterion", "found_on", "found_through", "deadline",
                                 "rectified_on", "verified_on", "closed_on")},
        "at": [_ref(g, r.target) for r in at],
        "responsible_enterprises": [_ref(g, o) for o in operators],
        "found_in": inspections,
        "listed_by": [_ref(g, r.target) for r in out_rels(g, hid, "listedBy", on)],
        "sources": [s.source for s in h.sources],
    }
