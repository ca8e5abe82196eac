"""Exports of a store, whole or a part of it (``graph.selection``): facts JSON, JSON-LD, Turtle,
N-Triples, GraphML, CSV.

Every format carries the whole of each fact, so loading an export into an empty store and
exporting again gives the same facts (RDF keeps no order, so multi-valued properties and
citations come back sorted).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Iterable, Literal

import networkx as nx
from rdflib import Graph
from rdflib.namespace import ORG, PROV, SKOS

from graph.selection import Selection, select
from graph.store import Store
from ontology.derive import jsonld_context
from ontology.facts import Entity, Relation, document
from ontology.model import SKG

from .rdf_export import add_to_graph, ntriples

Format = Literal["json", "jsonld", "ttl", "nt", "graphml", "csv"]
FORMATS: tuple[str, ...] = ("json", "jsonld", "ttl", "nt", "graphml", "csv")
TEXT_FORMATS = FORMATS[:-1]
# What each format is sent as over HTTP (CSV: a zip of one file per type).
MEDIA_TYPES = {"json": "application/json", "jsonld": "application/ld+json", "ttl": "text/turtle",
               "nt": "application/n-triples", "graphml": "application/graphml+xml", "csv": "application/zip"}


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


def export_bytes(store: Store, fmt: Format, sel: Selection | None = None) -> bytes:
    """An export as the bytes of one file (CSV: the zip of its files), as sent over HTTP."""
    if fmt == "csv":
        from .csv_format import csv_files, write_zip

        return write_zip(csv_files(*select(store, sel)))
    return export(store, fmt, sel).encode("utf-8")


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
