"""Analytics: accidents by area and grade (interview triggers), repeat enterprises, persons and
posts named across accidents, centrality of organisations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from graph.analytics import ALGORITHMS, accidents_by_area, all_findings, repeat_enterprises, repeat_persons
from graph.analytics import centrality as run_centrality
from graph.store import Store
from graph.view import view
from ontology.errors import InvalidData, Problem

from ..auth import Principal
from . import READER, STORE, AtQuery, Day

router = APIRouter(prefix="/analytics", tags=["analytics"])
From = Query(None, alias="from", description="First day (inclusive).")
To = Query(None, description="Last day (inclusive).")


@router.get("/accidents", summary="Accidents by area and grade in a window, and the governments that meet an interview trigger")
def accidents(from_: Day | None = From, to: Day | None = To, _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    with view(store) as g:
        return accidents_by_area(g, from_, to)


@router.get("/enterprises", summary="Enterprises with repeated accidents or overdue major hazards")
def enterprises(from_: Day | None = From, to: Day | None = To, at: Day | None = AtQuery,
                min_accidents: int = Query(2, ge=1, le=100), _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    with view(store) as g:
        items = repeat_enterprises(g, from_, to, at, min_accidents)
    return {"items": items}


@router.get("/persons", summary="Persons and posts named by findings of several accidents")
def persons(min_accidents: int = Query(2, ge=1, le=100), _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    return repeat_persons(all_findings(store), min_accidents)


@router.get("/centrality", summary="Organisations ranked by centrality in the responsibility network")
def centrality(algorithm: str = Query("betweenness", description=" | ".join(ALGORITHMS)), at: Day | None = AtQuery,
               limit: int = Query(50, ge=1, le=1000), _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    if algorithm not in ALGORITHMS:
        raise InvalidData("unknown algorithm", [Problem("/algorithm", "algorithm", f"one of {', '.join(ALGORITHMS)}", "unknown-algorithm")])
    with view(store) as g:
        items = run_centrality(g, algorithm, at, limit)
    return {"algorithm": algorithm, "at": at.isoformat() if at else None, "items": items}
