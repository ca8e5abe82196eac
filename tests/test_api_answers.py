"""Traces and timelines answered from the cache of answers by data version: the same answer with
an ETag until a write, a delete or a judgement changes the data; 304 for a client that has it;
every request still authenticated (a revoked key is refused at once) and audited, hit or not."""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from pathlib import Path

from fastapi.encoders import jsonable_encoder

from api.apidb import ApiDb
from api.app import Limits, create_app
from api.audit import GroupWriter, record
from api.auth import create_key, revoke_key
from apikit import ApiClient, is_problem
from conftest import DEMO_ACCIDENT
from graph.store import open_store
from graph.timeline import timeline
from graph.trace import trace
from world import gm_world

TRACE = f"/v1/accidents/{DEMO_ACCIDENT}/trace"


def accident_fact(doc: dict, **changes) -> dict:
    """The demo accident as a one-entity facts document, with some properties changed."""
    acc = next(e for e in doc["entities"] if e["id"] == DEMO_ACCIDENT)
    return {"entities": [{**copy.deepcopy(acc), **changes}], "relations": []}


def test_a_trace_is_answered_again_from_the_cache_with_the_same_etag(demo_api, store):
    first = demo_api.get(TRACE)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/json"
    assert first.json() == jsonable_encoder(trace(store, DEMO_ACCIDENT))  # the same JSON as the CLI's --json
    lru = demo_api.app.state.answers.lru
    hits = lru.hits
    again = demo_api.get(TRACE)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert lru.hits == hits + 1
    assert first.headers["etag"].startswith('"') and "no-cache" in first.headers["cache-control"]
    # another date is another question
    other = demo_api.get(TRACE, at="2023-01-01")
    assert other.status_code == 200 and other.json()["accident"]["at"] == "2023-01-01"
    assert other.headers["etag"] != first.headers["etag"]


def test_if_none_match_gets_304_without_a_body_and_a_stale_tag_gets_the_answer(demo_api):
    tag = demo_api.get(TRACE).headers["etag"]
    for header in (tag, f'W/{tag}', f'"something-else", {tag}', "*"):
        r = demo_api.http.get(TRACE, headers={**demo_api.headers("reader"), "If-None-Match": header})
        assert r.status_code == 304, header
        assert r.content == b"" and r.headers["etag"] == tag
    r = demo_api.http.get(TRACE, headers={**demo_api.headers("reader"), "If-None-Match": '"an-old-answer"'})
    assert r.status_code == 200 and r.json()["accident"]["id"] == DEMO_ACCIDENT


def test_a_write_changes_the_answer_and_a_304_no_longer_holds(demo_api, demo_doc):
    before = demo_api.get(TRACE)
    assert before.json()["accident"]["deaths"] == 6
    demo_api.load(accident_fact(demo_doc, deaths=7))
    after = demo_api.get(TRACE)
    assert after.json()["accident"]["deaths"] == 7
    assert after.headers["etag"] != before.headers["etag"]
    r = demo_api.http.get(TRACE, headers={**demo_api.headers("reader"), "If-None-Match": before.headers["etag"]})
    assert r.status_code == 200 and r.json()["accident"]["deaths"] == 7


def test_a_delete_changes_the_answer(demo_api):
    assert demo_api.get(TRACE).json()["accident"]["taken_over_by"]["id"] == "gov/qingya"
    r = demo_api.send("DELETE", "/v1/facts/rel/accident-taken-over", None, role="admin")
    assert r.status_code in (200, 204), r.text
    assert not demo_api.get(TRACE).json()["accident"].get("taken_over_by")


def test_a_write_by_another_process_changes_the_answer(store, tmp_path, demo_doc, load):
    """Another writer (the CLI, a loader) commits to the store: the next trace sees it."""
    load(store, demo_doc)
    api = ApiClient(create_app(store, tmp_path / "api.db", Limits(version_ttl_s=0)))
    try:
        assert api.get(TRACE).json()["accident"]["deaths"] == 6
        other = open_store(store.uri)
        try:
            load(other, accident_fact(demo_doc, deaths=9))
        finally:
            other.close()
        assert api.get(TRACE).json()["accident"]["deaths"] == 9
    finally:
        api.app.state.apidb.close()


def test_a_judgement_and_its_undo_change_the_cached_trace(api):
    api.load(gm_world().doc())
    path = "/v1/accidents/acc/1/trace"
    holders = lambda r: sorted(f["person"]["id"] for f in r.json()["findings"]  # noqa: E731
                               if f["person"] and f["post"]["id"] == "post/mine-co/gm")
    before = api.get(path)
    assert holders(before) == ["person/new-gm", "person/wang-gm"]
    assert api.get(path).headers["etag"] == before.headers["etag"]
    j = api.post("/v1/identity/judgements", {"a": "person/wang-gm", "b": "person/new-gm", "verdict": "same",
                                              "why": "same ID card number"}).json()
    judged = api.get(path)
    assert holders(judged) == ["person/new-gm"] and judged.headers["etag"] != before.headers["etag"]
    api.send("DELETE", f"/v1/identity/judgements/{j['id']}", None)
    undone = api.get(path)
    assert holders(undone) == ["person/new-gm", "person/wang-gm"]
    assert undone.headers["etag"] == before.headers["etag"]  # the same answer, so the same tag


def test_the_timeline_is_cached_and_validated_like_the_trace(demo_api, store):
    path = f"/v1/accidents/{DEMO_ACCIDENT}/timeline"
    r = demo_api.get(path)
    assert r.status_code == 200 and r.json() == jsonable_encoder(timeline(store, DEMO_ACCIDENT))
    assert r.headers["etag"] != demo_api.get(TRACE).headers["etag"]
    again = demo_api.http.get(path, headers={**demo_api.headers("reader"), "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    assert [e["action"] for e in demo_api.audit(action="trace.timeline")] == ["trace.timeline"] * 2


def test_a_cached_answer_still_needs_a_valid_key_and_a_revoked_one_is_refused_at_once(demo_api, tmp_path):
    assert demo_api.get(TRACE).status_code == 200  # cached now
    is_problem(demo_api.get(TRACE, role=None), 401, "no-key")
    is_problem(demo_api.http.get(TRACE, headers={"X-API-Key": "skg_nothing_here"}), 401, "bad-key")
    db = demo_api.app.state.apidb
    record_, key = create_key(db, "poller", "reader")
    assert demo_api.http.get(TRACE, headers={"X-API-Key": key}).status_code == 200
    r = demo_api.send("DELETE", f"/v1/admin/keys/{record_['id']}", None, role="admin")
    assert r.status_code == 200, r.text
    is_problem(demo_api.http.get(TRACE, headers={"X-API-Key": key}), 401, "bad-key")
    # revoked by another process (the CLI's `keys revoke`): refused with the next request too
    record2, key2 = create_key(ApiDb(db.path), "second-poller", "reader")
    assert demo_api.http.get(TRACE, headers={"X-API-Key": key2}).status_code == 200  # a key made elsewhere works at once
    other = ApiDb(db.path)
    revoke_key(other, record2["id"])
    other.close()
    r = demo_api.http.get(TRACE, headers={**demo_api.headers(None), "X-API-Key": key2, "If-None-Match": "*"})
    is_problem(r, 401, "bad-key")


def test_every_trace_is_audited_hit_miss_or_304(demo_api):
    tag = demo_api.get(TRACE).headers["etag"]
    demo_api.get(TRACE)
    demo_api.http.get(TRACE, headers={**demo_api.headers("reader"), "If-None-Match": tag})
    demo_api.get(TRACE, role=None)
    entries = demo_api.audit(action="trace")
    assert [(e["status"], e["outcome"], e["key_name"], e["targets"]) for e in entries] == [
        (200, "ok", "reader-key", [DEMO_ACCIDENT]), (200, "ok", "reader-key", [DEMO_ACCIDENT]),
        (304, "ok", "reader-key", [DEMO_ACCIDENT]), (401, "denied", None, [])]


def test_a_trace_whose_audit_entry_cannot_be_written_is_not_answered(demo_api):
    demo_api.get(TRACE)  # cached
    db = sqlite3.connect(demo_api.app.state.apidb.path)
    db.execute("CREATE TRIGGER audit_refuses BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    db.commit()
    r = demo_api.get(TRACE)
    body = is_problem(r, 503, "audit-unavailable")
    assert "accident" not in body and r.headers["retry-after"]
    db.execute("DROP TRIGGER audit_refuses")
    db.commit()
    db.close()
    assert demo_api.get(TRACE).status_code == 200


def test_the_audit_writer_commits_entries_in_groups(tmp_path: Path):
    db = ApiDb(tmp_path / "api.db")
    writer = GroupWriter(db.path)
    entry = ("2024-01-01T00:00:00.000+00:00", "k", "reader-key", "reader", "trace", "GET", "/v1/x", "[]", 200, "ok", None, None)
    futures = [writer.submit(entry) for _ in range(500)]
    for f in futures:
        f.result(30)
    assert db.execute("SELECT count(*) FROM audit")[0][0] == 500
    assert 1 <= writer.groups < 500  # what queued up while a group was being committed went in together
    writer.close()
    threads = [threading.Thread(target=record, args=(db,), kwargs=dict(action="trace", method="GET", path=f"/v1/{i}", status=200))
               for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r in db.execute("SELECT path FROM audit WHERE path != '/v1/x'")) == sorted(f"/v1/{i}" for i in range(20))
    db.close()


def test_answers_are_bounded(demo_api):
    lru = demo_api.app.state.answers.lru
    lru.max_size = len(demo_api.get(TRACE).content) + 10  # bytes
    demo_api.get(TRACE, at="2023-01-01")
    assert len(lru) == 1  # the older answer made room
    assert json.loads(demo_api.get(TRACE).content)["accident"]["id"] == DEMO_ACCIDENT


def test_the_same_question_asked_at_once_is_computed_once_and_audited_for_each(demo_api, monkeypatch):
    import asyncio

    import httpx

    import api.routes.investigation as routes

    computed = []

    def counting(store, ident, at):
        computed.append(ident)
        return trace(store, ident, at)

    monkeypatch.setattr(routes, "run_trace", counting)
    demo_api.app.state.answers.versions.ttl = 600  # Neo4j: the version read below holds for the whole test
    assert demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/timeline").status_code == 200  # reads the version

    async def ask() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=demo_api.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as http:
            return await asyncio.gather(*(http.get(TRACE, headers=demo_api.headers("reader")) for _ in range(10)))

    answers = asyncio.run(ask())
    assert [r.status_code for r in answers] == [200] * 10
    assert len({r.headers["etag"] for r in answers}) == 1
    assert computed == [DEMO_ACCIDENT]
    assert len(demo_api.audit(action="trace")) == 10


def test_an_entry_the_log_refuses_fails_alone_and_its_group_is_committed(tmp_path: Path):
    import pytest

    from ontology.errors import StoreUnavailable

    db = ApiDb(tmp_path / "api.db")
    writer = GroupWriter(db.path, linger_s=0.05)  # the three below queue up into one group
    good = ("2024-01-01T00:00:00.000+00:00", "k", "reader-key", "reader", "trace", "GET", "/v1/ok", "[]", 200, "ok", None, None)
    bad = good[:4] + (None,) + good[5:]  # no action: the table refuses it
    futures = [writer.submit(good), writer.submit(bad), writer.submit(good)]
    assert futures[0].result(30) is None and futures[2].result(30) is None
    with pytest.raises(StoreUnavailable):
        futures[1].result(30)
    assert db.execute("SELECT count(*) FROM audit")[0][0] == 2
    writer.close()
    with pytest.raises(StoreUnavailable):  # a closed writer says so rather than leaving a request waiting
        writer.submit(good).result(5)
    db.close()


def test_a_trace_over_a_store_that_is_down_is_503_and_audited(tmp_path):
    api = ApiClient(create_app("bolt://127.0.0.1:1", tmp_path / "api.db"))
    r = api.get(TRACE)
    assert is_problem(r, 503, "store-unavailable") and r.headers["Retry-After"]
    assert [(e["status"], e["outcome"]) for e in api.audit(action="trace")] == [(503, "failed")]
    api.app.state.apidb.close()
