"""Analytics: accidents by area and grade (interview triggers), repeat enterprises, persons and
posts named across accidents, centrality of organisations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from graph.analytics import ALGORITHMS, all_findings, repeat_persons, store_accidents_by_area, store_centrality, store_repeat_enterprises
from graph.store import Store
from ontology.errors import InvalidData, Problem

from ..auth import Principal
from . import READER, STORE, AtQuery, Day

router = APIRouter(prefix="/analytics", tags=["analytics"])
From = Query(None, alias="from", description="First day (inclusive).")
To = Query(None, description="Last day (inclusive).")


@router.get("/accidents", summary="Accidents by area and grade in a window, and the governments that meet an interview trigger")
def accidents(from_: Day | None = From, to: Day | None = To, _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    return store_accidents_by_area(store, from_, to)


@router.get("/enterprises", summary="Enterprises with repeated accidents or overdue major hazards")
def enterprises(from_: Day | None = From, to: Day | None = To, at: Day | None = AtQuery,
                min_accidents: int = Query(2, ge=1, le=100), _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    return {"items": store_repeat_enterprises(store, from_, to, at, min_accidents)}


@router.get("/persons", summary="Persons and posts named by findings of several accidents")
def persons(request: Request, min_accidents: int = Query(2, ge=1, le=100), _: Principal = READER,
            store: Store = STORE) -> dict[str, Any]:
    return repeat_persons(all_findings(store, request.app.state.limits.analytics_timeout_s), min_accidents)


@router.get("/centrality", summary="Organisations ranked by centrality in the responsibility network")
def centrality(request: Request, algorithm: str = Query("betweenness", description=" | ".join(ALGORITHMS)),
               at: Day | None = AtQuery, limit: int = Query(50, ge=1, le=1000), _: Principal = READER,
               store: Store = STORE) -> dict[str, Any]:
    """Within a work budget (refused with 422 ``work-budget`` above it) and a time limit (503 ``query-timeout``);
    computed on the store's read view, so that it holds no lock, and kept until the next write."""
    if algorithm not in ALGORITHMS:
        raise InvalidData("unknown algorithm", [Problem("/algorithm", "algorithm", f"one of {', '.join(ALGORITHMS)}", "unknown-algorithm")])
    limits = request.app.state.limits
    items = store_centrality(store, algorithm, at, limit, limits.analytics_timeout_s, limits.analytics_work)
    return {"algorithm": algorithm, "at": at.isoformat() if at else None, "items": items}
