"""HTTP API latency and throughput through a real uvicorn process on loopback, on both backends.

    python bench/api_bench.py --copies 20 --requests 200 --concurrency 4 [--neo4j bolt://127.0.0.1:17687]

Starts ``python -m api serve`` on a free loopback port over a fresh embedded store (and, with
``--neo4j``, a second server over that Neo4j, which it wipes), pushes copies of the demo case
through ``POST /v1/facts``, then sends a bounded number of requests per endpoint from
``--concurrency`` client threads. Prints one JSON object; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from trace_bench import ACCIDENT, copies  # noqa: E402


def endpoints(n: int) -> list[tuple[str, str, dict]]:
    """(label, path template, params); {k} is replaced by a copy number."""
    return [
        ("health", "/v1/health", {}),
        ("get fact", "/v1/facts/c{k}/person/sun-hao", {}),
        ("search entities (name)", "/v1/entities", {"q": "恒发", "limit": 50}),
        ("list accidents", "/v1/accidents", {"limit": 50}),
        ("trace", f"/v1/accidents/c{{k}}/{ACCIDENT}/trace", {}),
        ("timeline", f"/v1/accidents/c{{k}}/{ACCIDENT}/timeline", {}),
        ("neighbourhood depth 2", "/v1/entities/c{k}/ent/hengfa/neighbourhood", {"depth": 2}),
        ("shortest path", "/v1/paths", {"from": "c{k}/person/sun-hao", "to": "c{k}/gov/qingya"}),
        ("open hazards of an area", "/v1/hazards", {"area": "c{k}/area/songtai", "at": "2024-09-18"}),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: str, workdir: Path) -> tuple[subprocess.Popen, str, str]:
    port = free_port()
    env = {**os.environ, "SAFETYKG_STORE": store, "SAFETYKG_API_DB": str(workdir / f"api-{port}.db"), "PYTHONPATH": str(ROOT)}
    err = (workdir / f"serve-{port}.err").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port), "--max-body-mib", "256"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    key = re.findall(r"skg_[0-9a-f]{12}_\S+", (workdir / f"serve-{port}.err").read_text())[0]
    return proc, url, key


def measure(url: str, key: str, path: str, params: dict, n: int, copies_n: int, concurrency: int) -> dict:
    samples: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(n))

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as http:
            for i in counter:
                k = (i * 7919) % copies_n
                p = {a: str(v).replace("{k}", str(k)) for a, v in params.items()}
                t = time.perf_counter()
                r = http.get(path.replace("{k}", str(k)), params=p)
                dt = time.perf_counter() - t
                with lock:
                    samples.append(dt)
                    errors += r.status_code != 200

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(q[49] * 1000, 2), "p95_ms": round(q[94] * 1000, 2), "req_per_s": round(n / wall, 1),
            "n": n, "errors": errors}


def run(store: str, doc: bytes, args: argparse.Namespace, workdir: Path) -> dict:
    proc, url, key = start(store, workdir)
    try:
        t = time.perf_counter()
        r = httpx.post(url + "/v1/facts", content=doc, headers={"X-API-Key": key, "Content-Type": "application/json"}, timeout=600)
        r.raise_for_status()
        out: dict = {"load_s": round(time.perf_counter() - t, 2), "load": r.json()}
        for label, path, params in endpoints(args.copies):
            measure(url, key, path, params, min(10, args.requests), args.copies, 1)  # warm up
            out[label] = measure(url, key, path, params, args.requests, args.copies, args.concurrency)
        return out
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--neo4j", default=os.environ.get("SAFETYKG_BENCH_NEO4J"))
    args = ap.parse_args()
    doc = copies(args.copies)
    body = json.dumps(doc).encode()
    result: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
                    "copies": args.copies, "facts": len(doc["entities"]) + len(doc["relations"]),
                    "requests_per_endpoint": args.requests, "concurrency": args.concurrency}
    with tempfile.TemporaryDirectory() as d:
        result["embedded"] = run(str(Path(d) / "bench.db"), body, args, Path(d))
        if args.neo4j:
            from graph.store import open_store

            neo = open_store(args.neo4j)
            neo.wipe()  # type: ignore[attr-defined]
            neo.close()
            result["neo4j"] = run(args.neo4j, body, args, Path(d))
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
