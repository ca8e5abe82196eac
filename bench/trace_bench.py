"""Trace latency and bulk load on both backends, on copies of the demo case.

    python bench/trace_bench.py --copies 100 --traces 300 [--neo4j bolt://127.0.0.1:17687]

Each copy is the fictional demo case with its own province-to-township chain and enterprise
(ids prefixed ``c<k>/``), so every trace walks a realistic chain in a graph that grows with
``--copies``. Prints one JSON object; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.embedded import EmbeddedStore  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.trace import explain, trace  # noqa: E402
from ontology.validation import validate  # noqa: E402

ACCIDENT = "acc/songtai-2024-0918"


def copies(n: int) -> dict:
    demo = json.loads(resources.files("loaders").joinpath("demo", "songtai-collapse.facts.json").read_text())
    shared = {"area/cn", "dept/nmsa", "rel/nmsa-jur", "rel/nmsa-mining", "src/nmsa-org"}
    ents, rels = [e for e in demo["entities"] if e["id"] in shared], [r for r in demo["relations"] if r["id"] in shared]

    def p(k: int, ident: str) -> str:
        return ident if ident in shared or "/" not in ident else f"c{k}/{ident}"

    for k in range(n):
        for e in demo["entities"]:
            if e["id"] not in shared:
                ents.append({**e, "id": p(k, e["id"]), **({"sources": [p(k, s) if isinstance(s, str) else {**s, "source": p(k, s["source"])} for s in e["sources"]]} if "sources" in e else {})})
        for r in demo["relations"]:
            if r["id"] not in shared:
                to = r["to"] if "/" not in r["to"] else p(k, r["to"])
                rels.append({**r, "id": p(k, r["id"]), "from": p(k, r["from"]), "to": to,
                             **({"sources": [p(k, s) if isinstance(s, str) else {**s, "source": p(k, s["source"])} for s in r["sources"]]} if "sources" in r else {})})
    return {"entities": ents, "relations": rels}


def percentiles(samples: list[float]) -> dict[str, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(q[49] * 1000, 3), "p95_ms": round(q[94] * 1000, 3), "p99_ms": round(q[98] * 1000, 3), "n": len(samples)}


def timed(fn, runs: int) -> list[float]:
    out = []
    for i in range(runs):
        t = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--traces", type=int, default=300)
    ap.add_argument("--neo4j", default=os.environ.get("SAFETYKG_BENCH_NEO4J"))
    args = ap.parse_args()
    doc = copies(args.copies)
    n_facts = len(doc["entities"]) + len(doc["relations"])
    result: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
                    "copies": args.copies, "facts": n_facts}
    accidents = [f"c{k}/{ACCIDENT}" for k in range(args.copies)]

    t = time.perf_counter()
    batch = validate(doc)
    result["validate_facts_per_s"] = round(n_facts / (time.perf_counter() - t))
    with tempfile.TemporaryDirectory() as d:
        emb = EmbeddedStore(Path(d) / "bench.db")
        t = time.perf_counter()
        emb.upsert(batch)
        result["embedded_load_facts_per_s"] = round(n_facts / (time.perf_counter() - t))
        emb.close()
        t = time.perf_counter()
        emb = EmbeddedStore(Path(d) / "bench.db")
        result["embedded_open_s"] = round(time.perf_counter() - t, 3)
        pick = lambda i: accidents[(i * 7919) % len(accidents)]  # noqa: E731
        trace(emb, pick(0))
        result["embedded_trace"] = percentiles(timed(lambda i: trace(emb, pick(i)), args.traces))
        result["embedded_collect"] = percentiles(timed(lambda i: emb.trace_context(pick(i)), args.traces))
        ctx = emb.trace_context(accidents[0])
        result["explain_only"] = percentiles(timed(lambda i: explain(ctx, accidents[0]), args.traces))
        reference = trace(emb, accidents[0])
        emb.close()
    if args.neo4j:
        neo = open_store(args.neo4j)
        neo.wipe()
        t = time.perf_counter()
        neo.upsert(batch)
        result["neo4j_load_facts_per_s"] = round(n_facts / (time.perf_counter() - t))
        t = time.perf_counter()
        first = trace(neo, accidents[0])
        result["neo4j_first_trace_s"] = round(time.perf_counter() - t, 3)
        result["neo4j_same_trace"] = first == reference
        result["neo4j_trace"] = percentiles(timed(lambda i: trace(neo, pick(i)), args.traces))
        result["neo4j_collect"] = percentiles(timed(lambda i: neo.trace_context(pick(i)), args.traces))
        result["ratio_neo4j_to_embedded_p50"] = round(result["neo4j_trace"]["p50_ms"] / result["embedded_trace"]["p50_ms"], 1)
        neo.close()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
