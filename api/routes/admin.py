"""Administration: API keys and the audit log (admin role)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ontology.errors import Conflict

from .. import audit
from ..auth import ROLES, Principal, active_admins, create_key, get_key, list_keys, revoke_key
from . import ADMIN, audited, targets

router = APIRouter(prefix="/admin", tags=["admin"])


class NewKey(BaseModel):
    name: str = Field(..., min_length=1, max_length=100, description="Who or what uses the key.")
    role: str = Field(..., pattern="^(" + "|".join(ROLES) + ")$", description=" | ".join(ROLES))


@router.get("/keys", summary="The API keys (never the keys themselves)")
def keys(request: Request, _: Principal = ADMIN) -> dict[str, Any]:
    return {"items": list_keys(request.app.state.apidb)}


@router.post("/keys", summary="Create a key; the response holds the key, shown this once", status_code=201)
def new_key(body: NewKey, request: Request, principal: Principal = audited("admin", "keys.create")) -> JSONResponse:
    record, token = create_key(request.app.state.apidb, body.name, body.role, created_by=principal.id)
    targets(request, [record["id"]], f"role={body.role}")
    return JSONResponse({**record, "key": token}, status_code=201, headers={"Cache-Control": "no-store"})


@router.delete("/keys/{key_id}", summary="Revoke a key")
def revoke(key_id: str, request: Request, principal: Principal = audited("admin", "keys.revoke")) -> dict[str, Any]:
    db = request.app.state.apidb
    targets(request, [key_id])
    key = get_key(db, key_id)
    if key["role"] == "admin" and not key["revoked_at"] and active_admins(db) <= 1:
        raise Conflict("this is the last active admin key: create another admin key first")
    return revoke_key(db, key_id)


@router.get("/audit", summary="The audit log: every write and every trace, oldest first")
def audit_log(
    request: Request,
    after: int = Query(0, ge=0, le=2**63 - 1, description="Entries after this sequence number (the next_after of the previous page)."),
    limit: int = Query(100, ge=1, le=1000),
    key_id: str | None = Query(None),
    action: str | None = Query(None, description="e.g. facts.upsert, trace, keys.create"),
    target: str | None = Query(None, description="Entries that touched this id."),
    since: str | None = Query(None, description="ISO timestamp (inclusive)."),
    until: str | None = Query(None, description="ISO timestamp (exclusive)."),
    _: Principal = ADMIN,
) -> dict[str, Any]:
    items = audit.entries(request.app.state.apidb, after=after, limit=limit + 1, key_id=key_id, action=action,
                          target=target, since=since, until=until)
    more = len(items) > limit
    items = items[:limit]
    return {"items": items, "next_after": items[-1]["seq"] if more else None}
