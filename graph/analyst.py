"""Read-only analyst queries: SPARQL over the RDF view (every backend) and the store's native
query language where it has one (Cypher on Neo4j, run by the backend).

Both run under a time limit and return at most a row limit and a byte limit (``truncated``
says when more existed). Writes are refused before anything runs: SPARQL updates are a
different grammar; Cypher is planned by Neo4j first and the plan judged by
``graph.cypher_guard`` (never the query text), then run in a READ transaction.
"""

from __future__ import annotations

import multiprocessing
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
    QueryTimeout,
    SafetykgError,
    WriteRefused,
)

from .cache import derived
from .limits import DEFAULT_QUERY_BYTES
from .store import Store

rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM <url> graphs from the network


# --- SPARQL -----------------------------------------------------------------------------

def rdf_view(store: Store) -> Graph:
    """The store as RDF (``loaders.export.to_rdf``: triples made directly from the facts,
    ``loaders.rdf_export``), made once per version of the store."""
    return derived(store, "rdf", lambda: to_rdf(store))


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


# --- native queries (Cypher on Neo4j) ----------------------------------------------------


def cypher(store: Store, text: str, parameters: dict[str, Any], timeout_s: float, limit: int,
           max_bytes: int = DEFAULT_QUERY_BYTES) -> dict[str, Any]:
    """Run a read-only Cypher query on a store whose native language is Cypher (the backend runs it:
    ``graph.neo4j_cypher``), under a time limit, at most ``limit`` rows and about ``max_bytes`` of JSON."""
    if store.capabilities.query_language != "cypher":
        raise NotSupported(f"Cypher needs the Neo4j backend; this API runs on the {store.backend} store: use SPARQL (POST /v1/query/sparql)")
    return store.query(text, parameters, timeout_s, limit, max_bytes)
