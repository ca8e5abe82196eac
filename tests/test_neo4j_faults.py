"""Neo4j stopped, and killed, under load: prompt StoreUnavailable while it is down, every
acknowledged batch there after it comes back, no batch in part.

These tests start a Neo4j server of their own (port 17714, data under tmp) so that they can
stop and kill it without touching the server of the rest of the suite.
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
from pathlib import Path

import pytest

from faultkit import Neo4jServer, batch_ids, batch_state, numbered_batch
from graph.neo4j_store import RETRY_S
from graph.store import open_store
from graph.trace import trace
from ontology.errors import StoreUnavailable
from ontology.validation import validate
from world import county_world

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.crash import neo4j_rounds, ok  # noqa: E402

PORT = int(os.environ.get("SAFETYKG_TEST_FAULT_NEO4J_PORT", "17714"))
FAIL_FAST_S = 8.0  # the driver's retry budget (3 s) plus slack for a loaded machine

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Neo4jServer(tmp_path_factory.mktemp("neo4j-faults") / "data", PORT)
    s.start(fresh=True)
    yield s
    s.stop()


def test_clients_connecting_at_once_to_a_fresh_database_all_get_a_store(server):
    """Each client creates the schema if missing; racing each other must not fail any of them."""
    import concurrent.futures as cf

    with cf.ThreadPoolExecutor(6) as pool:
        stores = list(pool.map(lambda _: open_store(server.uri), range(6)))
    for s in stores:
        assert s.counts() == {"entities": 0, "relations": 0}
        s.close()


def test_neo4j_stopped_under_load_fails_fast_and_loses_nothing(server):
    store = open_store(server.uri)
    store.upsert(validate(county_world().doc(), store.kinds))
    before = trace(store, "acc/1")
    acked: list[int] = []
    failures: list[tuple[str, float, float]] = []  # (call, when it started, how long it took)
    stop = threading.Event()

    def write(first: int) -> None:
        n = first
        while not stop.is_set():
            t = time.monotonic()
            try:
                store.upsert(numbered_batch(n, size=5), idempotency_key=f"b{n}")
            except StoreUnavailable:
                failures.append(("write", t, time.monotonic() - t))
                time.sleep(0.1)
                continue  # the same batch again, under the same key
            acked.append(n)
            n += 2

    def read() -> None:
        while not stop.is_set():
            t = time.monotonic()
            try:
                store.counts()
                store.trace_context("acc/1")
            except StoreUnavailable:
                failures.append(("read", t, time.monotonic() - t))
                time.sleep(0.1)

    threads = [threading.Thread(target=write, args=(k,)) for k in (0, 1)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    try:
        deadline = time.monotonic() + 60
        while len(acked) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        server.stop()
        acked_while_up = len(acked)
        down_at = time.monotonic()
        # while it is down, every call fails promptly and clearly
        for call in (store.counts, lambda: store.trace_context("acc/1"), lambda: store.get("acc/1"),
                     lambda: store.upsert(numbered_batch(10**6, size=2))):
            t = time.monotonic()
            with pytest.raises(StoreUnavailable, match="unavailable"):
                call()
            assert time.monotonic() - t < FAIL_FAST_S
        # stay down past the retry budget of calls caught in flight by the shutdown (a database
        # shutting down answers "unavailable", which the driver retries), so that the workers
        # make fresh calls against a server that is down
        time.sleep(max(0.0, RETRY_S + 2.0 - (time.monotonic() - down_at)))
        restart_at = time.monotonic()
        server.start()
        deadline = time.monotonic() + 60  # writers and readers resume
        while len(acked) < acked_while_up + 4 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert acked_while_up > 0 and len(acked) > acked_while_up, "writes did not resume after the restart"
    # calls made while it was down failed promptly (a server still starting up may be slower)
    while_down = [took for _, at, took in failures if down_at <= at < restart_at]
    assert while_down and max(while_down) < FAIL_FAST_S, sorted(while_down)[-5:]
    print(f"\nNeo4j down: {len(while_down)} calls failed, slowest {max(while_down):.3f} s, "
          f"median {sorted(while_down)[len(while_down) // 2]:.4f} s")
    kinds = store.kinds([i for n in range(max(acked) + 2) for i in batch_ids(n, 5)])
    states = {n: batch_state(kinds, n, 5) for n in range(max(acked) + 2)}
    assert all(states[n] == "whole" for n in acked)
    assert "partial" not in states.values()
    assert trace(store, "acc/1") == before
    assert store.get("ent/b1000000-0") is None
    store.close()


def test_neo4j_killed_under_write_load_keeps_every_acknowledged_batch(server):
    """One SIGKILL round in the default run; ``bench/crash.py neo4j`` runs many."""
    with open_store(server.uri) as s:
        s.wipe()  # batch numbers and idempotency keys start again from 0
    result = neo4j_rounds(server, rounds=1, rng=random.Random(int(os.environ.get("SAFETYKG_CRASH_SEED", "7"))))
    assert result["acked"] > 0
    assert ok(result), json.dumps(result)
