"""Read-only analyst Cypher on the Neo4j backend: the query planned by Neo4j first and its plan
judged by ``graph.cypher_guard`` (never the query text), then run in a READ transaction with a
server-side timeout, its values made JSON (``Neo4jStore.query`` calls :func:`cypher`; the API
reaches it through ``graph.analyst.cypher``)."""

from __future__ import annotations

import json
import weakref
from datetime import date, datetime, time
from typing import Any

from ontology.errors import InvalidData, NotSupported, Problem, QueryRefused, QueryTimeout, WriteRefused

from .cypher_guard import refusal
from .limits import DEFAULT_QUERY_BYTES


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


def cypher(store: Any, text: str, parameters: dict[str, Any], timeout_s: float, limit: int,
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
