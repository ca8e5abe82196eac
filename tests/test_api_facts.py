"""Facts over HTTP: a case system pushes batches, reads, corrects and deletes facts; analysts search."""

from __future__ import annotations

import copy
import json

import pytest

from api.app import Limits, create_app
from apikit import ApiClient, is_problem
from conftest import DEMO_ACCIDENT


def test_a_batch_is_written_whole_and_its_facts_read_back_with_their_sources(api, demo_doc):
    summary = api.load(demo_doc)
    n = len(demo_doc["entities"]) + len(demo_doc["relations"])
    assert summary["facts"] == n and summary["added"] == n and summary["replayed"] is False
    got = api.get("/v1/facts/ten/sun-hao-gm").json()
    assert got["kind"] == "relation" and got["fact"]["from"] == "person/sun-hao" and got["fact"]["valid_from"] == "2024-08-28"
    assert [d["id"] for d in got["source_documents"]] == ["src/appt-hengfa-2024"]
    assert got["source_documents"][0]["type"] == "SourceDocument"
    acc = api.get(f"/v1/facts/{DEMO_ACCIDENT}").json()
    assert acc["kind"] == "entity" and acc["fact"]["occurred_on"] == "2024-09-18"


def test_a_repeated_idempotency_key_replays_the_first_answer_and_writes_nothing(api, demo_doc):
    first = api.post("/v1/facts", demo_doc, headers={"Idempotency-Key": "push-0001"})
    doc = copy.deepcopy(demo_doc)
    again = api.post("/v1/facts", doc, headers={"Idempotency-Key": "push-0001"})
    assert first.status_code == again.status_code == 200
    assert again.json()["replayed"] is True and again.headers["Idempotent-Replayed"] == "true"
    assert {k: v for k, v in again.json().items() if k != "replayed"} == {k: v for k, v in first.json().items() if k != "replayed"}
    assert api.get("/v1/health", None).json()["entities"] == len(demo_doc["entities"])


def test_an_idempotency_key_reused_with_another_body_is_a_conflict(api, demo_doc):
    assert api.post("/v1/facts", demo_doc, headers={"Idempotency-Key": "k-1"}).status_code == 200
    changed = copy.deepcopy(demo_doc)
    changed["entities"][0]["title"] = "another title"
    is_problem(api.post("/v1/facts", changed, headers={"Idempotency-Key": "k-1"}), 409, "idempotency-key-reused")
    assert api.get("/v1/facts/" + demo_doc["entities"][0]["id"]).json()["fact"]["title"] != "another title"


def test_a_rejected_batch_does_not_pin_its_idempotency_key(api, demo_doc):
    bad = copy.deepcopy(demo_doc)
    bad["relations"][0]["valid_from"] = "2024-13-01"
    is_problem(api.post("/v1/facts", bad, headers={"Idempotency-Key": "k-2"}), 422)
    assert api.post("/v1/facts", demo_doc, headers={"Idempotency-Key": "k-2"}).json()["replayed"] is False


def test_a_bad_batch_is_rejected_whole_with_pointer_field_and_reason(api, demo_doc):
    bad = copy.deepcopy(demo_doc)
    bad["relations"][3]["valid_from"] = "18 Sept 2024"
    bad["entities"][5]["type"] = "Spaceship"
    body = is_problem(api.post("/v1/facts", bad), 422, "invalid-data")
    pointers = {e["pointer"] for e in body["errors"]}
    assert "/relations/3/valid_from" in pointers and "/entities/5/type" in pointers
    assert all(e["reason"] and e["code"] for e in body["errors"])
    assert api.get("/v1/health", None).json()["entities"] == 0  # nothing of it was written


def test_malformed_json_names_the_line(api):
    body = is_problem(api.post("/v1/facts", b'{"entities": [\n  {"id": "x",\n  }\n]}'), 422)
    assert body["errors"][0]["code"] == "malformed-json" and body["errors"][0]["line"] == 3


def test_a_duplicate_key_in_one_object_is_refused(api):
    body = is_problem(api.post("/v1/facts", b'{"entities": [], "entities": []}'), 422)
    assert body["errors"][0]["code"] == "duplicate-key"


def test_a_body_that_is_not_json_is_415(api, demo_doc):
    r = api.post("/v1/facts", json.dumps(demo_doc), headers={"Content-Type": "text/plain"})
    is_problem(r, 415, "unsupported-media-type")


def test_an_empty_body_is_refused(api):
    is_problem(api.post("/v1/facts", b""), 422)


def test_a_body_over_the_limit_is_413_and_writes_nothing(embedded, tmp_path, demo_doc):
    client = ApiClient(create_app(embedded, tmp_path / "api.db", Limits(max_body=4096)))
    is_problem(client.post("/v1/facts", demo_doc), 413, "too-large")
    # without Content-Length (chunked), the limit holds while streaming
    chunks = (json.dumps(demo_doc)[i : i + 1000].encode() for i in range(0, len(json.dumps(demo_doc)), 1000))
    r = client.http.post("/v1/facts", content=chunks, headers=client.headers("investigator", {"Content-Type": "application/json"}))
    is_problem(r, 413, "too-large")
    assert embedded.counts()["entities"] == 0


def test_put_replaces_a_fact_and_creates_a_new_one(demo_api):
    fact = demo_api.get("/v1/facts/person/sun-hao").json()["fact"]
    fact["name"] = {"zh": "孙浩", "en": "Sun Hao (corrected)"}
    r = demo_api.send("PUT", "/v1/facts/person/sun-hao", fact)
    assert r.status_code == 200, r.text
    assert r.json()["fact"]["name"]["en"] == "Sun Hao (corrected)" and r.json()["summary"]["updated"] == 1
    new = {"type": "Person", "name": {"zh": "新人", "en": "New Person"}}
    r = demo_api.send("PUT", "/v1/facts/person/new-one", new)
    assert r.status_code == 201 and r.json()["fact"]["id"] == "person/new-one"
    assert demo_api.get("/v1/facts/person/new-one").json()["fact"]["name"]["zh"] == "新人"


def test_put_refuses_an_id_that_differs_from_the_path_or_a_new_type(demo_api):
    body = is_problem(demo_api.send("PUT", "/v1/facts/person/sun-hao", {"id": "person/other", "type": "Person", "name": {"en": "x"}}), 422)
    assert body["errors"][0]["pointer"] == "/id"
    body = is_problem(demo_api.send("PUT", "/v1/facts/person/sun-hao", {"type": "Post", "name": {"en": "x"}, "role": "principal"}), 422)
    assert body["errors"][0]["pointer"] == "/type"


def test_put_of_an_invalid_relation_says_where(demo_api):
    rel = demo_api.get("/v1/facts/ten/sun-hao-gm").json()["fact"]
    rel["valid_to"] = "2020-01-01"  # before valid_from
    body = is_problem(demo_api.send("PUT", "/v1/facts/ten/sun-hao-gm", rel), 422)
    assert any("valid" in e["pointer"] for e in body["errors"])
    assert demo_api.get("/v1/facts/ten/sun-hao-gm").json()["fact"].get("valid_to") is None


def test_patch_merges_fields_and_null_removes_one(demo_api):
    r = demo_api.send("PATCH", "/v1/facts/ten/zhao-lijun-gm", {"acting": True}, headers={"Content-Type": "application/merge-patch+json"})
    assert r.status_code == 200, r.text
    assert r.json()["fact"]["acting"] is True and r.json()["fact"]["valid_to"] == "2024-08-28"
    r = demo_api.send("PATCH", "/v1/facts/ten/zhao-lijun-gm", {"acting": None})
    assert "acting" not in r.json()["fact"]
    is_problem(demo_api.send("PATCH", "/v1/facts/ten/zhao-lijun-gm", {"type": "postIn"}), 422)
    is_problem(demo_api.send("PATCH", "/v1/facts/no/such", {"acting": True}), 404)


def test_delete_is_for_admins_and_refuses_an_entity_still_referenced(demo_api):
    is_problem(demo_api.send("DELETE", "/v1/facts/ten/sun-hao-gm", b"", role="investigator"), 403)
    is_problem(demo_api.send("DELETE", "/v1/facts/person/sun-hao", b"", role="admin"), 409, "conflict")
    r = demo_api.send("DELETE", "/v1/facts/ten/sun-hao-gm", b"", role="admin")
    assert r.status_code == 200 and r.json()["deleted"] == 1
    is_problem(demo_api.get("/v1/facts/ten/sun-hao-gm"), 404, "not-found")
    is_problem(demo_api.send("DELETE", "/v1/facts/ten/sun-hao-gm", b"", role="admin"), 404)


def test_an_unknown_fact_is_404(demo_api):
    is_problem(demo_api.get("/v1/facts/person/nobody"), 404, "not-found")


@pytest.mark.parametrize("q", ["恒发", "hengfa", "HENGFA COAL"])
def test_entities_are_found_by_part_of_a_chinese_or_english_name(demo_api, q):
    ids = [e["id"] for e in demo_api.get("/v1/entities", q=q, type="Enterprise").json()["items"]]
    assert ids == ["ent/hengfa"]


def test_a_type_finds_its_subtypes(demo_api):
    types = {e["type"] for e in demo_api.get("/v1/entities", type="Organization", limit=1000).json()["items"]}
    assert {"Government", "PartyCommittee", "Department", "Enterprise"} <= types and "Person" not in types


def test_an_area_finds_what_lies_in_it_or_below(demo_api):
    ids = {e["id"] for e in demo_api.get("/v1/entities", area="area/songtai", limit=1000).json()["items"]}
    assert {"site/hengfa-pit", "gov/songtai", "gov/xiaba", "post/hengfa-gm", "person/sun-hao", DEMO_ACCIDENT} <= ids
    assert "gov/mingsha" not in ids and "gov/qingya" not in ids


def test_search_on_a_date_keeps_organisations_alive_then(demo_api):
    before = {e["id"] for e in demo_api.get("/v1/entities", type="Department", at="2018-01-01", limit=1000).json()["items"]}
    after = {e["id"] for e in demo_api.get("/v1/entities", type="Department", at="2024-01-01", limit=1000).json()["items"]}
    assert "dept/songtai-em" in after and "dept/songtai-em" not in before  # established 2018-11-20


def test_pages_follow_the_cursor_without_gaps_or_repeats(demo_api):
    everything = [e["id"] for e in demo_api.get("/v1/entities", limit=1000).json()["items"]]
    seen, cursor = [], None
    while True:
        body = demo_api.get("/v1/entities", limit=7, cursor=cursor).json()
        assert len(body["items"]) <= 7
        seen += [e["id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(set(seen)) == len(seen) == 136


def test_bad_search_parameters_are_422_with_a_pointer(demo_api):
    assert is_problem(demo_api.get("/v1/entities", type="Spaceship"), 422)["errors"][0]["pointer"] == "/type"
    assert is_problem(demo_api.get("/v1/entities", cursor="not-a-cursor"), 422)["errors"][0]["pointer"] == "/cursor"
    assert is_problem(demo_api.get("/v1/entities", limit=0), 422)["errors"][0]["pointer"] == "/limit"
    assert is_problem(demo_api.get("/v1/entities", at="2024-02-30"), 422)["errors"][0]["pointer"] == "/at"


def test_accidents_are_listed_with_date_grade_and_area(demo_api):
    items = demo_api.get("/v1/accidents").json()["items"]
    assert [a["id"] for a in items] == [DEMO_ACCIDENT]
    a = items[0]
    assert a["date"] == "2024-09-18" and a["grade"] == "larger" and a["area"] == "area/xiaba"
    assert "area/qingya" in a["areas"] and "坍塌" in a["name"] and "collapse" in a["name_en"]


def test_accident_filters_by_window_grade_area_and_name(demo_api):
    def ids(**p):
        return [a["id"] for a in demo_api.get("/v1/accidents", **p).json()["items"]]

    assert ids(from_="2024-09-18", to="2024-09-18") == [DEMO_ACCIDENT]
    assert ids(from_="2024-09-19") == [] and ids(to="2024-09-17") == []
    assert ids(grade="larger") == [DEMO_ACCIDENT] and ids(grade="major") == []
    assert ids(area="area/mingsha") == [DEMO_ACCIDENT] and ids(area="area/cn-other") == []
    assert ids(q="恒发") == [DEMO_ACCIDENT] and ids(q="flood") == []
    assert is_problem(demo_api.get("/v1/accidents", grade="huge"), 422)["errors"][0]["pointer"] == "/grade"


def test_accidents_are_newest_first_across_pages(api, demo_doc):
    doc = copy.deepcopy(demo_doc)
    base = next(e for e in doc["entities"] if e["id"] == DEMO_ACCIDENT)
    for i, day in enumerate(["2023-01-05", "2024-12-01", "2022-07-07"]):
        doc["entities"].append({**base, "id": f"acc/extra-{i}", "occurred_on": day})
        doc["relations"].append({"id": f"rel/extra-{i}-at", "type": "occurredAt", "from": f"acc/extra-{i}", "to": "site/hengfa-pit"})
    api.load(doc)
    first = api.get("/v1/accidents", limit=2).json()
    second = api.get("/v1/accidents", limit=2, cursor=first["next_cursor"]).json()
    dates = [a["date"] for a in first["items"] + second["items"]]
    assert dates == ["2024-12-01", "2024-09-18", "2023-01-05", "2022-07-07"] and second["next_cursor"] is None


def test_concurrent_first_uses_of_one_idempotency_key_with_different_bodies(embedded, tmp_path, demo_doc):
    from concurrent.futures import ThreadPoolExecutor

    client = ApiClient(create_app(embedded, tmp_path / "api.db"))
    other = copy.deepcopy(demo_doc)
    other["entities"][0]["title"] = "a different body"

    def send(doc):
        from fastapi.testclient import TestClient

        with TestClient(client.app) as http:
            return http.post("/v1/facts", content=json.dumps(doc), headers=client.headers("investigator", {
                "Content-Type": "application/json", "Idempotency-Key": "race"})).status_code

    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(send, [demo_doc, other, demo_doc, other]))
    assert codes == [200, 200, 409, 409]
    assert embedded.counts()["entities"] == len(demo_doc["entities"])
