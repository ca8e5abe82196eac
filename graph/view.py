"""A whole-graph view for the exploratory queries (search, neighbourhood, paths, analytics).

The embedded store already holds its graph in networkx; the view borrows it under the
store's lock. On Neo4j the view is built from the facts once per committed write (the
store's batch counter tells when it is stale) and shared between readers. Either way a
query sees a ``MultiDiGraph`` of the same shape: a node per entity (attribute ``fact``),
a node per vocabulary concept (no ``fact``), an edge per relation keyed by its id
(attributes ``fact`` and ``type``).
"""

from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from datetime import date
from typing import Iterable, Iterator

import networkx as nx

from ontology.facts import Entity, Relation

from .store import Store

_cache: "weakref.WeakKeyDictionary[object, tuple[int, nx.MultiDiGraph]]" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def build(entities: Iterable[Entity], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """The networkx form of a set of facts, inserted in id order."""
    g = nx.MultiDiGraph()
    for e in sorted(entities, key=lambda e: e.id):
        g.add_node(e.id, fact=e)
    for r in sorted(relations, key=lambda r: r.id):
        g.add_edge(r.source, r.target_node, key=r.id, fact=r, type=r.type)
    return g


@contextmanager
def view(store: Store) -> Iterator[nx.MultiDiGraph]:
    """The store's graph, read-only, for the duration of the block."""
    graph = getattr(store, "graph", None)
    lock = getattr(store, "_lock", None)
    if isinstance(graph, nx.MultiDiGraph) and lock is not None:
        with lock:
            store.refresh()  # type: ignore[attr-defined]
            yield store.graph  # type: ignore[attr-defined]
        return
    yield _snapshot(store)


def _snapshot(store: Store) -> nx.MultiDiGraph:
    version = _version(store)
    with _cache_lock:
        hit = _cache.get(store)
        if hit and hit[0] == version and version >= 0:
            return hit[1]
    g = build(store.entities(), store.relations())
    with _cache_lock:
        _cache[store] = (version, g)
    return g


def version(store: Store) -> int:
    """The number of the store's last committed batch (writes and deletes both add one)."""
    if hasattr(store, "refresh"):
        store.refresh()  # type: ignore[attr-defined]
        return int(getattr(store, "_tx", -1))
    return _version(store)


def _version(store: Store) -> int:
    """Neo4j: the number of the last committed batch, asked of the server."""
    driver = getattr(store, "driver", None)
    if driver is None:
        return -1
    from neo4j import READ_ACCESS

    with driver.session(database=getattr(store, "database", None), default_access_mode=READ_ACCESS) as s:
        return s.run("MATCH (b:Batch) RETURN coalesce(max(b.tx), 0) AS t").single()["t"]


def entity(g: nx.MultiDiGraph, ident: str) -> Entity | None:
    node = g.nodes.get(ident)
    return node.get("fact") if node else None


def out_rels(g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None = None) -> list[Relation]:
    """Relations of these types leaving a node (valid on ``at`` when given), in id order."""
    wanted = {types} if isinstance(types, str) else set(types)
    if node not in g:
        return []
    rels = [d["fact"] for _, _, d in g.out_edges(node, data=True) if d["type"] in wanted]
    return sorted((r for r in rels if at is None or r.valid_on(at)), key=lambda r: r.id)


def in_rels(g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None = None) -> list[Relation]:
    wanted = {types} if isinstance(types, str) else set(types)
    if node not in g:
        return []
    rels = [d["fact"] for _, _, d in g.in_edges(node, data=True) if d["type"] in wanted]
    return sorted((r for r in rels if at is None or r.valid_on(at)), key=lambda r: r.id)


def alive(e: Entity, on: date) -> bool:
    """An organisation exists on a date (entities without those dates always do)."""
    est, dis = e.props.get("established_on"), e.props.get("dissolved_on")
    return (not est or date.fromisoformat(est) <= on) and (not dis or on < date.fromisoformat(dis))
