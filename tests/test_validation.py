"""Bad input: each mistake a user can make gets its own clear error, and nothing is written."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from loaders.facts_json import read_batch
from ontology.errors import InvalidData
from ontology.validation import MAX_PROBLEMS, validate
from world import county_world


def problems(doc, lookup=None):
    with pytest.raises(InvalidData) as exc:
        validate(doc, lookup)
    return exc.value.problems


def only(doc, lookup=None):
    found = problems(doc, lookup)
    assert len(found) == 1, found
    return found[0]


def edit(fn):
    doc = county_world().doc()
    fn(doc)
    return doc


def entity(doc, ident):
    return next(e for e in doc["entities"] if e["id"] == ident)


def relation(doc, type_name, frm):
    return next(r for r in doc["relations"] if r["type"] == type_name and r["from"] == frm)


def test_a_sound_world_validates():
    batch = validate(county_world().doc())
    assert len(batch.entities) > 20 and len(batch.relations) > 30


def test_unknown_id_in_a_relation():
    p = only(edit(lambda d: relation(d, "operates", "ent/mine-co").update(to="site/nowhere")))
    assert (p.code, p.field) == ("unknown-reference", "to")
    assert "site/nowhere" in p.reason


def test_relation_to_the_wrong_kind_of_entity():
    p = only(edit(lambda d: relation(d, "operates", "ent/mine-co").update(to="area/town")))
    assert (p.code, p.field) == ("wrong-reference", "to")
    assert "Site" in p.reason


def test_tenure_ending_before_it_starts():
    p = only(edit(lambda d: relation(d, "holds", "person/old-gm").update(valid_from="2024-05-10", valid_to="2024-05-01")))
    assert (p.code, p.field, p.pointer.endswith("/valid_to")) == ("ends-before-start", "valid_to", True)


def test_tenure_ending_the_day_it_starts_is_empty_and_refused():
    p = only(edit(lambda d: relation(d, "holds", "person/old-gm").update(valid_from="2024-05-10", valid_to="2024-05-10")))
    assert p.code == "ends-before-start"


def test_hazard_dates_out_of_order():
    w = county_world()
    w.entity("hz/1", "Hazard", hazard_grade="major", found_on="2024-03-01", deadline="2024-02-01")
    p = only(w.doc())
    assert (p.code, p.field) == ("dates-out-of-order", "deadline")


def test_hazard_closed_before_found():
    w = county_world()
    w.entity("hz/1", "Hazard", hazard_grade="general", found_on="2024-03-01", closed_on="2024-01-01")
    assert only(w.doc()).code == "dates-out-of-order"


@pytest.mark.parametrize("field", ["deaths", "serious_injuries", "direct_loss_cny"])
def test_negative_casualties(field):
    p = only(edit(lambda d: entity(d, "acc/1").update({field: -1})))
    assert (p.field, p.code) == (field, "wrong-type")


def test_missing_required_property():
    p = only(edit(lambda d: entity(d, "acc/1").pop("occurred_on")))
    assert (p.field, p.code) == ("occurred_on", "required")


def test_unknown_property_is_named_not_dropped():
    p = only(edit(lambda d: entity(d, "acc/1").update(casualties=3)))
    assert (p.field, p.code) == ("casualties", "unknown-property")


def test_unknown_entity_type():
    p = only(edit(lambda d: entity(d, "acc/1").update(type="Incident")))
    assert (p.field, p.code) == ("type", "unknown-type")


def test_unknown_vocabulary_code():
    p = only(edit(lambda d: entity(d, "acc/1").update(industry="coal")))
    assert (p.field, p.code) == ("industry", "unknown-code")
    assert "coal_mining" in p.reason


@pytest.mark.parametrize("bad", ["2024-02-30", "10/05/2024", "1850-01-01", "2200-01-01", 20240510])
def test_bad_or_far_off_dates(bad):
    p = only(edit(lambda d: entity(d, "acc/1").update(occurred_on=bad)))
    assert (p.field, p.code) == ("occurred_on", "bad-date")


def test_dates_on_a_relation_that_has_none():
    p = only(edit(lambda d: relation(d, "occurredAt", "acc/1").update(valid_from="2024-01-01")))
    assert p.code == "not-temporal"


def test_duplicate_id_in_one_batch():
    p = only(edit(lambda d: d["entities"].append(copy.deepcopy(entity(d, "acc/1")))))
    assert p.code == "duplicate-id"


@pytest.mark.parametrize("bad", ["", "has space", "concept:x", "a" * 201, "<script>"])
def test_ids_with_odd_characters(bad):
    p = only(edit(lambda d: entity(d, "acc/1").update(id=bad)) | {"relations": []})
    assert (p.field, p.code) == ("id", "bad-id")


def test_citing_an_unknown_source():
    p = only(edit(lambda d: entity(d, "acc/1").update(sources=["src/missing"])))
    assert (p.code, p.field) == ("unknown-reference", "sources")


def test_citing_something_that_is_not_a_document():
    p = only(edit(lambda d: entity(d, "acc/1").update(sources=["site/mine"])))
    assert p.code == "wrong-reference"


def test_a_name_needs_zh_or_en():
    p = only(edit(lambda d: entity(d, "acc/1").update(name={"fr": "accident"})))
    assert (p.field, p.code) == ("name", "required")


def test_every_problem_is_listed_with_its_pointer():
    def spoil(d):
        entity(d, "acc/1")["deaths"] = -2
        relation(d, "operates", "ent/mine-co")["to"] = "site/nowhere"
        relation(d, "holds", "person/new-gm")["valid_to"] = "2020-01-01"
    found = problems(edit(spoil))
    assert {p.code for p in found} == {"wrong-type", "unknown-reference", "ends-before-start"}
    assert all(p.pointer.startswith(("/entities/", "/relations/")) for p in found)


def test_a_flood_of_errors_is_cut_off_and_says_so():
    doc = {"entities": [{"id": f"x/{i}", "type": "Nope"} for i in range(MAX_PROBLEMS + 50)]}
    with pytest.raises(InvalidData) as exc:
        validate(doc)
    assert exc.value.truncated and len(exc.value.problems) == MAX_PROBLEMS


def test_an_id_cannot_change_type_against_the_store():
    doc = county_world().doc()
    p = only(doc, lambda ids: {i: ("entity", "Person") for i in ids if i == "acc/1"})
    assert p.code == "type-change"


def test_references_may_point_into_the_store():
    doc = {"relations": [{"id": "rel/x", "type": "operates", "from": "ent/a", "to": "site/b"}]}
    batch = validate(doc, lambda ids: {i: ("entity", {"ent/a": "Enterprise", "site/b": "Site"}[i]) for i in ids if i in ("ent/a", "site/b")})
    assert batch.relations[0].target == "site/b"


# --- files: malformed input names the file and the line ------------------------------


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_malformed_json_names_file_and_line(tmp_path):
    path = write(tmp_path, "bad.json", b'{\n  "entities": [\n    {"id": "a", }\n  ]\n}')
    with pytest.raises(InvalidData) as exc:
        read_batch([path])
    (p,) = exc.value.problems
    assert (p.file, p.line, p.code) == (str(path), 3, "malformed-json")


def test_invalid_utf8(tmp_path):
    path = write(tmp_path, "latin1.json", '{"entities": [{"id": "é"}]}'.encode("latin-1"))
    with pytest.raises(InvalidData) as exc:
        read_batch([path])
    assert exc.value.problems[0].code == "bad-encoding"


def test_duplicate_keys_are_refused(tmp_path):
    path = write(tmp_path, "dup.json", b'{"entities": [\n{"id": "a", "id": "b", "type": "Person"}]}')
    with pytest.raises(InvalidData) as exc:
        read_batch([path])
    assert (exc.value.problems[0].code, exc.value.problems[0].line) == ("duplicate-key", 2)


def test_error_positions_carry_the_line_of_the_object(tmp_path):
    doc = county_world().doc()
    entity(doc, "acc/1")["deaths"] = -1
    path = write(tmp_path, "world.json", json.dumps(doc, indent=1).encode())
    with pytest.raises(InvalidData) as exc:
        read_batch([path])
    (p,) = exc.value.problems
    lines = path.read_text().splitlines()
    assert '"id": "acc/1"' in "\n".join(lines[p.line - 1 : p.line + 2])


def test_several_files_form_one_batch(tmp_path):
    doc = county_world().doc()
    first = {"entities": doc["entities"]}
    second = {"relations": doc["relations"]}
    a = write(tmp_path, "a.json", json.dumps(first).encode())
    b = write(tmp_path, "b.json", json.dumps(second).encode())
    assert len(read_batch([a, b])) == len(doc["entities"]) + len(doc["relations"])
    bad = dict(second, relations=second["relations"] + [{"id": "rel/z", "type": "operates", "from": "ent/mine-co", "to": "nope"}])
    b.write_text(json.dumps(bad))
    with pytest.raises(InvalidData) as exc:
        read_batch([a, b])
    assert exc.value.problems[0].file == str(b)


def test_deep_nesting_is_a_clear_error(tmp_path):
    path = write(tmp_path, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(InvalidData) as exc:
        read_batch([path])
    assert exc.value.problems[0].code in ("too-deep", "not-an-object")
