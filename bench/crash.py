"""Crash durability: stream acknowledged batch writes, SIGKILL at random moments, restart, check.

    python bench/crash.py embedded --rounds 20 [--seed 1]
    python bench/crash.py neo4j --rounds 10 --port 17715 [--seed 1]
    python bench/crash.py api --rounds 10 [--backend embedded|neo4j] [--port 17716]

Every batch ``n`` is ten enterprises and nine relations (``tests/faultkit.py``), written
under the idempotency key ``b<n>``. A batch is *acknowledged* when the write call (or the
HTTP request) returned success. After each kill and restart the store must hold every
acknowledged batch whole, and any batch in flight at the kill either whole or not at all.

* ``embedded``: a child process writes to an embedded store and is SIGKILLed.
* ``neo4j``: writer threads write to a Neo4j server of our own, whose JVM is SIGKILLed
  and restarted on the same data directory while the writers keep trying.
* ``api``: clients POST batches to a real ``python -m api serve`` (uvicorn), which is
  SIGKILLed and restarted; a request that got no answer is sent again with its key.

Prints one JSON object with the rounds and counts; docs/reliability.md records them.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from apiserver import ApiServer  # noqa: E402
from faultkit import Neo4jServer, batch_ids, batch_state, numbered_batch, numbered_doc, open_when_up  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.store import open_store  # noqa: E402
from ontology.errors import SafetykgError  # noqa: E402

SIZE = 10

WRITER = """
import sys
sys.path[:0] = ["tests"]
from faultkit import numbered_batch
from graph.embedded import EmbeddedStore
s = EmbeddedStore(sys.argv[1])
print("ready", flush=True)
n = int(sys.argv[2])
while True:
    s.upsert(numbered_batch(n, size=%d), idempotency_key=f"b{n}")
    print(n, flush=True)
    n += 1
""" % SIZE


class Ledger:
    """What was acknowledged and what was in flight, over all rounds."""

    def __init__(self) -> None:
        self.acked: set[int] = set()
        self.unsure: set[int] = set()  # sent, never acknowledged: whole or absent
        self.rounds: list[dict] = []
        self.lock = threading.Lock()

    def check(self, kinds_of, upto: int) -> dict:
        ids = [i for n in range(upto) for i in batch_ids(n, SIZE)]
        kinds = {}
        for start in range(0, len(ids), 2000):
            kinds.update(kinds_of(ids[start : start + 2000]))
        states = {n: batch_state(kinds, n, SIZE) for n in range(upto)}
        return {
            "acked": len(self.acked),
            "acked_found_whole": sum(states[n] == "whole" for n in self.acked),
            "unacked_whole": sum(states[n] == "whole" for n in self.unsure),
            "unacked_absent": sum(states[n] == "absent" for n in self.unsure),
            "partial": sorted(n for n, s in states.items() if s == "partial"),
            "unexpected": sorted(n for n, s in states.items() if s == "whole" and n not in self.acked | self.unsure),
        }


def ok(result: dict) -> bool:
    return result["acked_found_whole"] == result["acked"] and not result["partial"] and not result["unexpected"]


def embedded_rounds(path: Path, rounds: int, rng: random.Random, kill_after: tuple[float, float] = (0.2, 1.2)) -> dict:
    ledger = Ledger()
    nxt = 0
    for r in range(rounds):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(nxt)], cwd=REPO,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
        reader.start()
        time.sleep(rng.uniform(*kill_after))
        child.kill()  # SIGKILL
        child.wait()
        reader.join()
        acks = [int(x) for x in lines if x.strip().isdigit()]
        ledger.acked.update(acks)
        last = max(acks, default=nxt - 1)
        ledger.unsure.add(last + 1)  # the batch it was writing when killed
        nxt = last + 2
        with EmbeddedStore(path) as s:
            integrity = s._db.execute("PRAGMA integrity_check").fetchone()[0]
            result = ledger.check(s.kinds, nxt + 1)
        ledger.rounds.append({"round": r + 1, "acked_this_round": len(acks), "integrity": integrity, **result})
    return summary("embedded", ledger)


def neo4j_rounds(server: Neo4jServer, rounds: int, rng: random.Random, writers: int = 2,
                 kill_after: tuple[float, float] = (0.5, 2.0)) -> dict:
    """Writers keep writing through kill and restart; the driver's retries may carry a batch across."""
    ledger = Ledger()
    counter = iter(range(10**9))
    stop = threading.Event()
    errors: list[str] = []
    started = [0]

    def writer() -> None:
        store = None
        n = None
        while not stop.is_set():
            try:
                store = store or open_store(server.uri)
                if n is None:
                    with ledger.lock:
                        n = next(counter)
                        ledger.unsure.add(n)
                        started[0] = max(started[0], n + 1)
                # a failed write is retried under the same idempotency key until it is acknowledged
                store.upsert(numbered_batch(n, size=SIZE), idempotency_key=f"b{n}")
            except SafetykgError as exc:
                errors.append(type(exc).__name__)
                time.sleep(0.2)
                continue
            with ledger.lock:
                ledger.unsure.discard(n)
                ledger.acked.add(n)
            n = None
        if store:
            store.close()

    restarts = []
    for r in range(rounds):
        stop.clear()
        threads = [threading.Thread(target=writer) for _ in range(writers)]
        for t in threads:
            t.start()
        try:
            time.sleep(rng.uniform(*kill_after))
            acked_before = len(ledger.acked)
            server.kill()
            restarts.append(round(server.start(), 2))
            time.sleep(0.5)  # writers reconnect and write a little more after the restart
        finally:
            stop.set()
            for t in threads:
                t.join()
        with open_when_up(server.uri) as s:
            result = ledger.check(s.kinds, started[0])
        ledger.rounds.append({"round": r + 1, "acked_before_kill": acked_before, **result})
    out = summary("neo4j", ledger)
    out.update(writers=writers, write_errors=len(errors), error_kinds=sorted(set(errors)), restart_seconds=restarts)
    return out


def api_rounds(workdir: Path, rounds: int, rng: random.Random, store: str, writers: int = 2,
               kill_after: tuple[float, float] = (0.5, 1.5)) -> dict:
    """Writer threads POST batches over HTTP while the API server is SIGKILLed and restarted."""
    import httpx

    ledger = Ledger()
    counter = iter(range(10**9))
    stop = threading.Event()
    replays: list[int] = []
    retries: list[str] = []
    refused: list[str] = []
    started = [0]
    server = ApiServer(store, workdir / "api")
    server.start()

    def writer() -> None:
        n = None
        with server.client("investigator") as http:
            while not stop.is_set():
                if n is None:
                    with ledger.lock:
                        n = next(counter)
                        ledger.unsure.add(n)
                        started[0] = max(started[0], n + 1)
                try:
                    r = http.post("/v1/facts", json=numbered_doc(n, SIZE), headers={"Idempotency-Key": f"b{n}"})
                except httpx.TransportError as exc:  # killed mid-request, or down: send it again
                    retries.append(type(exc).__name__)
                    time.sleep(0.1)
                    continue
                if r.status_code >= 500:
                    retries.append(str(r.status_code))
                    time.sleep(0.1)
                    continue
                if r.status_code != 200:
                    refused.append(f"{r.status_code} {r.text[:200]}")
                    n = None
                    continue
                if r.json()["replayed"]:
                    replays.append(n)
                with ledger.lock:
                    ledger.unsure.discard(n)
                    ledger.acked.add(n)
                n = None

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    for t in threads:
        t.start()
    restarts = []
    try:
        for r in range(rounds):
            time.sleep(rng.uniform(*kill_after))
            server.kill()
            time.sleep(0.2)  # requests in flight end; checked while the server is down, nothing moves
            with ledger.lock, open_store(store) as s:
                result = ledger.check(s.kinds, started[0])
            ledger.rounds.append({"round": r + 1, **result})
            restarts.append(round(server.start(), 2))
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join()
    try:
        with server.client("reader") as http:  # and the API itself serves what it acknowledged
            sample = sorted(ledger.acked)[:: max(1, len(ledger.acked) // 20)]
            served = sum(http.get(f"/v1/facts/ent/b{n}-{SIZE - 1}").status_code == 200 for n in sample)
    finally:
        server.stop()
    with open_store(store) as s:
        final = ledger.check(s.kinds, started[0])
    ledger.rounds.append({"round": "final", **final})
    out = summary("api", ledger)
    out["rounds"] -= 1  # the final check is not a kill round
    out["rounds_ok"] = sum(ok(r) for r in ledger.rounds[:-1]) if ok(final) else 0
    out.update(store=("neo4j" if store.startswith("bolt") else "embedded"), writers=writers, replayed=len(replays),
               resent_after_error=len(retries), refused=refused, served_by_api=f"{served}/{len(sample)}",
               restart_seconds=restarts)
    return out


def summary(backend: str, ledger: Ledger) -> dict:
    last = ledger.rounds[-1]
    return {
        "backend": backend,
        "rounds": len(ledger.rounds),
        "rounds_ok": sum(ok(r) for r in ledger.rounds),
        "batch_facts": 2 * SIZE - 1,
        "acked": last["acked"],
        "acked_found_whole": last["acked_found_whole"],
        "unacked_whole": last["unacked_whole"],
        "unacked_absent": last["unacked_absent"],
        "partial": last["partial"],
        "unexpected": last["unexpected"],
        "per_round": ledger.rounds,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("target", choices=["embedded", "neo4j", "api"])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--port", type=int, default=17715, help="Bolt port of the Neo4j server this run starts")
    ap.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded", help="store behind the API")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="safetykg-crash-") as tmp:
        if args.target == "embedded":
            out = embedded_rounds(Path(tmp) / "store.db", args.rounds, rng)
        elif args.target == "neo4j":
            server = Neo4jServer(Path(tmp) / "neo4j", args.port)
            server.start(fresh=True)
            try:
                out = neo4j_rounds(server, args.rounds, rng)
            finally:
                server.stop()
        elif args.backend == "embedded":
            out = api_rounds(Path(tmp), args.rounds, rng, store=str(Path(tmp) / "store.db"))
        else:
            server = Neo4jServer(Path(tmp) / "neo4j", args.port)
            server.start(fresh=True)
            try:
                out = api_rounds(Path(tmp), args.rounds, rng, store=server.uri)
            finally:
                server.stop()
    out["seconds"] = round(time.monotonic() - t0, 1)
    out["seed"] = args.seed
    print(json.dumps(out, indent=2))
    sys.exit(0 if out["rounds_ok"] == out["rounds"] else 1)


if __name__ == "__main__":
    main()
