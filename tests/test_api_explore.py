"""Exploring the graph over HTTP: neighbourhoods, responsibility paths, subgraph exports."""

from __future__ import annotations

import io
import json

import networkx as nx
import rdflib

from apikit import is_problem
from conftest import DEMO_ACCIDENT
from ontology.validation import validate


def test_the_neighbourhood_of_an_enterprise(demo_api):
    n = demo_api.get("/v1/entities/ent/hengfa/neighbourhood").json()
    ids = {e["id"] for e in n["entities"]}
    assert {"ent/hengfa", "site/hengfa-pit", "ent/qingya-energy", "post/hengfa-gm", "area/songtai"} <= ids
    assert "person/sun-hao" not in ids  # two hops away, through his post
    for r in n["relations"]:
        assert "ent/hengfa" in (r["from"], r["to"]) or r["type"] in ("supervisesIndustry",)


def test_depth_two_reaches_the_people_through_their_posts(demo_api):
    ids = {e["id"] for e in demo_api.get("/v1/entities/ent/hengfa/neighbourhood", depth=2).json()["entities"]}
    assert {"person/sun-hao", "person/zhao-lijun"} <= ids


def test_filters_by_relation_kind_entity_type_and_date(demo_api):
    ops = demo_api.get("/v1/entities/ent/hengfa/neighbourhood", relation_types="operates").json()
    assert [r["id"] for r in ops["relations"]] == ["rel/hengfa-operates-pit"]
    assert {e["id"] for e in ops["entities"]} == {"ent/hengfa", "site/hengfa-pit"}
    posts = demo_api.get("/v1/entities/ent/hengfa/neighbourhood", entity_types="Post").json()
    assert {e["type"] for e in posts["entities"] if e["id"] != "ent/hengfa"} == {"Post"}
    before = demo_api.get("/v1/entities/post/hengfa-gm/neighbourhood", relation_types="holds", at="2024-08-01").json()
    after = demo_api.get("/v1/entities/post/hengfa-gm/neighbourhood", relation_types="holds", at="2024-09-18").json()
    assert "person/zhao-lijun" in {e["id"] for e in before["entities"]} - {e["id"] for e in after["entities"]}
    assert "person/sun-hao" in {e["id"] for e in after["entities"]} - {e["id"] for e in before["entities"]}


def test_bad_neighbourhood_questions(demo_api):
    assert is_problem(demo_api.get("/v1/entities/ent/hengfa/neighbourhood", relation_types="likes"), 422)["errors"][0]["pointer"] == "/relation_types"
    assert is_problem(demo_api.get("/v1/entities/ent/hengfa/neighbourhood", entity_types="Alien"), 422)["errors"][0]["pointer"] == "/entity_types"
    assert is_problem(demo_api.get("/v1/entities/ent/hengfa/neighbourhood", depth=9), 422)["errors"][0]["pointer"] == "/depth"
    is_problem(demo_api.get("/v1/entities/ent/none/neighbourhood"), 404)


def _undirected(doc: dict) -> nx.Graph:
    g = nx.Graph()
    for r in doc["relations"]:
        g.add_edge(r["from"], r["to"])
    return g


def test_the_shortest_responsibility_path_is_a_chain_of_facts(demo_api, demo_doc):
    p = demo_api.get("/v1/paths", from_="person/sun-hao", to="gov/songtai").json()
    assert p["found"] and p["entities"][0]["id"] == "person/sun-hao" and p["entities"][-1]["id"] == "gov/songtai"
    nodes = [e["id"] for e in p["entities"]]
    for (a, b), rel in zip(zip(nodes, nodes[1:]), p["relations"]):
        assert {rel["from"], rel["to"]} == {a, b}
    # no shorter chain exists through the same kinds of relation
    kinds = {r["type"] for r in p["relations"]}
    assert kinds <= {"holds", "postIn", "domicile", "jurisdiction", "operates", "locatedIn", "partOf", "subunitOf"}
    assert p["length"] == len(p["relations"]) == 4


def test_a_path_on_a_date_uses_the_tenures_of_that_date(demo_api):
    p = demo_api.get("/v1/paths", from_="person/sun-hao", to="ent/hengfa", at="2024-08-01").json()
    assert p["length"] != 2  # he was not yet general manager
    q = demo_api.get("/v1/paths", from_="person/sun-hao", to="ent/hengfa", at="2024-09-18").json()
    assert q["length"] == 2 and [r["type"] for r in q["relations"]] == ["holds", "postIn"]


def test_no_path_and_unknown_ends(demo_api):
    demo_api.send("PUT", "/v1/facts/person/hermit", {"type": "Person", "name": {"en": "Hermit"}})
    p = demo_api.get("/v1/paths", from_="person/hermit", to="gov/songtai").json()
    assert p["found"] is False and p["relations"] == []
    is_problem(demo_api.get("/v1/paths", from_="person/none", to="gov/songtai"), 404)
    assert is_problem(demo_api.get("/v1/paths", from_="person/sun-hao"), 422)["errors"][0]["pointer"] == "/to"


def test_the_accident_subgraph_exports_as_turtle(demo_api):
    r = demo_api.get("/v1/export", format="ttl", accident=DEMO_ACCIDENT)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    subjects = {str(s) for s in g.subjects()}
    assert any(s.endswith(DEMO_ACCIDENT) for s in subjects) and any(s.endswith("person/sun-hao") for s in subjects)


def test_an_area_exports_as_a_facts_document_that_validates(demo_api):
    doc = demo_api.get("/v1/export", format="json", area="area/xiaba").json()
    ids = {e["id"] for e in doc["entities"]}
    assert {"gov/xiaba", "site/hengfa-pit"} <= ids and "gov/songtai" not in ids
    batch = validate(doc)  # a loader reads it back
    assert len(batch.entities) == len(doc["entities"]) and all(r["from"] in ids for r in doc["relations"])


def test_a_window_exports_the_relations_valid_in_it_as_graphml(demo_api):
    r = demo_api.get("/v1/export", format="graphml", from_="2024-01-01", to="2024-08-27")
    g = nx.read_graphml(io.BytesIO(r.content))
    edges = {json.loads(d["facts"])["id"] for _, _, d in g.edges(data=True)}
    assert "ten/zhao-lijun-gm" in edges and "ten/sun-hao-gm" not in edges


def test_the_whole_graph_exports_as_json_ld(demo_api, demo_doc):
    r = demo_api.get("/v1/export", format="jsonld")
    assert r.headers["content-type"].startswith("application/ld+json")
    doc = json.loads(r.text)
    assert len(doc["entities"]) == len(demo_doc["entities"]) and isinstance(doc["@context"], dict)


def test_export_refuses_an_unknown_format_or_accident(demo_api):
    assert is_problem(demo_api.get("/v1/export", format="xlsx"), 422)["errors"][0]["pointer"] == "/format"
    is_problem(demo_api.get("/v1/export", accident="acc/none"), 404)
    is_problem(demo_api.get("/v1/export", area="area/none"), 404)
