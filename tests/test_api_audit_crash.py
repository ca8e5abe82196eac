"""The audit log of traces survives a SIGKILL of the API server: every trace that was answered
(computed or from the cache, 200 or 304) has its entry, although entries are committed in groups."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections import Counter
from datetime import date, timedelta

import httpx

from apiserver import ApiServer
from conftest import DEMO_ACCIDENT, demo_document
from graph.embedded import EmbeddedStore
from ontology.validation import validate


def test_no_answered_trace_loses_its_audit_entry_when_the_server_is_killed(tmp_path):
    store = EmbeddedStore(tmp_path / "store.db")
    store.upsert(validate(demo_document(), store.kinds))
    store.close()
    server = ApiServer(str(tmp_path / "store.db"), tmp_path / "api")
    server.env["SAFETYKG_AUDIT_LINGER_MS"] = "30"  # groups wait 30 ms for company: a wide window for a kill to fall in
    answered: Counter[str] = Counter()
    lock = threading.Lock()
    stop = threading.Event()
    counter = iter(range(10**6))

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with server.client("reader", timeout=10) as http:
            while not stop.is_set():
                with lock:
                    n = next(counter)
                # a new date (computed) or one of the last few (from the cache), now and then with If-None-Match
                day = (date(2000, 1, 1) + timedelta(days=n if rng.random() < 0.5 else max(0, n - rng.randrange(1, 5)))).isoformat()
                headers = {"If-None-Match": "*"} if rng.random() < 0.2 else {}
                try:
                    r = http.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace", params={"at": day}, headers=headers)
                except httpx.TransportError:
                    return  # killed: this one got no answer
                if r.status_code in (200, 304):
                    with lock:
                        answered[f"at={day}"] += 1

    rounds = 2
    with server:
        for round_ in range(rounds):
            threads = [threading.Thread(target=client, args=(round_ * 10 + i,)) for i in range(6)]
            for t in threads:
                t.start()
            time.sleep(random.uniform(1.5, 2.5))
            server.kill()
            stop.set()
            for t in threads:
                t.join(30)
            stop.clear()
            if round_ < rounds - 1:
                server.start()
    db = sqlite3.connect(server.api_db)
    logged = Counter(detail for (detail,) in db.execute("SELECT detail FROM audit WHERE action = 'trace' AND outcome = 'ok'"))
    db.close()
    assert sum(answered.values()) > 50, answered  # the server was busy when it was killed
    missing = {d: n - logged[d] for d, n in answered.items() if logged[d] < n}
    assert missing == {}, f"answered traces without an audit entry: {missing}"
