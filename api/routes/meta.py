"""Health: the one route that needs no key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..app import VERSION

router = APIRouter(tags=["meta"])


@router.get("/health", summary="Is the API up and its store reachable (no key needed)")
def health(request: Request) -> dict[str, Any]:
    store = request.app.state.store.get()  # StoreUnavailable -> 503 problem
    return {"status": "ok", "version": VERSION, "backend": store.backend, **store.counts()}
