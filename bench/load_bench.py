"""Bulk load throughput (facts per second) on the embedded store and on Neo4j, same run.

Synthetic, valid facts are generated in-process (enterprises with posts, people holding
them with dated tenures, each citing a source document); the whole set is validated once
and written into an empty store of each backend — embedded in one transaction, Neo4j in
transactions of ``--neo4j-chunk`` facts — then written again (every fact unchanged) to
measure the idempotent re-load. Prints JSON (each backend's result also to stderr as it ends).

    SAFETYKG_NEO4J_PASSWORD=… python -m bench.load_bench --facts 1000000 --neo4j bolt://127.0.0.1:17702
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.embedded import EmbeddedStore
from graph.store import open_store
from loaders.batch import RawDoc, validate_docs, write_batch

# one unit = 10 facts: an enterprise, 3 posts (postIn), 3 people holding them (holds)...
UNIT = ("Enterprise", "Post", "Post", "Post", "Person", "Person", "Person")
ROLES = ("principal", "deputy", "safety_manager")


def synthetic(n_facts: int) -> dict[str, Any]:
    """About ``n_facts`` valid facts: units of 1 enterprise, 3 posts, 3 people, 3 postIn and 3 holds,
    plus one source document per 1,000 units cited by every holds relation of those units."""
    entities: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    units = max(1, n_facts // 13)
    for u in range(units):
        if u % 1000 == 0:
            src = f"src/b{u // 1000}"
            entities.append({"id": src, "type": "SourceDocument", "name": {"zh": f"任免通知{u}"}, "title": f"任免通知{u}",
                             "issued_on": "2020-01-01"})
        ent = f"ent/{u}"
        entities.append({"id": ent, "type": "Enterprise", "name": {"zh": f"企业{u}", "en": f"Enterprise {u}"},
                         "credit_code": f"91{u:016d}", "industry": "coal_mining"})
        for k, role in enumerate(ROLES):
            post, person = f"post/{u}-{k}", f"person/{u}-{k}"
            entities.append({"id": post, "type": "Post", "name": {"zh": f"岗位{k}"}, "role": role})
            entities.append({"id": person, "type": "Person", "name": {"zh": f"人员{u}-{k}"}})
            relations.append({"id": f"rel/{u}-{k}", "type": "postIn", "from": post, "to": ent})
            relations.append({"id": f"ten/{u}-{k}", "type": "holds", "from": person, "to": post,
                              "valid_from": "2020-01-01", "valid_to": "2023-06-01",
                              "sources": [{"source": src, "quote": "任命", "locator": f"第{k + 1}条"}]})
    return {"entities": entities, "relations": relations}


def run_backend(name: str, store, doc: dict[str, Any], chunk: int | None) -> dict[str, Any]:
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    batch = validate_docs([RawDoc("synthetic", doc)], store.kinds)
    t1, c1 = time.perf_counter(), time.process_time()
    first = write_batch(store, batch, chunk)
    t2, c2 = time.perf_counter(), time.process_time()
    again = write_batch(store, batch, chunk)
    t3 = time.perf_counter()
    n = len(batch)
    counts = store.counts()
    assert counts["entities"] + counts["relations"] == n, counts
    assert first.added == n and again.unchanged == n, (first, again)
    result = {
        "backend": name, "facts": n, "transaction": f"chunks of {chunk:,} facts" if chunk else "one for the whole batch",
        "validate_s": round(t1 - t0, 2), "write_s": round(t2 - t1, 2), "reload_s": round(t3 - t2, 2),
        "validate_facts_per_s": round(n / (t1 - t0)),
        "write_facts_per_s": round(n / (t2 - t1)),
        "load_facts_per_s": round(n / (t2 - t0)),
        "reload_unchanged_facts_per_s": round(n / (t3 - t2)),
        # CPU time of this (client) process: what the figures would be on a core of our own
        "validate_cpu_facts_per_s": round(n / (c1 - c0)),
        "write_client_cpu_facts_per_s": round(n / (c2 - c1)),
        "loadavg_after": os.getloadavg(),
    }
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", type=int, default=1_000_000)
    ap.add_argument("--neo4j", help="bolt:// or neo4j:// URI of an EMPTY-able test database (it is wiped)")
    ap.add_argument("--neo4j-chunk", type=int, default=100_000,
                    help="facts per Neo4j transaction (a million in one exceeds the default transaction memory); 0: one")
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    args = ap.parse_args(argv)
    loadavg_before = os.getloadavg()
    doc = synthetic(args.facts)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "bench.db")
        results.append(run_backend("embedded", store, doc, None))
        store.close()
    if args.neo4j:
        store = open_store(args.neo4j)
        store.wipe()  # type: ignore[attr-defined]
        results.append(run_backend("neo4j", store, doc, args.neo4j_chunk or None))
        store.wipe()  # type: ignore[attr-defined]
        store.close()
    report = {
        "benchmark": "bulk load", "facts": results[0]["facts"], "results": results,
        "loadavg_before": loadavg_before, "loadavg": os.getloadavg(), "cpus": os.cpu_count(), "python": platform.python_version(),
        "command": "python -m bench.load_bench " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
