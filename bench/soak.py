"""Soak: a bounded run of mixed reads and writes against a real API server on loopback.

    python bench/soak.py --seconds 300 --max-requests 200000 --clients 6 [--neo4j bolt://127.0.0.1:17687]

Starts ``python -m api serve`` over a fresh store holding the demo case, then ``--clients``
threads send, until the time or the request count runs out: traces of the demo accident
(at several dates), fact reads, entity searches, small SPARQL queries, and batch writes
(upserts that cycle over a fixed set of 200 batches, so the data stops growing and memory
should too). Records every request's latency and status, and the server's RSS every
second. Prints one JSON object; docs/reliability.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from apiserver import ApiServer  # noqa: E402
from conftest import DEMO_ACCIDENT, demo_document  # noqa: E402
from faultkit import numbered_doc  # noqa: E402

WRITE_SET = 200  # distinct batches the writes cycle over
MIX = [("trace", 30), ("fact", 25), ("search", 15), ("sparql", 5), ("write", 25)]
DATES = [None, "2024-09-18", "2024-08-27", "2023-01-01"]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def soak(store: str, workdir: Path, seconds: float, max_requests: int, clients: int, seed: int = 1) -> dict:
    server = ApiServer(store, workdir / "api")
    server.start()
    with server.client() as http:
        r = http.post("/v1/facts", json=demo_document(), timeout=120)
        assert r.status_code == 200, r.text
        fact_ids = [e["id"] for e in demo_document()["entities"]] + [x["id"] for x in demo_document()["relations"]]
    proc = psutil.Process(server.proc.pid)
    samples: list[tuple[float, float]] = []
    latencies: dict[str, list[float]] = {k: [] for k, _ in MIX}
    errors: list[str] = []
    resets: list[str] = []
    count = [0]
    lock = threading.Lock()
    stop = threading.Event()
    t0 = time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            samples.append((time.monotonic() - t0, proc.memory_info().rss / 2**20))
            stop.wait(1.0)

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        kinds = [kind for kind, weight in MIX for _ in range(weight)]
        with server.client("investigator", timeout=60) as http:
            while not stop.is_set():
                with lock:
                    if count[0] >= max_requests:
                        stop.set()
                        break
                    count[0] += 1
                    n = count[0]
                kind = rng.choice(kinds)
                t = time.monotonic()
                try:
                    r = request(http, kind, n, rng)
                except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
                    # a keep-alive connection the server closed as the request went out: a client
                    # resends an idempotent read (writes carry an Idempotency-Key, so they may be resent too)
                    resets.append(f"{kind} {type(exc).__name__}")
                    try:
                        r = request(http, kind, n, rng)
                    except httpx.HTTPError as exc2:
                        errors.append(f"{kind} {type(exc2).__name__}: {exc2}")
                        continue
                except httpx.HTTPError as exc:
                    errors.append(f"{kind} {type(exc).__name__}: {exc}")
                    continue
                if r.status_code == 200:
                    latencies[kind].append((time.monotonic() - t) * 1000)
                else:
                    errors.append(f"{kind} {r.status_code} {r.text[:200]}")
                if time.monotonic() - t0 >= seconds:
                    stop.set()

    def request(http: httpx.Client, kind: str, n: int, rng: random.Random) -> httpx.Response:
        if kind == "trace":
            at = rng.choice(DATES)
            return http.get(f"/v1/accidents/{DEMO_ACCIDENT}/trace", params={"at": at} if at else None)
        if kind == "fact":
            return http.get(f"/v1/facts/{rng.choice(fact_ids)}")
        if kind == "search":
            return http.get("/v1/entities", params={"q": rng.choice(["恒发", "Songtai", "county", "安"]), "limit": 20})
        if kind == "sparql":
            return http.post("/v1/query/sparql", json={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50"})
        doc = numbered_doc(rng.randrange(WRITE_SET), 10)
        doc["entities"][0]["description"] = f"revision {n}"
        return http.post("/v1/facts", json=doc, headers={"Idempotency-Key": f"soak-{n}"})

    sampler = threading.Thread(target=sample)
    sampler.start()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    sampler.join()
    elapsed = time.monotonic() - t0
    rss_end = proc.memory_info().rss / 2**20
    server.stop()
    warm = [m for t, m in samples if t >= elapsed * 0.2] or [rss_end]
    every = [x for v in latencies.values() for x in v]
    return {
        "store": "neo4j" if store.startswith("bolt") else "embedded",
        "seconds": round(elapsed, 1),
        "clients": clients,
        "requests": count[0],
        "ok": len(every),
        "errors": len(errors),
        "error_samples": errors[:10],
        "connection_resets_resent": len(resets),
        "rps": round(len(every) / elapsed, 1),
        "latency_ms": {
            kind: {"n": len(v), "p50": round(percentile(v, 50), 1), "p95": round(percentile(v, 95), 1),
                   "p99": round(percentile(v, 99), 1), "max": round(max(v, default=0), 1)}
            for kind, v in latencies.items()
        },
        "latency_ms_all": {"p50": round(percentile(every, 50), 1), "p95": round(percentile(every, 95), 1),
                           "p99": round(percentile(every, 99), 1), "mean": round(statistics.fmean(every), 1) if every else 0},
        "rss_mib": {
            "start": round(samples[0][1], 1) if samples else None,
            "after_warmup": round(warm[0], 1),
            "max": round(max(m for _, m in samples), 1) if samples else None,
            "end": round(rss_end, 1),
            "growth_after_warmup": round(max(warm) - warm[0], 1),
            "timeline": [[round(t), round(m, 1)] for t, m in samples[:: max(1, len(samples) // 30)]],
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--clients", type=int, default=6)
    ap.add_argument("--neo4j", help="bolt:// URI of a Neo4j to soak instead of the embedded store (it is wiped)")
    ap.add_argument("--rss-bound-mib", type=float, default=64, help="allowed RSS growth after the first 20%% of the run")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="safetykg-soak-") as tmp:
        store = str(Path(tmp) / "store.db")
        if args.neo4j:
            from graph.store import open_store

            with open_store(args.neo4j) as s:
                s.wipe()  # type: ignore[attr-defined]
            store = args.neo4j
        out = soak(store, Path(tmp), args.seconds, args.max_requests, args.clients, args.seed)
    out["rss_bound_mib"] = args.rss_bound_mib
    out["held"] = out["errors"] == 0 and out["rss_mib"]["growth_after_warmup"] <= args.rss_bound_mib
    print(json.dumps(out, indent=2, ensure_ascii=False))
    sys.exit(0 if out["held"] else 1)


if __name__ == "__main__":
    main()
