"""Read-only analyst Cypher on the Neo4j backend: the query run in a READ transaction with a
server-side timeout, its values made JSON (``Neo4jStore.query`` calls :func:`cypher`; the API
reaches it through ``graph.analyst.cypher``)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from ontology.errors import InvalidData, NotSupported, Problem, QueryTimeout, WriteRefused


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


def cypher(store: Any, text: str, parameters: dict[str, Any], timeout_s: float, limit: int) -> dict[str, Any]:
    """Run Cypher in a READ transaction with a server-side timeout; at most ``limit`` rows."""
    driver = getattr(store, "driver", None)
    if driver is None:
        raise NotSupported(f"Cypher needs the Neo4j backend; this API runs on the {store.backend} store: use SPARQL (POST /v1/query/sparql)")
    if "load csv" in " ".join(text.lower().split()):
        raise WriteRefused("LOAD CSV is refused: analyst queries read the graph only")
    from neo4j import READ_ACCESS, Query
    from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

    from ontology.errors import StoreUnavailable

    try:
        with driver.session(database=getattr(store, "database", None), default_access_mode=READ_ACCESS) as session:
            result = session.run(Query(text, timeout=timeout_s), parameters)
            keys = list(result.keys())
            rows: list[dict[str, Any]] = []
            truncated = False
            for record in result:
                if len(rows) == limit:
                    truncated = True
                    break
                rows.append({k: _value(record[k]) for k in keys})
            result.consume()
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
