"""Exploration: neighbourhood, shortest responsibility path, subgraph export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from graph.explore import FactSet, select, shortest_path
from graph.explore import neighbourhood as run_neighbourhood
from graph.store import Store
from graph.view import view
from loaders.export import FORMATS
from loaders.export import export as run_export
from ontology.errors import InvalidData, Problem
from ontology.model import model

from ..auth import Principal
from . import READER, STORE, AtQuery, Day

router = APIRouter(tags=["explore"])
MEDIA = {"json": "application/json", "jsonld": "application/ld+json", "ttl": "text/turtle", "graphml": "application/graphml+xml"}


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
    with view(store) as g:
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
    with view(store) as g:
        return shortest_path(g, from_, to, at)


@router.get("/export", summary="A subgraph (or the whole graph) in a loader format: json, jsonld, ttl, graphml",
            response_class=Response, responses={200: {"content": {t: {} for t in MEDIA.values()}}})
def export(
    format: str = Query("json", description="json | jsonld | ttl | graphml"),
    accident: str | None = Query(None, description="The evidence subgraph of this accident."),
    area: str | None = Query(None, description="Entities in this area and the relations between them."),
    from_: Day | None = Query(None, alias="from", description="Relations valid on or after this day."),
    to: Day | None = Query(None, description="Relations valid on or before this day."),
    _: Principal = READER,
    store: Store = STORE,
) -> Response:
    if format not in FORMATS:
        raise InvalidData("unknown format", [Problem("/format", "format", f"one of {', '.join(FORMATS)}", "unknown-format")])
    with view(store) as g:
        ents, rels = select(g, store, accident, area, from_, to)
    text = run_export(FactSet(ents, rels), format)  # type: ignore[arg-type]
    return Response(text, media_type=MEDIA[format] + ("; charset=utf-8" if format != "json" else ""))
