"""Exports of a store: the facts document (JSON), JSON-LD, Turtle and GraphML."""

from __future__ import annotations

import io
import json
from typing import Any, Literal

import networkx as nx
import orjson
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV, RDF, SKOS

from graph.store import Store
from ontology.derive import jsonld_context
from ontology.facts import document
from ontology.model import SKG

Format = Literal["json", "jsonld", "ttl", "graphml"]
FORMATS: tuple[str, ...] = ("json", "jsonld", "ttl", "graphml")


def facts_document(store: Store) -> dict[str, Any]:
    return document(store.entities(), store.relations())


def to_rdf(store: Store) -> Graph:
    """The store as RDF: the facts document read through its JSON-LD context, plus a direct
    triple for each relation so that SPARQL can walk edges without the reification."""
    doc = facts_document(store)
    doc["@context"] = jsonld_context()["@context"]
    g = Graph()
    g.parse(data=orjson.dumps(doc), format="json-ld")
    for prefix, ns in (("skg", SKG), ("org", ORG), ("prov", PROV), ("skos", SKOS)):
        g.bind(prefix, ns)
    for rel in g.subjects(RDF.subject, None):
        s, o = g.value(rel, RDF.subject), g.value(rel, RDF.object)
        for t in g.objects(rel, RDF.type):
            if isinstance(t, URIRef) and s is not None and o is not None:
                g.add((s, t, o))
    return g


def to_graphml(store: Store) -> str:
    g = nx.MultiDiGraph()
    for e in store.entities():
        g.add_node(e.id, type=e.type, name=e.name.get("zh") or e.name.get("en", ""), facts=json.dumps(e.as_json(), ensure_ascii=False))
    for r in store.relations():
        g.add_edge(
            r.source, r.target_node, key=r.id, type=r.type,
            valid_from=r.valid_from.isoformat() if r.valid_from else "",
            valid_to=r.valid_to.isoformat() if r.valid_to else "",
            facts=json.dumps(r.as_json(), ensure_ascii=False),
        )
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def export(store: Store, fmt: Format) -> str:
    if fmt == "json":
        return json.dumps(facts_document(store), ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonld":
        doc = facts_document(store)
        doc["@context"] = jsonld_context()["@context"]
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if fmt == "ttl":
        return to_rdf(store).serialize(format="turtle")
    if fmt == "graphml":
        return to_graphml(store)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
