"""The accountability trace, on both backends: the demo case and the tricky cases."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import DEMO_ACCIDENT
from graph.rules import RULES
from graph.trace import explain, trace
from ontology.errors import NotFound
from ontology.model import model
from world import county_world


def persons(t, rule=None, org=None):
    return sorted(
        f["person"]["id"] for f in t["findings"]
        if f["person"] and (rule is None or f["rule"]["id"] == rule) and (org is None or f["organization"]["id"] == org)
    )


def rules_of(t):
    return {f["rule"]["id"] for f in t["findings"]}


def gaps(t, kind):
    return sorted(g["subject"] for g in t["gaps"] if g["kind"] == kind)


# --- the demo case ---------------------------------------------------------------------


@pytest.fixture
def demo(store, load, demo_doc):
    load(store, demo_doc)
    return store


def test_demo_accident_is_graded_and_escalated(demo):
    a = trace(demo, DEMO_ACCIDENT)["accident"]
    assert (a["grade"], a["investigating_level_by_grade"]) == ("larger", "prefectural")
    assert a["investigating_level"] == "provincial"
    assert a["taken_over_by"]["id"] == "gov/qingya"


def test_demo_covers_one_case_three_investigations(demo):
    t = trace(demo, DEMO_ACCIDENT)
    assert t["coverage"]["complete"]
    assert {f["layer"] for f in t["findings"]} == {"enterprise", "regulatory", "territorial"}


def test_every_regulatory_and_territorial_finding_of_the_demo_has_its_level(demo):
    """The licensing authority, the listing supervisor and the inspecting bodies too (issue 19, item 17)."""
    t = trace(demo, DEMO_ACCIDENT)
    blank = [(f["rule"]["id"], f["organization"]["id"]) for f in t["findings"] if f["layer"] != "enterprise" and not f["level"]]
    assert blank == []
    assert {f["level"] for f in t["findings"] if f["rule"]["id"] == "licensing-authority"} == {"provincial"}


def test_every_finding_names_its_rule_path_and_sources(demo):
    t = trace(demo, DEMO_ACCIDENT)
    catalogue = model().rules
    for f in t["findings"]:
        assert f["rule"]["legal_basis"] == list(catalogue[f["rule"]["id"]].legal_basis)
        assert f["path"][0]["type"] == "occurredAt"
        assert all(s["cites"] in {p["id"] for p in f["path"]} | {f["organization"]["id"]} | {(f["post"] or {}).get("id"), (f["person"] or {}).get("id")} for s in f["sources"])
    sourced = [f for f in t["findings"] if f["person"]]
    assert all(f["sources"] for f in sourced)


def test_handover_shortly_before_the_accident(demo):
    on_day = persons(trace(demo, DEMO_ACCIDENT), "operator-principal", "ent/hengfa")
    assert on_day == ["person/liu-dequan", "person/sun-hao"]
    before = persons(trace(demo, DEMO_ACCIDENT, date(2024, 8, 27)), "operator-principal", "ent/hengfa")
    assert before == ["person/liu-dequan", "person/zhao-lijun"]


def test_vacant_safety_post_is_a_gap(demo):
    t = trace(demo, DEMO_ACCIDENT)
    assert gaps(t, "vacant-post") == ["post/hengfa-safety-head"]
    vacant = [f for f in t["findings"] if f["post"] and f["post"]["id"] == "post/hengfa-safety-head"]
    assert vacant and vacant[0]["person"] is None
    earlier = trace(demo, DEMO_ACCIDENT, date(2024, 7, 1))
    assert "person/li-na" in persons(earlier, "operator-safety-manager")


def test_hazards_left_open_after_inspections(demo):
    t = trace(demo, DEMO_ACCIDENT)
    assert [h["id"] for h in t["hazards"]] == ["hz/slope-angle", "hz/unqualified-contractor", "hz/slope-monitoring"]
    inspectors = persons(t, "inspection-left-open")
    assert "person/he-gang" in inspectors and "person/hua-jun" in inspectors
    he_gang = next(f for f in t["findings"] if f["person"] and f["person"]["id"] == "person/he-gang")
    assert he_gang["post"]["id"] == "post/songtai-em-inspector"
    assert any("overdue since 2024-05-20" in n for n in he_gang["notes"])


def test_hazard_closed_the_day_before_is_not_open(demo):
    assert "hz/drainage" not in {h["id"] for h in trace(demo, DEMO_ACCIDENT)["hazards"]}
    earlier = trace(demo, DEMO_ACCIDENT, date(2024, 9, 1))
    assert {h["id"]: h["status"] for h in earlier["hazards"]}["hz/drainage"] == "rectified"


def test_contractor_parent_and_intermediary(demo):
    t = trace(demo, DEMO_ACCIDENT)
    contractor = [f for f in t["findings"] if f["rule"]["id"] == "contractor"]
    assert contractor[0]["organization"]["id"] == "ent/shunda"
    assert "contractor without the required qualification" in contractor[0]["notes"]
    assert persons(t, "parent-company") == ["person/zheng-mingyuan"]
    assert persons(t, "intermediary") == ["person/feng-xiaomei"]


def test_vertical_supervisor_answers_through_its_own_hierarchy(demo):
    t = trace(demo, DEMO_ACCIDENT)
    orgs = {f["organization"]["id"] for f in t["findings"] if f["rule"]["id"] == "vertical-supervisor"}
    assert orgs == {"dept/nmsa-mingsha", "dept/nmsa-qingya"}  # the national body is above the provincial scope


def test_several_mandates_at_once(demo):
    t = trace(demo, DEMO_ACCIDENT)
    by_rule = {}
    for f in t["findings"]:
        by_rule.setdefault(f["rule"]["id"], set()).add(f["organization"]["id"])
    assert "dept/songtai-energy" in by_rule["industry-supervisor"]
    assert by_rule["activity-supervisor"] == {"dept/songtai-ps"}  # blasting
    assert "dept/songtai-em" in by_rule["comprehensive-supervisor"]
    assert by_rule["licensing-authority"] == {"dept/qingya-nr", "dept/qingya-em"}


def test_unsourced_fact_is_reported(demo):
    t = trace(demo, DEMO_ACCIDENT)
    assert gaps(t, "unsourced-fact") == ["rel/songtai-deputy-economy-charge-coal_mining"]


def test_unknown_accident(demo):
    with pytest.raises(NotFound):
        trace(demo, "acc/none")


# --- tricky cases on small worlds ------------------------------------------------------


def test_handover_on_the_accident_day_names_the_successor(store, load):
    load(store, county_world().doc())
    assert persons(trace(store, "acc/1"), "operator-principal") == ["person/new-gm"]
    assert persons(trace(store, "acc/1", date(2024, 5, 9)), "operator-principal") == ["person/old-gm"]


def test_general_accident_stops_at_the_county(store, load):
    """The county investigates a general accident: its departments answer, its own leaders do not."""
    load(store, county_world().doc())
    t = trace(store, "acc/1")
    assert t["accident"]["investigating_level"] == "county"
    levels = {f["level"] for f in t["findings"] if f["layer"] == "territorial"}
    assert levels == {"township"}
    assert {"dept/county-em", "dept/county-energy"} <= {f["organization"]["id"] for f in t["findings"]}
    assert persons(t, "safety-deputy") == []


def test_a_recorded_take_over_moves_the_leaders_who_answer(store, load):
    w = county_world()
    w.rel("investigatedBy", "acc/1", "gov/area/pref")
    load(store, w.doc())
    t = trace(store, "acc/1")
    assert {f["level"] for f in t["findings"] if f["layer"] == "territorial"} == {"township", "county"}
    assert persons(t, "safety-deputy") == ["person/county-safety-deputy"]
    assert "gov/area/pref" not in {f["organization"]["id"] for f in t["findings"] if f["layer"] == "territorial"}


def test_a_larger_accident_reaches_the_prefecture(store, load):
    w = county_world()
    next(e for e in w.entities if e["id"] == "acc/1")["deaths"] = 3
    load(store, w.doc())
    levels = {f["level"] for f in trace(store, "acc/1")["findings"] if f["rule"]["id"] == "government-head"}
    assert levels == {"township", "county"}  # the prefecture investigates, so its own head is not named


def test_no_regulator_for_the_industry_is_a_gap(store, load):
    w = county_world()
    w.relations = [r for r in w.relations if r["type"] != "supervisesIndustry"]
    load(store, w.doc())
    assert gaps(trace(store, "acc/1"), "no-industry-regulator") == ["coal_mining"]


def test_no_operator_and_no_territorial_body(store, load):
    w = county_world()
    w.relations = [r for r in w.relations if r["type"] != "operates" and not (r["type"] == "jurisdiction" and r["from"] == "pc/area/town")]
    load(store, w.doc())
    t = trace(store, "acc/1")
    assert gaps(t, "no-operator") == ["site/mine"]
    assert gaps(t, "no-territorial-body") == ["area/town/PartyCommittee"]


def test_body_without_a_principal_post(store, load):
    w = county_world()
    w.entity("ent/parent", "Enterprise")
    w.rel("subsidiaryOf", "ent/mine-co", "ent/parent", "2010-01-01")
    load(store, w.doc())
    t = trace(store, "acc/1")
    assert gaps(t, "no-principal-post") == ["ent/parent"]
    org_level = [f for f in t["findings"] if f["rule"]["id"] == "parent-company"]
    assert org_level[0]["post"] is None and org_level[0]["person"] is None


def test_dissolved_inspector_body_passes_duties_to_its_successor(store, load):
    w = county_world()
    w.dept("dept/old-saws", "gov/area/county", dissolved_on="2018-11-20")
    w.dept("dept/new-em", "gov/area/county", established_on="2018-11-20")
    w.rel("succeededBy", "dept/old-saws", "dept/new-em", "2018-11-20")
    w.post("post/new-em/head", "dept/new-em")
    w.tenure("person/new-em-head", "post/new-em/head", "2018-11-20")
    w.entity("ins/2018", "Inspection", date="2018-06-01")
    w.rel("inspectedBy", "ins/2018", "dept/old-saws")
    w.entity("hz/old", "Hazard", hazard_grade="major", found_on="2018-06-01")
    w.rel("hazardAt", "hz/old", "site/mine")
    w.rel("foundIn", "hz/old", "ins/2018")
    load(store, w.doc())
    t = trace(store, "acc/1")
    assert persons(t, "successor-body") == ["person/new-em-head"]
    dissolved = [f for f in t["findings"] if f["organization"]["id"] == "dept/old-saws"]
    assert dissolved and "dissolved on 2018-11-20" in dissolved[0]["notes"]


def test_acting_tenure_and_portfolio_choose_the_deputy(store, load):
    w = county_world()
    w.post("post/mine-co/safety-vp", "ent/mine-co", "deputy", ("work_safety",))
    w.post("post/mine-co/sales-vp", "ent/mine-co", "deputy", ("economy",))
    w.tenure("person/safety-vp", "post/mine-co/safety-vp", "2020-01-01", acting=True)
    w.tenure("person/sales-vp", "post/mine-co/sales-vp", "2020-01-01")
    load(store, w.doc())
    t = trace(store, "acc/1")
    assert persons(t, "operator-deputy") == ["person/safety-vp"]
    assert "acting" in next(f for f in t["findings"] if f["rule"]["id"] == "operator-deputy")["notes"]


def test_the_rule_catalogue_and_the_code_agree():
    """A rule is said as data (a path, target types, selectors) or is a Python function that says why it is one."""
    rules = model().rules
    as_data = {r.id for r in rules.values() if r.paths}
    assert set(RULES) == set(rules) - as_data
    assert all(rules[r].python_because for r in RULES), [r for r in RULES if not rules[r].python_because]
    assert all(not r.python_because and r.target and r.select for r in rules.values() if r.paths)
    assert all(r.legal_basis for r in rules.values())
    relations = set(model().relations)
    for r in rules.values():
        for path in r.paths:
            assert all(step.lstrip("^") in relations for step in path if not step.startswith("@")), (r.id, path)
            assert set(s.lstrip("^") for s in path if not s.startswith("@")) <= set(r.reads), (r.id, path)


def test_a_write_after_collection_does_not_change_the_trace_being_explained(store, load, demo_doc):
    """The embedded engine lends its live adjacency to the subgraph; a handover recorded
    while the rules run must not leak into the evidence already collected."""
    load(store, demo_doc)
    before = explain(store.trace_context(DEMO_ACCIDENT), DEMO_ACCIDENT)
    collected = store.trace_context(DEMO_ACCIDENT)  # explained only after the write below
    sitting = next(f for f in before["findings"] if f["rule"]["id"] == "operator-principal" and f["person"])
    tenure = sitting["path"][-1]
    ended = {**store.get(tenure["id"]).as_json(), "valid_to": "2020-01-01", "valid_from": "2019-01-01"}
    newcomer = {"id": "person/late-arrival", "type": "Person", "name": {"zh": "迟到者", "en": "Late Arrival"}}
    late = {"id": "ten/late-arrival", "type": "holds", "from": "person/late-arrival", "to": sitting["post"]["id"], "valid_from": "2000-01-01"}
    load(store, {"entities": [newcomer], "relations": [ended, late]})
    assert explain(collected, DEMO_ACCIDENT) == before
    after = explain(store.trace_context(DEMO_ACCIDENT), DEMO_ACCIDENT)
    assert "person/late-arrival" in persons(after, "operator-principal")
    assert sitting["person"]["id"] not in persons(after, "operator-principal", sitting["organization"]["id"])
