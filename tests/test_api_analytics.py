"""Analytics over HTTP: which governments meet an interview trigger, repeat offenders,
persons named across accidents, and the organisations central to the responsibility network."""

from __future__ import annotations

import pytest

from apikit import is_problem
from world import county_world


def _three_larger_accidents():
    """The county world's mine has three larger accidents (3 deaths each) within six months of 2024."""
    w = county_world()
    for i, day in enumerate(["2024-06-01", "2024-08-15", "2024-11-20"]):
        w.accident(f"acc/larger-{i}", "site/mine", day, deaths=3)
    return w


def test_three_larger_accidents_in_six_months_call_the_municipal_head_to_an_interview(api):
    api.load(_three_larger_accidents().doc())
    body = api.get("/v1/analytics/accidents", from_="2024-01-01", to="2024-12-31").json()
    by_area = {a["area"]: a for a in body["areas"]}
    assert by_area["area/pref"]["larger"] == 3 and by_area["area/pref"]["general"] == 1 and by_area["area/pref"]["total"] == 4
    assert by_area["area/town"]["deaths"] == 10
    triggers = [(t["area"], t["interviewee"]) for t in body["interview_triggers"]]
    assert triggers == [("area/pref", "municipal government principal")]
    t = body["interview_triggers"][0]
    assert t["accidents"] == ["acc/larger-0", "acc/larger-1", "acc/larger-2"] and t["governments"] == ["gov/area/pref"]


def test_a_window_that_holds_two_of_them_triggers_nothing(api):
    api.load(_three_larger_accidents().doc())
    body = api.get("/v1/analytics/accidents", from_="2024-07-01", to="2024-12-31").json()
    assert body["interview_triggers"] == []
    assert {a["area"]: a["larger"] for a in body["areas"]}["area/pref"] == 2


def test_three_larger_accidents_spread_over_more_than_six_months_trigger_nothing(api):
    w = county_world()
    for i, day in enumerate(["2023-01-01", "2023-08-01", "2024-03-01"]):
        w.accident(f"acc/larger-{i}", "site/mine", day, deaths=3)
    api.load(w.doc())
    assert api.get("/v1/analytics/accidents").json()["interview_triggers"] == []


def test_an_especially_serious_accident_calls_the_provincial_head(api):
    w = county_world()
    w.accident("acc/disaster", "site/mine", "2024-07-01", deaths=31)
    api.load(w.doc())
    triggers = {(t["area"], t["interviewee"]) for t in api.get("/v1/analytics/accidents").json()["interview_triggers"]}
    assert ("area/prov", "provincial government principal") in triggers
    assert ("area/pref", "municipal government principal") in triggers  # at least major, in the prefecture


def test_the_operator_with_repeated_accidents_and_its_overdue_major_hazard(api):
    w = _three_larger_accidents()
    w.entity("hz/late", "Hazard", hazard_grade="major", hazard_category="unsafe_condition", found_on="2024-02-01", deadline="2024-03-01")
    w.rel("hazardAt", "hz/late", "site/mine")
    w.entity("ent/clean-co", "Enterprise", industry="coal_mining")
    api.load(w.doc())
    items = api.get("/v1/analytics/enterprises", from_="2024-01-01", to="2024-12-31").json()["items"]
    assert [e["id"] for e in items] == ["ent/mine-co"]
    mine = items[0]
    assert mine["repeated"] and len(mine["accidents"]) == 4 and mine["overdue_major_hazards"] == ["hz/late"]
    only_late = api.get("/v1/analytics/enterprises", min_accidents=10, at="2024-04-01").json()["items"]
    assert [(e["id"], e["repeated"]) for e in only_late] == [("ent/mine-co", False)]
    assert api.get("/v1/analytics/enterprises", min_accidents=10, at="2024-02-15").json()["items"] == []  # not yet overdue


def test_persons_and_posts_named_across_accidents(api):
    api.load(_three_larger_accidents().doc())
    body = api.get("/v1/analytics/persons", min_accidents=3).json()
    persons = {p["id"]: p for p in body["persons"]}
    # the new general manager answered for the three larger accidents; the old one only for none of them
    assert "person/new-gm" in persons and "person/old-gm" not in persons
    assert set(persons["person/new-gm"]["accidents"]) >= {"acc/larger-0", "acc/larger-1", "acc/larger-2"}
    assert {f["rule"] for f in persons["person/new-gm"]["findings"]} >= {"operator-principal"}
    assert "post/mine-co/gm" in {p["id"] for p in body["posts"]}
    assert api.get("/v1/analytics/persons", min_accidents=99).json() == {"persons": [], "posts": []}


@pytest.mark.parametrize("algorithm", ["betweenness", "degree", "closeness", "harmonic"])
def test_organisations_ranked_by_centrality(demo_api, algorithm):
    body = demo_api.get("/v1/analytics/centrality", algorithm=algorithm, limit=10).json()
    items = body["items"]
    assert body["algorithm"] == algorithm and 0 < len(items) <= 10
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert [i["rank"] for i in items] == list(range(1, len(items) + 1))
    assert {i["type"] for i in items} <= {"Government", "PartyCommittee", "Department", "Enterprise", "SafetyCommittee", "SafetyCommitteeOffice"}


def test_the_operator_is_the_broker_of_the_demo_network(demo_api):
    top = demo_api.get("/v1/analytics/centrality", algorithm="betweenness", limit=1).json()["items"][0]
    assert top["id"] == "ent/hengfa"  # it links the site, its parent, its contractor, its hazards and its county


def test_centrality_refuses_an_unknown_algorithm(demo_api):
    assert is_problem(demo_api.get("/v1/analytics/centrality", algorithm="magic"), 422)["errors"][0]["pointer"] == "/algorithm"


def test_every_accident_that_meets_a_trigger_is_an_interview_not_only_the_first(api):
    """A major accident and, later, an especially serious one in the same prefecture: the municipal head is
    called for each (issue 19, item 12), and the provincial head for the especially serious one."""
    w = county_world()
    w.accident("acc/major", "site/mine", "2024-03-01", deaths=12)
    w.accident("acc/disaster", "site/mine", "2024-09-01", deaths=31)
    api.load(w.doc())
    triggers = api.get("/v1/analytics/accidents").json()["interview_triggers"]
    municipal = [t["accidents"] for t in triggers if t["area"] == "area/pref" and t["trigger"] == "major"]
    assert municipal == [["acc/major"], ["acc/disaster"]]
    assert [t["accidents"] for t in triggers if t["trigger"] == "especially-serious"] == [["acc/disaster"]]
