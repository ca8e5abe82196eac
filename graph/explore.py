"""Exploring the graph: the neighbourhood of an entity and the shortest responsibility path
between two entities (parts of the graph for export: ``graph.selection``)."""

from __future__ import annotations

from datetime import date
from typing import Iterable

import networkx as nx

from ontology.errors import NotFound
from ontology.facts import Entity, Relation
from ontology.model import model

from .analytics import NETWORK_RELATIONS
from .factgraph import entity

# Relations that carry responsibility: structure, posts and tenures, places, mandates, sites, hazards, inspections.
PATH_RELATIONS = NETWORK_RELATIONS + ("postIn", "holds", "foundIn", "inspector", "findingOf", "concerns")


def neighbourhood(
    g: nx.MultiDiGraph, ident: str, depth: int = 1, relation_types: Iterable[str] | None = None,
    entity_types: Iterable[str] | None = None, on: date | None = None,
) -> tuple[list[Entity], list[Relation]]:
    """Entities within ``depth`` hops (either direction) of an entity, and the relations walked.

    ``relation_types`` limits the relations followed, ``entity_types`` the entities reached
    (subtypes included; the start is always kept), ``on`` the relations to those valid that day."""
    start = entity(g, ident)
    if start is None:
        raise NotFound(f"no entity with id {ident!r}")
    m = model()
    rtypes = set(relation_types) if relation_types else None
    etypes = tuple(entity_types) if entity_types else None
    seen = {ident}
    rels: dict[str, Relation] = {}
    frontier = [ident]
    for _ in range(depth):
        nxt = []
        for node in frontier:
            edges = [(v, d) for _, v, d in g.out_edges(node, data=True)] + [(u, d) for u, _, d in g.in_edges(node, data=True)]
            for other, d in sorted(edges, key=lambda x: x[1]["fact"].id):
                r: Relation = d["fact"]
                if rtypes is not None and r.type not in rtypes:
                    continue
                if on is not None and not r.valid_on(on):
                    continue
                e = entity(g, other)
                if e is None:  # a vocabulary concept: keep the relation, it names the code
                    rels[r.id] = r
                    continue
                if etypes is not None and not any(m.is_a(e.type, t) for t in etypes):
                    continue
                rels[r.id] = r
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    ents = [entity(g, n) for n in sorted(seen)]
    return [e for e in ents if e is not None], [rels[k] for k in sorted(rels)]


def shortest_path(g: nx.MultiDiGraph, source: str, target: str, on: date | None = None) -> dict:
    """The shortest chain of responsibility relations (either direction) between two entities,
    through relations valid on ``on`` when given; ties broken by id, so both backends agree."""
    for ident in (source, target):
        if entity(g, ident) is None:
            raise NotFound(f"no entity with id {ident!r}")
    net: nx.Graph = nx.Graph()
    net.add_nodes_from(sorted(n for n, d in g.nodes(data=True) if "fact" in d))
    best: dict[tuple[str, str], Relation] = {}
    for u, v, d in g.edges(data=True):
        r: Relation = d["fact"]
        if d["type"] not in PATH_RELATIONS or (on is not None and not r.valid_on(on)) or entity(g, v) is None:
            continue
        k = (min(u, v), max(u, v))
        if k not in best or r.id < best[k].id:
            best[k] = r
    net.add_edges_from(sorted(best))
    try:
        nodes = _lexicographic_shortest(net, source, target)
    except nx.NetworkXNoPath:
        return {"from": source, "to": target, "at": on.isoformat() if on else None, "found": False, "length": None,
                "entities": [], "relations": []}
    relations = [best[(min(a, b), max(a, b))] for a, b in zip(nodes, nodes[1:])]
    return {
        "from": source, "to": target, "at": on.isoformat() if on else None, "found": True, "length": len(relations),
        "entities": [e.as_json() for n in nodes if (e := entity(g, n)) is not None],  # every node of net is an entity
        "relations": [r.as_json() for r in relations],
    }


def _lexicographic_shortest(net: nx.Graph, source: str, target: str) -> list[str]:
    """Among the shortest paths, the one whose node ids are smallest in order (deterministic)."""
    dist = nx.single_source_shortest_path_length(net, target)
    if source not in dist:
        raise nx.NetworkXNoPath(f"no path between {source} and {target}")
    path = [source]
    while path[-1] != target:
        here = path[-1]
        path.append(min(n for n in net.neighbors(here) if dist.get(n) == dist[here] - 1))
    return path
