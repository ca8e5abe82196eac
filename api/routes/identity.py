"""Who is who: the sources of a fact, likely duplicates, and same/different judgements (kept
beside the facts; a trace reads through them, an undo restores it exactly)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from graph.store import Store
from loaders.candidates import candidates as find_candidates
from loaders.candidates import judge, sources_of
from ontology.errors import NotFound

from ..auth import Principal
from . import LIMIT, READER, STORE, Cursor, audited, page, targets

router = APIRouter(tags=["identity"])


class SourceRow(BaseModel):
    source: str = Field(description="The SourceDocument's id.")
    title: str | None = None
    publisher: str | None = None
    issued_on: str | None = None
    url: str | None = None
    archive_id: str | None = None
    quote: str | None = Field(None, description="The span of the document the fact rests on.")
    locator: str | None = Field(None, description="Where in the document (page, paragraph).")


class FactSources(BaseModel):
    fact: str
    sources: list[SourceRow]


class CandidateOut(BaseModel):
    a: str
    b: str
    type: str
    reasons: list[str]


class CandidatePage(BaseModel):
    items: list[CandidateOut]
    next_cursor: str | None


class JudgementIn(BaseModel):
    a: str = Field(..., min_length=1, max_length=500, description="An entity id.")
    b: str = Field(..., min_length=1, max_length=500, description="Another entity id of the same type.")
    verdict: Literal["same", "different"]
    why: str = Field("", max_length=4000, description="The evidence; required for 'same'.")


class JudgementOut(BaseModel):
    id: str
    a: str
    b: str
    verdict: str
    who: str = Field(description="The name of the API key that made the judgement.")
    at: str
    why: str


class JudgementPage(BaseModel):
    items: list[JudgementOut]
    next_cursor: str | None


@router.get("/facts/{id:path}/sources", summary="The source documents a fact cites (as the CLI's sources --json)",
            response_model=FactSources)
def fact_sources(id: str, _: Principal = READER, store: Store = STORE) -> dict:
    return {"fact": id, "sources": sources_of(store, id)}


def _candidate_key(c) -> tuple[str, str, str]:
    """The candidates' order (most reasons first, then ids) as strings, for the cursor."""
    return f"{1_000_000 - len(c.reasons):07d}", c.a, c.b


@router.get("/identity/candidates", summary="Pairs of people or organisations that may be one (for review)",
            response_model=CandidatePage)
def candidates(cursor: str | None = Cursor, limit: int = LIMIT, _: Principal = READER, store: Store = STORE) -> dict:
    """Pairs sharing a Chinese name, a name in pinyin, a credit code or a post over overlapping dates,
    most reasons first; pairs already judged are left out."""
    return page(find_candidates(store), _candidate_key, cursor, limit, lambda c: c.as_dict())


@router.get("/identity/judgements", summary="The same/different judgements in force, oldest first",
            response_model=JudgementPage)
def judgements(cursor: str | None = Cursor, limit: int = LIMIT, _: Principal = READER, store: Store = STORE) -> dict:
    return page(store.judgements(), lambda j: (f"{int(j.id):012d}",), cursor, limit, lambda j: j.as_dict())


@router.post("/identity/judgements", summary="Judge two entity ids the same (one entity to queries) or different",
             status_code=201, response_model=JudgementOut)
async def new_judgement(body: JudgementIn, request: Request, principal: Principal = audited("investigator", "identity.judge"),
                        store: Store = STORE) -> dict:
    """The facts are not changed: traces and analytics see one entity under the smaller id of a
    cluster judged the same. For a pair judged both ways the later judgement holds."""
    targets(request, [body.a, body.b], f"verdict={body.verdict}")
    j = await run_in_threadpool(judge, store, body.a, body.b, body.verdict, principal.name, body.why)
    request.state.audit_detail = f"verdict={body.verdict}; judgement={j.id}"
    return j.as_dict()


@router.delete("/identity/judgements/{id}", summary="Withdraw a judgement (its record is kept, marked undone)",
               response_model=JudgementOut)
def undo_judgement(id: str, request: Request, _: Principal = audited("investigator", "identity.undo"),
                   store: Store = STORE) -> dict:
    targets(request, [id], f"judgement={id}")
    j = next((j for j in store.judgements() if j.id == id), None)
    if j is None:
        raise NotFound(f"no judgement {id!r} in force")
    targets(request, [j.a, j.b], f"judgement={id}; verdict={j.verdict}")
    store.undo_judgement(id)
    return j.as_dict()
