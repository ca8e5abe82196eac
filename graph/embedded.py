"""The embedded backend: SQLite (WAL, synchronous=FULL) as the source of truth and a
networkx MultiDiGraph rebuilt from it as the query engine.

A batch is written in one SQLite transaction and acknowledged only after it commits, so an
acknowledged batch survives a crash and an unacknowledged one leaves nothing behind. Other
processes writing the same file are noticed through ``PRAGMA data_version`` and their
commits replayed from the ``tx`` column and the tombstone table.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx
import orjson

from ontology.errors import Conflict, StoreUnavailable
from ontology.facts import Batch, Entity, Relation, canonical, from_json

from .plan import PLAN
from .store import WriteSummary
from .subgraph import Subgraph

SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (
    id   TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('entity', 'relation')),
    type TEXT NOT NULL,
    src  TEXT,
    dst  TEXT,
    doc  BLOB NOT NULL,
    tx   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facts_tx ON facts (tx);
CREATE TABLE IF NOT EXISTS tombstones (id TEXT NOT NULL, tx INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tombstones_tx ON tombstones (tx);
CREATE TABLE IF NOT EXISTS batches (
    tx INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    idempotency_key TEXT UNIQUE,
    summary BLOB NOT NULL
);
"""


class EmbeddedStore:
    """A store in one SQLite file, queried through an in-memory networkx graph."""

    backend = "embedded"

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.uri = str(self.path)
        self._lock = threading.RLock()
        db = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA busy_timeout=10000")
            db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            if db is not None:
                db.close()  # no file handle left behind by a store that did not open
            raise StoreUnavailable(f"cannot open the store at {self.path}: {exc}") from None
        self._db = db
        self.graph = nx.MultiDiGraph()
        self._tx = 0
        self._data_version = -1
        self._load()

    # --- lifecycle ----------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load(self) -> None:
        with self._lock:
            self.graph = nx.MultiDiGraph()
            self._tx = self._max_tx()
            self._apply(self._db.execute("SELECT kind, doc FROM facts ORDER BY kind"), ())
            self._data_version = self._version()

    def _version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def _max_tx(self) -> int:
        row = self._db.execute("SELECT max(tx) FROM batches").fetchone()
        return row[0] or 0

    def refresh(self) -> None:
        """Replay what other processes committed since we last looked."""
        with self._lock:
            version = self._version()
            if version == self._data_version:
                return
            rows = self._db.execute("SELECT kind, doc FROM facts WHERE tx > ? ORDER BY kind", (self._tx,)).fetchall()
            gone = [r[0] for r in self._db.execute("SELECT id FROM tombstones WHERE tx > ?", (self._tx,))]
            self._tx = self._max_tx()
            self._apply(rows, gone)
            self._data_version = version

    def _apply(self, rows: Iterable[tuple[str, bytes]], deleted: Iterable[str]) -> None:
        g = self.graph
        index = g.graph.setdefault("edges", {})
        for ident in deleted:
            if ident in index:
                u, v = index.pop(ident)
                g.remove_edge(u, v, key=ident)
            elif ident in g and "fact" in g.nodes[ident]:
                del g.nodes[ident]["fact"]
                if g.degree(ident) == 0:
                    g.remove_node(ident)
        for kind, doc in rows:
            fact = from_json(kind, orjson.loads(doc))
            if isinstance(fact, Entity):
                g.add_node(fact.id, fact=fact)
            else:
                if fact.id in index:
                    u, v = index[fact.id]
                    g.remove_edge(u, v, key=fact.id)
                g.add_edge(fact.source, fact.target_node, key=fact.id, fact=fact, type=fact.type)
                index[fact.id] = (fact.source, fact.target_node)

    # --- writes -------------------------------------------------------------------

    def upsert(self, batch: Batch, idempotency_key: str | None = None) -> WriteSummary:
        """Write a validated batch in one transaction; same ids, same result."""
        facts: list[tuple[str, Entity | Relation]] = [("entity", e) for e in batch.entities]
        facts += [("relation", r) for r in batch.relations]
        with self._lock:
            self.refresh()
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"the store at {self.path} cannot take writes: {exc}") from exc
            try:
                if idempotency_key is not None:
                    row = self._db.execute(
                        "SELECT summary FROM batches WHERE idempotency_key = ?", (idempotency_key,)
                    ).fetchone()
                    if row is not None:
                        self._db.execute("ROLLBACK")
                        return WriteSummary(**orjson.loads(row[0]), replayed=True)
                tx = self._max_tx() + 1
                self._check_endpoints(batch)
                old = self._existing([f.id for _, f in facts])
                changed: list[tuple[str, Entity | Relation, bytes]] = []
                added = updated = 0
                for kind, fact in facts:
                    doc = canonical(fact.as_json())
                    before = old.get(fact.id)
                    if before == doc:
                        continue
                    added += before is None
                    updated += before is not None
                    changed.append((kind, fact, doc))
                self._db.executemany(
                    "INSERT OR REPLACE INTO facts (id, kind, type, src, dst, doc, tx) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (f.id, k, f.type, getattr(f, "source", None), getattr(f, "target", None), d, tx)
                        for k, f, d in changed
                    ],
                )
                summary = WriteSummary(added=added, updated=updated, unchanged=len(facts) - added - updated, tx=tx)
                self._db.execute(
                    "INSERT INTO batches (tx, at, idempotency_key, summary) VALUES (?, ?, ?, ?)",
                    (tx, _now(), idempotency_key, orjson.dumps(summary.as_dict())),
                )
                self._db.execute("COMMIT")
            except BaseException as exc:
                self._rollback()
                if isinstance(exc, sqlite3.Error):
                    raise StoreUnavailable(f"the batch was not written to {self.path}: {exc}") from exc
                raise
            self._tx = tx
            self._apply([(k, d) for k, _, d in changed], ())
            self._data_version = self._version()
            return summary

    def delete(self, ids: list[str]) -> int:
        """Delete facts by id, all or nothing; an entity still referenced by a relation is refused."""
        with self._lock:
            self.refresh()
            doomed = set(ids)
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"the store at {self.path} cannot take writes: {exc}") from exc
            try:
                present = {r[0] for r in self._query_in("SELECT id FROM facts WHERE id IN ({})", ids)}
                refs = self._query_in(
                    "SELECT id, src, dst FROM facts WHERE kind = 'relation' AND (src IN ({0}) OR dst IN ({0}))",
                    ids, repeat=2,
                )
                blocking = sorted(r[0] for r in refs if r[0] not in doomed)
                if blocking:
                    raise Conflict(f"still referenced by relations {', '.join(blocking[:10])}: delete those too")
                tx = self._max_tx() + 1
                self._db.executemany("DELETE FROM facts WHERE id = ?", [(i,) for i in present])
                self._db.executemany("INSERT INTO tombstones (id, tx) VALUES (?, ?)", [(i, tx) for i in present])
                summary = WriteSummary(deleted=len(present), tx=tx)
                self._db.execute(
                    "INSERT INTO batches (tx, at, summary) VALUES (?, ?, ?)", (tx, _now(), orjson.dumps(summary.as_dict()))
                )
                self._db.execute("COMMIT")
            except BaseException as exc:
                self._rollback()
                if isinstance(exc, sqlite3.Error):
                    raise StoreUnavailable(f"nothing was deleted from {self.path}: {exc}") from exc
                raise
            self._tx = tx
            self._apply((), sorted(present, key=lambda i: i not in self.graph.graph.get("edges", {})))
            self._data_version = self._version()
            return len(present)

    def _check_endpoints(self, batch: Batch) -> None:
        """A relation's entities must exist when it is written (another writer may have deleted one)."""
        here = {e.id for e in batch.entities}
        nodes = self.graph.nodes
        missing = sorted(
            ({r.source for r in batch.relations} | {r.target for r in batch.relations if not r.concept_scheme})
            - here
            - {n for n in nodes if "fact" in nodes[n]}
        )
        if missing:
            raise Conflict(f"relations point to entities that are not stored: {', '.join(missing[:10])}; nothing was written")

    def _rollback(self) -> None:
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _existing(self, ids: list[str]) -> dict[str, bytes]:
        return {i: bytes(d) for i, d in self._query_in("SELECT id, doc FROM facts WHERE id IN ({})", ids)}

    def _query_in(self, sql: str, ids: list[str], repeat: int = 1) -> list[tuple]:
        out: list[tuple] = []
        for start in range(0, len(ids), 400):
            chunk = ids[start : start + 400]
            marks = ",".join("?" * len(chunk))
            out += self._db.execute(sql.format(marks), chunk * repeat).fetchall()
        return out

    # --- reads --------------------------------------------------------------------

    def kinds(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """What the store holds under these ids: id -> (entity|relation, type)."""
        with self._lock:
            self.refresh()
            nodes = self.graph.nodes
            index = self.graph.graph.get("edges", {})
            out = {}
            for i in ids:
                if i in index:
                    u, v = index[i]
                    out[i] = ("relation", self.graph.edges[u, v, i]["type"])
                elif i in nodes and "fact" in nodes[i]:
                    out[i] = ("entity", nodes[i]["fact"].type)
            return out

    def get(self, ident: str) -> Entity | Relation | None:
        with self._lock:
            self.refresh()
            index = self.graph.graph.get("edges", {})
            if ident in index:
                u, v = index[ident]
                return self.graph.edges[u, v, ident]["fact"]
            node = self.graph.nodes.get(ident)
            return node.get("fact") if node else None

    def entities(self, type_name: str | None = None) -> Iterator[Entity]:
        with self._lock:
            self.refresh()
            facts = [d["fact"] for _, d in self.graph.nodes(data=True) if "fact" in d]
        return iter(sorted((f for f in facts if type_name is None or f.type == type_name), key=lambda f: f.id))

    def relations(self, type_name: str | None = None) -> Iterator[Relation]:
        with self._lock:
            self.refresh()
            facts = [d["fact"] for _, _, d in self.graph.edges(data=True)]
        return iter(sorted((f for f in facts if type_name is None or f.type == type_name), key=lambda f: f.id))

    def counts(self) -> dict[str, int]:
        with self._lock:
            self.refresh()
            return {
                "entities": sum(1 for _, d in self.graph.nodes(data=True) if "fact" in d),
                "relations": self.graph.number_of_edges(),
            }

    def trace_context(self, accident_id: str) -> Subgraph:
        """Collect the evidence subgraph of an accident by interpreting the plan over networkx."""
        with self._lock:
            self.refresh()
            return collect(self.graph, accident_id)


def collect(g: nx.MultiDiGraph, accident_id: str) -> Subgraph:
    sets: dict[str, set[str]] = {"accident": {accident_id} if accident_id in g else set()}
    rels: dict[str, Relation] = {}
    for step in PLAN:
        frontier = set().union(*(sets.get(s, set()) for s in step.start))
        reached: set[str] = set()
        while frontier:
            nxt: set[str] = set()
            for node in frontier:
                edges = g.out_edges(node, data=True) if step.direction == "out" else g.in_edges(node, data=True)
                for u, v, data in edges:
                    if data["type"] in step.relations:
                        rel = data["fact"]
                        rels[rel.id] = rel
                        other = v if step.direction == "out" else u
                        if other not in reached:
                            reached.add(other)
                            nxt.add(other)
            frontier = nxt if step.closure else set()
        sets.setdefault(step.into, set()).update(reached)
    nodes = set().union(*sets.values())
    entities = {n: g.nodes[n]["fact"] for n in nodes if "fact" in g.nodes[n]}
    cited = {s.source for f in list(entities.values()) + list(rels.values()) for s in f.sources}
    for s in cited:
        if s in g and "fact" in g.nodes[s]:
            entities[s] = g.nodes[s]["fact"]
    return Subgraph(entities, rels, sets)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
