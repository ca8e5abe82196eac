"""An investigator asks over HTTP: the trace, the timeline, the grade, who answered for what, which hazards stayed open."""

from __future__ import annotations

import json

from api.cli import app as cli
from apikit import is_problem
from conftest import DEMO_ACCIDENT
from typer.testing import CliRunner


def test_the_trace_is_exactly_the_cli_json(demo_api, store, tmp_path):
    http = demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace", at="2024-08-27").json()
    if store.backend == "embedded":
        result = CliRunner().invoke(cli, ["trace", DEMO_ACCIDENT, "--at", "2024-08-27", "--json"], env={"SAFETYKG_STORE": str(store.uri)})
    else:
        result = CliRunner().invoke(cli, ["trace", DEMO_ACCIDENT, "--at", "2024-08-27", "--json", "--store", store.uri])
    assert result.exit_code == 0, result.output
    assert http == json.loads(result.stdout)
    people = {f["person"]["id"] for f in http["findings"] if f["person"]}
    assert "person/zhao-lijun" in people and "person/sun-hao" not in people


def test_the_trace_defaults_to_the_accident_day(demo_api):
    t = demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace").json()
    assert t["accident"]["at"] == "2024-09-18"
    assert "person/sun-hao" in {f["person"]["id"] for f in t["findings"] if f["person"]}


def test_an_unknown_accident_is_404_and_a_bad_date_422(demo_api):
    is_problem(demo_api.get("/v1/accidents/acc/none/trace"), 404, "not-found")
    is_problem(demo_api.get("/v1/accidents/acc/none/timeline"), 404, "not-found")
    is_problem(demo_api.get("/v1/accidents/acc/none/grade"), 404, "not-found")
    is_problem(demo_api.get("/v1/accidents/person/sun-hao/grade"), 404, "not-found")
    body = is_problem(demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace", at="yesterday"), 422, "invalid-request")
    assert body["errors"][0]["pointer"] == "/at" and body["errors"][0]["in"] == "query"


def test_the_timeline_puts_tenures_hazards_inspections_and_the_accident_in_date_order(demo_api):
    t = demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/timeline").json()
    assert t["accident"] == {"id": DEMO_ACCIDENT, "date": "2024-09-18", "at": "2024-09-18", "grade": "larger"}
    events = t["events"]
    starts = [e["start"] or "" for e in events]
    assert starts == sorted(starts)
    by_id = {e["id"]: e for e in events}
    # the general manager's handover three weeks before the collapse
    assert by_id["ten/zhao-lijun-gm"]["end"] == "2024-08-28" and by_id["ten/sun-hao-gm"]["start"] == "2024-08-28"
    assert by_id["ten/sun-hao-gm"]["post"] == "post/hengfa-gm" and by_id["ten/sun-hao-gm"]["organization"] == "ent/hengfa"
    slope = by_id["hz/slope-angle"]
    assert slope["kind"] == "hazard" and slope["start"] == "2024-03-20" and slope["found_in"] == ["ins/2024-03-20"]
    assert by_id["hz/slope-angle#deadline"]["start"] == "2024-05-20"
    assert by_id["ins/2024-03-20"]["kind"] == "inspection" and by_id["ins/2024-03-20"]["organization"] == "dept/songtai-em"
    kinds = {e["kind"] for e in events}
    assert {"tenure", "hazard", "deadline", "inspection", "accident"} <= kinds
    assert [e for e in events if e["kind"] == "accident"][0]["start"] == "2024-09-18"


def test_the_grade_of_the_demo_accident(demo_api):
    g = demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/grade").json()
    assert g["grade"] == "larger" and g["deaths"] == 6 and g["investigating_level"] == "prefectural"
    assert "deaths" in g["criteria"] and g["legal_basis"]


def test_what_the_general_manager_answered_for_on_the_accident_day(demo_api):
    r = demo_api.get("/v1/entities/person/sun-hao/responsibilities", at="2024-09-18").json()
    assert [p["post"]["id"] for p in r["posts"]] == ["post/hengfa-gm"]
    org = r["posts"][0]["organizations"][0]
    assert org["id"] == "ent/hengfa" and [s["id"] for s in org["mandates"]["operates"]] == ["site/hengfa-pit"]
    rules = {(f["accident"], f["rule"]["id"]) for f in r["findings"]}
    assert (DEMO_ACCIDENT, "operator-principal") in rules
    assert all(f["covers_at"] for f in r["findings"]) and all(f["rule"]["legal_basis"] for f in r["findings"])


def test_before_his_appointment_he_held_no_post(demo_api):
    r = demo_api.get("/v1/entities/person/sun-hao/responsibilities", at="2024-08-01").json()
    assert r["posts"] == []
    assert r["findings"] and not any(f["covers_at"] for f in r["findings"])


def test_the_responsibilities_of_a_post_name_its_holders(demo_api):
    r = demo_api.get("/v1/entities/post/hengfa-gm/responsibilities", at="2024-08-01").json()
    assert [h["person"]["id"] for h in r["posts"][0]["holders"]] == ["person/zhao-lijun"]


def test_responsibilities_are_asked_of_persons_and_posts(demo_api):
    is_problem(demo_api.get("/v1/entities/ent/hengfa/responsibilities"), 422)
    is_problem(demo_api.get("/v1/entities/person/nobody/responsibilities"), 404)


def test_the_open_hazards_of_the_operator_on_the_accident_day(demo_api):
    r = demo_api.get("/v1/hazards", enterprise="ent/hengfa", at="2024-09-18").json()
    by_id = {h["id"]: h for h in r["items"]}
    slope = by_id["hz/slope-angle"]
    assert slope["overdue"] is True and slope["deadline"] == "2024-05-20" and slope["rectified_on"] is None
    assert slope["found_in"][0]["by"][0]["id"] == "dept/songtai-em"
    assert slope["found_in"][0]["inspectors"][0]["id"] == "person/he-gang"
    assert [o["id"] for o in slope["responsible_enterprises"]] == ["ent/hengfa"]
    assert all(h["status"] not in (None, "verified") for h in r["items"])


def test_no_hazard_was_open_before_the_first_inspection(demo_api):
    assert demo_api.get("/v1/hazards", enterprise="ent/hengfa", at="2024-03-19").json()["items"] == []


def test_overdue_hazards_of_an_area(demo_api):
    overdue = demo_api.get("/v1/hazards", area="area/songtai", at="2024-09-18", overdue="true").json()["items"]
    every = demo_api.get("/v1/hazards", area="area/songtai", at="2024-09-18").json()["items"]
    assert overdue and all(h["overdue"] for h in overdue) and {h["id"] for h in overdue} <= {h["id"] for h in every}
    in_town = {h["id"] for h in demo_api.get("/v1/hazards", area="area/xiaba", at="2024-09-18").json()["items"]}
    # the pit is in Xiaba; the enterprise's own hazard is in Songtai, where it is domiciled
    assert "hz/slope-angle" in in_town and "hz/unqualified-contractor" not in in_town and in_town < {h["id"] for h in every}
    elsewhere = demo_api.get("/v1/hazards", area="area/qingya", at="2024-04-01").json()["items"]
    assert [h["id"] for h in elsewhere] == ["hz/slope-angle"]


def test_hazards_need_an_enterprise_or_an_area(demo_api):
    is_problem(demo_api.get("/v1/hazards"), 422)
    is_problem(demo_api.get("/v1/hazards", area="area/atlantis"), 404)
    is_problem(demo_api.get("/v1/hazards", enterprise="ent/none"), 404)
