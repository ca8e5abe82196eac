"""A third backend, kept in tests: the plainest store that meets the interface (dicts in
memory, nothing on disk). It exists to prove that a backend is one module, one registry line
(``register_backend`` in conftest) and one test parameter: the whole conformance suite runs
on it as on the embedded store and Neo4j, and it must give the same traces.
"""

from __future__ import annotations

import itertools
import threading
from datetime import datetime, timezone
from typing import Any, Callable, Hashable, Iterable, Iterator

from graph.adjacency import Adjacency
from graph.collect import collect
from graph.judgements import Judgement, canonical_ids, canonicalise
from graph.readview import Changes, ReadView, Views
from graph.store import Capabilities, WriteSummary
from graph.subgraph import Subgraph
from ontology.errors import Conflict, NotFound, NotSupported
from ontology.facts import Batch, Entity, Relation

_stores: dict[str, "MemoryStore"] = {}  # by URI: opening ``memory:NAME`` twice gives the same store
_stores_lock = threading.Lock()


def open_memory(uri: str) -> "MemoryStore":
    with _stores_lock:
        store = _stores.get(uri)
        if store is None or store.closed:
            store = _stores[uri] = MemoryStore(uri)
        return store


class MemoryStore:
    backend = "memory"
    capabilities = Capabilities(wipe=True)

    def __init__(self, uri: str = "memory:"):
        self.uri = uri
        self.closed = False
        self._lock = threading.RLock()
        self._entities: dict[str, Entity] = {}
        self._relations: dict[str, Relation] = {}
        self._adjacency = Adjacency()
        self._tx = 0
        self._keys: dict[str, WriteSummary] = {}
        self._judgements: list[tuple[Judgement, bool]] = []  # (judgement, in force)
        self._seq = itertools.count(1)
        self._changes = 0  # every write and judgement
        self._views = Views(lambda: self._tx, self._changes_since)

    def upsert(self, batch: Batch, idempotency_key: str | None = None,
               progress: Callable[[int], None] | None = None) -> WriteSummary:
        with self._lock:
            if idempotency_key is not None and idempotency_key in self._keys:
                old = self._keys[idempotency_key]
                return WriteSummary(old.added, old.updated, old.unchanged, old.deleted, old.tx, replayed=True)
            here = {e.id for e in batch.entities}
            ends = {r.source for r in batch.relations} | {r.target for r in batch.relations if not r.concept_scheme}
            missing = sorted(i for i in ends - here if i not in self._entities)
            if missing:
                raise Conflict(f"relations point to entities that are not stored: {', '.join(missing[:10])}; nothing was written")
            added = updated = 0
            for e in batch.entities:
                old = self._entities.get(e.id)
                if old != e:
                    added, updated = added + (old is None), updated + (old is not None)
                    self._entities[e.id] = e
            for r in batch.relations:
                was = self._relations.get(r.id)
                if was != r:
                    added, updated = added + (was is None), updated + (was is not None)
                    if was is not None:
                        self._adjacency.remove(was)
                    self._relations[r.id] = r
                    self._adjacency.add_all([r])
            if progress:
                progress(len(batch))
            self._tx += 1
            self._changes += 1
            summary = WriteSummary(added=added, updated=updated, unchanged=len(batch) - added - updated, tx=self._tx)
            if idempotency_key is not None:
                self._keys[idempotency_key] = summary
            return summary

    def delete(self, ids: list[str]) -> int:
        with self._lock:
            doomed = set(ids)
            blocking = sorted(r.id for r in self._relations.values()
                              if r.id not in doomed and (r.source in doomed or r.target in doomed))
            if blocking:
                raise Conflict(f"still referenced by relations {', '.join(blocking[:10])}: delete those too")
            gone = 0
            for i in doomed:
                rel = self._relations.pop(i, None)
                if rel is not None:
                    self._adjacency.remove(rel)
                    gone += 1
                elif self._entities.pop(i, None) is not None:
                    gone += 1
            self._tx += 1
            self._changes += 1
            return gone

    def wipe(self) -> None:
        with self._lock:
            self._entities, self._relations, self._adjacency = {}, {}, Adjacency()
            self._keys.clear()
            self._judgements.clear()
            self._tx += 1
            self._changes += 1

    def kinds(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        with self._lock:
            out = {}
            for i in ids:
                fact = self._relations.get(i) or self._entities.get(i)
                if fact is not None:
                    out[i] = ("relation" if type(fact) is Relation else "entity", fact.type)
            return out

    def get(self, ident: str) -> Entity | Relation | None:
        with self._lock:
            return self._relations.get(ident) or self._entities.get(ident)

    def entities(self, type_name: str | None = None) -> Iterator[Entity]:
        with self._lock:
            facts = list(self._entities.values())
        return iter(sorted((f for f in facts if type_name is None or f.type == type_name), key=lambda f: f.id))

    def relations(self, type_name: str | None = None) -> Iterator[Relation]:
        with self._lock:
            facts = list(self._relations.values())
        return iter(sorted((f for f in facts if type_name is None or f.type == type_name), key=lambda f: f.id))

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {"entities": len(self._entities), "relations": len(self._relations)}

    def trace_context(self, accident_id: str) -> Subgraph:
        with self._lock:
            sub = collect(self._entities, self._adjacency, accident_id)
            return canonicalise(Subgraph(sub.entities, sub.relations, sub.sets), canonical_ids(self.judgements()))

    def judge(self, a: str, b: str, verdict: str, who: str, why: str) -> Judgement:
        with self._lock:
            j = Judgement(str(next(self._seq)), a, b, verdict, who, _now(), why)
            self._judgements.append((j, True))
            self._changes += 1
            return j

    def judgements(self) -> list[Judgement]:
        with self._lock:
            return [j for j, live in self._judgements if live]

    def undo_judgement(self, judgement_id: str) -> None:
        with self._lock:
            for n, (j, live) in enumerate(self._judgements):
                if j.id == judgement_id and live:
                    self._judgements[n] = (j, False)
                    self._changes += 1
                    return
            raise NotFound(f"no judgement {judgement_id!r} in force")

    def version(self) -> Hashable:
        return ("memory", id(self), self._changes)

    def view(self) -> ReadView:
        return self._views.current()

    def _changes_since(self, since: Hashable | None) -> Changes:
        with self._lock:  # plain: every new view is built afresh
            return Changes(self._tx, [*self._entities.values(), *self._relations.values()], full=True)

    def snapshot(self) -> dict[str, Any]:
        raise NotSupported("the memory store has nothing to snapshot")

    def query(self, text: str, parameters: dict[str, Any], timeout_s: float, limit: int, max_bytes: int) -> dict[str, Any]:
        raise NotSupported("the memory store has no native query language: use SPARQL")

    def close(self) -> None:
        self.closed = True


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
