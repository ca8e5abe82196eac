"""The question a trace answers, and what the rules may ask of the evidence.

A :class:`TraceContext` is the evidence subgraph of one accident seen on one date. Its
helpers are pure: they read the subgraph and return facts valid on that date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from ontology.facts import Entity, Relation
from ontology.grading import Grade, grade
from ontology.model import Model

from .subgraph import Subgraph

Role = str  # a code of the role scheme, or "inspector" (the person an inspection record names)



def exists_on(props: dict[str, Any], on: date) -> bool:
    """An organisation exists on a date: established by then and not yet dissolved (undated: always)."""
    est, dis = props.get("established_on"), props.get("dissolved_on")
    return (not est or date.fromisoformat(est) <= on) and (not dis or on < date.fromisoformat(dis))


def hazard_status(props: dict[str, Any], on: date) -> str | None:
    """A hidden hazard's lifecycle status on a date, or None when not yet found or already closed."""

    def reached(key: str) -> bool:
        return bool(props.get(key)) and date.fromisoformat(props[key]) <= on

    if (props.get("found_on") and not reached("found_on")) or reached("closed_on"):
        return None  # not yet found (a hazard with no finding date was found before the accident, when unknown)
    for key, status in (("verified_on", "verified"), ("rectified_on", "rectified")):
        if reached(key):
            return status
    return "rectification_ordered" if props.get("deadline") else "discovered"

@dataclass(frozen=True)
class Select:
    """Which posts of an organization a hit names."""

    role: Role
    codes: frozenset[str] = frozenset()  # portfolio must meet these (deputies, section chiefs); empty: any post of the role
    exclude: frozenset[str] = frozenset()  # and must not meet these
    person: str | None = None  # inspector: the person named in the record
    on: date | None = None  # inspector: the date of the inspection
    candidates: bool = False  # posts with no portfolio on the date are named as candidates
    uncertain: bool = False  # every post chosen is a candidate (front-line staff: the structure does not say who did what)
    since: date | None = None  # also whoever held the post from this date (a hazard stood open) to the trace date

    def accepts(self, role: object) -> bool:
        return role == self.role


PRINCIPAL = Select("principal")
SAFETY_MANAGER = Select("safety_manager")


@dataclass(frozen=True)
class Hit:
    """A rule names an organization, through a path of facts; posts are chosen by ``select``.
    The rule runner stamps ``rule`` with the id of the rule that yielded the hit."""

    org: str
    path: tuple[str, ...]
    select: Select = PRINCIPAL
    level: str | None = None
    notes: tuple[str, ...] = ()
    hazard: str | None = None
    rule: str = ""


@dataclass(frozen=True)
class Area:
    id: str
    level: str
    rank: int
    path: tuple[str, ...]  # relation ids from the accident to this area
    via: str = "site"  # "site": the area contains the accident site; "domicile": the operator's domicile


@dataclass
class TraceContext:
    g: Subgraph
    m: Model
    accident: Entity
    at: date

    # --- the accident -------------------------------------------------------------

    @cached_property
    def grade(self) -> Grade:
        p = self.accident.props
        return grade(p["deaths"], p.get("serious_injuries") or 0, p["direct_loss_cny"])

    @cached_property
    def occurred_on(self) -> date:
        return date.fromisoformat(self.accident.props["occurred_on"])

    @cached_property
    def date_flags(self) -> tuple[str, ...]:
        """Flags every finding carries when the accident's date is known only to the month or the year."""
        precision = self.accident.props.get("occurred_on_precision")
        if precision in ("month", "year"):
            return (f"accident date known only to the {precision}: who held a post on the day is uncertain",)
        return ()

    @cached_property
    def site_links(self) -> list[Relation]:
        return self.g.out(self.accident.id, "occurredAt")

    @cached_property
    def industry_codes(self) -> frozenset[str]:
        """The accident's industry and every broader one (the site's or operator's when unset)."""
        code = self.accident.props.get("industry")
        candidates = [code] if code else []
        for link in self.site_links:
            site = self.g.get(link.target)
            candidates.append(site.props.get("industry") if site else None)
            candidates += [self.entity_prop(op.source, "industry") for op in self.operators_links(link.target)]
        for c in candidates:
            if c:
                return frozenset(self.m.broader_closure("industry", c))
        return frozenset()

    @cached_property
    def accident_types(self) -> tuple[str, ...]:
        p = self.accident.props
        return tuple(t for t in (p.get("accident_type"), *p.get("other_accident_types", ())) if t)

    @cached_property
    def accident_types_2025(self) -> tuple[str, ...]:
        """The GB 6441-2025 class as recorded, else every new class an old class recorded maps to."""
        recorded = self.accident.props.get("accident_type_2025")
        if recorded:
            return (recorded,)
        return tuple(sorted(
            c.code for c in self.m.schemes.get("accidentType2025", {}).values()
            if set(c.values("replacesClass")) & set(self.accident_types)
        ))

    @cached_property
    def recorded_activities(self) -> frozenset[str]:
        return frozenset(self.accident.props.get("activities", ()))

    @cached_property
    def implied_activities(self) -> dict[str, str]:
        """Activities the accident brings in beyond those recorded, each with why (the vocabulary's
        implications of its types and industries: a fire brings in fire-safety supervision)."""
        out: dict[str, str] = {}
        for scheme, codes in (("accidentType", self.accident_types), ("accidentType2025", self.accident_types_2025),
                              ("industry", sorted(self.industry_codes))):
            for code in codes:
                concept = self.m.concept(scheme, code)
                for act in concept.values("impliesActivity") if concept else ():
                    if act not in self.recorded_activities:
                        out.setdefault(act, f"{scheme} {code}")
        return out

    @cached_property
    def activity_codes(self) -> frozenset[str]:
        return self.recorded_activities | frozenset(self.implied_activities)

    @cached_property
    def industry_mandates(self) -> frozenset[str]:
        """Industry mandates that cover the accident: its industries, and the industry naming the same
        mandate as an activity under way (urban gas for gas supply)."""
        same = {i for a in self.activity_codes for i in self._same("activity", a)}
        return self.industry_codes | frozenset(same)

    @cached_property
    def activity_mandates(self) -> frozenset[str]:
        """Activity mandates that cover the accident: its activities, and those naming the same mandate
        as one of its industries."""
        same = {a for a, c in self.m.schemes.get("activity", {}).items() if set(c.values("sameMandateAs")) & self.industry_codes}
        return self.activity_codes | frozenset(same)

    def _same(self, scheme: str, code: str) -> tuple[str, ...]:
        concept = self.m.concept(scheme, code)
        return concept.values("sameMandateAs") if concept else ()

    @cached_property
    def supervising_kinds(self) -> dict[str, str]:
        """Kinds of department that supervise the accident's sectors (skg:supervisedBy), each with the sector."""
        out: dict[str, str] = {}
        for scheme, codes in (("industry", sorted(self.industry_codes)), ("activity", sorted(self.activity_codes))):
            for code in codes:
                concept = self.m.concept(scheme, code)
                for kind in concept.values("supervisedBy") if concept else ():
                    out.setdefault(kind, f"{scheme} {code}")
        return out

    @cached_property
    def licences(self) -> frozenset[str]:
        """The licences and approvals the accident's sectors need (skg:requiresLicence)."""
        out: set[str] = set()
        for scheme, codes in (("industry", self.industry_codes), ("activity", self.activity_codes)):
            for code in codes:
                concept = self.m.concept(scheme, code)
                out.update(concept.values("requiresLicence") if concept else ())
        return frozenset(out)

    @cached_property
    def portfolio_codes(self) -> frozenset[str]:
        """Portfolios that put a deputy in charge of the accident: its industries and activities, and every
        portfolio that covers one of them (skg:covers)."""
        codes = self.industry_mandates | self.activity_mandates
        covering = {c.code for c in self.m.schemes.get("portfolio", {}).values() if set(c.values("covers")) & codes}
        return codes | frozenset(covering)

    # --- scope: which levels are investigated ---------------------------------------

    @cached_property
    def taken_over_by(self) -> tuple[Relation, Area] | None:
        """The investigating government, when it sits above the level the grade calls for."""
        best = None
        for link in self.g.out(self.accident.id, "investigatedBy"):
            for area in self.jurisdiction_areas(link.target, self.occurred_on):
                if area.rank < self.grade_rank and (best is None or area.rank < best[1].rank):
                    best = (link, area)
        return best

    @cached_property
    def grade_rank(self) -> int:
        return self.rank(self.grade.investigating_admin_level)

    @cached_property
    def scope_rank(self) -> int:
        taken = self.taken_over_by
        return taken[1].rank if taken else self.grade_rank

    @cached_property
    def investigating_level(self) -> str:
        level = self.taken_over_by[1].level if self.taken_over_by else self.grade.investigating_admin_level
        return str(self.m.schemes["adminLevel"][level].data["investigatingCode"])

    def rank(self, level: str) -> int:
        return int(self.m.schemes["adminLevel"][level].data["rank"])

    # --- places ----------------------------------------------------------------------

    @cached_property
    def areas(self) -> list[Area]:
        """Every area containing the site on the date, then every area containing the operator's domicile
        where it differs (属地管理: the place an enterprise is registered answers for it too), township first,
        each with the path to it."""
        out: dict[str, Area] = {}
        todo: list[tuple[str, tuple[str, ...], str]] = []
        for link in self.site_links:
            for loc in self.g.out(link.target, "locatedIn", self.at):
                todo.append((loc.target, (link.id, loc.id), "site"))
        for op, op_path in self.operators:
            for dom in self.g.out(op, "domicile", self.at):
                todo.append((dom.target, op_path + (dom.id,), "domicile"))
        while todo:
            area_id, path, via = todo.pop(0)
            area = self.g.get(area_id)
            if area is None or area_id in out:
                continue
            level = area.props["level"]
            out[area_id] = Area(area_id, level, self.rank(level), path, via)
            todo += [(up.target, path + (up.id,), via) for up in self.g.out(area_id, "partOf", self.at)]
        return sorted(out.values(), key=lambda a: (-a.rank, a.id))

    @cached_property
    def areas_in_scope(self) -> list[Area]:
        """Areas whose departments answer: up to and including the investigating level."""
        return [a for a in self.areas if a.rank >= self.scope_rank]

    @cached_property
    def investigator_rank(self) -> int:
        """The rank of the government that organised the investigation (as recorded, else the grade's level)."""
        ranks = [
            area.rank
            for link in self.g.out(self.accident.id, "investigatedBy")
            for area in self.jurisdiction_areas(link.target, self.occurred_on)
        ]
        return min(ranks) if ranks else self.grade_rank

    @cached_property
    def territorial_areas(self) -> list[Area]:
        """Areas whose party and government leaders answer: strictly below the investigating government,
        which does not investigate its own leaders (a recorded take-over moves it up)."""
        return [a for a in self.areas if a.rank > self.investigator_rank]

    def jurisdiction_areas(self, org: str, on: date) -> list[Area]:
        out = []
        for rel in self.g.out(org, "jurisdiction", on):
            area = self.g.get(rel.target)
            if area is not None:
                level = area.props["level"]
                out.append(Area(area.id, level, self.rank(level), (rel.id,)))
        return out

    def org_level(self, org: str) -> str | None:
        """The level of an organization: its own region, or that of the body it belongs to."""
        seen = set()
        while org and org not in seen:
            seen.add(org)
            areas = self.jurisdiction_areas(org, self.at) or self.jurisdiction_areas(org, date.max)
            if areas:
                return min(areas, key=lambda a: a.rank).level
            ups = self.g.out(org, "subunitOf", self.at) or self.g.out(org, "subunitOf")
            org = ups[0].target if ups else ""
        return None

    # --- organizations ---------------------------------------------------------------

    def entity_prop(self, ident: str, key: str) -> object:
        entity = self.g.get(ident)
        return entity.props.get(key) if entity else None

    def is_type(self, ident: str, type_name: str) -> bool:
        entity = self.g.get(ident)
        return entity is not None and self.m.is_a(entity.type, type_name)

    def alive(self, org: str, on: date | None = None) -> bool:
        entity = self.g.get(org)
        return exists_on(entity.props if entity else {}, on or self.at)

    def operators_links(self, site: str) -> list[Relation]:
        return self.g.into(site, "operates", self.at)

    @cached_property
    def operators(self) -> list[tuple[str, tuple[str, ...]]]:
        """(operator, path) for each enterprise operating an accident site on the date."""
        return [
            (op.source, (link.id, op.id))
            for link in self.site_links
            for op in self.operators_links(link.target)
        ]

    @cached_property
    def contractors(self) -> list[tuple[str, Relation, tuple[str, ...]]]:
        return [
            (c.source, c, (link.id, c.id))
            for link in self.site_links
            for c in self.g.into(link.target, "contractorAt", self.at)
        ]

    @cached_property
    def site_side(self) -> list[tuple[str, tuple[str, ...]]]:
        """The sites, their operators and contractors, each with its path from the accident."""
        out: list[tuple[str, tuple[str, ...]]] = [(link.target, (link.id,)) for link in self.site_links]
        out += self.operators
        out += [(c, path) for c, _, path in self.contractors]
        return out

    def hazard_status(self, hazard: Entity, on: date) -> str | None:
        """The lifecycle status on a date, or None when not yet found or already closed."""
        return hazard_status(hazard.props, on)

    @cached_property
    def open_hazards(self) -> list[tuple[Entity, Relation, tuple[str, ...]]]:
        """Hazards at the site side that were found before the date and not closed on it."""
        out, seen = [], set()
        for node, path in self.site_side:
            for rel in self.g.into(node, "hazardAt"):
                hazard = self.g.get(rel.source)
                if hazard is None or hazard.id in seen or self.hazard_status(hazard, self.at) is None:
                    continue
                seen.add(hazard.id)
                out.append((hazard, rel, path))
        return sorted(out, key=lambda h: (h[0].props.get("found_on") or "", h[0].id))
