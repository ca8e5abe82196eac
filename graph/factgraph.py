"""The facts as a networkx graph, for the exploratory queries (search, neighbourhood, paths,
analytics, selections): how it is built and advanced, and how it is read.

A ``MultiDiGraph`` of one shape on every backend: a node per entity (attribute ``fact``), a
node per vocabulary concept (no ``fact``), an edge per relation keyed by its id (attributes
``fact`` and ``type``). It holds the facts as written: identity judgements are applied by the
trace, not here. Stores hand it out through their read view (``graph.readview``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

import networkx as nx

from ontology.facts import Entity, Relation

from .context import exists_on


def build(entities: Iterable[Entity], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """The networkx form of a set of facts, inserted in id order."""
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.graph["edges"] = {}
    put(g, sorted(entities, key=_by_id))
    put(g, sorted(relations, key=_by_id))
    return g


def put(g: nx.MultiDiGraph, facts: Iterable[Entity | Relation]) -> None:
    """Write facts over ``g`` in place: an entity sets its node's ``fact``, a relation replaces its edge."""
    index = g.graph["edges"]
    for fact in facts:
        if type(fact) is Relation:
            if fact.id in index:
                u, v = index.pop(fact.id)
                g.remove_edge(u, v, key=fact.id)
            g.add_edge(fact.source, fact.target_node, key=fact.id, fact=fact, type=fact.type)
            index[fact.id] = (fact.source, fact.target_node)
        else:
            g.add_node(fact.id)
            g.nodes[fact.id]["fact"] = fact


def drop(g: nx.MultiDiGraph, ids: Iterable[str]) -> None:
    """Remove deleted facts from ``g`` in place: relations first, then entities, whose nodes
    stay only while relations still use them."""
    index = g.graph["edges"]
    ids = list(ids)
    for ident in ids:
        if ident in index:
            u, v = index.pop(ident)
            g.remove_edge(u, v, key=ident)
    for ident in ids:
        if ident in g and "fact" in g.nodes[ident]:
            del g.nodes[ident]["fact"]
            if g.degree(ident) == 0:
                g.remove_node(ident)


def advance(g: nx.MultiDiGraph, changed: Iterable[Entity | Relation], gone: Iterable[str] = ()) -> nx.MultiDiGraph:
    """A new graph: ``g`` without the facts deleted since (``gone``) and with the changed facts
    written over it. ``g`` is left as it was (readers may still hold it)."""
    new = g.copy()
    new.graph["edges"] = dict(g.graph["edges"])
    drop(new, gone)
    put(new, changed)
    return new


def absent(g: nx.MultiDiGraph, present: set[str]) -> list[str]:
    """The ids of facts in ``g`` that are not in ``present`` (every id a store still holds)."""
    return [i for i in g.graph["edges"] if i not in present] + [
        n for n, d in g.nodes(data=True) if "fact" in d and n not in present]


def _by_id(fact: Entity | Relation) -> str:
    return fact.id


def entity(g: nx.MultiDiGraph, ident: str) -> Entity | None:
    node = g.nodes.get(ident)
    return node.get("fact") if node else None


def out_rels(g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None = None) -> list[Relation]:
    """Relations of these types leaving a node (valid on ``at`` when given), in id order."""
    return _rels(g.out_edges, g, node, types, at)


def in_rels(g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None = None) -> list[Relation]:
    """Relations of these types entering a node (valid on ``at`` when given), in id order."""
    return _rels(g.in_edges, g, node, types, at)


def _rels(edges: Any, g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None) -> list[Relation]:
    wanted = {types} if isinstance(types, str) else set(types)
    if node not in g:
        return []
    rels = [d["fact"] for _, _, d in edges(node, data=True) if d["type"] in wanted]
    return sorted((r for r in rels if at is None or r.valid_on(at)), key=lambda r: r.id)


def alive(e: Entity, on: date) -> bool:
    """An organisation exists on a date (entities without those dates always do)."""
    return exists_on(e.props, on)
