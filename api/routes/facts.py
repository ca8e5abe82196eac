"""Facts: batch upsert (all or nothing, idempotent), get, replace, patch and delete; search."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from graph.search import accident_key, list_accidents, search_entities
from graph.store import Store
from loaders.facts_json import parse_text
from ontology.errors import InvalidData, NotFound, Problem
from ontology.facts import Entity, Relation
from ontology.model import model
from ontology.validation import validate

from ..apidb import ApiDb
from ..auth import Principal
from ..problems import ApiProblem
from . import LIMIT, READER, STORE, AtQuery, Cursor, Day, audited, page, targets

router = APIRouter(tags=["facts"])
JSON_TYPES = ("application/json", "application/ld+json", "application/merge-patch+json")
FACTS_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FactsDocument"}}},
    }
}
FACT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fact"}}},
    }
}


async def read_json(request: Request, allowed: tuple[str, ...] = JSON_TYPES) -> Any:
    """The request body as JSON; 415 for another media type, 422 naming the line for malformed JSON."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in allowed:
        raise ApiProblem(415, "unsupported-media-type", f"send {allowed[0]}, not {ctype or 'no Content-Type'}")
    raw = await request.body()
    if not raw.strip():
        raise InvalidData("the request body is empty", [Problem("", None, "expected a JSON document", "empty-body")])
    return parse_text(raw, None)


def fact_view(store: Store, fact: Entity | Relation | None) -> dict[str, Any]:
    """A fact with its kind and the source documents it cites (NotFound if it is gone: deleted meanwhile)."""
    if fact is None:
        raise NotFound("the fact was deleted while it was being written")
    docs = []
    for ref in fact.sources:
        src = store.get(ref.source)
        if src is not None:
            docs.append(src.as_json())
    return {"kind": "relation" if isinstance(fact, Relation) else "entity", "fact": fact.as_json(), "source_documents": docs}


def _idempotency(db: ApiDb, key: str | None, raw: bytes, principal: Principal) -> bool:
    """The same Idempotency-Key with a different body is a client error, never a silent replay."""
    if key is None:
        return False
    if not 1 <= len(key) <= 200:
        raise ApiProblem(422, "bad-idempotency-key", "Idempotency-Key must be 1 to 200 characters",
                         errors=[{"pointer": "", "field": "Idempotency-Key", "reason": "1 to 200 characters", "code": "bad-header"}])
    digest = hashlib.sha256(raw).hexdigest()
    with db.lock:  # pin first, then compare: concurrent first uses (threads or workers) cannot both pass
        pinned = db.execute("INSERT OR IGNORE INTO idempotency (key, body_hash, key_id, at) "
                            "VALUES (?, ?, ?, datetime('now')) RETURNING key", (key, digest, principal.id))
        if db.execute("SELECT body_hash FROM idempotency WHERE key = ?", (key,))[0][0] != digest:
            raise ApiProblem(409, "idempotency-key-reused", "this Idempotency-Key was used with a different body; use a new key")
    return bool(pinned)


def _write(request: Request, store: Store, doc: Any, key: str | None) -> dict[str, Any]:
    batch = validate(doc, store.kinds)
    targets(request, [e.id for e in batch.entities] + [r.id for r in batch.relations])
    summary = store.upsert(batch, key)
    return {"facts": len(batch), **summary.as_dict(), "replayed": summary.replayed}


@router.post("/facts", summary="Upsert a batch of facts, all or nothing", openapi_extra=FACTS_BODY)
async def upsert_facts(request: Request, principal: Principal = audited("investigator", "facts.upsert"), store: Store = STORE) -> JSONResponse:
    """Validate and write a facts document as one batch. Replays the first answer for a repeated ``Idempotency-Key``."""
    doc = await read_json(request)
    key = request.headers.get("idempotency-key")
    raw = await request.body()
    db = request.app.state.apidb
    pinned = _idempotency(db, key, raw, principal)
    try:
        result = await run_in_threadpool(_write, request, store, doc, key)
    except Exception:
        if pinned:  # a failed first write does not pin the key to its body
            db.execute("DELETE FROM idempotency WHERE key = ?", (key,))
        raise
    headers = {"Idempotent-Replayed": "true"} if result["replayed"] else None
    return JSONResponse(result, headers=headers)


@router.get("/facts/{id:path}", summary="An entity or relation, with the source documents it cites")
def get_fact(id: str, _: Principal = READER, store: Store = STORE) -> dict[str, Any]:
    fact = store.get(id)
    if fact is None:
        raise NotFound(f"no entity or relation with id {id!r}")
    return fact_view(store, fact)


def _single(id: str, body: Any) -> dict[str, Any]:
    """One fact's JSON as a facts document, checking that it names the id in the path."""
    if not isinstance(body, dict):
        raise InvalidData("a fact must be a JSON object", [Problem("", None, "expected an object", "not-an-object")])
    if body.get("id", id) != id:
        raise InvalidData("the id in the body differs from the id in the path",
                          [Problem("/id", "id", f"must be {id!r} (the path), got {body.get('id')!r}", "id-mismatch")])
    body = {**body, "id": id}
    key = "relations" if body.get("type") in model().relations else "entities"
    return {"entities": [], "relations": [], key: [body]}


@router.put("/facts/{id:path}", summary="Create or replace one entity or relation", openapi_extra=FACT_BODY)
async def put_fact(id: str, request: Request, _: Principal = audited("investigator", "facts.replace"), store: Store = STORE) -> JSONResponse:
    body = await read_json(request)
    targets(request, [id])
    existed = await run_in_threadpool(store.get, id)
    doc = _single(id, body)
    if existed is not None and existed.type != body.get("type"):
        reason = f"is {existed.type!r}; delete and recreate to change it"
        raise InvalidData("a fact's type cannot change", [Problem("/type", "type", reason, "type-change")])
    summary = await run_in_threadpool(lambda: store.upsert(validate(doc, store.kinds)))
    fact = await run_in_threadpool(store.get, id)
    return JSONResponse({**fact_view(store, fact), "summary": summary.as_dict()}, status_code=200 if existed else 201)


@router.patch("/facts/{id:path}", summary="Update fields of an entity or relation (JSON merge patch)", openapi_extra=FACT_BODY)
async def patch_fact(id: str, request: Request, _: Principal = audited("investigator", "facts.update"), store: Store = STORE) -> dict[str, Any]:
    """RFC 7396: the body's fields replace the stored ones; a ``null`` removes a field. Id and type stay."""
    patch = await read_json(request)
    targets(request, [id])
    fact = await run_in_threadpool(store.get, id)
    if fact is None:
        raise NotFound(f"no entity or relation with id {id!r}")
    if not isinstance(patch, dict):
        raise InvalidData("a merge patch must be a JSON object", [Problem("", None, "expected an object", "not-an-object")])
    for fixed in ("id", "type"):
        if fixed in patch and patch[fixed] != getattr(fact, fixed):
            raise InvalidData(f"{fixed} cannot change", [Problem(f"/{fixed}", fixed, f"must stay {getattr(fact, fixed)!r}", "immutable")])
    merged = _merge(fact.as_json(), patch)
    summary = await run_in_threadpool(lambda: store.upsert(validate(_single(id, merged), store.kinds)))
    return {**fact_view(store, await run_in_threadpool(store.get, id)), "summary": summary.as_dict()}


def _merge(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = _merge(out.get(k), v)
    return out


@router.delete("/facts/{id:path}", summary="Delete an entity or relation (admin)")
def delete_fact(id: str, request: Request, _: Principal = audited("admin", "facts.delete"), store: Store = STORE) -> dict[str, Any]:
    """An entity still referenced by relations is refused with 409: delete those first."""
    targets(request, [id])
    if store.get(id) is None:
        raise NotFound(f"no entity or relation with id {id!r}")
    return {"deleted": store.delete([id]), "id": id}


def _type_param(type_name: str | None) -> str | None:
    if type_name is not None and type_name not in model().types:
        raise InvalidData("unknown entity type", [Problem("/type", "type", f"{type_name!r} is not an entity type of the ontology", "unknown-type")])
    return type_name


@router.get("/entities", summary="Search entities by type, name (Chinese or English, partial), area and date")
def entities(
    type: str | None = Query(None, description="An entity type; subtypes match (Organization finds Government)."),
    q: str | None = Query(None, max_length=200, description="Part of a Chinese or English name, alias or id."),
    area: str | None = Query(None, description="An administrative area id: entities in it or below it."),
    at: Day | None = AtQuery,
    cursor: str | None = Cursor,
    limit: int = LIMIT,
    _: Principal = READER,
    store: Store = STORE,
) -> dict[str, Any]:
    g = store.view().graph
    found = search_entities(g, _type_param(type), q, area, at)
    return page(found, lambda e: (e.id,), cursor, limit, lambda e: e.as_json())


@router.get("/accidents", summary="Accidents, newest first, by name, area, dates and grade")
def accidents(
    q: str | None = Query(None, max_length=200),
    area: str | None = Query(None),
    from_: Day | None = Query(None, alias="from", description="First day (inclusive)."),
    to: Day | None = Query(None, description="Last day (inclusive)."),
    grade: str | None = Query(None, description="general | larger | major | especially_serious"),
    cursor: str | None = Cursor,
    limit: int = LIMIT,
    _: Principal = READER,
    store: Store = STORE,
) -> dict[str, Any]:
    if grade is not None and grade not in model().schemes["accidentGrade"]:
        raise InvalidData("unknown grade", [Problem("/grade", "grade", f"one of {', '.join(model().schemes['accidentGrade'])}", "unknown-grade")])
    g = store.view().graph
    rows = list_accidents(g, q, area, from_, to, grade)
    return page(rows, accident_key, cursor, limit)
