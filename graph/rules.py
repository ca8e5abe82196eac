"""The rules of the accountability trace, one pure function each.

Each function takes the :class:`TraceContext` of an accident on a date and yields the
:class:`Hit` s it finds: an organization, the path of facts that put it there, and which of
its posts answer. The catalogue (ids, labels, legal bases, phases, what each reads) is
``ontology/rules.ttl``; a rule said there as data (a path, a target type, the posts it selects) is
interpreted by :func:`declared`, and ``RULES`` here holds one function for each other catalogued id;
:func:`run` runs them phase by phase and stamps each hit with the id of its rule. A rule of
a later phase reads the hits of the earlier phases, passed to it (never a shared list).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Callable, Iterator

from ontology.model import Model, Rule

from .context import PRINCIPAL, Area, Hit, Select, TraceContext

RuleFn = Callable[..., Iterator[Hit]]
RULES: dict[str, RuleFn] = {}
SAFETY = frozenset({"work_safety"})


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[rule_id] = fn
        return fn

    return register


def run(ctx: TraceContext, m: Model) -> tuple[Hit, ...]:
    """Every rule of the catalogue, phase by phase (declared ``skg:phase``); hits stamped with rule ids.
    A rule said as data (``skg:path``) is interpreted by :func:`declared`; the others are functions here."""
    hits: list[Hit] = []
    for phase in sorted({r.phase for r in m.rules.values()}):
        earlier = tuple(hits)
        for rule in sorted((r for r in m.rules.values() if r.phase == phase), key=lambda r: r.id):
            if rule.paths:
                found = declared(ctx, rule)
            else:
                fn = RULES[rule.id]
                found = fn(ctx, earlier) if phase > 1 else fn(ctx)
            hits.extend(replace(h, rule=rule.id) for h in found)
    return tuple(hits)


# --- Rules said as data ------------------------------------------------------------------


def declared(ctx: TraceContext, rule: Rule) -> Iterator[Hit]:
    """Follow the rule's paths from the accident (relations valid on the date), keep the bodies of its target
    types, and name the posts its selectors choose."""
    selects = [_selector(ctx, code, rule) for code in rule.select]
    seen: set[str] = set()
    for path in rule.paths:
        for org, level, facts in _follow(ctx, path):
            # a body dissolved by the date is named too: its duties pass to its successor (rule successor-body)
            if org in seen or not any(ctx.is_type(org, t) for t in rule.target):
                continue
            seen.add(org)
            for select in selects:
                yield Hit(org, facts, select, level=level)


def _follow(ctx: TraceContext, path: tuple[str, ...]) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(node, level of the area the path started from, relation ids) at the end of a path."""
    first, *steps = path
    frontier: list[tuple[str, str | None, tuple[str, ...]]]
    if first.startswith("@"):
        areas = {"@scope-areas": ctx.areas_in_scope, "@territorial-areas": ctx.territorial_areas}[first]
        frontier = [(a.id, a.level, a.path) for a in areas]
    else:
        frontier = [(ctx.accident.id, None, ())]
        steps = [first, *steps]
    for step in steps:
        backwards = step.startswith("^")
        rel_type = step.lstrip("^")
        nxt = []
        for node, level, facts in frontier:
            rels = ctx.g.into(node, rel_type, ctx.at) if backwards else ctx.g.out(node, rel_type, ctx.at)
            nxt += [(r.source if backwards else r.target, level, facts + (r.id,)) for r in rels]
        frontier = nxt
    return frontier


def _selector(ctx: TraceContext, code: str, rule: Rule) -> Select:
    """A catalogue selector (a role code, or deputy:PORTFOLIO) as the posts it chooses on this accident."""
    role, _, portfolio = code.partition(":")
    if not portfolio:
        return Select(role)
    if portfolio == "candidate":
        return Select(role, uncertain=True)
    codes = {"safety": SAFETY, "sector": ctx.portfolio_codes, "sector+safety": ctx.portfolio_codes | SAFETY,
             "sector-not-safety": ctx.portfolio_codes}[portfolio]
    exclude = SAFETY if portfolio == "sector-not-safety" else frozenset()
    return Select(role, frozenset(codes), exclude=exclude, candidates=rule.candidates)


def _deputy(ctx: TraceContext, with_safety: bool = True, candidates: bool = True, role: str = "deputy") -> Select:
    codes = ctx.portfolio_codes | (SAFETY if with_safety else frozenset())
    return Select(role, frozenset(codes), candidates=candidates)


def _regulator(ctx: TraceContext, org: str, path: tuple[str, ...], level: str | None,
               notes: tuple[str, ...] = ()) -> Iterator[Hit]:
    """A regulator's principal, its deputies and section chiefs in charge of the accident's sectors or safety
    (those with no portfolio recorded as candidates), and its staff as candidates."""
    yield Hit(org, path, level=level, notes=notes)
    yield Hit(org, path, _deputy(ctx), level=level, notes=notes)
    yield Hit(org, path, _deputy(ctx, role="section_chief"), level=level, notes=notes)


# --- Enterprise layer ------------------------------------------------------------------


def _enterprises(ctx: TraceContext) -> list[tuple[str, tuple[str, ...]]]:
    """The operators, contractors and parents of the site, each with its path."""
    return ctx.operators + [(c, p) for c, _, p in ctx.contractors] + _parents(ctx)


def _parents(ctx: TraceContext) -> list[tuple[str, tuple[str, ...]]]:
    out, seen = [], set()
    todo = list(ctx.operators)
    while todo:
        org, path = todo.pop(0)
        for up in ctx.g.out(org, "subsidiaryOf", ctx.at):
            if up.target not in seen:
                seen.add(up.target)
                out.append((up.target, path + (up.id,)))
                todo.append((up.target, path + (up.id,)))
    return out


@rule("actual-controller")
def actual_controller(ctx: TraceContext) -> Iterator[Hit]:
    for org, path in _enterprises(ctx):
        yield Hit(org, path, Select("actual_controller"))


@rule("open-hazard")
def open_hazard(ctx: TraceContext) -> Iterator[Hit]:
    """Every enterprise a hazard open on the date is recorded against, and the site's operator; whoever
    held the principal post while it stood open answers (lifetime accountability)."""
    operators = ctx.operators
    for hazard, at_rel, path in ctx.open_hazards:
        notes = _hazard_notes(ctx, hazard.props)
        owners: dict[str, tuple[str, ...]] = {}
        for rel in ctx.g.out(hazard.id, "hazardAt"):
            if ctx.is_type(rel.target, "Enterprise"):
                owners.setdefault(rel.target, path + (at_rel.id, hazard.id) if rel.id == at_rel.id else
                                  path + (at_rel.id, hazard.id, rel.id))
            elif rel.id == at_rel.id:
                for org, p in operators:
                    if p[0] == path[0]:
                        owners.setdefault(org, p + (at_rel.id, hazard.id))
        since = _found(hazard.props)
        for org, org_path in owners.items():
            yield Hit(org, org_path, Select("principal", since=since), notes=notes, hazard=hazard.id)


def _found(p: dict) -> date | None:
    return date.fromisoformat(p["found_on"]) if p.get("found_on") else None


def _hazard_notes(ctx: TraceContext, p: dict) -> tuple[str, ...]:
    notes = []
    if p.get("hazard_grade") == "major":
        notes.append("major hidden hazard")
    if not p.get("found_on"):
        notes.append("finding date unknown: found before the accident, when is not recorded")
    elif p.get("found_on_precision") in ("month", "year"):
        notes.append(f"finding date known only to the {p['found_on_precision']}")
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
        yield Hit(org, path, notes=notes)


@rule("parent-company")
def parent_company(ctx: TraceContext) -> Iterator[Hit]:
    for org, path in _parents(ctx):
        yield Hit(org, path)
        yield Hit(org, path, Select("deputy", SAFETY))


@rule("intermediary")
def intermediary(ctx: TraceContext) -> Iterator[Hit]:
    """Service providers of the site, its operators, contractors and parents, then the providers' own
    providers, to the depth the catalogue declares for this rule."""
    depth = ctx.m.rules["intermediary"].depth or 1
    frontier = [(link.target, (link.id,)) for link in ctx.site_links] + _enterprises(ctx)
    seen: set[str] = set()
    for level in range(depth):
        nxt: list[tuple[str, tuple[str, ...]]] = []
        for node, path in frontier:
            for rel in ctx.g.into(node, "intermediaryFor"):
                if rel.started_by(ctx.at) and rel.source not in seen:
                    seen.add(rel.source)
                    service = ctx.m.label("service", rel.props["service"]).en
                    notes = (service,) if level == 0 else (service, f"upstream: service to {node}")
                    yield Hit(rel.source, path + (rel.id,), notes=notes)
                    nxt.append((rel.source, path + (rel.id,)))
        frontier = nxt


# --- Regulatory layer ------------------------------------------------------------------


def _government_departments(ctx: TraceContext) -> Iterator[tuple[str, Area, tuple[str, ...]]]:
    """Departments (not vertically managed) of each government in scope, and working organs of its party
    committee, with their paths; one dissolved by the date is yielded too, so that its duties pass to its
    successor."""
    for area in ctx.areas_in_scope:
        for j in ctx.g.into(area.id, "jurisdiction", ctx.at):
            # a government's departments, and a party committee's working organs where they hold a mandate
            if not ((ctx.is_type(j.source, "Government") or ctx.is_type(j.source, "PartyCommittee")) and ctx.alive(j.source)):
                continue
            for unit in ctx.g.into(j.source, "subunitOf", ctx.at):
                dept = unit.source
                if ctx.is_type(dept, "Department") and not ctx.entity_prop(dept, "vertical"):
                    yield dept, area, area.path + (j.id, unit.id)


def _mandates(ctx: TraceContext, dept: str, rel_type: str, codes: frozenset[str]) -> list:
    return [m for m in ctx.g.out(dept, rel_type, ctx.at) if m.target in codes]


def _implied(ctx: TraceContext, code: str) -> tuple[str, ...]:
    why = ctx.implied_activities.get(code)
    return (f"activity {code} brought in by the {why}",) if why else ()


@rule("industry-supervisor")
def industry_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    for dept, area, path in _government_departments(ctx):
        for mandate in _mandates(ctx, dept, "supervisesIndustry", ctx.industry_mandates)[:1]:
            full = path + (mandate.id,)
            yield from _regulator(ctx, dept, full, area.level)


@rule("activity-supervisor")
def activity_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    for dept, area, path in _government_departments(ctx):
        if _mandates(ctx, dept, "supervisesIndustry", ctx.industry_mandates):
            continue  # already the industry supervisor
        for mandate in _mandates(ctx, dept, "supervisesActivity", ctx.activity_mandates)[:1]:
            full = path + (mandate.id,)
            notes = _implied(ctx, mandate.target)
            yield from _regulator(ctx, dept, full, area.level, notes)


@rule("licensing-power")
def licensing_power(ctx: TraceContext) -> Iterator[Hit]:
    """A department in scope holding a standing licensing or approval power over what the accident's
    sector needs (谁审批谁负责), whether or not an approval of this site is on record."""
    for dept, area, path in _government_departments(ctx):
        for power in _mandates(ctx, dept, "licenses", ctx.licences)[:1]:
            full = path + (power.id,)
            note = (f"licensing power: {ctx.m.label('activity', power.target).en}",)
            yield from _regulator(ctx, dept, full, area.level, note)


@rule("division-of-duties")
def division_of_duties(ctx: TraceContext) -> Iterator[Hit]:
    """A department in scope with no mandate on record for the accident, whose kind supervises one of the
    accident's sectors under the official division of duties (skg:supervisedBy in the sector vocabulary)."""
    kinds = ctx.supervising_kinds
    for dept, area, path in _government_departments(ctx):
        kind = ctx.entity_prop(dept, "department_kind")
        if kind not in kinds or kind == "emergency_management":
            continue  # emergency management answers as the comprehensive supervisor
        if any(_mandates(ctx, dept, rel, codes) for rel, codes in (
                ("supervisesIndustry", ctx.industry_mandates), ("supervisesActivity", ctx.activity_mandates),
                ("licenses", ctx.licences))):
            continue  # named by its recorded mandate
        note = (f"{ctx.m.label('departmentKind', str(kind)).en} supervises {kinds[str(kind)]} (division of duties)",)
        yield from _regulator(ctx, dept, path, area.level, note)


def _vertical_bodies(ctx: TraceContext) -> list[tuple[str, Area, tuple[str, ...]]]:
    """Vertically managed supervisors whose region contains the site and whose mandate covers the accident."""
    found = []
    for area in ctx.areas:
        for j in ctx.g.into(area.id, "jurisdiction", ctx.at):
            org = j.source
            if not (ctx.is_type(org, "Department") and ctx.entity_prop(org, "vertical") and ctx.alive(org)):
                continue
            mandate = _mandates(ctx, org, "supervisesIndustry", ctx.industry_mandates) or _mandates(
                ctx, org, "supervisesActivity", ctx.activity_mandates)
            if mandate:
                found.append((org, area, area.path + (j.id, mandate[0].id)))
    return found


@rule("vertical-supervisor")
def vertical_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    found = _vertical_bodies(ctx)
    if not found:
        return
    lowest = max(a.rank for _, a, _ in found)
    named: set[str] = set()
    todo = [(o, a.level, p) for o, a, p in found if a.rank == lowest or a.rank >= ctx.scope_rank]
    while todo:
        org, level, path = todo.pop(0)
        if org in named:
            continue
        named.add(org)
        yield from _regulator(ctx, org, path, level)
        for up in ctx.g.out(org, "subunitOf", ctx.at):
            if not ctx.is_type(up.target, "Department"):
                continue  # the hierarchy of supervisors, never the government above them
            up_level = ctx.org_level(up.target)
            if up_level and ctx.rank(up_level) >= ctx.scope_rank and ctx.alive(up.target):
                todo.append((up.target, up_level, path + (up.id,)))


@rule("licensing-authority")
def licensing_authority(ctx: TraceContext) -> Iterator[Hit]:
    for node, path in ctx.site_side:
        for rel in ctx.g.into(node, "approved"):
            if rel.started_by(ctx.at):
                notes = (str(rel.props["scope"]),) if rel.props.get("scope") else ()
                yield Hit(rel.source, path + (rel.id,), level=ctx.org_level(rel.source), notes=notes)


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
                    yield Hit(by.target, full + (who.id,), Select("inspector", person=who.target, on=on), level, notes, hazard.id)
                yield Hit(by.target, full, PRINCIPAL, level, notes, hazard.id)


@rule("listing-supervisor")
def listing_supervisor(ctx: TraceContext) -> Iterator[Hit]:
    for hazard, at_rel, path in ctx.open_hazards:
        for rel in ctx.g.out(hazard.id, "listedBy"):
            if rel.started_by(ctx.at):
                full = path + (at_rel.id, hazard.id, rel.id)
                yield Hit(rel.target, full, level=ctx.org_level(rel.target), hazard=hazard.id)


@rule("sub-department")
def sub_department(ctx: TraceContext, earlier: tuple[Hit, ...]) -> Iterator[Hit]:
    """A regulator named in the first phase answers through its own sub-departments whose mandate (or kind)
    covers the accident: the section or bureau that does the supervising."""
    named = {(h.org, h.path, h.level) for h in earlier if ctx.is_type(h.org, "Department") and h.select.role == "principal"
             and ctx.m.rules[h.rule].layer == "regulatory"}
    seen: set[str] = set()
    for org, path, level in sorted(named, key=lambda n: (len(n[1]), n[0])):
        for unit in ctx.g.into(org, "subunitOf", ctx.at):
            sub = unit.source
            if sub in seen or not ctx.is_type(sub, "Department"):
                continue
            fits = [m for rel, codes in (("supervisesIndustry", ctx.industry_mandates), ("supervisesActivity",
                    ctx.activity_mandates), ("licenses", ctx.licences)) for m in _mandates(ctx, sub, rel, codes)]
            if fits or ctx.entity_prop(sub, "department_kind") in ctx.supervising_kinds:
                seen.add(sub)
                full = path + (unit.id,) + ((fits[0].id,) if fits else ())
                yield from _regulator(ctx, sub, full, level, (f"sub-department of {org}",))


@rule("successor-body")
def successor_body(ctx: TraceContext, earlier: tuple[Hit, ...]) -> Iterator[Hit]:
    """Hits of the first phase on a body dissolved by the date pass to its successors."""
    for hit in earlier:
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
                    yield Hit(nxt.target, path + (nxt.id,), hit.select, level, notes, hit.hazard)
                else:
                    todo.append((nxt.target, path + (nxt.id,)))


# --- Territorial layer -----------------------------------------------------------------


def _territorial_bodies(ctx: TraceContext, type_name: str) -> Iterator[tuple[str, Area, tuple[str, ...]]]:
    for area in ctx.territorial_areas:
        for j in ctx.g.into(area.id, "jurisdiction", ctx.at):
            if ctx.is_type(j.source, type_name) and ctx.alive(j.source):
                yield j.source, area, area.path + (j.id,)


@rule("safety-committee")
def safety_committee(ctx: TraceContext) -> Iterator[Hit]:
    for gov, area, path in _territorial_bodies(ctx, "Government"):
        for unit in ctx.g.into(gov, "subunitOf", ctx.at):
            if ctx.is_type(unit.source, "SafetyCommittee") and ctx.alive(unit.source):
                yield Hit(unit.source, path + (unit.id,), level=area.level)
