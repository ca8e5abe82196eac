"""The Neo4j backend, over Bolt with the official driver.

Graph layout: every fact has a ``:Fact {id, kind, type, doc, tx, sources}`` node (entities
are that node, with their type as a label; relations have it as a registry entry, which
gives one id space and one uniqueness constraint), and each relation is also a typed
relationship ``-[:<type> {id, valid_from, valid_to, doc}]->`` between its endpoints;
vocabulary concepts are ``:Concept {id}`` nodes. Labels and relationship types come from
the ontology, never from input; every value is a parameter.

Writes: one managed transaction per batch (all or nothing; transient errors retried by
the driver). Reads: one Cypher statement per trace, compiled from ``graph.plan.PLAN``.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from functools import cache, lru_cache
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

import orjson
from neo4j import Driver, GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from ontology.errors import Conflict, NotFound, NotSupported, QueryTimeout, StoreUnavailable
from ontology.facts import Batch, Entity, Relation, canonical, from_json
from ontology.model import model

from .judgements import Judgement, canonical_ids, canonicalise
from .neo4j_cypher import cypher
from .plan import PLAN
from .readview import Changes, ReadView, Views
from .settings import Settings
from .store import Capabilities, WriteSummary
from .subgraph import Subgraph

TRACE_TIMEOUT_S = 30.0
WRITE_CHUNK = 10_000  # rows per UNWIND statement when writing
# How long the driver keeps retrying a transaction that failed transiently (a lost
# connection, a deadlock) before the caller gets StoreUnavailable: long enough to ride out
# a brief blip, short enough that a server that is down gives a prompt 503 (the default of
# ``Settings.neo4j_retry_seconds``).
RETRY_S = 3.0
# Decoded facts kept by their stored JSON: consecutive traces share most of their ~2,000
# facts (the same governments, departments, posts and tenures), and decoding them was most
# of a trace's client time. Keyed by content, so an entry can never be stale.
DECODED_FACTS = 1 << 17


def _label(name: str) -> str:
    """A label or relationship type from the ontology, quoted for Cypher."""
    m = model()
    if name not in m.types and name not in m.relations:
        raise ValueError(f"not an ontology name: {name!r}")
    return f"`{name}`"


def _key(name: str) -> str:
    """A property key of the plan, checked to be a plain snake-case name before it enters a statement."""
    if not name.replace("_", "").isalnum() or not name.islower():
        raise ValueError(f"not a property key: {name!r}")
    return name


def trace_query() -> str:
    """The whole evidence subgraph of an accident as one Cypher statement."""
    sets = ["accident"]
    lines = [
        "MATCH (a:Fact {id: $accident, kind: 'entity'})",
        "WITH [a] AS accident, [] AS rels",
    ]
    for i, step in enumerate(PLAN):
        types = "|".join(_label(t) for t in step.relations)
        hops = "*1.." if step.closure else ""
        arrow = f"-[r:{types}{hops}]->" if step.direction == "out" else f"<-[r:{types}{hops}]-"
        # a variable-length match binds r to a list of relationships
        unwind, rel = ("UNWIND r AS rr ", "rr") if step.closure else ("", "r")
        where = ""
        if step.selective:
            kept = [f"m:{_label(t)}" for t in step.only]
            if step.having:
                kept.append(f"EXISTS {{ (m)-[:{'|'.join(_label(t) for t in step.having)}]->() }}")
            # the fact's JSON holds the key of each property it has: a superset filter (the rules read the property)
            kept += [f"m.doc CONTAINS '\"{_key(k)}\":'" for k in step.with_props]
            where = f"WHERE {' OR '.join(kept)} "
        if step.into not in sets:
            sets.append(step.into)
            lines.append(f"WITH *, [] AS {step.into}")
        lines.append(
            f"CALL {{ WITH {', '.join(sorted(set(step.start)))} "
            f"UNWIND {' + '.join(step.start)} AS n MATCH (n){arrow}(m) {where}{unwind}"
            f"RETURN collect(DISTINCT m) AS new{i}, collect(DISTINCT {rel}) AS rels{i} }}"
        )
        others = ", ".join(s for s in sets if s != step.into)
        lines.append(f"WITH {others}, {step.into} + new{i} AS {step.into}, rels + rels{i} AS rels")
    everything = " + ".join(sets)
    lines += [
        f"WITH {everything} AS nodes, rels",
        "UNWIND nodes AS n WITH collect(DISTINCT n) AS nodes, rels",
        "UNWIND (CASE WHEN rels = [] THEN [null] ELSE rels END) AS r WITH nodes, collect(DISTINCT r) AS rels",
        # the documents cited: each id looked up once (building the list by concatenation in a
        # reduce() was quadratic in the ~2,000 facts of a trace, 90 ms of the statement)
        "CALL { WITH nodes, rels UNWIND nodes + rels AS x UNWIND coalesce(x.sources, []) AS sid WITH DISTINCT sid "
        "MATCH (src:Fact {id: sid, kind: 'entity'}) RETURN collect(src) AS docs }",
        "WITH nodes + docs AS nodes, rels",
        "RETURN [n IN nodes WHERE n.doc IS NOT NULL | n.doc] AS entities, [r IN rels | r.doc] AS relations",
    ]
    return "\n".join(lines)


@cache
def _entity_write(type_name: str, new: bool) -> str:
    """Create new entities of one type, or update changed ones (static labels, one UNWIND)."""
    if new:
        return (
            f"UNWIND $rows AS row CREATE (:Fact:Entity:{_label(type_name)} "
            "{id: row.id, kind: 'entity', type: $type, doc: row.doc, sources: row.sources, tx: $tx})"
        )
    return "UNWIND $rows AS row MATCH (f:Fact {id: row.id}) SET f.doc = row.doc, f.sources = row.sources, f.tx = $tx"


@cache
def _relation_write(type_name: str, new: bool) -> tuple[str, str]:
    """Two statements that write relations of one type: the typed relationship (returning
    how many found both endpoints; a changed relation's old one is replaced), then the
    registry node. Kept apart, neither needs an eager barrier."""
    label = _label(type_name)
    concept = bool(model().relations[type_name].schemes)
    target = "MERGE (b:Concept {id: row.dst})" if concept else "MATCH (b:Fact {id: row.dst, kind: 'entity'})"
    edges = (
        ("" if new else f"UNWIND $rows AS row MATCH ()-[prev:{label} {{id: row.id}}]->() DELETE prev WITH count(*) AS _ ")
        + f"UNWIND $rows AS row MATCH (a:Fact {{id: row.src, kind: 'entity'}}) {target} "
        f"CREATE (a)-[:{label} {{id: row.id, doc: row.doc, sources: row.sources, valid_from: row.vf, valid_to: row.vt}}]->(b) "
        "RETURN count(*) AS written"
    )
    registry = (
        "UNWIND $rows AS row CREATE (:Fact {id: row.id, kind: 'relation', type: $type, doc: row.doc, "
        "src: row.src, dst: row.dst, tx: $tx})"
        if new else
        "UNWIND $rows AS row MATCH (f:Fact {id: row.id}) SET f.doc = row.doc, f.src = row.src, f.dst = row.dst, f.tx = $tx"
    )
    return edges, registry


# A fact that exists already fails the unique constraint on ``:Fact(id)`` when created.
EXISTS = "Neo.ClientError.Schema.ConstraintValidationFailed"


class Neo4jStore:
    """A store in a Neo4j database (single server, or a cluster through ``neo4j://``)."""

    backend = "neo4j"
    capabilities = Capabilities(query_language="cypher", wipe=True, remote=True)

    def __init__(self, uri: str, user: str, password: str, database: str | None = None, retry_s: float = RETRY_S):
        self.uri = uri
        self.database = database or None
        self._lock = threading.Lock()
        self._views = Views(self._position, self._changes_since)
        self._down_at: float | None = None  # when a call last found the server unreachable
        try:
            self.driver: Driver = GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=5.0, max_transaction_retry_time=retry_s,
                notifications_min_severity="OFF",
            )
            self.driver.verify_connectivity()
            self._schema()
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {uri} refused the credentials of user {user!r}: {exc.message}") from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {uri} cannot be reached: {exc}") from None
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j at {uri}: {exc}") from None
        self._trace_query = with_judgements(trace_query())

    @classmethod
    def from_uri(cls, uri: str, settings: Settings | None = None) -> Neo4jStore:
        """User, password and database from the URI or the settings (``SAFETYKG_NEO4J_USER/PASSWORD/DATABASE``)."""
        settings = settings or Settings.load()
        parts = urlsplit(uri)
        user = parts.username or settings.neo4j_user
        password = parts.password or settings.neo4j_password.get_secret_value()
        host = parts.hostname or "localhost"
        netloc = f"{host}:{parts.port}" if parts.port else host
        clean = urlunsplit((parts.scheme, netloc, "", "", ""))
        return cls(clean, user, password, settings.neo4j_database or None, settings.neo4j_retry_seconds)

    # --- plumbing -----------------------------------------------------------------

    def _fail_fast(self) -> None:
        """After the server was found unreachable, one quick connection check instead of a
        full retry budget per call, so that queued calls do not each wait it out."""
        if self._down_at is None:
            return
        try:
            self.driver.verify_connectivity()
        except (DriverError, OSError) as exc:
            self._down_at = time.monotonic()
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from None
        self._down_at = None

    def _run(self, work, write: bool = False):
        self._fail_fast()
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            self._down_at = time.monotonic()
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from None
        except ClientError as exc:
            if exc.code and "TransactionTimedOut" in exc.code:
                raise QueryTimeout(f"the query ran past its time limit on Neo4j: {exc.message}") from None
            raise
        except Neo4jError as exc:
            if exc.code and "Timeout" in exc.code:
                raise QueryTimeout(f"the query ran past its time limit on Neo4j: {exc.message}") from None
            raise StoreUnavailable(f"Neo4j at {self.uri} failed: {exc.code}: {exc.message}") from None

    def _schema(self) -> None:
        statements = [
            "CREATE CONSTRAINT safetykg_fact_id IF NOT EXISTS FOR (f:Fact) REQUIRE f.id IS UNIQUE",
            "CREATE CONSTRAINT safetykg_concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE",
            "CREATE CONSTRAINT safetykg_batch_key IF NOT EXISTS FOR (b:Batch) REQUIRE b.idempotency_key IS UNIQUE",
            "CREATE INDEX safetykg_batch_tx IF NOT EXISTS FOR (b:Batch) ON (b.tx)",
            "CREATE CONSTRAINT safetykg_judgement_seq IF NOT EXISTS FOR (j:Judgement) REQUIRE j.seq IS UNIQUE",
        ]
        for name in sorted(model().relations):
            statements.append(
                f"CREATE INDEX safetykg_rel_{name} IF NOT EXISTS FOR ()-[r:{_label(name)}]-() ON (r.id)"
            )
        with self.driver.session(database=self.database) as session:
            for s in statements:
                for attempt in range(10):
                    try:
                        session.run(s).consume()
                        break
                    except ClientError as exc:
                        # two clients connecting to a fresh database at once: the other one made it first
                        if exc.code and ("AlreadyExists" in exc.code or "EquivalentSchemaRule" in exc.code):
                            break
                        raise
                    except TransientError:  # ... or they deadlocked on the schema lock: again, in a moment
                        if attempt == 9:
                            raise
                        time.sleep(0.1 * (attempt + 1))

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wipe(self) -> None:
        """Delete everything (tests and ``copy`` into an empty database), in transactions of
        10,000 nodes so that a large graph does not exceed the transaction memory."""
        try:
            with self.driver.session(database=self.database) as session:
                session.run(
                    "MATCH (n) WHERE n:Fact OR n:Concept OR n:Batch OR n:Judgement "
                    "CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                ).consume()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from None

    def snapshot(self) -> dict[str, Any]:
        raise NotSupported("Neo4j stores need no snapshot: the server keeps its own")

    def query(self, text: str, parameters: dict[str, Any], timeout_s: float, limit: int, max_bytes: int) -> dict[str, Any]:
        """Cypher, judged by its plan and run read-only under a server-side time limit (``graph.neo4j_cypher``)."""
        return cypher(self, text, parameters, timeout_s, limit, max_bytes)

    # --- versions and the read view -------------------------------------------------

    def version(self) -> tuple[tuple[int, str | None], tuple[tuple[str, str, str, str], ...]]:
        """The last committed batch (number and time) and the judgements in force: two round trips."""
        return self._position(), tuple((j.id, j.a, j.b, j.verdict) for j in self.judgements())

    def view(self) -> ReadView:
        return self._views.current()

    def _position(self) -> tuple[int, str | None]:
        """The number and time of the last committed batch (a wiped and refilled database may
        reuse a number, never with the same time)."""
        def work(tx: ManagedTransaction) -> tuple[int, str | None]:
            row = tx.run("MATCH (b:Batch) RETURN b.tx AS tx, b.at AS at ORDER BY b.tx DESC LIMIT 1").single()
            return (row["tx"], row["at"]) if row else (0, None)

        result: tuple[int, str | None] = self._run(work)
        return result

    def _changes_since(self, since: object) -> Changes:
        """Facts written after batch ``since`` and (only if a batch since then deleted anything)
        every id still held; everything when ``since`` is not in this database's history."""
        now = self._position()  # first: the facts read after it are at least as new

        def work(tx: ManagedTransaction) -> tuple[list[tuple[str, str]], set[str] | None] | None:
            if not isinstance(since, tuple) or not tx.run(
                    "MATCH (b:Batch {tx: $tx}) WHERE b.at = $at RETURN count(b) AS n", tx=since[0], at=since[1]).single(strict=True)["n"]:
                return None
            rows = [(r["kind"], r["doc"]) for r in tx.run(
                "MATCH (f:Fact) WHERE f.tx > $v RETURN f.kind AS kind, f.doc AS doc", v=since[0])]
            summaries = [r["s"] for r in tx.run("MATCH (b:Batch) WHERE b.tx > $v RETURN b.summary AS s", v=since[0])]
            deleted = any(orjson.loads(x).get("deleted") for x in summaries)
            present = {r["id"] for r in tx.run("MATCH (f:Fact) RETURN f.id AS id")} if deleted else None
            return rows, present

        found = self._run(work)
        if found is None:  # first use, or the database was wiped and refilled since
            return Changes(now, [*self.entities(), *self.relations()], full=True)
        rows, present = found
        return Changes(now, [from_json(k, orjson.loads(d)) for k, d in rows], present=present)

    # --- writes -------------------------------------------------------------------

    def upsert(  # noqa: C901
        self, batch: Batch, idempotency_key: str | None = None, progress: Callable[[int], None] | None = None
    ) -> WriteSummary:
        """Write a validated batch in one managed transaction, all or nothing.

        Facts are grouped by type so that every statement has static labels, and sent in
        ``UNWIND`` chunks of ``WRITE_CHUNK`` rows. The batch is first written as if every
        fact were new (plain ``CREATE``s, nothing read back: a bulk load); if one is stored
        already, that transaction fails on the unique constraint and is rolled back, and the
        batch is written again reading each chunk's stored ``doc`` first, so that only new
        and changed facts are written. A batch must fit in the server's
        transaction memory (``db.memory.transaction.max`` and the heap); split larger loads
        into several batches, each atomic on its own.
        """
        ents: dict[str, list[dict[str, Any]]] = {}
        rels: dict[str, list[dict[str, Any]]] = {}
        for e in batch.entities:
            ents.setdefault(e.type, []).append(
                {"id": e.id, "doc": canonical(e.as_json()).decode(), "sources": [s.source for s in e.sources]}
            )
        for r in batch.relations:
            rels.setdefault(r.type, []).append({
                "id": r.id, "doc": canonical(r.as_json()).decode(), "sources": [s.source for s in r.sources],
                "src": r.source, "dst": r.target_node, "vf": r.valid_from, "vt": r.valid_to,
            })

        reported = 0  # facts passed to progress() by the all-new attempt, not to be counted twice

        def replayed_or_tx_no(tx: ManagedTransaction) -> WriteSummary | int:
            if idempotency_key is not None:
                row = tx.run("MATCH (b:Batch {idempotency_key: $k}) RETURN b.summary AS s", k=idempotency_key).single()
                if row is not None:
                    return WriteSummary(**orjson.loads(row["s"]), replayed=True)
            return (tx.run("MATCH (b:Batch) RETURN coalesce(max(b.tx), 0) AS t").single(strict=True)["t"]) + 1

        def finish(tx: ManagedTransaction, summary: WriteSummary) -> WriteSummary:
            tx.run(
                "CREATE (:Batch {tx: $tx, at: $at, idempotency_key: $k, summary: $s})",
                tx=summary.tx, at=_now(), k=idempotency_key, s=orjson.dumps(summary.as_dict()).decode(),
            ).consume()
            return summary

        def all_new(tx: ManagedTransaction) -> WriteSummary:
            nonlocal reported
            tx_no = replayed_or_tx_no(tx)
            if isinstance(tx_no, WriteSummary):
                return tx_no
            reported = lost = 0
            for kind, groups in (("entity", ents), ("relation", rels)):
                for type_name, rows in sorted(groups.items()):
                    for start in range(0, len(rows), WRITE_CHUNK):
                        chunk = rows[start : start + WRITE_CHUNK]
                        if kind == "entity":
                            tx.run(_entity_write(type_name, True), rows=chunk, tx=tx_no, type=type_name).consume()
                        else:
                            edges, registry = _relation_write(type_name, True)
                            lost += len(chunk) - tx.run(edges, rows=chunk).single(strict=True)["written"]
                            tx.run(registry, rows=chunk, tx=tx_no, type=type_name).consume()
                        if progress:
                            progress(len(chunk))
                            reported += len(chunk)
            if lost:
                raise Conflict(f"{lost} relations lost an endpoint while being written; nothing was written")
            return finish(tx, WriteSummary(added=len(batch), tx=tx_no))

        def work(tx: ManagedTransaction) -> WriteSummary:
            tx_no = replayed_or_tx_no(tx)
            if isinstance(tx_no, WriteSummary):
                return tx_no
            added = updated = lost = 0
            seen = 0
            for kind, groups in (("entity", ents), ("relation", rels)):
                for type_name, rows in sorted(groups.items()):
                    for start in range(0, len(rows), WRITE_CHUNK):
                        chunk = rows[start : start + WRITE_CHUNK]
                        old = {
                            r["id"]: r["doc"] for r in tx.run(
                                "UNWIND $ids AS id MATCH (f:Fact {id: id}) RETURN f.id AS id, f.doc AS doc",
                                ids=[r["id"] for r in chunk],
                            )
                        }
                        new = [r for r in chunk if r["id"] not in old]
                        changed = [r for r in chunk if r["id"] in old and old[r["id"]] != r["doc"]]
                        for is_new, part in ((True, new), (False, changed)):
                            if not part:
                                continue
                            if kind == "entity":
                                tx.run(_entity_write(type_name, is_new), rows=part, tx=tx_no, type=type_name).consume()
                            else:
                                edges, registry = _relation_write(type_name, is_new)
                                written = tx.run(edges, rows=part).single(strict=True)["written"]
                                lost += len(part) - written
                                tx.run(registry, rows=part, tx=tx_no, type=type_name).consume()
                        added, updated = added + len(new), updated + len(changed)
                        seen += len(chunk)
                        if progress and seen > reported:
                            progress(min(len(chunk), seen - reported))
            if lost:
                raise Conflict(f"{lost} relations lost an endpoint while being written; nothing was written")
            return finish(tx, WriteSummary(added=added, updated=updated, unchanged=len(batch) - added - updated, tx=tx_no))

        with self._lock:
            try:
                return self._run(all_new, write=True)
            except ClientError as exc:
                if exc.code != EXISTS:
                    raise
            return self._run(work, write=True)

    def delete(self, ids: list[str]) -> int:
        def work(tx: ManagedTransaction) -> int:
            blocking = [
                r["id"] for r in tx.run(
                    "UNWIND $ids AS id MATCH (n:Fact {id: id, kind: 'entity'})-[r]-() "
                    "WHERE NOT r.id IN $ids RETURN DISTINCT r.id AS id ORDER BY id LIMIT 10",
                    ids=ids,
                )
            ]
            if blocking:
                raise Conflict(f"still referenced by relations {', '.join(blocking)}: delete those too")
            gone = tx.run(
                "UNWIND $ids AS id MATCH (f:Fact {id: id}) "
                "OPTIONAL MATCH (:Fact {id: f.src})-[r]->() WHERE f.kind = 'relation' AND r.id = id "
                "DELETE r DETACH DELETE f RETURN count(DISTINCT f) AS n",
                ids=ids,
            ).single(strict=True)["n"]
            tx_no = tx.run("MATCH (b:Batch) RETURN coalesce(max(b.tx), 0) AS t").single(strict=True)["t"] + 1
            tx.run("CREATE (:Batch {tx: $tx, at: $at, summary: $s})", tx=tx_no, at=_now(),
                   s=orjson.dumps(WriteSummary(deleted=gone, tx=tx_no).as_dict()).decode()).consume()
            return gone

        with self._lock:
            return self._run(work, write=True)

    # --- identity judgements (kept beside the facts, never applied to them) ------------

    def judge(self, a: str, b: str, verdict: str, who: str, why: str) -> Judgement:
        """Record that two ids name the same entity, or different ones."""
        def work(tx: ManagedTransaction) -> Judgement:
            seq = tx.run("MATCH (j:Judgement) RETURN coalesce(max(j.seq), 0) + 1 AS s").single(strict=True)["s"]
            at = _now()
            tx.run("CREATE (:Judgement {seq: $seq, a: $a, b: $b, verdict: $v, who: $who, at: $at, why: $why})",
                   seq=seq, a=a, b=b, v=verdict, who=who, at=at, why=why).consume()
            return Judgement(str(seq), a, b, verdict, who, at, why)

        with self._lock:
            return self._run(work, write=True)

    def judgements(self) -> list[Judgement]:
        """The judgements in force, oldest first."""
        def work(tx: ManagedTransaction) -> list[Judgement]:
            rows = tx.run(
                "MATCH (j:Judgement) WHERE j.undone_at IS NULL "
                "RETURN j.seq AS seq, j.a AS a, j.b AS b, j.verdict AS v, j.who AS who, j.at AS at, j.why AS why ORDER BY seq"
            )
            return [Judgement(str(r["seq"]), r["a"], r["b"], r["v"], r["who"], r["at"], r["why"]) for r in rows]

        return self._run(work)

    def undo_judgement(self, judgement_id: str) -> None:
        """Withdraw a judgement (its record stays, marked undone)."""
        def work(tx: ManagedTransaction) -> int:
            return tx.run(
                "MATCH (j:Judgement {seq: $seq}) WHERE j.undone_at IS NULL SET j.undone_at = $at RETURN count(j) AS n",
                seq=int(judgement_id) if judgement_id.isdigit() else -1, at=_now(),
            ).single(strict=True)["n"]

        with self._lock:
            if not self._run(work, write=True):
                raise NotFound(f"no judgement {judgement_id!r} in force")

    # --- reads --------------------------------------------------------------------

    def kinds(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        def work(tx: ManagedTransaction) -> dict[str, tuple[str, str]]:
            rows = tx.run("UNWIND $ids AS id MATCH (f:Fact {id: id}) RETURN f.id AS id, f.kind AS kind, f.type AS type", ids=list(ids))
            return {r["id"]: (r["kind"], r["type"]) for r in rows}

        return self._run(work)

    def get(self, ident: str) -> Entity | Relation | None:
        def work(tx: ManagedTransaction):
            return tx.run("MATCH (f:Fact {id: $id}) RETURN f.kind AS kind, f.doc AS doc", id=ident).single()

        row = self._run(work)
        return from_json(row["kind"], orjson.loads(row["doc"])) if row else None

    def _facts(self, kind: str, type_name: str | None) -> list[Entity | Relation]:
        def work(tx: ManagedTransaction):
            return [
                (r["kind"], r["doc"]) for r in tx.run(
                    "MATCH (f:Fact {kind: $kind}) WHERE $type IS NULL OR f.type = $type "
                    "RETURN f.kind AS kind, f.doc AS doc ORDER BY f.id",
                    kind=kind, type=type_name,
                )
            ]

        return [from_json(k, orjson.loads(d)) for k, d in self._run(work)]

    def entities(self, type_name: str | None = None) -> Iterator[Entity]:
        return iter(self._facts("entity", type_name))  # type: ignore[arg-type]

    def relations(self, type_name: str | None = None) -> Iterator[Relation]:
        return iter(self._facts("relation", type_name))  # type: ignore[arg-type]

    def counts(self) -> dict[str, int]:
        def work(tx: ManagedTransaction):
            rows = tx.run("MATCH (f:Fact) RETURN f.kind AS kind, count(*) AS n")
            return {r["kind"]: r["n"] for r in rows}

        found = self._run(work)
        return {"entities": found.get("entity", 0), "relations": found.get("relation", 0)}

    def trace_context(self, accident_id: str) -> Subgraph:
        """The evidence subgraph of an accident, in one Cypher statement (with the identity
        judgements in force, so that the trace sees one entity per cluster of same ids)."""
        @unit_of_work(timeout=TRACE_TIMEOUT_S)
        def work(tx: ManagedTransaction):
            row = tx.run(self._trace_query, accident=accident_id).single()
            return (row["entities"], row["relations"], row["judgements"]) if row else ([], [], [])

        entities, relations, judged = self._run(work)
        ents = [_decoded("entity", d) for d in entities]
        rels = [_decoded("relation", d) for d in relations]
        sub = Subgraph({e.id: e for e in ents}, {r.id: r for r in rels})  # type: ignore[misc]
        judgements = [Judgement(str(j["seq"]), j["a"], j["b"], j["verdict"], j["who"], j["at"], j["why"]) for j in judged]
        return canonicalise(sub, canonical_ids(judgements))


@lru_cache(maxsize=DECODED_FACTS)
def _decoded(kind: str, doc: str) -> Entity | Relation:
    """A stored fact as a value (facts are immutable values: equal JSON, equal fact)."""
    return from_json(kind, orjson.loads(doc))


def with_judgements(query: str) -> str:
    """A trace query that also returns the identity judgements in force."""
    head, ret = query.rsplit("\nRETURN ", 1)
    return (
        f"{head}\nCALL {{ MATCH (j:Judgement) WHERE j.undone_at IS NULL "
        "RETURN collect(j {.seq, .a, .b, .verdict, .who, .at, .why}) AS judgements }"
        f"\nRETURN {ret}, judgements"
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
