"""The direct RDF export (``loaders/rdf_export.py``) gives the same graph as reading the facts
document through its JSON-LD context, for every format and engine that uses it."""

from __future__ import annotations

import itertools

import orjson
import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF

from bench.generate import chunks
from factgen import documents
from graph.embedded import EmbeddedStore
from loaders.export import export, rdf_graph
from loaders.rdf_export import add_to_graph, iri_of, ntriples, ntriples_stream
from ontology.derive import jsonld_context
from ontology.facts import Entity, Relation, SourceRef, document
from ontology.model import model
from ontology.validation import validate


def through_jsonld(entities, relations) -> Graph:
    """The RDF export as it was first written: the facts document parsed as JSON-LD, plus a
    direct triple per reified relation. The direct export must give this graph."""
    doc = document(entities, relations)
    doc["@context"] = jsonld_context()["@context"]
    g = Graph()
    g.parse(data=orjson.dumps(doc), format="json-ld")
    for rel in list(g.subjects(RDF.subject, None)):
        s, o = g.value(rel, RDF.subject), g.value(rel, RDF.object)
        for t in g.objects(rel, RDF.type):
            if isinstance(t, URIRef):
                g.add((s, t, o))
    return g


def assert_same(expected: Graph, got: Graph) -> None:
    if not isomorphic(expected, got):
        _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        raise AssertionError(f"graphs differ: only in JSON-LD {sorted(only_expected)[:5]}, only direct {sorted(only_got)[:5]}")
    assert len(expected) == len(got)


def through_oxigraph(source) -> Graph:
    """What pyoxigraph holds after loading N-Triples (it stores some datatypes in canonical
    form, e.g. xsd:nonNegativeInteger as xsd:integer), read back as an rdflib graph."""
    ox = pyoxigraph.Store()
    ox.bulk_load(source, pyoxigraph.RdfFormat.N_TRIPLES)
    dumped = ox.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return Graph().parse(data=dumped, format="nt")


def every_way(entities, relations) -> dict[str, tuple[Graph, Graph]]:
    """(expected, got) for each way the direct export is used."""
    expected = through_jsonld(entities, relations)
    return {
        "rdflib terms": (expected, add_to_graph(Graph(), entities, relations)),
        # rdflib reads typed literals in canonical form (a decimal written 1e-05 reads 0.00001)
        "N-Triples": (Graph().parse(data=expected.serialize(format="nt"), format="nt"),
                      Graph().parse(data="".join(ntriples(entities, relations, lines_per_chunk=7)), format="nt")),
        "pyoxigraph": (through_oxigraph(expected.serialize(format="nt", encoding="utf-8")),
                       through_oxigraph(ntriples_stream(entities, relations))),
    }


def assert_same_every_way(entities, relations) -> None:
    for way, (expected, got) in every_way(entities, relations).items():
        try:
            assert_same(expected, got)
        except AssertionError as exc:
            raise AssertionError(f"{way}: {exc}") from None


def test_the_demo_is_the_same_graph_every_way(demo_doc):
    batch = validate(demo_doc)
    assert_same_every_way(batch.entities, batch.relations)


def test_a_generated_county_is_the_same_graph_every_way():
    docs = list(itertools.islice(chunks("small", 7), 3))
    batch = validate({"safetykg": "1.0", "entities": [e for d in docs for e in d["entities"]],
                      "relations": [r for d in docs for r in d["relations"]]})
    ents, rels = batch.entities, batch.relations
    assert len(ents) + len(rels) > 1500
    assert_same_every_way(ents, rels)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_are_the_same_graph_every_way(doc):
    batch = validate(doc)
    assert_same_every_way(batch.entities, batch.relations)


def test_every_code_of_every_concept_property_and_relation_is_the_same_iri():
    """Codes as vocabulary IRIs, for every scheme the ontology has (not only the codes drawn)."""
    m = model()
    ents, rels = [Entity("doc/a", "SourceDocument", {"name": {"en": "A"}})], []
    for tname, t in sorted(m.types.items()):
        for key, p in t.properties.items():
            if p.datatype == "concept" and not t.abstract:
                for scheme in p.schemes:
                    for code in m.schemes[scheme]:
                        value = [code] if p.multiple else code
                        ents.append(Entity(f"x/{tname}/{key}/{scheme}/{code}", tname, {key: value}))
    for rname, r in sorted(m.relations.items()):
        for scheme in r.schemes:
            for code in m.schemes[scheme]:
                rels.append(Relation(f"r/{rname}/{scheme}/{code}", rname, "doc/a", code, concept_scheme=scheme))
    assert len(ents) > 100 and len(rels) > 50
    assert_same_every_way(ents, rels)


def test_odd_ids_citations_and_text_escape_the_same_way():
    ents = [
        Entity("doc/1", "SourceDocument", {"name": {"zh": '引号"与\\反斜杠', "en": "line\nbreak\r\ttab\x00\x1f\u2028end"}}),
        Entity("skg:odd", "Person", {"name": {"en": "a compact IRI"}}, (SourceRef("doc/1"),)),
        Entity("x:y/z", "Person", {"name": {"zh-Hans": "绝对 IRI"}}, (SourceRef("doc/1", "said \"so\"", "p. 3"),)),
        Entity("a/./b/../c", "Person", {"name": {"en": "dot segments"}}, (SourceRef("doc/1", locator="§2"),)),
    ]
    rels = [Relation("rel/1", "holds", "skg:odd", "x:y/z", sources=(SourceRef("doc/1", "q"),))]
    assert URIRef(iri_of("a/./b/../c")) in set(through_jsonld(ents, rels).subjects())
    assert_same_every_way(ents, rels)


def test_an_empty_export_is_the_document_node_alone():
    assert len(through_jsonld([], [])) == 1
    assert_same_every_way([], [])


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_the_text_exports_of_a_store_are_the_json_ld_graph(tmp_path, demo_doc, fmt):
    store = EmbeddedStore(tmp_path / "s.db")
    store.upsert(validate(demo_doc))
    expected = through_jsonld(list(store.entities()), list(store.relations()))
    rdf_format = {"ttl": "turtle", "nt": "nt"}[fmt]
    text = export(store, fmt)  # type: ignore[arg-type]
    assert_same(Graph().parse(data=expected.serialize(format=rdf_format), format=rdf_format), Graph().parse(data=text, format=rdf_format))
    assert_same(expected, rdf_graph(store.entities(), store.relations()))
    store.close()
