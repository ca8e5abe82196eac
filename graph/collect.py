"""Interpreting the evidence plan (``graph.plan.PLAN``) over a typed adjacency index: the
evidence subgraph of an accident, as the embedded and in-memory stores collect it (Neo4j
compiles the same plan to one Cypher statement)."""

from __future__ import annotations

from typing import Any

from ontology.facts import Entity, Relation

from .adjacency import Adjacency
from .plan import PLAN
from .subgraph import Subgraph


def collect(entities: dict[str, Entity], adjacency: Adjacency, accident_id: str) -> Subgraph:  # noqa: C901
    """Interpret the evidence plan: each step reads only the relations of its types."""
    sets: dict[str, set[str]] = {"accident": {accident_id} if accident_id in entities else set()}
    rels_by_id: dict[str, Relation] = {}
    selected = adjacency.selected
    for number, step in enumerate(PLAN):
        out = step.direction == "out"
        index = adjacency.out if out else adjacency.into
        selective = step.selective
        frontier = set().union(*(sets.get(s, ()) for s in step.start))
        reached: set[str] = set()
        while frontier:
            nxt: set[str] = set()
            for node in frontier:
                by_type = index.get(node)
                if not by_type:
                    continue
                for rel_type in step.relations:
                    rels = by_type.get(rel_type)
                    if not rels:
                        continue
                    if selective:
                        key = (number, node, rel_type)
                        kept = selected.get(key)
                        if kept is None:
                            kept = selected[key] = [
                                r for r in rels if _kept(step, entities, adjacency, r.target_node if out else r.source)
                            ]
                        rels = kept
                    for rel in rels:
                        rels_by_id[rel.id] = rel
                        other = (rel.target if rel.concept_scheme is None else rel.target_node) if out else rel.source
                        if other not in reached:
                            reached.add(other)
                            nxt.add(other)
            frontier = nxt if step.closure else set()
        sets.setdefault(step.into, set()).update(reached)
    found: dict[str, Entity] = {}
    for n in set().union(*sets.values()):
        fact = entities.get(n)
        if fact is not None:
            found[n] = fact
    cited = {s.source for f in list(found.values()) + list(rels_by_id.values()) for s in f.sources}
    for s in cited:
        fact = entities.get(s)
        if fact is not None:
            found[s] = fact
    return Subgraph(found, rels_by_id, sets, adjacency)


def _kept(step: Any, entities: dict[str, Entity], adjacency: Adjacency, node: str) -> bool:
    fact = entities.get(node)
    if fact is not None and (fact.type in step.only or any(k in fact.props for k in step.with_props)):
        return True
    return adjacency.has_out(node, step.having)
