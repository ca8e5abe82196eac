"""Finding entities: by type, name (Chinese or English, partial), area and date."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterable, Sequence

import networkx as nx
import orjson

from ontology.errors import InvalidData, Problem
from ontology.facts import Entity
from ontology.grading import grade
from ontology.model import model

from .factgraph import alive, entity, out_rels

# Relations followed "upward" from any entity to the administrative areas it belongs to.
UPWARD = (
    "occurredAt", "hazardAt", "inspected", "holds", "postIn", "subunitOf",
    "locatedIn", "domicile", "jurisdiction", "partOf",
)


def areas_of(g: nx.MultiDiGraph, ident: str, at: date | None = None) -> list[str]:
    """Every administrative area an entity lies in or answers for, nearest first."""
    out: list[str] = []
    seen = {ident}
    frontier = [ident]
    while frontier:
        nxt = []
        for node in frontier:
            e = entity(g, node)
            if e is not None and e.type == "AdministrativeArea" and node not in out:
                out.append(node)
            for rel in out_rels(g, node, UPWARD, at):
                if rel.target not in seen:
                    seen.add(rel.target)
                    nxt.append(rel.target)
        frontier = nxt
    return out


def matches_name(e: Entity, q: str) -> bool:
    """Partial, case-insensitive match on the Chinese and English names, aliases and id."""
    needle = q.casefold().strip()
    if not needle:
        return True
    texts = [e.id, *e.name.values()]
    for alias in e.props.get("aliases", []) or []:
        texts += alias.values() if isinstance(alias, dict) else [str(alias)]
    return any(needle in str(t).casefold() for t in texts)


def search_entities(
    g: nx.MultiDiGraph, type_name: str | None = None, q: str | None = None, area: str | None = None, at: date | None = None
) -> list[Entity]:
    """Entities of a type (subtypes included), matching a name, in an area, existing on a date; in id order."""
    m = model()
    out = []
    for node in sorted(n for n, d in g.nodes(data=True) if "fact" in d):
        e: Entity = g.nodes[node]["fact"]
        if type_name and not m.is_a(e.type, type_name):
            continue
        if q and not matches_name(e, q):
            continue
        if at and not alive(e, at):
            continue
        if area and area not in areas_of(g, node, at):
            continue
        out.append(e)
    return out


def accident_summary(g: nx.MultiDiGraph, e: Entity) -> dict[str, Any]:
    """One row of an accident list: id, names, date, grade and the areas of its site."""
    p = e.props
    areas = areas_of(g, e.id)
    return {
        "id": e.id,
        "type": e.type,
        "name": e.name.get("zh") or e.name.get("en") or e.id,
        "name_en": e.name.get("en"),
        "names": e.name,
        "date": p["occurred_on"],
        "grade": grade(p["deaths"], p.get("serious_injuries") or 0, p["direct_loss_cny"]).code,
        "area": areas[0] if areas else None,
        "areas": areas,
        "industry": p.get("industry"),
        "accident_type": p.get("accident_type"),
        "deaths": p["deaths"],
        "serious_injuries": p.get("serious_injuries"),
        "direct_loss_cny": p["direct_loss_cny"],
    }


def list_accidents(
    g: nx.MultiDiGraph, q: str | None = None, area: str | None = None, start: date | None = None,
    end: date | None = None, grade_code: str | None = None,
) -> list[dict[str, Any]]:
    """Accidents matching the filters, newest first (``start``/``end`` inclusive)."""
    rows = []
    for e in search_entities(g, "Accident", q, area):
        day = date.fromisoformat(e.props["occurred_on"])
        if (start and day < start) or (end and day > end):
            continue
        row = accident_summary(g, e)
        if grade_code and row["grade"] != grade_code:
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: (_desc(r["date"]), r["id"]))


def _desc(iso: str) -> str:
    """An ISO date that sorts newest first."""
    return iso.translate(str.maketrans("0123456789", "9876543210"))


# --- cursor pagination ----------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def paginate(items: Sequence[Any], key: Callable[[Any], Sequence[str]], cursor: str | None, limit: int) -> Page:
    """Items after the cursor (items are already sorted by ``key``); the cursor is opaque to clients."""
    start = 0
    if cursor:
        after = tuple(decode_cursor(cursor))
        start = next((i for i, it in enumerate(items) if tuple(key(it)) > after), len(items))
    chunk = list(items[start : start + limit])
    more = start + limit < len(items)
    return Page(chunk, encode_cursor(key(chunk[-1])) if more and chunk else None)


def encode_cursor(key: Iterable[str]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(key))).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[str]:
    try:
        value = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    except (ValueError, orjson.JSONDecodeError):
        pass
    raise InvalidData("bad cursor", [Problem("/cursor", "cursor", "not a cursor this API returned", "bad-cursor")])


def accident_key(row: dict[str, Any]) -> tuple[str, str]:
    """The order of accident lists (newest first, then id), as a cursor key."""
    return (_desc(row["date"]), row["id"])
