"""Investigation: trace, timeline and grade of an accident; responsibilities; open hazards."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request, Response

from graph.analytics import all_findings
from graph.duties import open_hazards, responsibilities
from graph.store import Store
from graph.timeline import timeline as run_timeline
from graph.trace import trace as run_trace
from ontology.errors import InvalidData, NotFound, Problem
from ontology.grading import grade as run_grade

from ..auth import Principal
from . import READER, STORE, AtQuery, Day, audited, targets

router = APIRouter(tags=["investigation"])


# A trace and a timeline are answered from the cache of answers by data version (api/answers.py),
# with an ETag; If-None-Match gets 304. Hit or not, the key is checked and the request audited.
CACHED: dict[str, Any] = {
    "response_class": Response,
    "responses": {
        200: {"description": "The answer (with an ETag)", "content": {"application/json": {"schema": {"type": "object"}}}},
        304: {"description": "Not modified: the If-None-Match entity tag is still the answer's"},
    },
}


@router.get("/accidents/{id:path}/trace", summary="The accountability trace of an accident (as the CLI's --json)", **CACHED)
async def trace(id: str, request: Request, at: Day | None = AtQuery, _: Principal = audited("reader", "trace")) -> Response:
    """Who answered for the accident on ``at`` (default: the day it occurred), by which rule, on which facts and sources."""
    targets(request, [id], f"at={at.isoformat()}" if at else None)
    return await request.app.state.answers.get(request, "trace", id, at, run_trace)


@router.get("/accidents/{id:path}/timeline", summary="Tenures, hazards, deadlines, closures, inspections and the accident, by date",
            **CACHED)
async def timeline(id: str, request: Request, at: Day | None = AtQuery,
                   _: Principal = audited("reader", "trace.timeline")) -> Response:
    targets(request, [id], f"at={at.isoformat()}" if at else None)
    return await request.app.state.answers.get(request, "timeline", id, at, run_timeline)


@router.get("/accidents/{id:path}/grade", summary="The grade of an accident (Decree 493) and who investigates it")
def grade(id: str, _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    acc = store.get(id)
    if acc is None or acc.type != "Accident":
        raise NotFound(f"no accident with id {id!r}")
    p = acc.props
    serious = p.get("serious_injuries")  # optional: not every source gives it
    return {"accident": id, "deaths": p["deaths"], "serious_injuries": serious,
            "direct_loss_cny": p["direct_loss_cny"], **run_grade(p["deaths"], serious or 0, p["direct_loss_cny"]).as_dict()}


@router.get("/entities/{id:path}/responsibilities", summary="What a person or post answered for on a date, through which rules")
def entity_responsibilities(id: str, at: Day | None = AtQuery, _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    """The posts held on ``at`` (default today), their organisations' mandates and portfolios, and the
    findings of every accident's trace that named the subject for a tenure covering ``at``."""
    on = at or date.today()
    g = store.view().graph
    if id not in g:
        raise NotFound(f"no entity with id {id!r}")
    findings = all_findings(store)
    g = store.view().graph
    return responsibilities(g, id, on, findings)


@router.get("/hazards", summary="Open (or overdue) hazards of an enterprise or an area, with their rectification chain")
def hazards(
    enterprise: str | None = Query(None, description="An enterprise id (its own hazards and those at sites it operates or contracts at)."),
    area: str | None = Query(None, description="An administrative area id."),
    at: Day | None = AtQuery,
    overdue: bool = Query(False, description="Only hazards past their rectification deadline."),
    _: Principal = READER,
    store: Store = STORE,
) -> dict[str, Any]:
    if enterprise is None and area is None:
        raise InvalidData("name an enterprise or an area", [Problem("/enterprise", "enterprise", "give enterprise= or area=", "missing")])
    on = at or date.today()
    g = store.view().graph
    if area is not None and area not in g:
        raise NotFound(f"no area with id {area!r}")
    items = open_hazards(g, on, enterprise, area, overdue)
    return {"at": on.isoformat(), "items": items}
