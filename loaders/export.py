"""Exports of a store, whole or a subgraph: facts JSON, JSON-LD, Turtle, N-Triples, GraphML, CSV.

Every format carries the whole of each fact, so loading an export into an empty store and
exporting again gives the same facts (RDF keeps no order, so multi-valued properties and
citations come back sorted).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Literal

import networkx as nx
from rdflib import Graph
from rdflib.namespace import ORG, PROV, SKOS

from graph.store import Store
from ontology.derive import jsonld_context
from ontology.errors import NotFound
from ontology.facts import Entity, Relation, document
from ontology.model import SKG, model

from .rdf_export import add_to_graph, ntriples

Format = Literal["json", "jsonld", "ttl", "nt", "graphml", "csv"]
FORMATS: tuple[str, ...] = ("json", "jsonld", "ttl", "nt", "graphml", "csv")
TEXT_FORMATS = FORMATS[:-1]
# Entity properties that date an entity, for time windows.
DATED = ("occurred_on", "date", "found_on")


@dataclass(frozen=True)
class Selection:
    """Which part of the graph to export; all given criteria apply (None: the whole graph)."""

    accident: str | None = None  # the trace's evidence subgraph of this accident
    area: str | None = None  # the area, the areas below it, and what belongs to them
    start: date | None = None  # relations valid at some time in [start, end)
    end: date | None = None

    @property
    def whole(self) -> bool:
        return self.accident is None and self.area is None and self.start is None and self.end is None


Facts = tuple[list[Entity], list[Relation]]


def select(store: Store, sel: Selection | None = None) -> Facts:
    """The facts a selection names, closed so that the export loads on its own: every
    relation's endpoints and every cited source document are included."""
    if sel is None or sel.whole:
        return list(store.entities()), list(store.relations())
    if sel.accident is not None:
        if store.get(sel.accident) is None:
            raise NotFound(f"no accident {sel.accident!r} in the store")
        sub = store.trace_context(sel.accident)
        ents, rels = dict(sub.entities), dict(sub.relations)
    else:
        ents = {e.id: e for e in store.entities()}
        rels = {r.id: r for r in store.relations()}
    if sel.area is not None:
        ents, rels = _area(ents, rels, sel.area)
    if sel.start is not None or sel.end is not None:
        ents, rels = _window(ents, rels, sel.start, sel.end)
    return _closed(store, ents, rels)


def _area(ents: dict[str, Entity], rels: dict[str, Relation], area: str) -> tuple[dict, dict]:
    """What belongs to an area: everything with a chain of relations into it (areas below it
    through partOf, sites, enterprises and organs there, their posts and holders, accidents,
    hazards and inspections of those sites...)."""
    if area not in ents or ents[area].type != "AdministrativeArea":
        raise NotFound(f"no administrative area {area!r} in the store")
    into: dict[str, list[Relation]] = {}
    for r in rels.values():
        into.setdefault(r.target_node, []).append(r)
    keep, todo = {area}, [area]
    while todo:
        node = todo.pop()
        for r in into.get(node, ()):
            if r.source not in keep:
                keep.add(r.source)
                todo.append(r.source)
    kept = {r.id: r for r in rels.values() if r.source in keep and (r.concept_scheme or r.target in keep)}
    return {i: e for i, e in ents.items() if i in keep}, kept


def _window(ents: dict[str, Entity], rels: dict[str, Relation], start: date | None, end: date | None) -> tuple[dict, dict]:
    """Relations valid at some time in ``[start, end)`` and dated entities in it."""
    def dated_in(e: Entity) -> bool:
        for key in DATED:
            if key in e.props:
                day = date.fromisoformat(e.props[key])
                return (start is None or start <= day) and (end is None or day < end)
        return True

    keep_ents = {i: e for i, e in ents.items() if dated_in(e)}

    def valid(r: Relation) -> bool:
        if not model().relations[r.type].temporal:
            return r.source in keep_ents and (r.concept_scheme is not None or r.target in keep_ents)
        return (end is None or r.valid_from is None or r.valid_from < end) and (
            start is None or r.valid_to is None or r.valid_to > start
        )

    kept = {i: r for i, r in rels.items() if valid(r)}
    used = {r.source for r in kept.values()} | {r.target for r in kept.values() if not r.concept_scheme}
    dated = {i for i, e in keep_ents.items() if any(k in e.props for k in DATED)}
    return {i: e for i, e in keep_ents.items() if i in used or i in dated}, kept


def _closed(store: Store, ents: dict[str, Entity], rels: dict[str, Relation]) -> Facts:
    ends = {r.source for r in rels.values()} | {r.target for r in rels.values() if not r.concept_scheme}
    tried: set[str] = set()
    while True:  # a source document fetched here may itself cite another
        cited = {s.source for f in list(ents.values()) + list(rels.values()) for s in f.sources}
        missing = (ends | cited) - set(ents) - tried
        if not missing:
            break
        tried |= missing
        for i in sorted(missing):
            fact = store.get(i)
            if isinstance(fact, Entity):
                ents[i] = fact
    return sorted(ents.values(), key=lambda e: e.id), sorted(rels.values(), key=lambda r: r.id)


def facts_document(store: Store, sel: Selection | None = None) -> dict[str, Any]:
    return document(*select(store, sel))


def rdf_graph(entities: Iterable[Entity], relations: Iterable[Relation]) -> Graph:
    """Facts as an rdflib graph: the triples their JSON-LD gives, plus a direct triple for
    each relation so that SPARQL can walk edges without the reification
    (``loaders.rdf_export``, made directly rather than by parsing JSON-LD)."""
    g = Graph()
    for prefix, ns in (("skg", SKG), ("org", ORG), ("prov", PROV), ("skos", SKOS)):
        g.bind(prefix, ns)
    return add_to_graph(g, entities, relations)


def to_rdf(store: Store, sel: Selection | None = None) -> Graph:
    return rdf_graph(*select(store, sel))


def graphml(entities: Iterable[Entity], relations: Iterable[Relation]) -> str:
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for e in entities:
        g.add_node(e.id, type=e.type, name=e.name.get("zh") or e.name.get("en", ""), facts=json.dumps(e.as_json(), ensure_ascii=False))
    for r in relations:
        g.add_edge(
            r.source, r.target_node, key=r.id, type=r.type,
            valid_from=r.valid_from.isoformat() if r.valid_from else "",
            valid_to=r.valid_to.isoformat() if r.valid_to else "",
            facts=json.dumps(r.as_json(), ensure_ascii=False),
        )
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_graphml(store: Store, sel: Selection | None = None) -> str:
    return graphml(*select(store, sel))


def export(store: Store, fmt: Format, sel: Selection | None = None) -> str:
    """A text export (every format but CSV, which is several files: see :func:`export_to`)."""
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"{fmt!r} is not a one-file text format; one of {', '.join(TEXT_FORMATS)}")
    entities, relations = select(store, sel)
    if fmt in ("json", "jsonld"):
        doc = document(entities, relations)
        if fmt == "jsonld":
            doc["@context"] = jsonld_context()["@context"]
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if fmt == "ttl":
        return rdf_graph(entities, relations).serialize(format="turtle")
    if fmt == "nt":
        return "".join(ntriples(entities, relations))
    return graphml(entities, relations)


def export_to(store: Store, fmt: Format, output: Path, sel: Selection | None = None) -> Path:
    """Write an export to a file; CSV goes to a zip (``*.zip``) or a folder of per-type files."""
    if fmt == "nt":  # streamed
        with output.open("w", encoding="utf-8", newline="\n") as f:
            f.writelines(ntriples(*select(store, sel)))
        return output
    if fmt != "csv":
        output.write_text(export(store, fmt, sel), encoding="utf-8")
        return output
    from .csv_format import csv_files, write_zip

    files = csv_files(*select(store, sel))
    if output.suffix.lower() == ".zip":
        output.write_bytes(write_zip(files))
    else:
        output.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (output / name).write_text(text, encoding="utf-8")
    return output
