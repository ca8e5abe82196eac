"""The API gives the same answers on both backends for the same data: search, timeline,
neighbourhood, paths, hazards, analytics and centrality."""

from __future__ import annotations

import pytest

from api.app import create_app
from apikit import ApiClient
from conftest import DEMO_ACCIDENT, _neo4j_uri
from graph.embedded import EmbeddedStore
from graph.store import open_store
from world import county_world

QUESTIONS = [
    ("/v1/entities", {"q": "松台", "limit": 1000}),
    ("/v1/entities", {"type": "Organization", "area": "area/mingsha", "at": "2024-09-18", "limit": 1000}),
    ("/v1/accidents", {}),
    (f"/v1/accidents/{DEMO_ACCIDENT}/trace", {"at": "2024-08-27"}),
    (f"/v1/accidents/{DEMO_ACCIDENT}/timeline", {}),
    (f"/v1/accidents/{DEMO_ACCIDENT}/grade", {}),
    ("/v1/entities/person/sun-hao/responsibilities", {"at": "2024-09-18"}),
    ("/v1/hazards", {"area": "area/songtai", "at": "2024-09-18"}),
    ("/v1/entities/gov/songtai/neighbourhood", {"depth": 2, "at": "2024-09-18"}),
    ("/v1/paths", {"from": "person/he-gang", "to": "gov/qingya"}),
    ("/v1/paths", {"from": "person/sun-hao", "to": "dept/nmsa", "at": "2024-09-18"}),
    ("/v1/export", {"format": "json", "area": "area/xiaba"}),
    ("/v1/analytics/accidents", {}),
    ("/v1/analytics/enterprises", {"min_accidents": 1, "at": "2024-09-18"}),
    ("/v1/analytics/persons", {"min_accidents": 1}),
    ("/v1/analytics/centrality", {"algorithm": "betweenness"}),
    ("/v1/analytics/centrality", {"algorithm": "closeness", "at": "2024-01-01"}),
]


@pytest.fixture
def both(tmp_path, request):
    request.applymarker(pytest.mark.neo4j)
    neo = open_store(_neo4j_uri())
    neo.wipe()  # type: ignore[attr-defined]
    emb = EmbeddedStore(tmp_path / "store.db")
    clients = [ApiClient(create_app(s, tmp_path / f"{s.backend}.api.db")) for s in (emb, neo)]
    yield clients
    for c in clients:
        c.http.close()
    emb.close()
    neo.close()


def test_the_demo_gives_the_same_answers_on_both_backends(both, demo_doc):
    for c in both:
        c.load(demo_doc)
    for path, params in QUESTIONS:
        emb, neo = (c.http.get(path, params=params, headers=c.headers("reader")) for c in both)
        assert emb.status_code == neo.status_code == 200, (path, emb.text[:300], neo.text[:300])
        assert emb.content == neo.content, path


def test_a_world_of_several_accidents_gives_the_same_analytics(both):
    w = county_world()
    for i, day in enumerate(["2024-06-01", "2024-08-15", "2024-11-20"]):
        w.accident(f"acc/larger-{i}", "site/mine", day, deaths=3)
    for c in both:
        c.load(w.doc())
    for path in ("/v1/analytics/accidents", "/v1/analytics/enterprises", "/v1/analytics/persons", "/v1/analytics/centrality"):
        emb, neo = (c.get(path).json() for c in both)
        assert emb == neo, path
    assert both[0].get("/v1/analytics/accidents").json()["interview_triggers"]


def test_the_graph_view_follows_writes_and_deletes(api, demo_doc):
    """Whole-graph questions see each write and delete (Neo4j keeps a view it advances by what changed)."""
    api.load(demo_doc)
    assert api.get("/v1/entities", q="Clerk Wu").json()["items"] == []
    api.send("PUT", "/v1/facts/person/clerk-wu", {"type": "Person", "name": {"en": "Clerk Wu"}})
    api.send("PUT", "/v1/facts/ten/clerk-wu-gm", {"type": "holds", "from": "person/clerk-wu", "to": "post/hengfa-gm",
                                                  "valid_from": "2024-10-01"})
    assert [e["id"] for e in api.get("/v1/entities", q="Clerk Wu").json()["items"]] == ["person/clerk-wu"]
    ids = {e["id"] for e in api.get("/v1/entities/post/hengfa-gm/neighbourhood", relation_types="holds").json()["entities"]}
    assert "person/clerk-wu" in ids
    api.send("PATCH", "/v1/facts/person/clerk-wu", {"name": {"en": "Clerk Wu Renamed"}})
    assert [e["id"] for e in api.get("/v1/entities", q="Renamed").json()["items"]] == ["person/clerk-wu"]
    api.send("DELETE", "/v1/facts/ten/clerk-wu-gm", b"", role="admin")
    api.send("DELETE", "/v1/facts/person/clerk-wu", b"", role="admin")
    assert api.get("/v1/entities", q="Clerk Wu").json()["items"] == []
    ids = {e["id"] for e in api.get("/v1/entities/post/hengfa-gm/neighbourhood", relation_types="holds").json()["entities"]}
    assert "person/clerk-wu" not in ids and "person/sun-hao" in ids
