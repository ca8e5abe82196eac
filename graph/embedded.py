"""The embedded backend: SQLite (WAL, synchronous=FULL) as the source of truth, held in
memory as facts by id plus a typed adjacency index (what traces walk); the read view of the
exploratory queries (``graph.readview``) is built from them and advanced from the ``tx``
column on a read connection of its own, so that it never waits for a writer.

A batch is written in one SQLite transaction and acknowledged only after it commits, so an
acknowledged batch survives a crash and an unacknowledged one leaves nothing behind. Other
processes writing the same file are noticed through ``PRAGMA data_version`` and their
commits replayed from the ``tx`` column and the tombstone table.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import logging
import mmap
import os
import pickle
import secrets
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import orjson

from ontology.errors import Conflict, NotFound, NotSupported, StoreUnavailable
from ontology.facts import Batch, Entity, Relation, canonical, from_json, gc_paused

from .adjacency import Adjacency
from .collect import collect
from .judgements import Judgement, canonical_ids, canonicalise
from .readview import Changes, ReadView, Views
from .store import Capabilities, WriteSummary
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
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS judgements (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    a TEXT NOT NULL, b TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different')),
    who TEXT NOT NULL, at TEXT NOT NULL, why TEXT NOT NULL,
    undone_at TEXT
);
"""


SNAPSHOT_FORMAT = "safetykg-snapshot/1"  # change with the layout of Entity, Relation or Adjacency
log = logging.getLogger(__name__)


def _ensure_meta(db: sqlite3.Connection) -> None:
    """The store's identity and the key of its snapshots, made once (read-only stores only read)."""
    have = {k for (k,) in db.execute("SELECT key FROM meta")}
    wanted = {"store_id": secrets.token_hex(16), "snapshot_key": secrets.token_hex(32)}
    missing = [(k, v) for k, v in wanted.items() if k not in have]
    if missing:
        db.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", missing)


class EmbeddedStore:
    """A store in one SQLite file, held in memory as dicts of facts plus a typed adjacency
    index (what traces walk)."""

    backend = "embedded"
    capabilities = Capabilities(snapshot=True, wipe=True, file=True)

    def __init__(self, path: str | os.PathLike[str], use_snapshot: bool = True):
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
            db.execute("PRAGMA cache_size=-65536")  # 64 MiB: large batches spill fewer pages mid-transaction
            db.executescript(SCHEMA)
            _ensure_meta(db)
        except (sqlite3.Error, OSError) as exc:
            if db is not None:
                db.close()  # no file handle left behind by a store that did not open
            raise StoreUnavailable(f"cannot open the store at {self.path}: {exc}") from None
        self._db = db
        self._store_id = self._meta("store_id")
        self._entities: dict[str, Entity] = {}
        self._relations: dict[str, Relation] = {}
        self.adjacency = Adjacency()
        self._tx = 0
        self._data_version = -1
        self._reader: sqlite3.Connection | None = None  # versions and the read view's changes, never behind the writer
        self._reader_lock = threading.Lock()
        self._views = Views(self._position, self._changes_since)
        self._load(use_snapshot)

    # --- lifecycle ----------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load(self, use_snapshot: bool = True) -> None:
        with self._lock, gc_paused():
            self.opened_from = "snapshot"
            if not (use_snapshot and self._load_snapshot()):
                self.opened_from = "decode"
                self._decode_all()
            self._data_version = self._version()
        gc.freeze()  # millions of long-lived facts: later collections need not walk them

    def _decode_all(self) -> None:
        """Decode every stored fact (about 170,000 facts per CPU-second)."""
        self._tx = self._max_tx()
        entities: dict[str, Entity] = {}
        relations: dict[str, Relation] = {}
        loads = orjson.loads
        for kind, doc in self._db.execute("SELECT kind, doc FROM facts"):
            fact = from_json(kind, loads(doc))
            if kind == "entity":
                entities[fact.id] = fact  # type: ignore[assignment]
            else:
                relations[fact.id] = fact  # type: ignore[assignment]
        self._entities, self._relations, self.adjacency = entities, relations, Adjacency()
        self.adjacency.add_all(relations.values())

    # --- snapshots: the decoded store, so that opening a large one need not decode it --------

    @property
    def snapshot_path(self) -> Path:
        return self.path.with_name(self.path.name + ".snapshot")

    def snapshot(self) -> dict[str, int | str]:
        """Write the decoded facts and their index to ``<store>.snapshot`` (atomically). The
        next open reads it and replays only what was committed after it; the SQLite file stays
        the only source of truth, and a snapshot that does not match it is ignored."""
        with self._lock, gc_paused():
            self.refresh()
            payload = pickle.dumps(
                (self._entities, self._relations, self.adjacency.out, self.adjacency.into), protocol=pickle.HIGHEST_PROTOCOL
            )
            header: dict[str, Any] = {"format": SNAPSHOT_FORMAT, "store": self._meta("store_id"), "tx": self._tx,
                      "at": self._batch_at(self._tx), "digest": self._digest(payload)}
        tmp = self.snapshot_path.with_name(self.snapshot_path.name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(orjson.dumps(header) + b"\n")
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.snapshot_path)
        return {"path": str(self.snapshot_path), "tx": header["tx"], "bytes": self.snapshot_path.stat().st_size}

    def _load_snapshot(self) -> bool:
        """Load the snapshot if it belongs to this store and is intact; replay what came after."""
        try:
            with open(self.snapshot_path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                start = mm.find(b"\n") + 1
                header = orjson.loads(mm[: start - 1])
                if (header.get("format") != SNAPSHOT_FORMAT or header.get("store") != self._meta("store_id")
                        or header.get("at") is None or header["at"] != self._batch_at(header["tx"])):
                    return False
                with memoryview(mm) as view:  # read in place: the file's pages are not copied
                    payload = view[start:]
                    if not hmac.compare_digest(header["digest"], self._digest(payload)):
                        return False
                    entities, relations, out, into = pickle.loads(payload)
                    payload.release()
        except FileNotFoundError:
            return False
        except Exception as exc:  # a damaged or foreign file is only a slower open
            log.warning("ignoring the snapshot %s: %s", self.snapshot_path, exc)
            return False
        self._entities, self._relations = entities, relations
        self.adjacency = Adjacency()
        self.adjacency.out, self.adjacency.into = out, into
        self._replay_after(header["tx"])
        return True

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _batch_at(self, tx: int) -> str | None:
        row = self._db.execute("SELECT at FROM batches WHERE tx = ?", (tx,)).fetchone()
        return row[0] if row else ("" if tx == 0 else None)

    def _digest(self, payload: bytes | memoryview) -> str:
        """Keyed with a secret kept in the store: a snapshot is only as trusted as the store itself."""
        return hmac.new(bytes.fromhex(self._meta("snapshot_key") or ""), payload, hashlib.sha256).hexdigest()

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
            self._replay_after(self._tx)
            self._data_version = version

    def _replay_after(self, tx: int) -> None:
        """Bring memory from batch ``tx`` to the last committed one: rows written and ids deleted since."""
        rows = self._db.execute("SELECT kind, doc FROM facts WHERE tx > ?", (tx,)).fetchall()
        gone = [r[0] for r in self._db.execute("SELECT id FROM tombstones WHERE tx > ?", (tx,))]
        self._tx = self._max_tx()
        self._apply(rows, gone)

    # --- versions and the read view -------------------------------------------------

    def _read(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``work`` on the read connection (opened on first use; WAL: it never waits for a writer)."""
        with self._reader_lock:
            if self._reader is None:
                try:
                    uri = self.path.resolve().as_uri() + "?mode=ro"
                    self._reader = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
                except sqlite3.Error as exc:
                    raise StoreUnavailable(f"cannot read the store at {self.path}: {exc}") from None
            return work(self._reader)

    def version(self) -> tuple[str, int, int]:
        """``PRAGMA data_version`` of the read connection: it moves with every commit to the file by
        any other connection (this store's writer or another process), facts and judgements alike."""
        return ("embedded", id(self), self._read(lambda db: db.execute("PRAGMA data_version").fetchone()[0]))

    def view(self) -> ReadView:
        return self._views.current()

    def _position(self) -> tuple[str | None, int]:
        return self._store_id, self._read(lambda db: db.execute("SELECT coalesce(max(tx), 0) FROM batches").fetchone()[0])

    def _changes_since(self, since: object) -> Changes:
        if not (isinstance(since, tuple) and since[0] == self._store_id):
            with self._lock:  # the first view: from memory, which is decoded already
                self.refresh()
                facts: list[Entity | Relation] = [*self._entities.values(), *self._relations.values()]
                return Changes((self._store_id, self._tx), facts, full=True)
        tx = since[1]

        def read(db: sqlite3.Connection) -> tuple[int, list[tuple[str, bytes]], list[str]]:
            db.execute("BEGIN")  # one read transaction: the rows and the position agree
            try:
                now = db.execute("SELECT coalesce(max(tx), 0) FROM batches").fetchone()[0]
                rows = db.execute("SELECT kind, doc FROM facts WHERE tx > ? AND tx <= ?", (tx, now)).fetchall()
                gone = [r[0] for r in db.execute("SELECT id FROM tombstones WHERE tx > ? AND tx <= ?", (tx, now))]
            finally:
                db.execute("COMMIT")
            return now, rows, gone

        now, rows, gone = self._read(read)
        if now < tx:  # fewer batches than the view has seen: not the same history
            return self._changes_since(None)
        return Changes((self._store_id, now), [from_json(k, orjson.loads(d)) for k, d in rows], gone)

    def _apply(self, rows: Iterable[tuple[str, bytes]], deleted: Iterable[str]) -> None:
        """Replay stored rows (and deletions) into memory."""
        gone = list(deleted)
        for ident in gone:
            rel = self._relations.pop(ident, None)
            if rel is not None:
                self.adjacency.remove(rel)
            else:
                self._entities.pop(ident, None)
        loads = orjson.loads
        self._add_facts([from_json(kind, loads(doc)) for kind, doc in rows])

    def _add_facts(self, facts: list[Entity | Relation]) -> None:
        entities, relations = self._entities, self._relations
        added: list[Relation] = []
        for fact in facts:
            if type(fact) is Entity:
                entities[fact.id] = fact
            else:
                old = relations.get(fact.id)
                if old is not None:
                    self.adjacency.remove(old)
                relations[fact.id] = fact  # type: ignore[assignment]
                added.append(fact)  # type: ignore[arg-type]
        self.adjacency.add_all(added)

    # --- writes -------------------------------------------------------------------

    def upsert(
        self, batch: Batch, idempotency_key: str | None = None, progress: Callable[[int], None] | None = None
    ) -> WriteSummary:
        """Write a validated batch in one transaction; same ids, same result.

        What is already stored is compared in memory (the graph mirrors the committed facts),
        only changed facts are written, in one ``executemany`` of one transaction however
        large the batch; ``progress(n)`` is called as rows are handed to SQLite.
        """
        with self._lock, gc_paused():
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"the store at {self.path} cannot take writes: {exc}") from exc
            try:
                self.refresh()  # inside the write lock: nobody commits between this and ours
                if idempotency_key is not None:
                    row = self._db.execute(
                        "SELECT summary FROM batches WHERE idempotency_key = ?", (idempotency_key,)
                    ).fetchone()
                    if row is not None:
                        self._db.execute("ROLLBACK")
                        return WriteSummary(**orjson.loads(row[0]), replayed=True)
                tx = self._max_tx() + 1
                self._check_endpoints(batch)
                changed, added = self._changes(batch)
                self._db.executemany(
                    "INSERT OR REPLACE INTO facts (id, kind, type, src, dst, doc, tx) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    _rows(changed, tx, progress, len(batch)),
                )
                total = len(batch)
                summary = WriteSummary(added=added, updated=len(changed) - added, unchanged=total - len(changed), tx=tx)
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
            self._add_facts(changed)
            self._data_version = self._version()
            return summary

    def _changes(self, batch: Batch) -> tuple[list[Entity | Relation], int]:
        """The facts of a batch that differ from what is stored, and how many are new."""
        entities, relations = self._entities, self._relations
        changed: list[Entity | Relation] = []
        added = 0
        for e in batch.entities:
            old = entities.get(e.id)
            if old != e:
                changed.append(e)
                added += old is None
        for r in batch.relations:
            was = relations.get(r.id)
            if was != r:
                changed.append(r)
                added += was is None
        return changed, added

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
            self._apply((), present)
            self._data_version = self._version()
            return len(present)

    def wipe(self) -> None:
        """Delete every fact and judgement in one transaction (tombstoned, so that other processes
        replay it); idempotency keys are forgotten, as a new store would have none."""
        with self._lock:
            self.refresh()
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"the store at {self.path} cannot take writes: {exc}") from exc
            try:
                tx = self._max_tx() + 1
                self._db.execute("INSERT INTO tombstones (id, tx) SELECT id, ? FROM facts", (tx,))
                gone = self._db.execute("DELETE FROM facts").rowcount
                self._db.execute("DELETE FROM judgements")
                self._db.execute("UPDATE batches SET idempotency_key = NULL")
                summary = WriteSummary(deleted=gone, tx=tx)
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
            self._entities, self._relations, self.adjacency = {}, {}, Adjacency()
            self._data_version = self._version()

    def query(self, text: str, parameters: dict[str, Any], timeout_s: float, limit: int, max_bytes: int) -> dict[str, Any]:
        raise NotSupported("the embedded store has no native query language: use SPARQL")

    def _check_endpoints(self, batch: Batch) -> None:
        """A relation's entities must exist when it is written (another writer may have deleted one)."""
        here = {e.id for e in batch.entities}
        ends = {r.source for r in batch.relations} | {r.target for r in batch.relations if not r.concept_scheme}
        missing = sorted(i for i in ends - here if i not in self._entities)
        if missing:
            raise Conflict(f"relations point to entities that are not stored: {', '.join(missing[:10])}; nothing was written")

    def _rollback(self) -> None:
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _query_in(self, sql: str, ids: list[str], repeat: int = 1) -> list[tuple]:
        out: list[tuple] = []
        for start in range(0, len(ids), 400):
            chunk = ids[start : start + 400]
            marks = ",".join("?" * len(chunk))
            out += self._db.execute(sql.format(marks), chunk * repeat).fetchall()
        return out

    # --- identity judgements (kept beside the facts, never applied to them) ------------

    def judge(self, a: str, b: str, verdict: str, who: str, why: str) -> Judgement:
        """Record that two ids name the same entity, or different ones."""
        with self._lock:
            at = _now()
            cur = self._db.execute(
                "INSERT INTO judgements (a, b, verdict, who, at, why) VALUES (?, ?, ?, ?, ?, ?)", (a, b, verdict, who, at, why)
            )
            return Judgement(str(cur.lastrowid), a, b, verdict, who, at, why)

    def judgements(self) -> list[Judgement]:
        """The judgements in force, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, a, b, verdict, who, at, why FROM judgements WHERE undone_at IS NULL ORDER BY seq"
            ).fetchall()
        return [Judgement(str(r[0]), *r[1:]) for r in rows]

    def undo_judgement(self, judgement_id: str) -> None:
        """Withdraw a judgement (its record stays, marked undone)."""
        with self._lock:
            seq = int(judgement_id) if judgement_id.isdigit() else -1
            cur = self._db.execute("UPDATE judgements SET undone_at = ? WHERE seq = ? AND undone_at IS NULL", (_now(), seq))
            if cur.rowcount == 0:
                raise NotFound(f"no judgement {judgement_id!r} in force")

    # --- reads --------------------------------------------------------------------

    def kinds(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """What the store holds under these ids: id -> (entity|relation, type)."""
        with self._lock:
            self.refresh()
            out = {}
            for i in ids:
                fact = self._relations.get(i) or self._entities.get(i)
                if fact is not None:
                    out[i] = ("relation" if type(fact) is Relation else "entity", fact.type)
            return out

    def get(self, ident: str) -> Entity | Relation | None:
        with self._lock:
            self.refresh()
            return self._relations.get(ident) or self._entities.get(ident)

    def entities(self, type_name: str | None = None) -> Iterator[Entity]:
        with self._lock:
            self.refresh()
            facts = list(self._entities.values())
        return iter(sorted((f for f in facts if type_name is None or f.type == type_name), key=_by_id))

    def relations(self, type_name: str | None = None) -> Iterator[Relation]:
        with self._lock:
            self.refresh()
            facts = list(self._relations.values())
        return iter(sorted((f for f in facts if type_name is None or f.type == type_name), key=_by_id))

    def counts(self) -> dict[str, int]:
        with self._lock:
            self.refresh()
            return {"entities": len(self._entities), "relations": len(self._relations)}

    def trace_context(self, accident_id: str) -> Subgraph:
        """Collect the evidence subgraph of an accident by interpreting the plan over the typed adjacency."""
        with self._lock:
            self.refresh()
            return canonicalise(collect(self._entities, self.adjacency, accident_id), canonical_ids(self.judgements()))


def _rows(
    facts: list[Entity | Relation], tx: int, progress: Callable[[int], None] | None, total: int
) -> Iterator[tuple]:
    """Rows for the facts table, generated as SQLite consumes them."""
    step = 10_000
    for n, f in enumerate(facts, start=1):
        if isinstance(f, Entity):
            yield (f.id, "entity", f.type, None, None, canonical(f.as_json()), tx)
        else:
            yield (f.id, "relation", f.type, f.source, f.target, canonical(f.as_json()), tx)
        if progress and n % step == 0:
            progress(step)
    if progress:
        progress(total - (len(facts) // step) * step)


def _by_id(fact: Entity | Relation) -> str:
    return fact.id


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
