"""Read-only analyst queries: SPARQL over the RDF view (both backends) and Cypher on Neo4j.

Both run under a time limit and return at most a row limit and a byte limit (``truncated``
says when more existed). Writes are refused before anything runs: SPARQL updates are a
different grammar; Cypher is planned by Neo4j first and the plan judged by
``graph.cypher_guard`` (never the query text), then run in a READ transaction.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
import weakref
from datetime import date, datetime, time
from typing import Any

import rdflib.plugins.sparql as rdflib_sparql
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from loaders.export import to_rdf
from ontology.errors import (
    InvalidData,
    NotSupported,
    Problem,
    QueryRefused,
    QueryTimeout,
    SafetykgError,
    WriteRefused,
)

from .cypher_guard import refusal
from .store import Store
from .view import version as current_version

DEFAULT_QUERY_BYTES = 16 * 1024 * 1024  # JSON bytes of rows an analyst query may return

rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM <url> graphs from the network


# --- SPARQL -----------------------------------------------------------------------------

_rdf_cache: weakref.WeakKeyDictionary[object, tuple[object, Graph]] = weakref.WeakKeyDictionary()
_rdf_lock = threading.Lock()


def rdf_view(store: Store) -> Graph:
    """The store as RDF (``loaders.export.to_rdf``: triples made directly from the facts,
    ``loaders.rdf_export``), rebuilt only after a write."""
    version = current_version(store)
    with _rdf_lock:
        hit = _rdf_cache.get(store)
        if hit and hit[0] == version:
            return hit[1]
    g = to_rdf(store)
    with _rdf_lock:
        _rdf_cache[store] = (version, g)
    return g


def check_sparql(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE), or a clear error for anything else."""
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise InvalidData("the SPARQL query does not parse", [
                Problem("/query", "query", f"{exc.msg} at line {exc.lineno}, column {exc.col}", "sparql-syntax")]) from None
        raise WriteRefused("SPARQL updates are refused: this endpoint is read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)") from None
    query = parsed[1]
    if _contains(parsed, "ServiceGraphPattern"):
        raise InvalidData("SERVICE is refused", [Problem("/query", "query", "federated SERVICE calls are not allowed", "sparql-service")])
    if "datasetClause" in query.keys():
        raise InvalidData("FROM is refused", [Problem("/query", "query", "FROM / FROM NAMED are not allowed: the query runs over the store", "sparql-from")])
    return query.name.removesuffix("Query").upper()


def _contains(node: Any, name: str) -> bool:
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_contains(v, name) for v in node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return any(_contains(v, name) for v in node)
    return False


def _term(t: Any) -> dict[str, Any] | None:
    if t is None:
        return None
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    if isinstance(t, Literal):
        out: dict[str, Any] = {"type": "literal", "value": str(t)}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype:
            out["datatype"] = str(t.datatype)
        return out
    return {"type": "literal", "value": str(t)}


def _evaluate(graph: Graph, text: str, limit: int) -> dict[str, Any]:
    result = graph.query(text)
    if result.type == "ASK":
        return {"form": "ASK", "boolean": bool(result.askAnswer), "truncated": False}
    if result.type == "SELECT":
        names = [str(v) for v in result.vars or []]
        rows: list[dict[str, Any]] = []
        for row in result:
            if len(rows) == limit:
                return {"form": "SELECT", "head": {"vars": names}, "results": {"bindings": rows}, "truncated": True}
            rows.append({n: _term(row[i]) for i, n in enumerate(names) if row[i] is not None})  # type: ignore[index]
        return {"form": "SELECT", "head": {"vars": names}, "results": {"bindings": rows}, "truncated": False}
    triples: list[dict[str, Any]] = []
    for s, p, o in result.graph or []:
        if len(triples) == limit:
            return {"form": result.type, "triples": triples, "truncated": True}
        triples.append({"s": _term(s), "p": _term(p), "o": _term(o)})
    return {"form": result.type, "triples": triples, "truncated": False}


def _child(graph: Graph, text: str, limit: int, conn: Any) -> None:
    try:
        conn.send(("ok", _evaluate(graph, text, limit)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def sparql(store: Store, text: str, timeout_s: float, limit: int) -> dict[str, Any]:
    """Run a read-only SPARQL query in a forked worker that is killed at the time limit."""
    form = check_sparql(text)
    graph = rdf_view(store)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(graph, text, limit, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise QueryTimeout(f"the SPARQL query ran past its time limit of {timeout_s:g} s and was stopped")
        status, payload = parent.recv()
    except EOFError:
        raise SafetykgError("the SPARQL worker ended without an answer") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "error":
        raise InvalidData("the SPARQL query failed", [Problem("/query", "query", payload, "sparql-error")])
    payload["form"] = form
    return payload


# --- Cypher (Neo4j) --------------------------------------------------------------------


def _value(v: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(v, Node):
        return {"element_id": v.element_id, "labels": sorted(v.labels), "properties": {k: _value(x) for k, x in v.items()}}
    if isinstance(v, Relationship):
        return {"element_id": v.element_id, "type": v.type, "start": v.start_node.element_id if v.start_node else None,
                "end": v.end_node.element_id if v.end_node else None, "properties": {k: _value(x) for k, x in v.items()}}
    if isinstance(v, Path):
        return {"nodes": [_value(n) for n in v.nodes], "relationships": [_value(r) for r in v.relationships]}
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, (date, datetime, time)) or hasattr(v, "iso_format"):
        return v.iso_format() if hasattr(v, "iso_format") else v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return v


_user_functions: weakref.WeakKeyDictionary[object, frozenset[str]] = weakref.WeakKeyDictionary()


def _functions_beyond_builtins(driver: Any, database: str | None) -> frozenset[str]:
    """Lower-cased names of the server's user-defined functions (plugins), asked once per driver."""
    hit = _user_functions.get(driver)
    if hit is None:
        with driver.session(database=database, default_access_mode="READ") as session:
            names = session.run("SHOW FUNCTIONS YIELD name, isBuiltIn WHERE NOT isBuiltIn RETURN name").value("name")
        hit = frozenset(str(n).lower() for n in names)
        _user_functions[driver] = hit
    return hit


def _json_size(row: dict[str, Any]) -> int:
    return len(json.dumps(row, ensure_ascii=False, default=str).encode("utf-8"))


def cypher(store: Store, text: str, parameters: dict[str, Any], timeout_s: float, limit: int,
           max_bytes: int = DEFAULT_QUERY_BYTES) -> dict[str, Any]:
    """Run an analyst's Cypher if Neo4j's own plan of it only reads the graph.

    The query is first planned (``EXPLAIN``, in a READ transaction: nothing runs) and the plan
    judged by ``graph.cypher_guard.refusal``; a refused plan is ``QueryRefused`` (or
    ``WriteRefused`` for a write). Then it runs in a READ transaction that is rolled back, with
    the server-side timeout; at most ``limit`` rows and about ``max_bytes`` of JSON come back
    (``truncated`` says when more existed)."""
    driver = getattr(store, "driver", None)
    if driver is None:
        raise NotSupported(f"Cypher needs the Neo4j backend; this API runs on the {store.backend} store: use SPARQL (POST /v1/query/sparql)")
    from neo4j import READ_ACCESS
    from neo4j.exceptions import (
        ClientError,
        Neo4jError,
        ServiceUnavailable,
        SessionExpired,
    )

    from ontology.errors import StoreUnavailable

    database = getattr(store, "database", None)
    try:
        user_functions = _functions_beyond_builtins(driver, database)
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            with session.begin_transaction(timeout=timeout_s) as tx:
                plan = tx.run("EXPLAIN\n" + text, parameters).consume().plan
                tx.rollback()
            refused = refusal(plan or {}, user_functions)
            if refused is not None:
                if refused.write:
                    raise WriteRefused(refused.reason)
                raise QueryRefused(refused.reason, refused.code)
            rows: list[dict[str, Any]] = []
            truncated, size = False, 0
            with session.begin_transaction(timeout=timeout_s) as tx:
                result = tx.run(text, parameters)
                keys = list(result.keys())
                for record in result:
                    row = {k: _value(record[k]) for k in keys}
                    size += _json_size(row)
                    if len(rows) == limit or size > max_bytes:
                        truncated = True
                        break
                    rows.append(row)
                tx.rollback()
    except ClientError as exc:
        code = exc.code or ""
        if "AccessMode" in code or "WriteOnReadOnlyAccessDbException" in code or "ForbiddenOnReadOnlyDatabase" in code:
            raise WriteRefused(f"writes are refused: this endpoint runs Cypher read-only ({exc.message})") from None
        if "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryTimeout(f"the Cypher query ran past its time limit of {timeout_s:g} s and was stopped") from None
        raise InvalidData("Neo4j refused the Cypher query", [Problem("/query", "query", exc.message or str(exc), code or "cypher-error")]) from None
    except (ServiceUnavailable, SessionExpired) as exc:
        raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from None
    except Neo4jError as exc:
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryTimeout(f"the Cypher query ran past its time limit of {timeout_s:g} s and was stopped") from None
        raise InvalidData("Neo4j could not run the Cypher query", [Problem("/query", "query", exc.message or str(exc), code or "cypher-error")]) from None
    return {"columns": keys, "rows": rows, "truncated": truncated}
