"""A whole-graph view for the exploratory queries (search, neighbourhood, paths, analytics).

The embedded store already holds its graph in networkx; the view borrows it under the
store's lock. On Neo4j the view is built from the facts once per committed write (the
store's batch counter tells when it is stale) and shared between readers. The view holds the
facts as written: identity judgements are applied by the trace, not here. Either way a
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

from .context import exists_on
from .store import Store

_cache: "weakref.WeakKeyDictionary[object, tuple[tuple[int, str | None], nx.MultiDiGraph]]" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def build(entities: Iterable[Entity], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """The networkx form of a set of facts, inserted in id order."""
    g = nx.MultiDiGraph()
    g.graph["edges"] = {}
    for e in sorted(entities, key=lambda e: e.id):
        g.add_node(e.id, fact=e)
    for r in sorted(relations, key=lambda r: r.id):
        _put_relation(g, r)
    return g


def _put_relation(g: nx.MultiDiGraph, r: Relation) -> None:
    index = g.graph["edges"]
    if r.id in index:
        u, v = index.pop(r.id)
        g.remove_edge(u, v, key=r.id)
    g.add_edge(r.source, r.target_node, key=r.id, fact=r, type=r.type)
    index[r.id] = (r.source, r.target_node)


def advance(g: nx.MultiDiGraph, changed: Iterable[Entity | Relation], present: set[str] | None) -> nx.MultiDiGraph:
    """A new graph: ``g`` with the changed facts written over it and, when ``present`` (every
    id the store still holds) is given, without the facts deleted since. ``g`` is left as it was."""
    new = g.copy()
    new.graph["edges"] = index = dict(g.graph["edges"])
    if present is not None:
        for ident in [i for i in index if i not in present]:
            u, v = index.pop(ident)
            new.remove_edge(u, v, key=ident)
        for node in [n for n, d in new.nodes(data=True) if "fact" in d and n not in present]:
            del new.nodes[node]["fact"]
            if new.degree(node) == 0:
                new.remove_node(node)
    for fact in changed:
        if isinstance(fact, Relation):
            _put_relation(new, fact)
        else:
            new.add_node(fact.id)
            new.nodes[fact.id]["fact"] = fact
    return new


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
    """Neo4j: the cached graph, brought up to the store's last batch by reading only what changed."""
    now = _version(store)
    with _cache_lock:
        hit = _cache.get(store)
    if hit and hit[0] == now:
        return hit[1]
    if hit and hit[0][0] < now[0] and _still_there(store, hit[0]):
        changed, present = _changes(store, hit[0][0])
        g = advance(hit[1], changed, present)
    else:  # first use, or the database was wiped and refilled since
        g = build(store.entities(), store.relations())
    with _cache_lock:
        _cache[store] = (now, g)
    return g


def _still_there(store: Store, token: tuple[int, str | None]) -> bool:
    from neo4j import READ_ACCESS

    with store.driver.session(database=getattr(store, "database", None), default_access_mode=READ_ACCESS) as s:  # type: ignore[attr-defined]
        return s.run("MATCH (b:Batch {tx: $tx}) WHERE b.at = $at RETURN count(b) AS n", tx=token[0], at=token[1]).single()["n"] > 0


def _changes(store: Store, since: int) -> tuple[list[Entity | Relation], set[str] | None]:
    """Facts written after batch ``since``, and (only if a batch since then deleted anything) every id still held."""
    import orjson
    from neo4j import READ_ACCESS

    from ontology.facts import from_json

    driver = store.driver  # type: ignore[attr-defined]
    with driver.session(database=getattr(store, "database", None), default_access_mode=READ_ACCESS) as s:
        rows = [(r["kind"], r["doc"]) for r in s.run(
            "MATCH (f:Fact) WHERE f.tx > $v RETURN f.kind AS kind, f.doc AS doc", v=since)]
        summaries = [r["s"] for r in s.run("MATCH (b:Batch) WHERE b.tx > $v RETURN b.summary AS s", v=since)]
        deleted = any(orjson.loads(x).get("deleted") for x in summaries)
        present = {r["id"] for r in s.run("MATCH (f:Fact) RETURN f.id AS id")} if deleted else None
    return [from_json(k, orjson.loads(d)) for k, d in rows], present


def version(store: Store) -> object:
    """A token that changes with every committed batch of the store (writes and deletes) and with
    every identity judgement made or undone (traces read through them), for caches of answers."""
    if hasattr(store, "refresh"):
        store.refresh()  # type: ignore[attr-defined]
        facts: object = ("embedded", int(getattr(store, "_tx", -1)))
    else:
        facts = _version(store)
    return facts, tuple((j.id, j.a, j.b, j.verdict) for j in store.judgements())


def _version(store: Store) -> tuple[int, str | None]:
    """Neo4j: the number and time of the last committed batch, asked of the server."""
    from neo4j import READ_ACCESS

    with store.driver.session(database=getattr(store, "database", None), default_access_mode=READ_ACCESS) as s:  # type: ignore[attr-defined]
        row = s.run("MATCH (b:Batch) RETURN b.tx AS tx, b.at AS at ORDER BY b.tx DESC LIMIT 1").single()
    return (row["tx"], row["at"]) if row else (0, None)


def entity(g: nx.MultiDiGraph, ident: str) -> Entity | None:
    node = g.nodes.get(ident)
    return node.get("fact") if node else None


def out_rels(g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None = None) -> list[Relation]:
    """Relations of these types leaving a node (valid on ``at`` when given), in id order."""
    return _rels(g.out_edges, g, node, types, at)


def in_rels(g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None = None) -> list[Relation]:
    """Relations of these types entering a node (valid on ``at`` when given), in id order."""
    return _rels(g.in_edges, g, node, types, at)


def _rels(edges, g: nx.MultiDiGraph, node: str, types: Iterable[str] | str, at: date | None) -> list[Relation]:
    wanted = {types} if isinstance(types, str) else set(types)
    if node not in g:
        return []
    rels = [d["fact"] for _, _, d in edges(node, data=True) if d["type"] in wanted]
    return sorted((r for r in rels if at is None or r.valid_on(at)), key=lambda r: r.id)


def alive(e: Entity, on: date) -> bool:
    """An organisation exists on a date (entities without those dates always do)."""
    return exists_on(e.props, on)