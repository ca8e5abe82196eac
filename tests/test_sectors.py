"""The sector vocabulary: every sector of the official division of duties, who supervises it, on what basis."""

from __future__ import annotations

import pytest

from ontology.model import model

# The sectors issue 13 (2.1) names from the State Council Work Safety Committee's division of duties.
REQUIRED = {
    "industry": [
        "medical_institutions", "schools", "elderly_care", "welfare_institutions", "culture_tourism", "commerce",
        "catering", "urban_gas", "bottled_gas", "construction", "road_transport", "waterway_transport",
        "port_operations", "fishing", "farm_machinery", "water_works_operation", "power", "sports_venues",
        "civil_explosives", "hazardous_chemicals", "special_equipment_industry",
        "underground_coal_mining", "open_pit_coal_mining", "underground_nonmetal_mining",
        "open_pit_nonmetal_mining", "mine_construction", "outsourced_mining", "tailings_pond",
    ],
    "activity": [
        "dangerous_goods_import_export", "special_equipment", "product_quality", "gas_cylinder_filling",
        "hazardous_waste", "environmental_assessment", "mining_rights", "land_use", "geological_hazards",
        "planning_permission", "building_use_change", "road_traffic", "fire_safety", "gas_supply",
    ],
}
KINDS = ["customs", "market_regulation", "ecology_environment", "natural_resources", "housing_construction",
         "transport", "agriculture", "water_resources", "energy", "public_security", "fire_rescue", "sports",
         "health", "education", "civil_affairs", "culture_tourism", "commerce", "mine_safety", "emergency_management"]


def test_every_required_sector_and_department_kind_is_declared():
    m = model()
    for scheme, codes in REQUIRED.items():
        missing = [c for c in codes if c not in m.schemes[scheme]]
        assert not missing, f"{scheme}: {missing}"
    assert not [k for k in KINDS if k not in m.schemes["departmentKind"]]


@pytest.mark.parametrize("scheme", ["industry", "activity"])
def test_every_sector_names_its_supervisor_and_legal_basis_with_both_labels(scheme):
    m = model()
    kinds = m.schemes["departmentKind"]
    for c in m.schemes[scheme].values():
        assert c.labels.zh != c.labels.en and c.labels.zh != c.code, c.code
        assert c.values("supervisedBy"), f"{c.code} names no kind of supervising department"
        assert all(k in kinds for k in c.values("supervisedBy")), c.code
        assert c.values("legalBasis"), f"{c.code} has no legal basis"


def test_mining_sub_sectors_are_narrower_than_mining():
    m = model()
    for code in ("underground_coal_mining", "open_pit_coal_mining", "underground_nonmetal_mining",
                 "open_pit_nonmetal_mining", "mine_construction", "outsourced_mining", "tailings_pond"):
        assert "mining" in m.broader_closure("industry", code), code


def test_vertically_managed_kinds_are_flagged():
    kinds = model().schemes["departmentKind"]
    assert {k for k, c in kinds.items() if c.data.get("verticallyManaged")} >= {"mine_safety", "fire_rescue", "customs", "maritime"}
    assert not kinds["housing_construction"].data.get("verticallyManaged")


def test_a_fire_or_an_explosion_brings_in_fire_safety_and_gas_brings_in_the_cylinder_chain():
    m = model()
    types = m.schemes["accidentType"]
    for code in ("fire", "other_explosion", "explosive_explosion"):
        assert "fire_safety" in types[code].values("impliesActivity"), code
        assert types[code].values("impliesBasis"), code
    assert "gas_supply" in m.schemes["industry"]["urban_gas"].values("impliesActivity")
    assert {"gas_supply", "gas_cylinder_filling"} <= set(m.schemes["industry"]["bottled_gas"].values("impliesActivity"))
    assert m.schemes["activity"]["gas_supply"].values("sameMandateAs") == ("urban_gas",)


def test_every_implied_or_matched_code_exists():
    m = model()
    for scheme in ("industry", "activity", "accidentType"):
        for c in m.schemes[scheme].values():
            assert all(a in m.schemes["activity"] for a in c.values("impliesActivity")), c.code
            assert all(i in m.schemes["industry"] for i in c.values("sameMandateAs")), c.code


def test_the_revised_accident_classification_has_27_classes_taking_in_every_old_one():
    m = model()
    new = m.schemes["accidentType2025"]
    assert len(new) == 27
    taken = {old for c in new.values() for old in c.values("replacesClass")}
    assert taken == set(m.schemes["accidentType"]), set(m.schemes["accidentType"]) - taken
    assert all(c.labels.zh and c.labels.en for c in new.values())
    # a coal-mine gas explosion of the old scheme is a flammable-gas explosion of the new one
    assert "gas_explosion" in new["flammable_gas_explosion"].values("replacesClass")
    assert "fire_safety" in new["dust_explosion"].values("impliesActivity")


def test_a_portfolio_covers_real_sectors_so_that_its_deputy_answers_for_them():
    m = model()
    sectors = set(m.schemes["industry"]) | set(m.schemes["activity"])
    for c in m.schemes["portfolio"].values():
        assert set(c.values("covers")) <= sectors, c.code
    assert {"construction_work", "urban_gas"} <= set(m.schemes["portfolio"]["urban_construction"].values("covers"))
    assert "schools" in m.schemes["portfolio"]["education"].values("covers")
