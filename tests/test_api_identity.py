"""Who is who over HTTP: a general manager under two ids, judged one by an investigator, the
trace that follows, the undo that restores it, and the audit log of both."""

from __future__ import annotations

from apikit import is_problem
from world import gm_world

PAIR = {"a": "person/wang-gm", "b": "person/new-gm"}


def gm_holders(api) -> list[str]:
    r = api.get("/v1/accidents/acc/1/trace")
    assert r.status_code == 200, r.text
    return sorted(f["person"]["id"] for f in r.json()["findings"] if f["person"] and f["post"]["id"] == "post/mine-co/gm")


def test_a_same_judgement_merges_the_trace_and_its_undo_restores_it(api):
    api.load(gm_world().doc())
    assert gm_holders(api) == ["person/new-gm", "person/wang-gm"]
    pairs = api.get("/v1/identity/candidates").json()["items"]
    assert {"a": "person/new-gm", "b": "person/wang-gm", "type": "Person"}.items() <= pairs[0].items()
    assert any("post/mine-co/gm" in why for why in pairs[0]["reasons"])

    r = api.post("/v1/identity/judgements", {**PAIR, "verdict": "same", "why": "same ID card number in both files"})
    assert r.status_code == 201, r.text
    j = r.json()
    assert (j["verdict"], j["who"], j["a"], j["b"]) == ("same", "investigator-key", "person/wang-gm", "person/new-gm")
    assert api.get("/v1/identity/judgements").json()["items"] == [j]
    assert gm_holders(api) == ["person/new-gm"]  # the smaller id is the canonical one
    assert all(p["b"] != "person/wang-gm" for p in api.get("/v1/identity/candidates").json()["items"])
    assert api.get("/v1/facts/person/wang-gm").json()["fact"]["id"] == "person/wang-gm"  # the facts are untouched

    r = api.send("DELETE", f"/v1/identity/judgements/{j['id']}", None)
    assert r.status_code == 200 and r.json() == j, r.text
    assert gm_holders(api) == ["person/new-gm", "person/wang-gm"]
    assert api.get("/v1/identity/judgements").json()["items"] == []

    judged, undone = api.audit(action="identity.judge"), api.audit(action="identity.undo")
    assert [(e["outcome"], e["key_name"], e["targets"]) for e in judged] == [("ok", "investigator-key", ["person/wang-gm", "person/new-gm"])]
    assert judged[0]["detail"] == f"verdict=same; judgement={j['id']}"
    assert [(e["outcome"], e["key_name"], e["targets"], e["method"]) for e in undone] == [
        ("ok", "investigator-key", ["person/wang-gm", "person/new-gm"], "DELETE")]


def test_analytics_follow_a_judgement_made_over_http(api):
    api.load(gm_world().doc())
    named = lambda: {p["id"] for p in api.get("/v1/analytics/persons", min_accidents=1).json()["persons"]}  # noqa: E731
    assert {"person/new-gm", "person/wang-gm"} <= named()
    j = api.post("/v1/identity/judgements", {**PAIR, "verdict": "same", "why": "same ID card"}).json()
    assert "person/wang-gm" not in named() and "person/new-gm" in named()
    api.send("DELETE", f"/v1/identity/judgements/{j['id']}", None)
    assert {"person/new-gm", "person/wang-gm"} <= named()


def test_a_different_judgement_keeps_two_and_drops_the_pair_from_the_candidates(api):
    api.load(gm_world().doc())
    r = api.post("/v1/identity/judgements", {**PAIR, "verdict": "different"})
    assert r.status_code == 201, r.text
    assert gm_holders(api) == ["person/new-gm", "person/wang-gm"]
    assert all({p["a"], p["b"]} != {"person/new-gm", "person/wang-gm"} for p in api.get("/v1/identity/candidates").json()["items"])


def test_bad_judgements_are_refused_with_a_pointer_and_nothing_is_recorded(api):
    api.load(gm_world().doc())

    def refused(body, pointer, code):
        errors = is_problem(api.post("/v1/identity/judgements", body), 422)["errors"]
        assert (pointer, code) in {(e["pointer"], e["code"]) for e in errors}, errors

    refused({"a": "person/new-gm", "b": "person/new-gm", "verdict": "same", "why": "?"}, "/b", "same-id")
    refused({"a": "person/nobody", "b": "person/new-gm", "verdict": "same", "why": "?"}, "/a", "unknown-entity")
    refused({"a": "person/new-gm", "b": "post/mine-co/gm", "verdict": "different"}, "/b", "type-mismatch")
    refused({**PAIR, "verdict": "same"}, "/why", "missing-why")
    refused({**PAIR, "verdict": "maybe"}, "/verdict", "literal_error")
    refused({"a": "person/new-gm", "verdict": "same", "why": "?"}, "/b", "missing")
    assert api.get("/v1/identity/judgements").json()["items"] == []
    assert {e["outcome"] for e in api.audit(action="identity.judge")} == {"rejected"}


def test_undoing_an_unknown_or_withdrawn_judgement_is_not_found(api):
    api.load(gm_world().doc())
    is_problem(api.send("DELETE", "/v1/identity/judgements/999", None), 404, "not-found")
    j = api.post("/v1/identity/judgements", {**PAIR, "verdict": "same", "why": "same ID card"}).json()
    assert api.send("DELETE", f"/v1/identity/judgements/{j['id']}", None).status_code == 200
    is_problem(api.send("DELETE", f"/v1/identity/judgements/{j['id']}", None), 404, "not-found")
    assert [e["status"] for e in api.audit(action="identity.undo")] == [404, 200, 404]


def test_readers_see_judgements_but_only_investigators_make_or_undo_them(api):
    api.load(gm_world().doc())
    is_problem(api.post("/v1/identity/judgements", {**PAIR, "verdict": "same", "why": "?"}, role="reader"), 403, "forbidden")
    j = api.post("/v1/identity/judgements", {**PAIR, "verdict": "same", "why": "?"}, role="admin").json()
    assert j["who"] == "admin-key"
    is_problem(api.send("DELETE", f"/v1/identity/judgements/{j['id']}", None, role="reader"), 403, "forbidden")
    assert api.get("/v1/identity/judgements", role="reader").json()["items"] == [j]
    assert [e["outcome"] for e in api.audit(action="identity.judge")] == ["denied", "ok"]


def test_the_sources_of_a_fact_are_as_the_command_line_shows_them(api):
    api.load(gm_world().doc())
    body = api.get("/v1/facts/ten/wang-register/sources").json()
    assert body["fact"] == "ten/wang-register"
    assert [(s["source"], s["title"]) for s in body["sources"]] == [("src/register", "Company register")]
    assert api.get("/v1/facts/ten/wang-register").json()["fact"]["id"] == "ten/wang-register"  # the fact itself still answers
    is_problem(api.get("/v1/facts/rel/none/sources"), 404, "not-found")


def test_judgements_and_candidates_page_with_a_cursor(api):
    api.load(gm_world().doc())
    made = [api.post("/v1/identity/judgements", {**PAIR, "verdict": v, "why": "look"}).json()["id"] for v in ("same", "different")]
    first = api.get("/v1/identity/judgements", limit=1).json()
    second = api.get("/v1/identity/judgements", limit=1, cursor=first["next_cursor"]).json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == made and second["next_cursor"] is None
    is_problem(api.get("/v1/identity/candidates", cursor="not-a-cursor"), 422, "invalid-data")


def test_the_openapi_document_describes_the_identity_routes(api):
    spec = api.http.get("/openapi.json").json()
    post = spec["paths"]["/v1/identity/judgements"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/JudgementIn")
    assert {"201", "401", "403", "415", "422"} <= set(post["responses"])
    assert "404" in spec["paths"]["/v1/identity/judgements/{id}"]["delete"]["responses"]
    assert spec["paths"]["/v1/facts/{id}/sources"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/FactSources")
    assert set(spec["components"]["schemas"]["JudgementOut"]["properties"]) == {"id", "a", "b", "verdict", "who", "at", "why"}
