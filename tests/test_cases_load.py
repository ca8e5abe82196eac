"""The real-accident cases under tests/cases/: each case's facts pass the product's validator, its expected answer
refers to facts that exist, no named person leaks into the facts, and all cases load together and trace apart.

Covers every folder with a case.json (the cases of every case builder), not a fixed list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.trace import trace
from loaders.batch import read_batch
from ontology.model import model
from ontology.validation import parse_date, validate

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.parent for p in CASES_DIR.glob("*/case.json"))
SECTORS = {"mine", "hazardous_chemicals", "construction", "public_building_fire", "gas", "transport", "industry_trade",
           "other"}
LAYER_TYPES = {"enterprise": ("Enterprise",), "regulatory": ("Department",),
               "territorial": ("PartyCommittee", "Government", "SafetyCommittee")}
KINDS = ("area", "pc", "gov", "dept", "sc", "ent", "site", "post", "person", "haz", "insp", "acc", "src", "rel")


def _case(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "case.json").read_text(encoding="utf-8"))


def _facts(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "facts.json").read_text(encoding="utf-8"))


@pytest.fixture(params=CASES, ids=lambda p: p.name)
def folder(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_there_are_cases_of_several_sectors() -> None:
    sectors = {_case(f)["sector"] for f in CASES if (f / "facts.json").exists()}
    assert len(CASES) >= 4 and {"mine", "hazardous_chemicals", "construction", "gas"} <= sectors


def test_the_validator_accepts_the_facts(folder: Path) -> None:
    batch = read_batch([folder / "facts.json"])
    assert any(e.type == "Accident" for e in batch.entities)


def test_case_metadata_is_well_formed(folder: Path) -> None:
    case = _case(folder)
    m = model()
    assert case["case"] == folder.name
    assert case["sector"] in SECTORS
    assert isinstance(case["held_out"], bool)
    assert parse_date(case["at"]) is not None
    assert case["title"]["zh"] and case["title"]["en"]
    assert case["sources"] and all(s["url"].startswith("http") and s["title"] and s["publisher"] and
                                   parse_date(s["issued_on"]) for s in case["sources"])
    for row in case["expected"]["units"] + case["expected"]["posts"]:
        assert row["layer"] in LAYER_TYPES, row
        assert row["source"] in {s["id"] for s in case["sources"]}, row
    for row in case["expected"]["posts"]:
        assert m.concept("role", row["role"]) is not None, row


def test_expected_answer_refers_to_facts_that_exist(folder: Path) -> None:
    case, facts = _case(folder), _facts(folder)
    entity = {e["id"]: e for e in facts["entities"]}
    rels = facts["relations"]
    acc = entity[case["accident"]]
    assert acc["type"] == "Accident" and acc["occurred_on"] == case["at"]
    assert entity[case["investigated_by"]]["type"] == "Government"
    assert any(r["type"] == "investigatedBy" and r["from"] == acc["id"] and r["to"] == case["investigated_by"] for r in rels)
    for s in case["sources"]:
        assert entity[s["id"]]["type"] == "SourceDocument" and entity[s["id"]].get("url") == s["url"], s
    for unit in case["expected"]["units"]:
        assert entity[unit["org"]]["type"] in LAYER_TYPES[unit["layer"]], unit
    post_in = {(r["from"], r["to"]) for r in rels if r["type"] == "postIn"}
    for row in case["expected"]["posts"]:
        post = entity[row["post"]]
        assert post["type"] == "Post" and post["role"] == row["role"], row
        assert (row["post"], row["org"]) in post_in, row
        assert entity[row["org"]]["type"] in LAYER_TYPES[row["layer"]], row


def test_every_id_belongs_to_the_case_and_every_post_has_an_anonymous_holder(folder: Path) -> None:
    slug, facts = folder.name, _facts(folder)
    for item in facts["entities"] + facts["relations"]:
        kind, _, rest = item["id"].partition("/")
        assert kind in KINDS and (rest == slug or rest.startswith(slug + "-")), item["id"]
    entity = {e["id"]: e for e in facts["entities"]}
    held = {r["to"] for r in facts["relations"] if r["type"] == "holds"}
    for e in facts["entities"]:
        if e["type"] == "Post":  # a post nobody held is said to be vacant, with the source that says so
            assert e["id"] in held or e.get("description", "").startswith("vacant"), f"{e['id']} has no holder"
        if e["type"] == "Person":
            assert e["name"]["zh"].startswith("人员") and e["name"]["en"].startswith("Person "), e
    for r in facts["relations"]:
        if r["type"] == "holds":
            assert entity[r["from"]]["type"] == "Person"


def test_no_named_person_appears_in_the_facts(folder: Path) -> None:
    case, text = _case(folder), (folder / "facts.json").read_text(encoding="utf-8")
    names = {p["person_as_named"] for p in case["expected"]["posts"] if p.get("person_as_named")}
    assert not [n for n in names if n in text]


def test_every_page_the_facts_cite_is_listed_in_the_case(folder: Path) -> None:
    """A source with an address is a page that was read: case.json lists it (the general establishment and
    duty-division documents have no address and are not pages)."""
    listed = {s["id"] for s in _case(folder)["sources"]}
    pages = {e["id"] for e in _facts(folder)["entities"] if e["type"] == "SourceDocument" and e.get("url")}
    assert pages == listed


def test_every_fact_cites_a_source(folder: Path) -> None:
    facts = _facts(folder)
    for item in facts["entities"] + facts["relations"]:
        if item.get("type") != "SourceDocument":
            assert item.get("sources"), item["id"]


def test_all_cases_load_together_and_trace_apart(store: Any) -> None:
    """Loaded into one store, each case's trace names only its own bodies and posts."""
    built = [f for f in CASES if (f / "facts.json").exists()]
    for f in built:
        store.upsert(validate(_facts(f), store.kinds))
    for f in built:
        case = _case(f)
        t = trace(store, case["accident"], parse_date(case["at"]))
        assert t["findings"], case["case"]
        slug = case["case"]
        for finding in t["findings"]:
            for key in ("organization", "post", "person"):
                ref = finding.get(key)
                if ref:
                    assert ref["id"].split("/", 1)[1].startswith(slug + "-"), (slug, ref["id"])
