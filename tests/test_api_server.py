"""The API as it is deployed: `safetykg serve` in its own uvicorn process on loopback, its
OpenAPI document, and its docs page rendered by a real browser with no network."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate

from api.app import create_app
from conftest import DEMO_ACCIDENT, demo_document

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """`python -m api serve` on a free loopback port over a fresh embedded store; yields (url, admin key)."""
    port = _free_port()
    env = {**os.environ, "SAFETYKG_STORE": str(tmp_path / "store.db"), "PYTHONPATH": str(ROOT)}
    env.pop("SAFETYKG_API_DB", None)
    err = (tmp_path / "stderr").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--host", "127.0.0.1", "--port", str(port), "--max-body-mib", "1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (tmp_path / "stderr").read_text()
            assert time.monotonic() < deadline, "the server did not start in 30 s"
            time.sleep(0.2)
        keys = re.findall(r"skg_[0-9a-f]{12}_\S+", (tmp_path / "stderr").read_text())
        assert len(keys) == 1, "the first start prints exactly one admin key"
        yield url, keys[0], tmp_path
    finally:
        proc.terminate()
        proc.wait(10)
        err.close()


def test_a_case_system_pushes_facts_and_an_analyst_traces_over_real_http(server):
    url, admin, tmp = server
    with httpx.Client(base_url=url, timeout=30) as http:
        r = http.post("/v1/admin/keys", json={"name": "case-system", "role": "investigator"}, headers={"X-API-Key": admin})
        investigator = r.json()["key"]
        doc = json.dumps(demo_document()).encode()
        r = http.post("/v1/facts", content=doc, headers={"X-API-Key": investigator, "Content-Type": "application/json",
                                                         "Idempotency-Key": "batch-1"})
        assert r.status_code == 200 and r.json()["added"] == 284
        trace = http.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace", headers={"Authorization": f"Bearer {investigator}"}).json()
        assert trace["accident"]["grade"] == "larger" and trace["coverage"]["complete"] is True
        too_big = http.post("/v1/facts", content=b" " * (2 * 1024 * 1024), headers={"X-API-Key": investigator, "Content-Type": "application/json"})
        assert too_big.status_code == 413 and too_big.headers["content-type"].startswith("application/problem+json")
        audit = http.get("/v1/admin/audit", headers={"X-API-Key": admin}).json()["items"]
        assert [e["action"] for e in audit] == ["keys.create", "facts.upsert", "trace", "facts.upsert"]
        assert audit[-1]["status"] == 413
    log = (tmp / "stderr").read_text()
    assert investigator not in log and investigator.split("_", 2)[2] not in log  # keys are never logged


def test_a_second_start_prints_no_key(server, tmp_path):
    url, admin, tmp = server
    proc = subprocess.run([sys.executable, "-m", "api", "keys", "list", "--json"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "SAFETYKG_STORE": str(tmp / "store.db"), "PYTHONPATH": str(ROOT)}, timeout=60)
    keys = json.loads(proc.stdout)
    assert [(k["name"], k["role"]) for k in keys] == [("first-admin", "admin")] and admin not in proc.stdout


def test_the_openapi_document_validates_and_describes_every_route(tmp_path):
    app = create_app(str(tmp_path / "s.db"), tmp_path / "api.db")
    spec = app.openapi()
    validate(spec)
    paths = spec["paths"]
    for p in ("/v1/facts", "/v1/accidents/{id}/trace", "/v1/query/sparql", "/v1/analytics/centrality", "/v1/admin/audit"):
        assert p in paths, p
    assert "requestBody" in paths["/v1/facts"]["post"] and "requestBody" in paths["/v1/query/cypher"]["post"]
    assert {"apiKey", "bearer"} <= set(spec["components"]["securitySchemes"])


def test_the_openapi_facts_schema_is_the_ontologys_and_checks_a_batch(tmp_path):
    import jsonschema

    spec = create_app(str(tmp_path / "s.db"), tmp_path / "api.db").openapi()
    body = spec["paths"]["/v1/facts"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    root = {**body, "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(root)
    doc = demo_document()
    assert list(validator.iter_errors(doc)) == []
    doc["entities"][0]["type"] = "Spaceship"
    assert list(validator.iter_errors(doc))


def test_no_cdn_anywhere_in_what_the_docs_page_loads(tmp_path):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(str(tmp_path / "s.db"), tmp_path / "api.db"))
    html = client.get("/docs").text
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']?https?://""", html), "the docs page refers to another host"
    assert "cdn" not in html.lower()
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200


def test_the_docs_page_renders_in_chromium_without_network(server):
    from playwright.sync_api import sync_playwright

    url, _, _ = server
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()

        def only_loopback(route):
            if route.request.url.startswith(url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_loopback)
        page.goto(url + "/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        title = page.inner_text(".info .title")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        browser.close()
    assert outside == [], f"the docs page tried to reach {outside}"
    assert "safetykg" in title
    assert any("/v1/accidents/{id}/trace" in p.replace("\u200b", "") for p in paths)
