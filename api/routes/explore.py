"""Exploration: neighbourhood, shortest responsibility path, subgraph export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from graph.explore import neighbourhood as run_neighbourhood
from graph.explore import shortest_path
from graph.selection import Selection
from graph.store import Store
from loaders.export import FORMATS, MEDIA_TYPES, export_bytes
from ontology.errors import InvalidData, Problem
from ontology.model import model

from ..auth import Principal
from . import READER, STORE, AtQuery, Day

router = APIRouter(tags=["explore"])


def _names(value: str | None, pointer: str, known: Any, what: str) -> list[str] | None:
    if not value:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in known]
    if bad:
        reason = f"{', '.join(bad)}: not {what} of the ontology"
        raise InvalidData(f"unknown {what}", [Problem(pointer, pointer.strip("/"), reason, f"unknown-{what.replace(' ', '-')}")])
    return names


@router.get("/entities/{id:path}/neighbourhood", summary="Entities and relations around an entity, to a depth")
def neighbourhood(
    id: str,
    depth: int = Query(1, ge=1, le=4),
    relation_types: str | None = Query(None, description="Comma-separated relation types to follow (default all)."),
    entity_types: str | None = Query(None, description="Comma-separated entity types to reach (subtypes included)."),
    at: Day | None = AtQuery,
    _: Principal = READER,
    store: Store = STORE,
) -> dict[str, Any]:
    m = model()
    rtypes = _names(relation_types, "/relation_types", m.relations, "relation types")
    etypes = _names(entity_types, "/entity_types", m.types, "entity types")
    g = store.view().graph
    ents, rels = run_neighbourhood(g, id, depth, rtypes, etypes, at)
    return {"center": id, "depth": depth, "entities": [e.as_json() for e in ents], "relations": [r.as_json() for r in rels]}


@router.get("/paths", summary="The shortest responsibility path between two entities")
def paths(
    from_: str = Query(..., alias="from", description="An entity id."),
    to: str = Query(..., description="An entity id."),
    at: Day | None = AtQuery,
    _: Principal = READER,
    store: Store = STORE,
) -> dict[str, Any]:
    g = store.view().graph
    return shortest_path(g, from_, to, at)


@router.get("/export", summary="The whole graph or a part of it (accident, area, window) in a loader format",
            response_class=Response, responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})
def export(
    format: str = Query("json", description=" | ".join(FORMATS) + " (csv: a zip of one file per type)"),
    accident: str | None = Query(None, description="The evidence subgraph of this accident."),
    area: str | None = Query(None, description="What is placed in this area or under it, and the relations between them."),
    from_: Day | None = Query(None, alias="from", description="The window's first day: facts valid or dated on or after it."),
    to: Day | None = Query(None, description="The day after the window (half-open, like validity): facts valid or dated before it."),
    _: Principal = READER,
    store: Store = STORE,
) -> Response:
    """The same selection as ``safetykg export`` (``graph.selection``), closed so that it loads on its own."""
    if format not in FORMATS:
        raise InvalidData("unknown format", [Problem("/format", "format", f"one of {', '.join(FORMATS)}", "unknown-format")])
    body = export_bytes(store, format, Selection(accident, area, from_, to))  # type: ignore[arg-type]
    text = format not in ("json", "csv")
    headers = {"Content-Disposition": 'attachment; filename="export.zip"'} if format == "csv" else None
    return Response(body, media_type=MEDIA_TYPES[format] + ("; charset=utf-8" if text else ""), headers=headers)
