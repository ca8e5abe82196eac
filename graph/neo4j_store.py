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

import os
import threading
import time
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

import orjson
from neo4j import Driver, GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import (AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired,
                              TransientError)

from ontology.errors import Conflict, QueryTimeout, StoreUnavailable
from ontology.facts import Batch, Entity, Relation, canonical, from_json
from ontology.model import model

from .plan import PLAN
from .store import WriteSummary
from .subgraph import Subgraph

TRACE_TIMEOUT_S = 30.0
# How long the driver keeps retrying a transaction that failed transiently (a lost
# connection, a deadlock) before the caller gets StoreUnavailable: long enough to ride out
# a brief blip, short enough that a server that is down gives a prompt 503.
RETRY_S = float(os.environ.get("SAFETYKG_NEO4J_RETRY_SECONDS", "3"))


def _label(name: str) -> str:
    """A label or relationship type from the ontology, quoted for Cypher."""
    m = model()
    if name not in m.types and name not in m.relations:
        raise ValueError(f"not an ontology name: {name!r}")
    return f"`{name}`"


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
        if step.into not in sets:
            sets.append(step.into)
            lines.append(f"WITH *, [] AS {step.into}")
        lines.append(
            f"CALL {{ WITH {', '.join(sorted(set(step.start)))} "
            f"UNWIND {' + '.join(step.start)} AS n MATCH (n){arrow}(m) {unwind}"
            f"RETURN collect(DISTINCT m) AS new{i}, collect(DISTINCT {rel}) AS rels{i} }}"
        )
        others = ", ".join(s for s in sets if s != step.into)
        lines.append(f"WITH {others}, {step.into} + new{i} AS {step.into}, rels + rels{i} AS rels")
    everything = " + ".join(sets)
    lines += [
        f"WITH {everything} AS nodes, rels",
        "UNWIND nodes AS n WITH collect(DISTINCT n) AS nodes, rels",
        "UNWIND (CASE WHEN rels = [] THEN [null] ELSE rels END) AS r WITH nodes, collect(DISTINCT r) AS rels",
        "WITH nodes, rels, reduce(s = [], x IN nodes + rels | s + coalesce(x.sources, [])) AS cited",
        "CALL { WITH cited UNWIND cited AS sid MATCH (src:Fact {id: sid, kind: 'entity'}) RETURN collect(DISTINCT src) AS docs }",
        "WITH nodes + docs AS nodes, rels",
        "RETURN [n IN nodes WHERE n.doc IS NOT NULL | n.doc] AS entities, [r IN rels | r.doc] AS relations",
    ]
    return "\n".join(lines)


class Neo4jStore:
    """A store in a Neo4j database (single server, or a cluster through ``neo4j://``)."""

    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None):
        self.uri = uri
        self.database = database or None
        self._lock = threading.Lock()
        self._down_at: float | None = None  # when a call last found the server unreachable
        try:
            self.driver: Driver = GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=5.0, max_transaction_retry_time=RETRY_S,
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
        self._trace_query = trace_query()

    @classmethod
    def from_uri(cls, uri: str) -> "Neo4jStore":
        """User, password and database from the URI or ``SAFETYKG_NEO4J_USER/PASSWORD/DATABASE``."""
        parts = urlsplit(uri)
        user = parts.username or os.environ.get("SAFETYKG_NEO4J_USER", "neo4j")
        password = parts.password or os.environ.get("SAFETYKG_NEO4J_PASSWORD", "")
        database = os.environ.get("SAFETYKG_NEO4J_DATABASE") or None
        host = parts.hostname or "localhost"
        netloc = f"{host}:{parts.port}" if parts.port else host
        clean = urlunsplit((parts.scheme, netloc, "", "", ""))
        return cls(clean, user, password, database)

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
        """Delete everything (tests and ``copy`` into an empty database)."""
        def work(tx: ManagedTransaction) -> None:
            tx.run("MATCH (n) WHERE n:Fact OR n:Concept OR n:Batch DETACH DELETE n").consume()
        self._run(work, write=True)

    # --- writes -------------------------------------------------------------------

    def upsert(self, batch: Batch, idempotency_key: str | None = None) -> WriteSummary:
        facts: list[tuple[str, Entity | Relation]] = [("entity", e) for e in batch.entities]
        facts += [("relation", r) for r in batch.relations]
        docs = {f.id: canonical(f.as_json()).decode() for _, f in facts}

        def work(tx: ManagedTransaction) -> WriteSummary:
            if idempotency_key is not None:
                row = tx.run("MATCH (b:Batch {idempotency_key: $k}) RETURN b.summary AS s", k=idempotency_key).single()
                if row is not None:
                    return WriteSummary(**orjson.loads(row["s"]), replayed=True)
            old = {
                r["id"]: r["doc"]
                for r in tx.run("UNWIND $ids AS id MATCH (f:Fact {id: id}) RETURN f.id AS id, f.doc AS doc", ids=list(docs))
            }
            changed = [(k, f) for k, f in facts if old.get(f.id) != docs[f.id]]
            added = sum(1 for _, f in changed if f.id not in old)
            tx_no = (tx.run("MATCH (b:Batch) RETURN coalesce(max(b.tx), 0) AS t").single()["t"]) + 1
            ents, rels = [], []
            for kind, f in changed:
                row: dict[str, Any] = {"id": f.id, "type": f.type, "doc": docs[f.id], "sources": [s.source for s in f.sources]}
                if isinstance(f, Relation):
                    row.update(src=f.source, dst=f.target_node, concept=bool(f.concept_scheme), vf=f.valid_from, vt=f.valid_to)
                    rels.append(row)
                else:
                    ents.append(row)
            # Labels and types are dynamic ($(...)) but always ontology names: validation admitted only those.
            tx.run(
                "UNWIND $rows AS row MERGE (n:Fact {id: row.id}) "
                "SET n:Entity:$(row.type), n.kind = 'entity', n.type = row.type, n.doc = row.doc, n.sources = row.sources, n.tx = $tx",
                rows=ents, tx=tx_no,
            ).consume()
            tx.run(
                "UNWIND $rows AS row MATCH (f:Fact {id: row.id, kind: 'relation'}) "
                "MATCH (:Fact {id: f.src})-[r]->() WHERE r.id = row.id DELETE r",
                rows=rels,
            ).consume()
            tx.run("UNWIND $rows AS row WITH row WHERE row.concept MERGE (:Concept {id: row.dst})", rows=rels).consume()
            written = tx.run(
                "UNWIND $rows AS row "
                "MATCH (a:Fact {id: row.src, kind: 'entity'}) "
                "OPTIONAL MATCH (e:Fact {id: row.dst, kind: 'entity'}) OPTIONAL MATCH (c:Concept {id: row.dst}) "
                "WITH row, a, coalesce(e, c) AS b WHERE b IS NOT NULL "
                "CREATE (a)-[r:$(row.type) {id: row.id, doc: row.doc, sources: row.sources, valid_from: row.vf, valid_to: row.vt}]->(b) "
                "MERGE (f:Fact {id: row.id}) SET f.kind = 'relation', f.type = row.type, f.doc = row.doc, "
                "f.src = row.src, f.dst = row.dst, f.tx = $tx "
                "RETURN count(r) AS n",
                rows=rels, tx=tx_no,
            ).single()["n"]
            if written != len(rels):
                raise Conflict(f"{len(rels) - written} relations lost an endpoint while being written; nothing was written")
            summary = WriteSummary(added=added, updated=len(changed) - added, unchanged=len(facts) - len(changed), tx=tx_no)
            tx.run(
                "CREATE (:Batch {tx: $tx, at: $at, idempotency_key: $k, summary: $s})",
                tx=tx_no, at=_now(), k=idempotency_key, s=orjson.dumps(summary.as_dict()).decode(),
            ).consume()
            return summary

        with self._lock:
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
            ).single()["n"]
            tx_no = tx.run("MATCH (b:Batch) RETURN coalesce(max(b.tx), 0) AS t").single()["t"] + 1
            tx.run("CREATE (:Batch {tx: $tx, at: $at, summary: $s})", tx=tx_no, at=_now(),
                   s=orjson.dumps(WriteSummary(deleted=gone, tx=tx_no).as_dict()).decode()).consume()
            return gone

        with self._lock:
            return self._run(work, write=True)

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
        """The evidence subgraph of an accident, in one Cypher statement."""
        @unit_of_work(timeout=TRACE_TIMEOUT_S)
        def work(tx: ManagedTransaction):
            row = tx.run(self._trace_query, accident=accident_id).single()
            return (row["entities"], row["relations"]) if row else ([], [])

        entities, relations = self._run(work)
        ents = [from_json("entity", orjson.loads(d)) for d in entities]
        rels = [from_json("relation", orjson.loads(d)) for d in relations]
        return Subgraph({e.id: e for e in ents}, {r.id: r for r in rels})  # type: ignore[misc]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
