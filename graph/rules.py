"""The rules of the accountability trace, one pure function each.

Each function takes the :class:`TraceContext` of an accident on a date and yields the
:class:`Hit` s it finds: an organization, the path of facts that put it there, and which of
its posts answer. The catalogue (ids, labels, legal bases) is ``ontology/rules.ttl``;
``RULES`` here holds exactly one function per catalogued id.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterator

from .context import PRINCIPAL, SAFETY_MANAGER, Area, Hit, Select, TraceContext

RuleFn = Callable[[TraceContext], Iterator[Hit]]
RULES: dict[str, RuleFn] = {}
SAFETY = frozenset({"work_safety"})


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[rule_id] = fn
        return fn

    return register


def _deputy(ctx: TraceContext, with_safety: bool = True) -> Select:
    codes = ctx.portfolio_codes | (SAFETY if with_safety else frozenset())
    return Select("deputy", frozenset(codes))


# --- Enterprise layer ------------------------------------------------------------------


@rule("operator-principal")
def operator_principal(ctx: TraceContext) -> Iterator[Hit]:
    for org, path in ctx.operators:
        yield Hit("operator-principal", org, path)


@rule("operator-deputy")
def operator_deputy(ctx: TraceContext) -> Iterator[Hit]:
    for org, path in ctx.operators:
        yield Hit("operator-deputy", org, path, _deputy(ctx))


@rule("operator-safety-manager")
def operator_safety_manager(ctx: TraceContext) -> Iterator[Hit]:
    for org, path in ctx.operators:
        yield Hit("operator-safety-manager", org, path, SAFETY_MANAGER)


@rule("open-hazard")
def open_hazard(ctx: TraceContext) -> Iterator[Hit]:
    operators = ctx.operators
    for hazard, at_rel, path in ctx.open_hazards:
        notes = _hazard_notes(ctx, hazard.props)
        if ctx.is_type(at_rel.target, "Enterprise"):
            owners = [(at_rel.target, path)]
        else:
            owners = [(org, p) for org, p in operators if p[0] == path[0]]
        for org, org_path in owners:
            yield Hit("open-hazard", org, org_path + (at_rel.id, hazard.id), notes=notes, hazard=hazard.id)


def _hazard_notes(ctx: TraceContext, p: dict) -> tuple[str, ...]:
    notes = []
    if p.get("hazard_grade") == "major":
        notes.append("major hidden hazard")
    deadline = p.get("deadline")
    if deadline and date.fromisoformat(deadline) < ctx.at and not (
        p.get("rectified_on") and date.fromisoformat(p["rectified_on"]) <= ctx.at
    ):
        notes.append(f"rectification overdue since {deadline}")
    return tuple(notes)


@rule("contractor")
def contractor(ctx: TraceContext) -> Iterator[Hit]:
    for org, rel, path in ctx.contractors:
        notes = ("contractor without the required qualification",) if rel.props.get("qualified") is False else ()
        yield Hit("contractor", org, path, notes=notes)


@rule("parent-company")
def parent_company(ctx: TraceContext) -> Iterator[Hit]:
    seen: set[str] = set()
    todo = list(ctx.operators)
    while todo:
        org, path = todo.pop(0)
        for up in ctx.g.out(org, "subsidiaryOf", ctx.at):
            if up.target not in seen:
                seen.add(up.target)
                yield Hit("parent-company", up.target, path + (up.id,))
                todo.append((up.target, path + (up.id,)))


@rule("intermediary")
def intermediary(ctx: TraceContext) -> Iterator[Hit]:
    for node, path in [(link.target, (link.id,)) for link in ctx.site_links] + ctx.operators:
        for rel in ctx.g.into(node, "intermediaryFor"):
            if rel.started_by(ctx.at):
                service = ctx.m.label("service", rel.props["service"]).en
                yield Hit("intermediary", rel.source, path + (rel.id,), notes=(service,))


# --- Regulatory layer ------------------------------------------------------------------


def _government_departments(ctx: TraceContext) -> Iterator[tuple[str, Area, tuple[str, ...]]]:
    """Departments (not vertically managed) of each government in scope, with their paths."""
    for area in ctx.areas_in_scope:
        for j in ctx.g.into(area.id, "jurisdiction", ctx.at):
            if not (ctx.is_type(j.source, "Government") and ctx.alive(j.source)):
                continue
            for unit in ctx.g.into(j.source, "subunitOf", ctx.at):
                dept = unit.source
                if ctx.is_type(dept, "Department") and not ctx.entity_prop(dept, "vertical") and ctx.alive(dept):
                    yield dept, area, area.path + (j.id, unit.id)


def _mandates(ctx: TraceContext, dept: str, rel_type: str, codes: frozenset[str]) -> list:
    return [m for m in ctx.g.out(dept, rel_type, ctx.at) if m.target in codes]


@rule("industry-supervisor")
def industry_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    for dept, area, path in _government_departments(ctx):
        for mandate in _mandates(ctx, dept, "supervisesIndustry", ctx.industry_codes)[:1]:
            full = path + (mandate.id,)
            yield Hit("industry-supervisor", dept, full, level=area.level)
            yield Hit("industry-supervisor", dept, full, _deputy(ctx), level=area.level)


@rule("activity-supervisor")
def activity_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    for dept, area, path in _government_departments(ctx):
        if _mandates(ctx, dept, "supervisesIndustry", ctx.industry_codes):
            continue  # already the industry supervisor
        for mandate in _mandates(ctx, dept, "supervisesActivity", ctx.activity_codes)[:1]:
            full = path + (mandate.id,)
            yield Hit("activity-supervisor", dept, full, level=area.level)
            yield Hit("activity-supervisor", dept, full, _deputy(ctx), level=area.level)


@rule("comprehensive-supervisor")
def comprehensive_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    for area in ctx.areas_in_scope:
        for rel in ctx.g.into(area.id, "comprehensiveSupervision", ctx.at):
            if ctx.alive(rel.source):
                path = area.path + (rel.id,)
                yield Hit("comprehensive-supervisor", rel.source, path, level=area.level)
                yield Hit("comprehensive-supervisor", rel.source, path, _deputy(ctx), level=area.level)


@rule("vertical-supervisor")
def vertical_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    found: list[tuple[str, Area, tuple[str, ...]]] = []
    for area in ctx.areas:
        for j in ctx.g.into(area.id, "jurisdiction", ctx.at):
            org = j.source
            if not (ctx.is_type(org, "Department") and ctx.entity_prop(org, "vertical") and ctx.alive(org)):
                continue
            mandate = _mandates(ctx, org, "supervisesIndustry", ctx.industry_codes)
            if mandate:
                found.append((org, area, area.path + (j.id, mandate[0].id)))
    if not found:
        return
    lowest = max(a.rank for _, a, _ in found)
    named: set[str] = set()
    todo = [(o, a.level, a.rank, p) for o, a, p in found if a.rank == lowest or a.rank >= ctx.scope_rank]
    while todo:
        org, level, rank, path = todo.pop(0)
        if org in named:
            continue
        named.add(org)
        yield Hit("vertical-supervisor", org, path, level=level)
        yield Hit("vertical-supervisor", org, path, _deputy(ctx), level=level)
        for up in ctx.g.out(org, "subunitOf", ctx.at):
            up_level = ctx.org_level(up.target)
            if up_level and ctx.rank(up_level) >= ctx.scope_rank and ctx.alive(up.target):
                todo.append((up.target, up_level, ctx.rank(up_level), path + (up.id,)))


@rule("licensing-authority")
def licensing_authority(ctx: TraceContext) -> Iterator[Hit]:
    for node, path in ctx.site_side:
        for rel in ctx.g.into(node, "approved"):
            if rel.started_by(ctx.at):
                notes = (str(rel.props["scope"]),) if rel.props.get("scope") else ()
                yield Hit("licensing-authority", rel.source, path + (rel.id,), level=ctx.org_level(rel.source), notes=notes)


@rule("inspection-left-open")
def inspection_left_open(ctx: TraceContext) -> Iterator[Hit]:
    for hazard, at_rel, path in ctx.open_hazards:
        for found in ctx.g.out(hazard.id, "foundIn"):
            inspection = ctx.g.get(found.target)
            if inspection is None:
                continue
            on = date.fromisoformat(inspection.props["date"])
            base = path + (at_rel.id, hazard.id, found.id, inspection.id)
            for by in ctx.g.out(inspection.id, "inspectedBy"):
                level = ctx.org_level(by.target)
                full = base + (by.id,)
                notes = (f"inspected on {on.isoformat()}",) + _hazard_notes(ctx, hazard.props)
                for who in ctx.g.out(inspection.id, "inspector"):
                    yield Hit(
                        "inspection-left-open", by.target, full + (who.id,),
                        Select("inspector", person=who.target, on=on), level, notes, hazard.id,
                    )
                yield Hit("inspection-left-open", by.target, full, PRINCIPAL, level, notes, hazard.id)


@rule("listing-supervisor")
def listing_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    for hazard, at_rel, path in ctx.open_hazards:
        for rel in ctx.g.out(hazard.id, "listedBy"):
            if rel.started_by(ctx.at):
                full = path + (at_rel.id, hazard.id, rel.id)
                yield Hit("listing-supervisor", rel.target, full, level=ctx.org_level(rel.target), hazard=hazard.id)


@rule("successor-body")
def successor_body(ctx: TraceContext) -> Iterator[Hit]:
    """Hits of other rules on a body dissolved by the date pass to its successors."""
    for hit in list(ctx.hits):
        if hit.select.role == "inspector" or ctx.alive(hit.org):
            continue
        todo, seen = [(hit.org, hit.path)], {hit.org}
        while todo:
            org, path = todo.pop(0)
            for nxt in ctx.g.out(org, "succeededBy"):
                if nxt.target in seen or not nxt.started_by(ctx.at):
                    continue
                seen.add(nxt.target)
                if ctx.alive(nxt.target):
                    notes = hit.notes + (f"successor of {org} (rule {hit.rule})",)
                    level = ctx.org_level(nxt.target)
                    yield Hit("successor-body", nxt.target, path + (nxt.id,), hit.select, level, notes, hit.hazard)
                else:
                    todo.append((nxt.target, path + (nxt.id,)))


# --- Territorial layer -----------------------------------------------------------------


def _territorial_bodies(ctx: TraceContext, type_name: str) -> Iterator[tuple[str, Area, tuple[str, ...]]]:
    for area in ctx.territorial_areas:
        for j in ctx.g.into(area.id, "jurisdiction", ctx.at):
            if ctx.is_type(j.source, type_name) and ctx.alive(j.source):
                yield j.source, area, area.path + (j.id,)


@rule("party-secretary")
def party_secretary(ctx: TraceContext) -> Iterator[Hit]:
    for org, area, path in _territorial_bodies(ctx, "PartyCommittee"):
        yield Hit("party-secretary", org, path, level=area.level)


@rule("government-head")
def government_head(ctx: TraceContext) -> Iterator[Hit]:
    for org, area, path in _territorial_bodies(ctx, "Government"):
        yield Hit("government-head", org, path, level=area.level)


@rule("safety-deputy")
def safety_deputy(ctx: TraceContext) -> Iterator[Hit]:
    for type_name in ("PartyCommittee", "Government"):
        for org, area, path in _territorial_bodies(ctx, type_name):
            yield Hit("safety-deputy", org, path, Select("deputy", SAFETY), level=area.level)


@rule("industry-deputy")
def industry_deputy(ctx: TraceContext) -> Iterator[Hit]:
    select = Select("deputy", ctx.portfolio_codes, exclude=SAFETY)
    for type_name in ("PartyCommittee", "Government"):
        for org, area, path in _territorial_bodies(ctx, type_name):
            yield Hit("industry-deputy", org, path, select, level=area.level)


@rule("safety-committee")
def safety_committee(ctx: TraceContext) -> Iterator[Hit]:
    for gov, area, path in _territorial_bodies(ctx, "Government"):
        for unit in ctx.g.into(gov, "subunitOf", ctx.at):
            if ctx.is_type(unit.source, "SafetyCommittee") and ctx.alive(unit.source):
                yield Hit("safety-committee", unit.source, path + (unit.id,), level=area.level)


# The successor rule reads the hits of every other rule, so it runs last.
ORDER = [r for r in RULES if r != "successor-body"] + ["successor-body"]
