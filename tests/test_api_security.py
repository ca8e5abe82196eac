"""Keys, roles and the audit log: every route is guarded, and the log records what it promises."""

from __future__ import annotations

import re
import sqlite3

import pytest
from fastapi.routing import APIRoute

try:  # FastAPI >= 0.1xx keeps included routers as entries of their own
    from fastapi.routing import iter_route_contexts
except ImportError:  # older FastAPI: app.routes is already flat
    from types import SimpleNamespace

    def iter_route_contexts(routes):  # type: ignore[no-redef]
        for r in routes:
            yield SimpleNamespace(original_route=r, path=getattr(r, "path", None))

from api.app import create_app
from api.auth import ROLES, Require
from apikit import ApiClient, is_problem
from conftest import DEMO_ACCIDENT

PUBLIC = {"/v1/health", "/docs", "/openapi.json"}


def _required_role(route: APIRoute) -> list[Require]:
    found, todo = [], list(route.dependant.dependencies)
    while todo:
        dep = todo.pop()
        if isinstance(dep.call, Require):
            found.append(dep.call)
        todo += dep.dependencies
    return found


def _routes(app):
    for ctx in iter_route_contexts(app.routes):
        route = ctx.original_route
        if isinstance(route, APIRoute):
            for method in sorted(route.methods - {"HEAD"}):
                yield method, ctx.path, route


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: "acc/x" if ":path" in m.group(0) else "nokey", path)


@pytest.fixture
def guarded(embedded, tmp_path):
    return ApiClient(create_app(embedded, tmp_path / "api.db"))


def test_every_route_refuses_no_key_a_wrong_key_and_a_lower_role(guarded):
    routes = list(_routes(guarded.app))
    assert len(routes) >= 25
    checked = 0
    for method, path, route in routes:
        guards = _required_role(route)
        if path in PUBLIC:
            assert not guards, f"{method} {path} is public and must not ask for a key"
            assert guarded.http.request(method, path).status_code == 200
            continue
        assert len(guards) == 1, f"{method} {path} must declare exactly one role"
        role = guards[0].role
        url = _url(path)
        is_problem(guarded.http.request(method, url), 401, "no-key")
        r = guarded.http.request(method, url, headers={"X-API-Key": "skg_000000000000_not-a-key"})
        is_problem(r, 401, "bad-key")
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        below = ROLES[: ROLES.index(role)]
        for lower in below:
            is_problem(guarded.http.request(method, url, headers=guarded.headers(lower)), 403, "forbidden")
        ok = guarded.http.request(method, url, headers=guarded.headers(role), content=b"{}",
                                  params={"from": "a/b", "to": "c/d", "enterprise": "e/f"})
        assert ok.status_code not in (401, 403), f"{method} {path} refused its own role {role}: {ok.text}"
        checked += 1
    assert checked >= 25


def test_the_documented_roles_of_the_routes(guarded):
    roles = {(m, p): _required_role(r)[0].role for m, p, r in _routes(guarded.app) if p not in PUBLIC}
    assert roles[("POST", "/v1/facts")] == "investigator" and roles[("PUT", "/v1/facts/{id:path}")] == "investigator"
    assert roles[("DELETE", "/v1/facts/{id:path}")] == "admin" and roles[("GET", "/v1/admin/audit")] == "admin"
    assert roles[("GET", "/v1/accidents/{id:path}/trace")] == "reader" and roles[("POST", "/v1/query/sparql")] == "reader"
    assert {r for (m, p), r in roles.items() if p.startswith("/v1/admin")} == {"admin"}


def test_a_bearer_token_works_like_the_header(guarded):
    r = guarded.http.get("/v1/accidents", headers={"Authorization": f"Bearer {guarded.keys['reader']}"})
    assert r.status_code == 200
    is_problem(guarded.http.get("/v1/accidents", headers={"Authorization": f"Basic {guarded.keys['reader']}"}), 401)


def test_keys_are_stored_hashed_and_never_listed(guarded):
    listed = guarded.get("/v1/admin/keys", "admin").text
    db = guarded.app.state.apidb
    db.db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = db.path.read_bytes()
    for key in guarded.keys.values():
        secret = key.split("_", 2)[2]
        assert secret not in listed and secret.encode() not in raw
    assert {k["role"] for k in guarded.get("/v1/admin/keys", "admin").json()["items"]} == set(ROLES)


def test_an_admin_creates_a_key_that_works_once_shown_and_revokes_it(guarded):
    r = guarded.post("/v1/admin/keys", {"name": "case-system-B", "role": "investigator"}, role="admin")
    assert r.status_code == 201 and r.headers["Cache-Control"] == "no-store"
    key, key_id = r.json()["key"], r.json()["id"]
    assert guarded.http.get("/v1/accidents", headers={"X-API-Key": key}).status_code == 200
    assert key not in guarded.get("/v1/admin/keys", "admin").text
    assert guarded.send("DELETE", f"/v1/admin/keys/{key_id}", b"", role="admin").json()["revoked_at"]
    is_problem(guarded.http.get("/v1/accidents", headers={"X-API-Key": key}), 401, "bad-key")


def test_a_key_needs_a_known_role_and_a_name(guarded):
    body = is_problem(guarded.post("/v1/admin/keys", {"name": "x", "role": "superuser"}, role="admin"), 422)
    assert body["errors"][0]["pointer"] == "/role"
    body = is_problem(guarded.post("/v1/admin/keys", {"role": "reader"}, role="admin"), 422)
    assert body["errors"][0]["pointer"] == "/name"


def test_the_last_admin_key_cannot_be_revoked(guarded):
    admin_id = next(k["id"] for k in guarded.get("/v1/admin/keys", "admin").json()["items"] if k["role"] == "admin")
    is_problem(guarded.send("DELETE", f"/v1/admin/keys/{admin_id}", b"", role="admin"), 409)
    is_problem(guarded.send("DELETE", "/v1/admin/keys/unknown", b"", role="admin"), 404)


def test_a_write_leaves_exactly_one_audit_entry(api, demo_doc):
    assert api.audit() == []
    r = api.post("/v1/facts", demo_doc, headers={"Idempotency-Key": "push-42"})
    assert r.status_code == 200
    entries = api.audit()
    assert len(entries) == 1
    e = entries[0]
    assert e["action"] == "facts.upsert" and e["method"] == "POST" and e["path"] == "/v1/facts"
    assert e["key_name"] == "investigator-key" and e["role"] == "investigator" and e["key_id"]
    assert e["status"] == 200 and e["outcome"] == "ok" and e["idempotency_key"] == "push-42"
    assert DEMO_ACCIDENT in e["targets"] and "ten/sun-hao-gm" in e["targets"] and len(e["targets"]) == 284
    assert e["at"].endswith("+00:00")


def test_a_trace_leaves_exactly_one_audit_entry(demo_api):
    before = demo_api.audit()
    assert demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace", at="2024-08-27").status_code == 200
    new = demo_api.audit(after=before[-1]["seq"])
    assert len(new) == 1
    e = new[0]
    assert (e["action"], e["targets"], e["detail"], e["role"], e["outcome"]) == ("trace", [DEMO_ACCIDENT], "at=2024-08-27", "reader", "ok")
    assert demo_api.audit(target=DEMO_ACCIDENT, action="trace") == [e]


def test_refused_and_failed_writes_are_logged_too(demo_api, demo_doc):
    last = demo_api.audit()[-1]["seq"]
    demo_api.post("/v1/facts", demo_doc, role="reader")
    demo_api.post("/v1/facts", {"entities": [{"id": "x", "type": "Spaceship"}]})
    demo_api.send("DELETE", "/v1/facts/person/sun-hao", b"", role="admin")
    entries = demo_api.audit(after=last)
    assert [(e["action"], e["status"], e["outcome"]) for e in entries] == [
        ("facts.upsert", 403, "denied"), ("facts.upsert", 422, "rejected"), ("facts.delete", 409, "rejected")]
    assert entries[0]["role"] == "reader"


def test_reads_that_are_not_traces_are_not_logged(demo_api):
    n = len(demo_api.audit())
    demo_api.get("/v1/accidents")
    demo_api.get("/v1/facts/person/sun-hao")
    assert len(demo_api.audit()) == n


def test_no_key_material_reaches_the_audit_log(demo_api):
    demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace")
    demo_api.http.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace", headers={"X-API-Key": "skg_abcdef123456_leaked-secret-value"})
    demo_api.post("/v1/admin/keys", {"name": "n", "role": "reader"}, role="admin")
    rows = demo_api.app.state.apidb.execute("SELECT * FROM audit")
    text = repr(rows)
    assert "leaked-secret-value" not in text
    for key in demo_api.keys.values():
        assert key not in text and key.split("_", 2)[2] not in text
    assert any(r[2] is None and r[9] == 401 for r in rows)  # the anonymous attempt is there, without who


def test_the_audit_log_is_append_only(demo_api):
    db = demo_api.app.state.apidb
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.db.execute("UPDATE audit SET outcome = 'ok'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.db.execute("DELETE FROM audit")
    assert demo_api.audit()


def test_audit_pages_follow_next_after(demo_api):
    for _ in range(3):
        demo_api.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace")
    first = demo_api.get("/v1/admin/audit", "admin", limit=2).json()
    second = demo_api.get("/v1/admin/audit", "admin", limit=2, after=first["next_after"]).json()
    seqs = [e["seq"] for e in first["items"] + second["items"]]
    assert seqs == sorted(set(seqs)) and len(seqs) == 4


def test_a_store_that_is_down_is_503_with_retry_after(tmp_path):
    client = ApiClient(create_app("bolt://127.0.0.1:1", tmp_path / "api.db"))
    r = client.http.get("/v1/health")
    body = is_problem(r, 503, "store-unavailable")
    assert r.headers["Retry-After"] and "127.0.0.1:1" in body["detail"]
    is_problem(client.get("/v1/accidents"), 503, "store-unavailable")


def test_unknown_endpoints_and_methods_are_problems_too(guarded):
    is_problem(guarded.get("/v1/nothing-here"), 404, "not-found")
    is_problem(guarded.http.request("PATCH", "/v1/accidents", headers=guarded.headers("admin")), 405, "method-not-allowed")


def test_corrections_deletes_and_queries_are_audited_with_their_targets(demo_api):
    last = demo_api.audit()[-1]["seq"]
    demo_api.send("PUT", "/v1/facts/person/new-clerk", {"type": "Person", "name": {"en": "New clerk"}})
    demo_api.send("PATCH", "/v1/facts/person/new-clerk", {"description": "hired 2024"})
    demo_api.send("DELETE", "/v1/facts/person/new-clerk", b"", role="admin")
    demo_api.post("/v1/query/sparql", {"query": "ASK { ?s ?p ?o }"}, role="reader")
    entries = demo_api.audit(after=last)
    assert [(e["action"], e["targets"], e["role"], e["status"]) for e in entries] == [
        ("facts.replace", ["person/new-clerk"], "investigator", 201),
        ("facts.update", ["person/new-clerk"], "investigator", 200),
        ("facts.delete", ["person/new-clerk"], "admin", 200),
        ("query.sparql", [], "reader", 200),
    ]
    assert entries[-1]["detail"] == "ASK { ?s ?p ?o }"


def test_an_audit_page_after_a_sequence_number_beyond_sqlite_integers_is_a_clear_422(guarded):
    r = guarded.get("/v1/admin/audit", "admin", after=2**63)
    body = is_problem(r, 422, "invalid-request")
    assert body["errors"][0]["field"] == "after"
