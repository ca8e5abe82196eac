"""Whole-graph analytics are bounded and never hold the store: they run on the store's read view
(no lock of the store), within a work budget and a time limit, and are kept for the version of
the store they were made at (issue 19, item 5)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from apiserver import ApiServer
from bench.generate import chunks
from graph.analytics import store_centrality
from graph.embedded import EmbeddedStore
from ontology.errors import QueryTimeout, TooMuchWork
from ontology.validation import validate
from world import county_world


def test_a_centrality_is_kept_until_the_next_write(store, load):
    load(store, county_world().doc())
    first = store_centrality(store, "degree", None, 10, timeout_s=60, budget=1e9)
    assert first and store_centrality(store, "degree", None, 10, timeout_s=60, budget=1e9) is first
    load(store, {"entities": [{"id": "person/newcomer", "type": "Person", "name": {"en": "Newcomer"}}]})
    again = store_centrality(store, "degree", None, 10, timeout_s=60, budget=1e9)
    assert again is not first and again == first  # computed afresh; the newcomer links nothing


def test_work_over_the_budget_is_refused_before_it_starts(store, load):
    load(store, county_world().doc())
    with pytest.raises(TooMuchWork, match="over the budget"):
        store_centrality(store, "betweenness", None, 10, timeout_s=60, budget=10)


def test_a_centrality_past_its_time_limit_is_stopped(tmp_path):
    with EmbeddedStore(tmp_path / "s.db") as s:
        for doc in chunks("small"):
            s.upsert(validate(doc, s.kinds))
        with pytest.raises(QueryTimeout, match="time limit of 0.5 s"):
            store_centrality(s, "betweenness", None, 10, timeout_s=0.5, budget=1e12)


def test_a_long_analysis_blocks_neither_health_nor_reads_nor_writes(tmp_path: Path) -> None:
    """Betweenness over the bench's small world runs for longer than its time limit (8 s here);
    meanwhile the same server answers health, a read and a write at once, each in well under
    the seconds a held store lock would cost them, and then stops the analysis with 503."""
    db = tmp_path / "store.db"
    with EmbeddedStore(db) as s:
        for doc in chunks("small"):
            s.upsert(validate(doc, s.kinds))
        some_id = next(iter(s.entities("Accident"))).id
    server = ApiServer(str(db), tmp_path / "api")
    server.env["SAFETYKG_ANALYTICS_TIMEOUT"] = "8"
    server.env["SAFETYKG_ANALYTICS_WORK"] = "1e12"
    with server, server.client("investigator", timeout=60) as http:
        assert http.get("/v1/analytics/centrality", params={"algorithm": "degree"}).status_code == 200  # the view is built
        result: dict[str, object] = {}

        def analyse() -> None:
            r = http.get("/v1/analytics/centrality", params={"algorithm": "betweenness"})
            result["status"], result["code"], result["done"] = r.status_code, r.json().get("code"), time.monotonic()

        worker = threading.Thread(target=analyse)
        worker.start()
        time.sleep(1.0)  # well into the analysis
        with httpx.Client(base_url=server.url, headers={"X-API-Key": server.keys["investigator"]}, timeout=5) as probe:
            assert probe.get("/v1/health").status_code == 200
            assert probe.get(f"/v1/facts/{some_id}").status_code == 200
            written = probe.post("/v1/facts", json={"entities": [{"id": "person/during", "type": "Person", "name": {"en": "During"}}]})
            assert written.status_code in (200, 201), written.text
            assert probe.get("/v1/facts/person/during").status_code == 200
        probed = time.monotonic()
        assert "done" not in result  # the analysis was still running while all of that was answered
        worker.join(60)
        assert result["status"] == 503 and result["code"] == "query-timeout" and result["done"] > probed  # type: ignore[operator]
