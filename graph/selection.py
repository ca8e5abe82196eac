"""Part of the graph, by accident, area and time window: the one meaning the CLI's ``export`` and
the HTTP API's ``GET /v1/export`` share.

* **accident**: the facts of the accident's evidence subgraph (what its trace reads);
* **area**: what is placed in the area or under it by the placement relations
  (:data:`graph.search.UPWARD`: a site ``locatedIn`` it, an organ with ``jurisdiction`` over it, a
  post ``postIn`` such an organ, a tenure's holder, an accident ``occurredAt`` such a site...,
  and the areas ``partOf`` it), with the relations between those facts;
* **window** ``[start, end)``, half-open like validity: the relations valid at some time in it,
  the dated facts (accidents, inspections, hazards) whose day falls in it, and the undated
  entities those relations use.

Criteria combine (each narrows the one before). The result is closed so that it loads on its
own: every relation's endpoints and every cited source document are added. Everything is read
from the store's read view, so a large export takes no lock of the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx

from ontology.errors import NotFound
from ontology.facts import Entity, Relation
from ontology.model import model

from .factgraph import entity
from .search import areas_of
from .store import Store

# Entity properties that date an entity, for time windows (the first one present).
DATED = ("occurred_on", "date", "found_on")

Facts = tuple[list[Entity], list[Relation]]


@dataclass(frozen=True)
class Selection:
    """Which part of the graph; all given criteria apply (none: the whole graph)."""

    accident: str | None = None
    area: str | None = None
    start: date | None = None  # first day in the window
    end: date | None = None  # first day after it

    @property
    def whole(self) -> bool:
        return self.accident is None and self.area is None and self.start is None and self.end is None


def select(store: Store, sel: Selection | None = None) -> Facts:
    """The facts a selection names, in id order, closed so that they load on their own."""
    g = store.view().graph
    ents = {n: d["fact"] for n, d in g.nodes(data=True) if "fact" in d}
    rels = {d["fact"].id: d["fact"] for _, _, d in g.edges(data=True)}
    if sel is None or sel.whole:
        return [ents[k] for k in sorted(ents)], [rels[k] for k in sorted(rels)]
    if sel.accident is not None:
        found = entity(g, sel.accident)
        if found is None or found.type != "Accident":
            raise NotFound(f"no accident {sel.accident!r} in the store")
        sub = store.trace_context(sel.accident)
        ents, rels = dict(sub.entities), dict(sub.relations)
    if sel.area is not None:
        ents, rels = in_area(g, ents, rels, sel.area)
    if sel.start is not None or sel.end is not None:
        ents, rels = in_window(ents, rels, sel.start, sel.end)
    return closed(g, ents, rels)


def in_area(g: nx.MultiDiGraph, ents: dict[str, Entity], rels: dict[str, Relation], area: str) -> tuple[dict, dict]:
    """The entities placed in ``area`` or under it (judged on the whole graph), and the relations between them."""
    found = entity(g, area)
    if found is None or found.type != "AdministrativeArea":
        raise NotFound(f"no administrative area {area!r} in the store")
    keep = {i: e for i, e in ents.items() if area in areas_of(g, i)}
    return keep, {i: r for i, r in rels.items() if r.source in keep and (r.concept_scheme is not None or r.target in keep)}


def in_window(ents: dict[str, Entity], rels: dict[str, Relation], start: date | None, end: date | None) -> tuple[dict, dict]:
    """Relations valid at some time in ``[start, end)``, facts dated in it, and the entities the relations use."""
    def dated_in(e: Entity) -> bool:
        for key in DATED:
            if key in e.props:
                day = date.fromisoformat(e.props[key])
                return (start is None or start <= day) and (end is None or day < end)
        return True  # undated: kept while a relation needs it

    keep = {i: e for i, e in ents.items() if dated_in(e)}
    temporal = model().relations

    def valid(r: Relation) -> bool:
        if not temporal[r.type].temporal:
            return r.source in keep and (r.concept_scheme is not None or r.target in keep)
        return (end is None or r.valid_from is None or r.valid_from < end) and (
            start is None or r.valid_to is None or r.valid_to > start)

    kept = {i: r for i, r in rels.items() if valid(r)}
    used = {r.source for r in kept.values()} | {r.target for r in kept.values() if r.concept_scheme is None}
    return {i: e for i, e in keep.items() if i in used or any(k in e.props for k in DATED)}, kept


def closed(g: nx.MultiDiGraph, ents: dict[str, Entity], rels: dict[str, Relation]) -> Facts:
    """Add every relation's endpoints and every cited source document (and what those cite)."""
    ends = {r.source for r in rels.values()} | {r.target for r in rels.values() if r.concept_scheme is None}
    tried: set[str] = set()
    while True:
        facts: list[Entity | Relation] = [*ents.values(), *rels.values()]
        missing = (ends | {s.source for f in facts for s in f.sources}) - set(ents) - tried
        if not missing:
            break
        tried |= missing
        for i in missing:
            found = entity(g, i)
            if found is not None:
                ents[i] = found
    return sorted(ents.values(), key=lambda e: e.id), sorted(rels.values(), key=lambda r: r.id)
