"""Analyst queries: read-only SPARQL (both backends) and Cypher (Neo4j), time- and row-limited."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from graph.analyst import cypher, sparql
from graph.store import Store

from ..auth import Principal
from . import STORE, audited, targets
from .facts import read_json

router = APIRouter(tags=["query"])


class SparqlRequest(BaseModel):
    query: str = Field(..., min_length=1, max_length=100_000, description="SELECT, ASK, CONSTRUCT or DESCRIBE.")
    limit: int | None = Field(None, ge=1, description="At most this many rows (capped by the server's limit).")
    timeout_s: float | None = Field(None, gt=0, description="Give up after this many seconds (capped by the server's limit).")


class CypherRequest(SparqlRequest):
    query: str = Field(..., min_length=1, max_length=100_000, description="A read-only Cypher statement.")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Query parameters ($name).")


def _body(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}


async def _parse(request: Request, model: type[BaseModel]) -> Any:
    doc = await read_json(request, ("application/json",))
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


def _caps(request: Request, body: SparqlRequest) -> tuple[float, int]:
    limits = request.app.state.limits
    return min(body.timeout_s or limits.query_timeout_s, limits.query_timeout_s), min(body.limit or limits.query_rows, limits.query_rows)


@router.post("/query/sparql", summary="A read-only SPARQL query over the RDF view of the graph", openapi_extra=_body(SparqlRequest))
async def query_sparql(request: Request, _: Principal = audited("reader", "query.sparql"), store: Store = STORE) -> dict[str, Any]:
    """Answers in the shape of SPARQL JSON results (``head``/``results.bindings``, or ``boolean``, or
    ``triples`` for CONSTRUCT/DESCRIBE), with ``truncated`` when the row limit cut the answer."""
    body = await _parse(request, SparqlRequest)
    timeout, limit = _caps(request, body)
    targets(request, [], body.query[:2000])
    return await run_in_threadpool(sparql, store, body.query, timeout, limit)


@router.post("/query/cypher", summary="A read-only Cypher query (Neo4j backend only)", openapi_extra=_body(CypherRequest))
async def query_cypher(request: Request, _: Principal = audited("reader", "query.cypher"), store: Store = STORE) -> dict[str, Any]:
    """Neo4j plans the query first (EXPLAIN) and a plan that does more than read the graph is
    refused (403); then it runs in a READ transaction with a server-side timeout, cut at the
    row and byte limits. On the embedded store answers 501."""
    body = await _parse(request, CypherRequest)
    timeout, limit = _caps(request, body)
    targets(request, [], body.query[:2000])
    return await run_in_threadpool(cypher, store, body.query, body.parameters, timeout, limit, request.app.state.limits.query_bytes)
