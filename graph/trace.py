"""The accountability trace of an accident: who answered for it on a date, by which rule,
through which facts, on what evidence.

``trace(store, accident_id, at)`` asks the backend for the evidence subgraph (one query),
then :func:`explain` applies the rule catalogue to it. ``explain`` is a pure function of
the subgraph and the date, so both backends give the same trace for the same data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ontology.errors import NotFound
from ontology.facts import Entity, Relation
from ontology.model import Model, model

from .context import Hit, Select, TraceContext
from .rules import run
from .store import Store
from .subgraph import Subgraph

LAYERS = ("enterprise", "regulatory", "territorial")
SOURCE_FIELDS = ("title", "publisher", "issued_on", "url", "archive_id", "document_kind")
ROLES = ("principal", "deputy", "safety_manager", "member", "staff")


def trace(store: Store, accident_id: str, at: date | None = None) -> dict[str, Any]:
    """The trace of an accident as of ``at`` (default: the day it occurred)."""
    return explain(store.trace_context(accident_id), accident_id, at)


def explain(g: Subgraph, accident_id: str, at: date | None = None, m: Model | None = None) -> dict[str, Any]:
    """The trace document: a JSON value whose findings share equal parts (the facts of a
    common path prefix, a citation), so treat it as read-only."""
    m = m or model()
    accident = g.get(accident_id)
    if accident is None or accident.type != "Accident":
        raise NotFound(f"no accident with id {accident_id!r}")
    on = at or date.fromisoformat(accident.props["occurred_on"])
    ctx = TraceContext(g, m, accident, on)
    return _Explainer(ctx, run(ctx, m)).result()


HANDOVER_DAYS = 90  # a post that changed hands this shortly before the accident is flagged


class _Explainer:
    def __init__(self, ctx: TraceContext, hits: tuple[Hit, ...]):
        self.ctx = ctx
        self.hits = hits
        self.g = ctx.g
        self.m = ctx.m
        self.findings: dict[str, dict[str, Any]] = {}
        self.units: dict[tuple[str, str], dict[str, Any]] = {}
        self.gaps: dict[tuple[str, str], dict[str, Any]] = {}
        self.rule_rank = {r: i for i, r in enumerate(self.m.rules)}
        self._facts: dict[str, dict[str, Any]] = {}
        self._cited: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = {}

    # --- expansion of hits into findings --------------------------------------------

    def result(self) -> dict[str, Any]:
        for hit in sorted(self.hits, key=lambda h: len(h.path)):
            self.expand(hit)
        self.merge_committee_chairs()
        self.structural_gaps()
        findings = sorted(self.findings.values(), key=self.order)
        for f in findings:
            for fact in f["path"]:
                if not fact["sourced"]:
                    self.gap("unsourced-fact", fact["id"], fact=fact["id"], detail=f"{fact['type']} {fact['id']}")
        return {
            "accident": self.accident(),
            "findings": findings,
            "units": [self.units[k] for k in sorted(self.units, key=lambda k: (LAYERS.index(k[1]), k[0]))],
            "coverage": self.coverage(findings),
            "gaps": [self.gaps[k] for k in sorted(self.gaps)],
            "hazards": self.hazards(),
        }

    def expand(self, hit: Hit) -> None:
        ctx, g = self.ctx, self.g
        if hit.select.role == "inspector":
            self.inspector(hit)
            return
        if not ctx.alive(hit.org):
            self.add(hit, None, None, None, note=f"dissolved on {ctx.entity_prop(hit.org, 'dissolved_on')}")
            return
        chosen: list[tuple[str, Relation, tuple[str, ...], bool]] = []
        for post_id, post_rel in ((r.source, r) for r in g.into(hit.org, "postIn", ctx.at)):
            picked = self.selected(post_id, hit.select)
            if picked is not None:
                chosen.append((post_id, post_rel, *picked))
        if not chosen:
            if hit.select.role == "principal":
                self.add(hit, None, None, None)
                self.gap("no-principal-post", hit.org, organization=self.ref(hit.org))
            return
        for post_id, post_rel, extra, certain in chosen:
            self.expand_post(hit, post_id, hit.path + (post_rel.id,) + extra, certain)

    def expand_post(self, hit: Hit, post_id: str, path: tuple[str, ...], certain: bool) -> None:
        """The findings on one chosen post: its holder on the date (or a vacancy), and its holders while a
        hazard stood open when the hit asks for them."""
        tenures = self.g.into(post_id, "holds", self.ctx.at)
        if hit.select.uncertain:
            note: str | None = "a candidate: the structure does not say what this post's holder did"
        else:
            note = None if certain else "portfolio unknown: a candidate"
            if not certain:
                self.gap("unknown-portfolio", post_id, organization=self.ref(hit.org), post=self.ref(post_id))
        if not tenures:
            self.add(hit, post_id, None, path, note=note, certain=certain)
            self.gap("vacant-post", post_id, organization=self.ref(hit.org), post=self.ref(post_id))
        for tenure in tenures:
            self.add(hit, post_id, tenure, path + (tenure.id,), note=note, certain=certain)
        if hit.select.since is not None:
            for tenure in self.predecessors(post_id, hit.select.since, tenures):
                held = f"held the post while the hazard stood open ({_span(tenure)})"
                self.add(hit, post_id, tenure, path + (tenure.id,), note=held, certain=certain)

    def predecessors(self, post_id: str, since: date, current: list[Relation]) -> list[Relation]:
        """Earlier holders of a post whose tenure overlapped [since, trace date) (lifetime accountability)."""
        at = self.ctx.at
        return [
            t for t in self.g.into(post_id, "holds")
            if t not in current and t.valid_to is not None and since < t.valid_to <= at
            and (t.valid_from is None or t.valid_from < at)
        ]

    def selected(self, post_id: str, select: Select) -> tuple[tuple[str, ...], bool] | None:
        """None when the post is not chosen; else the portfolio facts that chose it, and whether it is
        chosen with certainty (a post with no portfolio on the date is a candidate where the rule says so)."""
        role = self.ctx.entity_prop(post_id, "role")
        if not select.accepts(role):
            return None
        if select.uncertain:
            return (), False
        if not select.codes:
            return (), True
        portfolio = self.g.out(post_id, "portfolio", self.ctx.at)
        if any(p.target in select.exclude for p in portfolio):
            return None
        matching = tuple(p.id for p in portfolio if p.target in select.codes)
        if matching:
            return matching, True
        if not portfolio and select.candidates:
            return (), False
        return None

    def inspector(self, hit: Hit) -> None:
        """The inspector named in the inspection record, with the post held on that day."""
        sel = hit.select
        for tenure in self.g.out(sel.person, "holds", sel.on):  # type: ignore[arg-type]  # an inspector hit names its person
            post_rel = self.g.out(tenure.target, "postIn", sel.on)
            if any(r.target == hit.org for r in post_rel):
                self.add(hit, tenure.target, tenure, hit.path + (tenure.id,), person=sel.person)
                return
        self.add(hit, None, None, None, person=sel.person)

    def add(
        self,
        hit: Hit,
        post: str | None,
        tenure: Relation | None,
        path: tuple[str, ...] | None,
        person: str | None = None,
        note: str | None = None,
        certain: bool = True,
    ) -> None:
        rule = self.m.rules[hit.rule]
        person = tenure.source if tenure is not None else person
        key = "|".join((hit.rule, hit.org, post or "-", person or "-", hit.hazard or "-"))
        if key in self.findings:
            return
        path = path or hit.path
        notes = list(hit.notes) + ([note] if note else [])
        if tenure is not None and tenure.props.get("acting"):
            notes.append("acting")
        if tenure is not None and tenure.valid_from is not None:
            days = (self.ctx.occurred_on - tenure.valid_from).days
            if 0 <= days <= HANDOVER_DAYS:
                notes.append(f"took the post over on {tenure.valid_from.isoformat()}, {days} days before the accident")
        notes += self.ctx.date_flags
        if post is not None and not rule.posts_certain and certain:
            notes.append(rule.posts_note or "the unit answers; which of its posts, the report decides")
        certain = certain and (post is None or rule.posts_certain)
        self.unit(hit, rule.layer, True)
        facts = [self.fact(i) for i in path]
        sources = self.sources([hit.org, post, person, *path])
        self.findings[key] = {
            "id": key,
            "layer": rule.layer,
            "responsibility": rule.responsibility,
            "rule": rule.as_dict(self.ctx.occurred_on.isoformat()),
            "level": hit.level,
            "organization": self.ref(hit.org),
            "post": self.ref(post) if post else None,
            "person": self.ref(person) if person else None,
            "valid_during": _period(tenure) if tenure is not None else None,
            "hazard": hit.hazard,
            "certainty": "certain" if certain else "candidate",
            "also": [],
            "notes": notes,
            "path": facts,
            "sources": sources,
        }

    def unit(self, hit: Hit, layer: str, certain: bool) -> None:
        entry = self.units.setdefault((hit.org, layer), {
            "organization": self.ref(hit.org), "layer": layer, "level": hit.level, "rules": [], "certainty": "candidate",
        })
        if hit.rule not in entry["rules"]:
            entry["rules"].append(hit.rule)
        if certain:
            entry["certainty"] = "certain"

    # --- references, paths, sources ------------------------------------------------

    def ref(self, ident: str) -> dict[str, Any]:
        entity = self.g.get(ident)
        if entity is None:
            return {"id": ident, "type": None, "name": {}}
        out: dict[str, Any] = {"id": ident, "type": entity.type, "name": entity.name}
        if entity.type == "Post":
            out["role"] = entity.props.get("role")
        return out

    def fact(self, ident: str) -> dict[str, Any]:
        """A fact on a path, as findings show it (findings share path prefixes: built once, shared)."""
        done = self._facts.get(ident)
        if done is None:
            done = self._facts[ident] = self._fact(ident)
        return done

    def _fact(self, ident: str) -> dict[str, Any]:
        rel = self.g.relations.get(ident)
        out: dict[str, Any]
        if rel is not None:
            out = {
                "id": rel.id,
                "type": rel.type,
                "from": rel.source,
                "to": rel.target,
                "valid_from": rel.valid_from.isoformat() if rel.valid_from else None,
                "valid_to": rel.valid_to.isoformat() if rel.valid_to else None,
            }
            sourced = bool(rel.sources)
        else:
            entity = self.g.get(ident)
            out = {"id": ident, "type": entity.type if entity else None}
            sourced = bool(entity and entity.sources)
        out["sourced"] = sourced
        return out

    def sources(self, idents: list[str | None]) -> list[dict[str, Any]]:
        out: dict[tuple[str, str, str], dict[str, Any]] = {}
        for ident in idents:
            if ident is not None:
                out.update(self._citations(ident))
        return [out[k] for k in sorted(out)]

    def _citations(self, ident: str) -> dict[tuple[str, str, str], dict[str, Any]]:
        """The sources one fact cites, keyed for de-duplication (computed once per trace)."""
        done = self._cited.get(ident)
        if done is not None:
            return done
        done = self._cited[ident] = {}
        fact: Entity | Relation | None = self.g.relations.get(ident) or self.g.get(ident)
        for ref in fact.sources if fact else ():
            doc = self.g.get(ref.source)
            entry = {"id": ref.source, "cites": ident}
            if doc is not None:
                entry.update({k: doc.props[k] for k in SOURCE_FIELDS if k in doc.props})
            if ref.quote:
                entry["quote"] = ref.quote
            if ref.locator:
                entry["locator"] = ref.locator
            done[(ref.source, ident, ref.quote or "")] = entry
        return done

    # --- gaps, coverage, ordering ----------------------------------------------------

    def gap(self, kind: str, subject: str, detail: str | None = None, **refs: Any) -> None:
        label = self.m.gaps[kind]
        entry = {"kind": kind, "label": label.as_dict(), "subject": subject, **refs}
        if detail:
            entry["detail"] = detail
        self.gaps.setdefault((kind, subject), entry)

    def merge_committee_chairs(self) -> None:
        """A safety committee's director who is also the head of its government: one finding, both grounds."""
        heads = {
            (f["person"]["id"], f["level"]): f for f in self.findings.values()
            if f["rule"]["id"] == "government-head" and f["person"]
        }
        for key, f in list(self.findings.items()):
            if f["rule"]["id"] != "safety-committee" or not f["person"]:
                continue
            head = heads.get((f["person"]["id"], f["level"]))
            if head is not None:
                head["also"].append({"rule": f["rule"], "organization": f["organization"], "post": f["post"], "path": f["path"]})
                head["notes"] = head["notes"] + ["also director of the work safety committee"]
                del self.findings[key]

    def structural_gaps(self) -> None:
        ctx = self.ctx
        for link in ctx.site_links:
            if not ctx.operators_links(link.target):
                self.gap("no-operator", link.target, site=self.ref(link.target))
        if not ctx.industry_codes:
            self.gap("no-industry", ctx.accident.id, detail="no industry recorded for the accident, its site or its operator")
        elif not any(h.rule in self.m.gap_covered_by.get("no-industry-regulator", ()) for h in self.hits):
            code = sorted(ctx.industry_codes, key=lambda c: -len(ctx.m.broader_closure("industry", c)))[0]
            self.gap("no-industry-regulator", code, detail=self.m.label("industry", code).en)
        if ctx.accident.props.get("serious_injuries") is None:
            self.gap("serious-injuries-unknown", ctx.accident.id,
                     detail="graded on deaths and direct loss only: the serious injuries are not recorded")
        for area in ctx.territorial_areas:
            bodies = {
                t for j in self.g.into(area.id, "jurisdiction", ctx.at)
                for t in ("PartyCommittee", "Government") if ctx.is_type(j.source, t) and ctx.alive(j.source)
            }
            for missing in sorted({"PartyCommittee", "Government"} - bodies):
                self.gap("no-territorial-body", f"{area.id}/{missing}", area=self.ref(area.id), detail=missing)

    def order(self, f: dict[str, Any]) -> tuple:
        level = self.ctx.rank(f["level"]) if f["level"] else 9
        role = ROLES.index(f["post"]["role"]) if f["post"] and f["post"].get("role") in ROLES else len(ROLES)
        return (LAYERS.index(f["layer"]), -level, self.rule_rank[f["rule"]["id"]], f["organization"]["id"], role, f["id"])

    def coverage(self, findings: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for layer in LAYERS:
            mine = [f for f in findings if f["layer"] == layer]
            persons = {f["person"]["id"] for f in mine if f["person"]}
            out[layer] = {
                "covered": bool(persons),
                "findings": len(mine),
                "organizations": len({f["organization"]["id"] for f in mine}),
                "persons": len(persons),
                "vacant_posts": len({f["post"]["id"] for f in mine if f["post"] and not f["person"]}),
            }
        out["complete"] = all(out[layer]["covered"] for layer in LAYERS)
        return out

    def accident(self) -> dict[str, Any]:
        ctx = self.ctx
        a = ctx.accident
        taken = ctx.taken_over_by
        return {
            "id": a.id,
            "name": a.name,
            "occurred_on": a.props["occurred_on"],
            "at": ctx.at.isoformat(),
            "sites": [self.ref(link.target) for link in ctx.site_links],
            "industry": a.props.get("industry"),
            "accident_type": a.props.get("accident_type"),
            "activities": a.props.get("activities", []),
            "deaths": a.props["deaths"],
            "serious_injuries": a.props.get("serious_injuries"),
            "total_injured": a.props.get("total_injured"),
            "time_of_day": a.props.get("time_of_day"),
            "occurred_on_precision": a.props.get("occurred_on_precision", "day"),
            "accident_types": list(ctx.accident_types),
            "accident_types_2025": list(ctx.accident_types_2025),
            "accident_type_2025_mapped": not a.props.get("accident_type_2025"),
            "implied_activities": [{"activity": k, "by": v} for k, v in sorted(ctx.implied_activities.items())],
            "direct_loss_cny": a.props["direct_loss_cny"],
            "grade": ctx.grade.code,
            "grade_criteria": list(ctx.grade.criteria),
            "investigating_level": ctx.investigating_level,
            "investigating_level_by_grade": ctx.grade.investigating_level,
            "taken_over_by": self.ref(taken[0].target) if taken else None,
            "areas": [
                {"id": ar.id, "level": ar.level, "in_scope": ar.rank >= ctx.scope_rank,
                 "territorial": ar.rank > ctx.investigator_rank, "via": ar.via, "name": self.ref(ar.id)["name"]}
                for ar in ctx.areas
            ],
            "sources": self.sources([a.id]),
        }

    def hazards(self) -> list[dict[str, Any]]:
        out = []
        for hazard, _, _ in self.ctx.open_hazards:
            out.append(
                {
                    **self.ref(hazard.id),
                    "status": self.ctx.hazard_status(hazard, self.ctx.at),
                    **{k: hazard.props.get(k) for k in ("hazard_grade", "found_on", "deadline", "rectified_on", "criterion")},
                }
            )
        return out


def _span(rel: Relation) -> str:
    return f"{rel.valid_from.isoformat() if rel.valid_from else '?'} to {rel.valid_to.isoformat() if rel.valid_to else 'now'}"


def _period(rel: Relation) -> dict[str, str | None]:
    return {
        "from": rel.valid_from.isoformat() if rel.valid_from else None,
        "to": rel.valid_to.isoformat() if rel.valid_to else None,
    }
