"""The API as deployed (``python -m api serve``, uvicorn on loopback), under faults and load:
killed mid-write, many writers and readers at once (threads and processes), hostile bytes on
the wire, generated requests from its own OpenAPI document; and its logs never hold a key.
"""

from __future__ import annotations

import concurrent.futures as cf
import copy
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from apiserver import REPO, ApiServer
from conftest import _neo4j_uri
from faultkit import batch_ids, batch_state, numbered_doc
from graph.store import open_store
from world import county_world

sys.path.insert(0, str(REPO))
from bench.crash import api_rounds, ok  # noqa: E402


def problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("application/problem+json")
    return r.json()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for this module's tests (each counts what it adds, relative to before)."""
    tmp_path = tmp_path_factory.mktemp("served")
    with ApiServer(str(tmp_path / "store.db"), tmp_path / "api", args=("--max-body-mib", "1")) as server:
        with server.client() as http:
            assert http.post("/v1/facts", json=county_world().doc()).status_code == 200
        yield server


def counts(server: ApiServer) -> tuple[int, int]:
    body = httpx.get(server.url + "/v1/health", timeout=10).json()
    return body["entities"], body["relations"]


# --- 1. crash durability through the API ------------------------------------------------------


@pytest.mark.parametrize("backend", ["embedded", "neo4j"])
def test_acknowledged_posts_survive_the_server_being_killed(tmp_path, backend):
    """Two SIGKILL rounds per backend here; ``bench/crash.py api`` runs many."""
    if backend == "neo4j":
        store = _neo4j_uri()
        with open_store(store) as s:
            s.wipe()
    else:
        store = str(tmp_path / "store.db")
    result = api_rounds(tmp_path, rounds=2, kill_after=(0.3, 1.0), rng=random.Random(int(os.environ.get("SAFETYKG_CRASH_SEED", "5"))), store=store)
    assert result["acked"] > 0 and result["acked_found_whole"] == result["acked"], result
    assert result["rounds_ok"] == 2 and not result["partial"] and not result["unexpected"] and not result["refused"], result
    served, sample = map(int, result["served_by_api"].split("/"))
    assert served == sample > 0


# --- 2. concurrency ---------------------------------------------------------------------------

CLIENT = """
import json, sys, httpx
sys.path[:0] = ["tests"]
from faultkit import numbered_doc
url, key, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as http:
    for n in range(first, first + count):
        r = http.post("/v1/facts", json=numbered_doc(n, 5), headers={"Idempotency-Key": f"b{n}"})
        print(json.dumps({"n": n, "status": r.status_code}), flush=True)
"""


def _versioned(k: int) -> dict:
    """Batch k renames the accident and its site together: a trace must never show two versions."""
    doc = county_world().doc()
    acc = copy.deepcopy(next(e for e in doc["entities"] if e["id"] == "acc/1"))
    site = copy.deepcopy(next(e for e in doc["entities"] if e["id"] == "site/mine"))
    acc["name"] = {"en": f"accident v{k}"}
    site["name"] = {"en": f"site v{k}"}
    return {"entities": [acc, site]}


def test_many_writers_and_readers_at_once_lose_nothing_and_never_see_half_a_batch(served):
    base = counts(served)
    threads, per_thread, procs, per_proc = 4, 8, 2, 8
    versions = 30
    torn: list[str] = []
    seen_versions: set[int] = set()
    stop = threading.Event()

    def write(first: int) -> list[int]:
        with served.client() as http:
            for n in range(first, first + per_thread):
                r = http.post("/v1/facts", json=numbered_doc(n, 5), headers={"Idempotency-Key": f"b{n}"})
                assert r.status_code == 200, r.text
        return list(range(first, first + per_thread))

    def toggle() -> None:
        with served.client() as http:
            for k in range(versions):
                assert http.post("/v1/facts", json=_versioned(k)).status_code == 200

    def read() -> int:
        done = 0
        with served.client("reader") as http:
            while not stop.is_set():
                t = http.get("/v1/accidents/acc/1/trace").json()
                acc, sites = t["accident"]["name"]["en"], [s["name"]["en"] for s in t["accident"]["sites"]]
                if acc.startswith("accident v"):
                    k = acc.removeprefix("accident v")
                    if sites != [f"site v{k}"]:
                        torn.append(f"{acc} with {sites}")
                    seen_versions.add(int(k))
                elif sites != ["site/mine"]:
                    torn.append(f"{acc} with {sites}")
                ids = batch_ids(0, 5)
                r = http.get(f"/v1/facts/{ids[-1]}")
                if r.status_code == 200:  # the last fact of batch 0 is there, so is its first
                    assert http.get(f"/v1/facts/{ids[0]}").status_code == 200
                done += 1
        return done

    workers = [
        subprocess.Popen([sys.executable, "-c", CLIENT, served.url, served.keys["investigator"], str(1000 + i * per_proc),
                          str(per_proc)], cwd=REPO, stdout=subprocess.PIPE, text=True)
        for i in range(procs)
    ]
    with cf.ThreadPoolExecutor(threads + 3) as pool:
        readers = [pool.submit(read) for _ in range(2)]
        toggler = pool.submit(toggle)
        writers = [pool.submit(write, i * per_thread) for i in range(threads)]
        acked = [n for w in writers for n in w.result()]
        toggler.result()
        outputs = [w.communicate(timeout=120)[0] for w in workers]
        stop.set()
        reads = sum(r.result() for r in readers)
    for out in outputs:
        lines = [json.loads(line) for line in out.splitlines()]
        assert len(lines) == per_proc and all(x["status"] == 200 for x in lines)
        acked += [x["n"] for x in lines]
    assert not torn, torn[:5]
    assert reads > 0 and seen_versions and max(seen_versions) <= versions - 1
    # nothing lost: every batch of every writer is there, whole
    assert len(acked) == threads * per_thread + procs * per_proc
    assert counts(served) == (base[0] + 5 * len(acked), base[1] + 4 * len(acked))
    with open_store(served.store) as s:
        kinds = s.kinds([i for n in acked for i in batch_ids(n, 5)])
        assert all(batch_state(kinds, n, 5) == "whole" for n in acked)
        assert s.get("acc/1").name == {"en": f"accident v{versions - 1}"}


def test_the_same_batch_retried_at_once_is_written_once(served):
    doc = numbered_doc(777, 5)

    def post(_: int) -> dict:
        with served.client() as http:
            r = http.post("/v1/facts", json=doc, headers={"Idempotency-Key": "retry-777"})
            assert r.status_code == 200, r.text
            return r.json()

    with cf.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(8)))
    assert sum(not a["replayed"] for a in answers) == 1
    assert len({a["tx"] for a in answers}) == 1 and {a["added"] for a in answers} == {9}
    with served.client() as http:  # and the same body under the same key, later, replays too
        again = http.post("/v1/facts", json=doc, headers={"Idempotency-Key": "retry-777"})
        assert again.json()["replayed"] is True and again.headers.get("idempotent-replayed") == "true"
    with open_store(served.store) as s:
        with s._db:  # one batch row for the key, not eight
            assert s._db.execute("SELECT count(*) FROM batches WHERE idempotency_key = 'retry-777'").fetchone()[0] == 1


# --- 3. hostile bytes on the wire ------------------------------------------------------------


def test_hostile_bodies_are_clear_4xx_and_write_nothing(served):
    before = counts(served)
    good = json.dumps(numbered_doc(5000, 3)).encode()
    cases = {
        "malformed": (good[:-7], "application/json", 422),
        "invalid-utf8": (good.replace(b"Batch", b"B\xffatch", 1), "application/json", 422),
        "lone-surrogate": (good.replace(b"Batch", b"B\\ud800atch", 1), "application/json", 422),
        "deep-list": (b'{"entities": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}", "application/json", 422),
        "deep-object": (b'{"entities": [' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"]}", "application/json", 422),
        "not-json-type": (good, "text/plain", 415),
        "form": (b"entities=1", "application/x-www-form-urlencoded", 415),
        "xml": (b"<facts/>", "application/xml", 415),
        "no-type": (good, "", 415),
        "huge": (b'{"entities": [' + b'{"id": "x", "type": "Person", "name": {"en": "' + b"x" * (2 << 20) + b'"}}]}',
                 "application/json", 413),
        "empty": (b"", "application/json", 422),
        "array": (b"[]", "application/json", 422),
        "nul": (b"\x00" * 64, "application/json", 422),
        "bom-then-garbage": (b"\xef\xbb\xbf{", "application/json", 422),
        "far-date": (json.dumps({"entities": [{"id": "acc/far", "type": "Accident", "name": {"en": "x"}, "occurred_on": "9999-12-31",
                                               "deaths": 1, "serious_injuries": 0, "direct_loss_cny": 1,
                                               "accident_type": "collapse"}]}).encode(), "application/json", 422),
        "odd-id": (json.dumps({"entities": [{"id": "a b'; DROP", "type": "Person", "name": {"en": "x"}}]}).encode(),
                   "application/json", 422),
    }
    with served.client() as http:
        for name, (body, ctype, status) in cases.items():
            headers = {"Content-Type": ctype} if ctype else {}
            r = http.post("/v1/facts", content=body, headers=headers)
            p = problem(r, status)
            assert p["status"] == status and p["detail"], name
        # a huge body sent in chunks, with no Content-Length to refuse it by
        def chunks():
            yield b'{"entities": [{"id": "x", "type": "Person", "name": {"en": "'
            for _ in range(64):
                yield b"y" * 65536
            yield b'"}}]}'
        problem(http.post("/v1/facts", content=chunks(), headers={"Content-Type": "application/json"}), 413)
    assert counts(served) == before


def test_odd_ids_in_paths_are_404_or_422_never_5xx(served):
    odd = ["..", "%2e%2e/%2e%2e/etc/passwd", "acc/1%00", "acc/1\u202e", "😀", "a" * 5000, "concept:industry/mining",
           "%ff%fe", "acc//1", "acc/1?x=1#y", " ", "acc/1'", "$(id)"]
    with served.client("reader") as http:
        for ident in odd:
            for path in (f"/v1/facts/{ident}", f"/v1/accidents/{ident}/trace", f"/v1/entities/{ident}/neighbourhood"):
                r = http.get(path)
                assert r.status_code in (404, 422) or (r.status_code == 200 and ident == "acc/1?x=1#y"), (path, r.status_code)
                if r.status_code >= 400:
                    problem(r, r.status_code)


# --- 4. generated requests from the served OpenAPI document ----------------------------------


def test_generated_requests_from_the_served_openapi_never_get_a_5xx_or_a_wrong_shape(served):
    """schemathesis over real HTTP: every route and method (writes included), as an admin; no
    5xx, and every answer's status, media type and body as the served document declares."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                                   status_code_conformance)

    schema = schemathesis.openapi.from_url(served.url + "/openapi.json")
    key = served.keys["admin"]
    failures: list[str] = []
    calls: dict[str, int] = {}
    checks = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
    examples = int(os.environ.get("SAFETYKG_FUZZ_EXAMPLES", "5"))
    operations = 0
    for result in schema.get_all_operations():
        op = result.ok()
        if op.path.startswith("/v1/admin/keys") and op.method.upper() != "GET":
            continue  # creating and revoking keys would change who may call
        operations += 1

        @given(case=op.as_strategy())
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            case.headers = {**(case.headers or {}), "X-API-Key": key}
            response = case.call(base_url=served.url, timeout=60)
            calls[op.label] = calls.get(op.label, 0) + 1
            own = list(checks)
            if op.path == "/v1/query/cypher":  # on the embedded store Cypher is 501 by design, and documented
                own.remove(not_a_server_error)
                if response.status_code >= 500 and response.status_code != 501:
                    failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")
            try:
                case.validate_response(response, checks=own)
            except BaseException as exc:  # noqa: BLE001 - schemathesis raises a FailureGroup; all are reported together
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {str(exc)[:400]}")

        run()
    assert operations >= 24 and len(calls) == operations and sum(calls.values()) >= 2 * operations
    assert not failures, "\n".join(failures[:20])


# --- 5. keys are never logged ------------------------------------------------------------------


def test_no_key_reaches_the_server_log(served):
    wrong = "skg_000000000000_" + "A" * 43
    with served.client("reader") as http:
        http.get("/v1/accidents/acc/1/trace")
        http.get("/v1/facts/acc/1", headers={"X-API-Key": wrong})
        http.get("/v1/facts/acc/1", headers={"Authorization": f"Bearer {wrong}"})
        http.get("/v1/facts/acc/1", params={"api_key": served.keys["admin"]})  # a key in a URL is not accepted
    with served.client("admin") as http:
        created = http.post("/v1/admin/keys", json={"name": "late", "role": "reader"}).json()
        audit = http.get("/v1/admin/audit", params={"limit": 1000}).text
    log = served.log.read_text(errors="replace")
    assert "GET /v1/accidents/acc/1/trace" in log  # the access log is there, and it is what we searched
    secrets = [*served.keys.values(), wrong, *(v for v in created.values() if isinstance(v, str) and v.startswith("skg_"))]
    for token in secrets:
        secret = token[len("skg_") + 13:]  # after the public key id
        assert len(secret) >= 40
        assert secret not in log and secret not in audit
