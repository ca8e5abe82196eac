"""A whole-graph view for the exploratory queries (search, neighbourhood, paths, analytics).

The embedded store builds its networkx graph on first use and keeps it up to date after;
the view borrows it under the store's lock. On Neo4j the view is built from the facts once per committed write (the
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


def advance(g: nx.MultiDiGraph, changed: Iterable[Entity | Relation], present: set[str] | None) -> nx.MultiDiGraph:
    """A new graph: ``g`` with the changed facts written over it and, when ``present`` (every
    id the store still holds) is given, without the facts deleted since. ``g`` is left as it was."""
    new = g.copy()
    new.graph["edges"] = dict(g.graph["edges"])
    if present is not None:
        gone = [i for i in new.graph["edges"] if i not in present]
        gone += [n for n, d in new.nodes(data=True) if "fact" in d and n not in present]
        drop(new, gone)
    put(new, changed)
    return new


def _by_id(fact: Entity | Relation) -> str:
    return fact.id


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
        store.refresh()
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
