"""The rules real accidents need (issue 13, section 2), on both backends."""

from __future__ import annotations

import pytest

from graph.trace import trace
from tests.worlds_real import gas_without_industry, town_hotel_fire


def findings(t, rule=None, org=None):
    return [f for f in t["findings"] if (rule is None or f["rule"]["id"] == rule) and (org is None or f["organization"]["id"] == org)]


def persons(t, rule=None, org=None, certainty="certain"):
    return sorted({f["person"]["id"] for f in findings(t, rule, org) if f["person"] and f["certainty"] == certainty})


def gaps(t, kind):
    return sorted(g["subject"] for g in t["gaps"] if g["kind"] == kind)


@pytest.fixture
def fire(store, load):
    load(store, town_hotel_fire().doc())
    return trace(store, "acc/fire")


def test_a_fire_brings_in_fire_safety_supervision_whatever_the_industry(fire):
    hit = findings(fire, "activity-supervisor", "dept/county-fire")
    assert hit and "activity fire_safety brought in by the accidentType fire" in hit[0]["notes"]
    assert {"activity": "fire_safety", "by": "accidentType fire"} in fire["accident"]["implied_activities"]
    assert fire["accident"]["accident_types_2025"] == ["fire"] and fire["accident"]["accident_type_2025_mapped"]


def test_a_department_whose_kind_supervises_the_sector_answers_under_the_division_of_duties(fire):
    hit = findings(fire, "division-of-duties")
    assert {f["organization"]["id"] for f in hit} == {"dept/county-tourism"}  # not the water bureau
    assert "Culture and tourism department supervises industry hospitality (division of duties)" in hit[0]["notes"]


def test_a_regulators_section_chief_in_charge_answers_and_front_line_staff_are_candidates(fire):
    assert "person/fire-section" in persons(fire, "activity-supervisor", "dept/county-fire")
    assert "person/fire-section-other" in persons(fire, "activity-supervisor", "dept/county-fire", certainty="candidate")
    assert persons(fire, "front-line-staff", certainty="candidate") == ["person/night-guard"]
    assert persons(fire, "front-line-staff") == []


def test_a_regulator_answers_through_its_sub_department_whose_duty_fits(fire):
    assert persons(fire, "sub-department") == ["person/fire-prevention-head"]  # not the logistics office


def test_who_approved_it_answers_for_it(fire):
    assert persons(fire, "licensing-power") == ["person/housing-head"]  # fire acceptance, not mining rights


def test_a_deputy_whose_portfolio_is_unknown_is_a_flagged_candidate(fire):
    assert persons(fire, "safety-deputy") == ["person/county-deputy-safety"]
    assert persons(fire, "safety-deputy", certainty="candidate") == ["person/county-deputy-unknown"]
    assert "person/county-deputy-economy" not in {f["person"]["id"] for f in fire["findings"] if f["person"]}
    assert gaps(fire, "unknown-portfolio") == ["post/county-fire/section-other", "post/county/deputy-unknown"]


def test_the_committee_director_who_heads_the_government_gets_one_finding_with_both_grounds(fire):
    head = [f for f in fire["findings"] if f["person"] and f["person"]["id"] == "person/head-county"]
    assert len(head) == 1 and head[0]["rule"]["id"] == "government-head"
    assert [a["post"]["id"] for a in head[0]["also"]] == ["post/sc-county/director"]


def test_the_investigating_prefecture_does_not_find_against_its_own_leaders(fire):
    territorial = {f["organization"]["id"] for f in fire["findings"] if f["layer"] == "territorial"}
    assert territorial == {"pc/area/town", "gov/area/town", "pc/area/county", "gov/area/county"}


def test_the_enterprise_side_names_the_actual_controller_and_the_contractors_site_manager(fire):
    assert persons(fire, "actual-controller") == ["person/controller"]
    assert persons(fire, "technical-and-site-heads") == ["person/renovator-site"]


def test_suppliers_are_followed_upstream_to_the_declared_depth(fire):
    named = {f["organization"]["id"] for f in findings(fire, "intermediary")}
    assert named == {"ent/foam-seller", "ent/foam-maker"}  # the resin plant is a third step away


def test_a_hazard_answers_against_every_enterprise_it_is_recorded_at(fire):
    orgs = {f["organization"]["id"] for f in findings(fire, "open-hazard") if f["hazard"] == "haz/partition"}
    assert orgs == {"ent/hotel", "ent/old-tenant"}


def test_whoever_held_the_post_while_the_hazard_stood_open_answers_and_a_recent_handover_is_flagged(fire):
    partition = [f for f in findings(fire, "open-hazard", "ent/hotel") if f["hazard"] == "haz/partition"]
    by_person = {f["person"]["id"]: f for f in partition if f["person"]}
    assert {"person/old-gm", "person/new-gm"} <= set(by_person)
    assert any("held the post while the hazard stood open (2018-01-01 to 2024-03-01)" in n for n in by_person["person/old-gm"]["notes"])
    assert any(n.startswith("took the post over on 2024-03-01, 70 days") for n in by_person["person/new-gm"]["notes"])


def test_a_hazard_whose_finding_date_is_unknown_still_stands_open_with_a_flag(fire):
    exit_ = [f for f in findings(fire, "open-hazard") if f["hazard"] == "haz/exit"]
    assert exit_ and all(any("finding date unknown" in n for n in f["notes"]) for f in exit_)


def test_unknown_serious_injuries_grade_on_the_rest_and_say_so(fire):
    a = fire["accident"]
    assert (a["grade"], a["serious_injuries"], a["total_injured"]) == ("larger", None, 7)
    assert gaps(fire, "serious-injuries-unknown") == ["acc/fire"]


def test_a_dissolved_regulators_industry_mandate_passes_to_its_successor(fire):
    successor = findings(fire, "successor-body", "dept/county-commerce-new")
    assert [f["person"]["id"] for f in successor if f["person"]] == ["person/commerce-head"]
    assert any("successor of dept/county-commerce (rule industry-supervisor)" in n for n in successor[0]["notes"])


def test_gas_supply_meets_the_urban_gas_mandate_and_no_industry_is_a_gap(store, load):
    load(store, gas_without_industry().doc())
    t = trace(store, "acc/gas")
    assert persons(t, "industry-supervisor") == ["person/housing-head"]
    assert gaps(t, "no-industry") == ["acc/gas"]
    assert t["accident"]["occurred_on_precision"] == "month"
    assert all(any("known only to the month" in n for n in f["notes"]) for f in t["findings"])


@pytest.mark.parametrize("on, edition, article", [
    ("2013-06-01", "wsl-2002", "Work Safety Law (2002) Art. 17"),
    ("2016-06-01", "wsl-2014", "Work Safety Law (2014) Art. 18"),
    ("2022-06-01", "wsl-2021", "Work Safety Law (2021) Art. 21"),
])
def test_findings_cite_the_work_safety_law_as_it_stood_on_the_accident_date(store, load, on, edition, article):
    from tests.world import county_world

    w = county_world()
    acc = next(e for e in w.entities if e["id"] == "acc/1")
    acc["occurred_on"] = on
    for r in w.relations:  # the county world's facts hold from 2010 on, one holder per post
        if r.get("valid_from", "") > on:
            r["valid_from"] = "2010-01-01"
        r.pop("valid_to", None)
    w.relations = [r for r in w.relations if r.get("from") != "person/new-gm"]
    load(store, w.doc())
    principal = findings(trace(store, "acc/1"), "operator-principal")[0]["rule"]
    assert principal["law_edition"] == edition and article in principal["legal_basis"]
    assert all(b.startswith(f"Work Safety Law ({edition[-4:]})") for b in principal["legal_basis"])


def test_the_operators_domicile_answers_as_well_as_the_place_of_the_accident(store, load):
    """A coach registered in another prefecture crashes here; the province investigates: the transport bureau
    and the government of the prefecture where the operator is registered answer too (属地管理)."""
    from tests.world import World

    w = World()
    w.area("area/prov", "provincial")
    for pref in ("here", "home"):
        w.area(f"area/{pref}", "prefectural", "area/prov")
        pc, gov = w.territorial(f"area/{pref}")
        w.post(f"post/{pref}/head", gov)
        w.tenure(f"person/{pref}-head", f"post/{pref}/head", "2020-01-01")
        w.dept(f"dept/{pref}-transport", gov, industries=("road_transport",))
        w.post(f"post/{pref}-transport/head", f"dept/{pref}-transport")
        w.tenure(f"person/{pref}-transport-head", f"post/{pref}-transport/head", "2019-01-01")
    _, prov = w.territorial("area/prov")
    w.entity("ent/coach-co", "Enterprise", industry="road_transport")
    w.rel("domicile", "ent/coach-co", "area/home")
    w.entity("site/coach", "Site")
    w.rel("locatedIn", "site/coach", "area/here")
    w.rel("operates", "ent/coach-co", "site/coach", "2015-01-01")
    w.accident("acc/crash", "site/coach", "2024-05-10", deaths=12, industry="road_transport", accident_type="vehicle_injury")
    w.rel("investigatedBy", "acc/crash", prov)
    load(store, w.doc())
    t = trace(store, "acc/crash")
    assert persons(t, "industry-supervisor") == ["person/here-transport-head", "person/home-transport-head"]
    assert persons(t, "government-head") == ["person/here-head", "person/home-head"]
    assert {a["id"]: a["via"] for a in t["accident"]["areas"]}["area/home"] == "domicile"


def test_a_deputy_in_charge_of_urban_construction_answers_for_a_construction_fire(store, load):
    w = town_hotel_fire()
    acc = next(e for e in w.entities if e["id"] == "acc/fire")
    acc["activities"] = ["construction_work"]
    w.post("post/county/deputy-urban", "gov/area/county", "deputy", ("urban_construction",))
    w.tenure("person/county-deputy-urban", "post/county/deputy-urban", "2021-01-01")
    load(store, w.doc())
    t = trace(store, "acc/fire")
    assert "person/county-deputy-urban" in persons(t, "industry-deputy")
    assert "person/county-deputy-economy" not in persons(t, "industry-deputy")
