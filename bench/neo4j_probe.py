"""Where a Neo4j backend trace or bulk load spends its time, on a running server.

    python -m bench.neo4j_probe trace --neo4j bolt://127.0.0.1:17811 [--traces 300]
    python -m bench.neo4j_probe load --neo4j bolt://127.0.0.1:17812 [--size province] [--max-facts 1000000] [--server-pid PID]

``trace`` traces up to ``--traces`` accidents already stored (evenly spread over their ids) and
splits each into the statement's own time as the server reports it, the client's wall and
CPU time for the whole evidence collection, and the pure rule evaluation (``explain``).
``load`` wipes the database, validates the first chunks of a generated world and writes them
with ``upsert`` (one transaction per chunk, as ``bench.run``), reporting facts/s of wall time,
of client CPU and, given the server's pid, of server CPU (from ``/proc``). The machine is
shared: CPU times are what contention inflates least. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

from neo4j import unit_of_work

from bench.generate import SIZES, chunks
from bench.run import percentiles
from graph.neo4j_store import Neo4jStore
from graph.trace import explain
from ontology.validation import validate


def server_cpu_s(pid: int | None) -> float:
    if not pid:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def probe_trace(neo: Neo4jStore, n: int) -> dict[str, Any]:
    with neo.driver.session(database=neo.database) as s:
        stored = [r["id"] for r in s.run("MATCH (f:Accident) RETURN f.id AS id ORDER BY id")]
    accidents = stored[:: max(1, len(stored) // n)][:n]

    @unit_of_work(timeout=30)
    def statement(tx, accident: str) -> float:
        summary = tx.run(neo._trace_query, accident=accident).consume()
        return (summary.result_available_after + summary.result_consumed_after) / 1000

    neo.trace_context(accidents[0])
    server, wall, cpu, rules, facts = [], [], [], [], []
    for a in accidents:
        with neo.driver.session(database=neo.database) as s:
            server.append(s.execute_read(statement, a))
    for a in accidents:  # each accident once, as bench.run does: the decoded-fact cache is not warmed per accident
        t, c = time.perf_counter(), time.process_time()
        sub = neo.trace_context(a)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        t = time.perf_counter()
        explain(sub, a)
        rules.append(time.perf_counter() - t)
        facts.append(len(sub.entities) + len(sub.relations))
    return {"accidents": len(accidents), "statement_server": percentiles(server), "collect_wall": percentiles(wall),
            "collect_client_cpu": percentiles(cpu), "explain": percentiles(rules),
            "trace_wall_p50_ms": round(statistics.median(w + r for w, r in zip(wall, rules)) * 1000, 3),
            "facts_mean": round(statistics.fmean(facts), 1)}


def probe_load(neo: Neo4jStore, size: str, max_facts: int, pid: int | None) -> dict[str, Any]:
    neo.wipe()
    known: dict[str, tuple[str, str]] = {}
    facts = 0
    wall = cpu = server = 0.0
    for doc in chunks(size):
        n = len(doc["entities"]) + len(doc["relations"])
        if max_facts and facts + n > max_facts and facts:
            break
        batch = validate(doc, lambda ids: {i: known[i] for i in ids if i in known})
        known.update((e.id, ("entity", e.type)) for e in batch.entities)
        known.update((r.id, ("relation", r.type)) for r in batch.relations)
        j, t, c = server_cpu_s(pid), time.perf_counter(), time.process_time()
        neo.upsert(batch)
        wall += time.perf_counter() - t
        cpu += time.process_time() - c
        server += server_cpu_s(pid) - j
        facts += n
    out = {"facts": facts, "facts_per_s": round(facts / wall), "facts_per_client_cpu_s": round(facts / cpu)}
    if pid:
        out["facts_per_server_cpu_s"] = round(facts / server)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("trace", "load"))
    ap.add_argument("--neo4j", required=True)
    ap.add_argument("--traces", type=int, default=300)
    ap.add_argument("--size", choices=sorted(SIZES), default="province")
    ap.add_argument("--max-facts", type=int, default=1_000_000)
    ap.add_argument("--server-pid", type=int, help="the Neo4j JVM's pid, for its CPU time")
    args = ap.parse_args()
    neo = Neo4jStore.from_uri(args.neo4j)
    result: dict[str, Any] = {"what": args.what, "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    try:
        if args.what == "trace":
            result.update(probe_trace(neo, args.traces))
        else:
            result.update(probe_load(neo, args.size, args.max_facts, args.server_pid))
    finally:
        neo.close()
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
