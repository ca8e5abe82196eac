"""The benchmark of one world size, end to end, with the peers measured in the same run.

    python -m bench.run --size small|province|national [--traces 1000] [--neo4j bolt://…] [--skip neo4j,rdflib,…]

Generates the world (``bench/generate.py``), loads it into the embedded store, reopens it in
a fresh process (open time, first trace, resident memory), samples accidents across grades
and traces each on (a) the embedded backend, (b) the Neo4j backend, (c) one hand-written
Cypher query through the driver, (d) SPARQL in rdflib over the RDF export, (e) the same
SPARQL in pyoxigraph; checks that the peers' answers equal our trace's (``bench/peers.py``);
measures the HTTP API when ``api.app`` exists. Without ``--neo4j`` it starts a Neo4j of its own
(``neo4j-server/neo4j.sh``, port 17713, data under /tmp) and stops it after. Writes
``bench/results/<size>.json`` and prints a markdown table.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

import orjson

from bench import peers
from bench.generate import SIZES, chunks
from graph.embedded import EmbeddedStore
from graph.trace import explain, trace
from ontology.grading import grade
from ontology.validation import validate

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("neo4j", "cypher", "rdflib", "oxigraph", "api", "open")


def percentiles(samples: list[float]) -> dict[str, float]:
    n = len(samples)
    if n < 2:
        samples = samples * 2
    q = statistics.quantiles(samples, n=100, method="inclusive")
    ms = lambda x: round(x * 1000, 3)  # noqa: E731
    return {"p50_ms": ms(q[49]), "p95_ms": ms(q[94]), "p99_ms": ms(q[98]), "mean_ms": ms(statistics.fmean(samples)), "n": n}


CPU: list[float] = []  # process CPU time of the last timed() run: the machine is shared, wall time is not all ours


def timed(fn: Callable[[str], Any], items: list[str]) -> tuple[list[float], list[Any]]:
    times, out = [], []
    CPU.clear()
    for item in items:
        c = time.process_time()
        t = time.perf_counter()
        out.append(fn(item))
        times.append(time.perf_counter() - t)
        CPU.append(time.process_time() - c)
    return times, out


def sample(store: EmbeddedStore, n: int) -> tuple[list[str], dict[str, int]]:
    """Up to ``n`` accidents, round-robin over the grades (so rare grades are all in)."""
    by_grade: dict[str, list[str]] = {}
    for e in store.entities("Accident"):
        g = grade(e.props["deaths"], e.props["serious_injuries"], e.props["direct_loss_cny"]).code
        by_grade.setdefault(g, []).append(e.id)
    picked: list[str] = []
    rows = [sorted(v) for _, v in sorted(by_grade.items())]
    i = 0
    while len(picked) < n and any(i < len(r) for r in rows):
        picked += [r[i] for r in rows if i < len(r)][: n - len(picked)]
        i += 1
    counts = Counter()
    for g, ids in by_grade.items():
        counts[g] = sum(1 for a in picked if a in set(ids))
    return picked, dict(counts)


def probe_open(path: str, accident: str, how: str = "snapshot") -> dict[str, Any]:
    """In a fresh process: open the store (from its snapshot, or decoding every fact), answer one
    trace, report time and memory."""
    import psutil

    from ontology.model import model

    model()  # the ontology is loaded once per process whatever the store's size: not the store's memory
    proc = psutil.Process()
    base = proc.memory_info().rss
    t, c = time.perf_counter(), time.process_time()
    store = EmbeddedStore(path, use_snapshot=how == "snapshot")
    opened, opened_cpu = time.perf_counter() - t, time.process_time() - c
    trace(store, accident)
    first, first_cpu = time.perf_counter() - t, time.process_time() - c
    counts = store.counts()
    rss = proc.memory_info().rss
    return {"from": store.opened_from, "open_s": round(opened, 3), "open_and_first_trace_s": round(first, 3),
            "open_cpu_s": round(opened_cpu, 3), "open_and_first_trace_cpu_s": round(first_cpu, 3), "rss_mib": round(rss / 2**20, 1),
            "graph_rss_mib": round((rss - base) / 2**20, 1), **counts,
            "rss_mib_per_million_relations": round((rss - base) / 2**20 / max(counts["relations"], 1) * 1e6, 1)}


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()}
    try:
        import psutil

        info["ram_gib"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    for pkg in ("networkx", "rdflib", "pyoxigraph", "neo4j", "orjson"):
        try:
            info[pkg] = version(pkg)
        except Exception:
            info[pkg] = None
    return info


class Neo4jServer:
    """A bench Neo4j of our own, started with neo4j-server/neo4j.sh and stopped after."""

    def __init__(self, port: int, data: Path):
        self.port, self.data = port, data

    def __enter__(self) -> str:
        env = {**os.environ, "SAFETYKG_NEO4J_PASSWORD": os.environ.get("SAFETYKG_NEO4J_PASSWORD", "safetykg-test"),
               "SAFETYKG_NEO4J_JAVA_OPTS": os.environ.get("SAFETYKG_NEO4J_JAVA_OPTS", "-Xms1g -Xmx4g")}
        os.environ["SAFETYKG_NEO4J_PASSWORD"] = env["SAFETYKG_NEO4J_PASSWORD"]
        out = subprocess.run(
            [str(ROOT / "neo4j-server/neo4j.sh"), "start", "--port", str(self.port), "--data", str(self.data), "--fresh",
             "server.memory.pagecache.size=2g"],
            env=env, check=True, capture_output=True, text=True,
        )
        return out.stdout.strip().splitlines()[-1]

    def __exit__(self, *exc: object) -> None:
        subprocess.run([str(ROOT / "neo4j-server/neo4j.sh"), "stop", "--data", str(self.data)], capture_output=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    skip = set(filter(None, (args.skip or "").split(",")))
    result: dict[str, Any] = {
        "size": args.size, "seed": args.seed, "command": args.command,
        "machine": machine(), "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    work = Path(args.workdir or tempfile.mkdtemp(prefix=f"skg-bench-{args.size}-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "embedded.db"
    reuse = args.reuse and db.exists()
    if not reuse:
        for f in work.glob("embedded.db*"):
            f.unlink()

    # --- generate, validate, load embedded ----------------------------------------------
    started = time.perf_counter()
    emb = EmbeddedStore(db)
    t_gen = t_val = t_load = c_load = 0.0
    facts = entities = n_chunks = 0
    t = time.perf_counter()
    for doc in () if reuse else chunks(args.size, args.seed):
        t1 = time.perf_counter()
        t_gen += t1 - t
        batch = validate(doc, emb.kinds)
        t2, c2 = time.perf_counter(), time.process_time()
        emb.upsert(batch)
        t = time.perf_counter()
        c_load += time.process_time() - c2
        t_val += t2 - t1
        t_load += t - t2
        facts += len(batch)
        entities += len(batch.entities)
        n_chunks += 1
        if args.progress:
            print(f"\r{args.size}: {n_chunks} chunks, {facts:,} facts", end="", file=sys.stderr, flush=True)
    if args.progress:
        print(file=sys.stderr)
    phases = result["phases_s"] = {"generate_validate_load_embedded": round(time.perf_counter() - started, 1)}
    if reuse:  # the store a previous run left in --workdir: no load figures
        counts = emb.counts()
        facts, entities = counts["entities"] + counts["relations"], counts["entities"]
        result["data"] = {"reused": str(db), "facts": facts, "entities": entities, "relations": counts["relations"]}
        result["load"] = {"run": False, "why": "--reuse: the store was loaded by an earlier run"}
    else:
        result["data"] = {"chunks": n_chunks, "facts": facts, "entities": entities, "relations": facts - entities,
                          "generate_s": round(t_gen, 1)}
    result["load"] = result.get("load") or {"validate_facts_per_s": round(facts / t_val), "embedded_upsert_facts_per_s": round(facts / t_load),
                      "embedded_validate_and_upsert_facts_per_s": round(facts / (t_val + t_load)),
                      "embedded_upsert_s": round(t_load, 1), "embedded_upsert_facts_per_cpu_s": round(facts / c_load)}
    accidents, per_grade = sample(emb, args.traces)
    result["sample"] = {"accidents": len(accidents), "per_grade": per_grade}

    # --- (a) embedded ------------------------------------------------------------------
    trace(emb, accidents[0])
    times, traces = timed(lambda a: trace(emb, a), accidents)
    reference = dict(zip(accidents, traces))
    answers = {a: peers.trace_answer(r) for a, r in reference.items()}
    result["embedded"] = {"trace": percentiles(times), "trace_cpu": percentiles(CPU)}
    result["embedded"]["collect"] = percentiles(timed(emb.trace_context, accidents[: min(300, len(accidents))])[0])
    subgraphs = {a: emb.trace_context(a) for a in accidents[:300]}
    result["embedded"]["explain"] = percentiles(timed(lambda a: explain(subgraphs[a], a), list(subgraphs))[0])
    result["embedded"]["subgraph_facts_mean"] = round(statistics.fmean(len(s.entities) + len(s.relations) for s in subgraphs.values()), 1)
    result["embedded"]["findings_mean"] = round(statistics.fmean(len(r["findings"]) for r in traces), 1)
    result["embedded"]["complete_coverage"] = sum(r["coverage"]["complete"] for r in traces)
    result["answer_pairs_mean"] = round(statistics.fmean(len(v) for v in answers.values()), 1)
    emb.close()
    del emb, subgraphs
    gc.collect()  # the probe below opens a second copy: do not hold two in memory

    phases["embedded_traces"] = round(time.perf_counter() - started - sum(phases.values()), 1)
    if "open" not in skip:
        writing, c = time.perf_counter(), time.process_time()
        with EmbeddedStore(db, use_snapshot=False) as writer:  # what `safetykg snapshot` does
            snap = writer.snapshot()
        snap.update(write_s=round(time.perf_counter() - writing, 1), write_cpu_s=round(time.process_time() - c, 1))
        del writer
        gc.collect()  # not held while the probes below open their own copies
        opened = {}
        for how in ("decode", "snapshot"):
            out = subprocess.run([sys.executable, "-m", "bench.run", "--probe-open", str(db), accidents[-1], how],
                                 cwd=ROOT, check=True, capture_output=True, text=True)
            opened[how] = json.loads(out.stdout)
        result["open"] = {**opened["snapshot"], "decode": opened["decode"], "snapshot_file": snap}
    emb = EmbeddedStore(db)

    # --- (b) Neo4j backend and (c) Cypher through the driver ------------------------------
    if "neo4j" not in skip:
        server = None
        uri = args.neo4j
        if not uri:
            server = Neo4jServer(args.neo4j_port, Path(f"/tmp/skg-bench-neo4j-{args.neo4j_port}"))
            uri = server.__enter__()
        try:
            result["neo4j"] = bench_neo4j(uri, args, emb, accidents, reference, answers, skip)
        finally:
            if server:
                server.__exit__()
        phases["neo4j"] = round(time.perf_counter() - started - sum(phases.values()), 1)

    # --- (d) rdflib and (e) pyoxigraph over the RDF export ----------------------------------
    if not {"rdflib", "oxigraph"} <= skip:
        result["rdf"] = bench_rdf(emb, args, accidents, answers, skip, work, facts)
        phases["rdf"] = round(time.perf_counter() - started - sum(phases.values()), 1)
    result["api"] = bench_api(args, db, accidents) if "api" not in skip else {"run": False, "why": "skipped"}
    emb.close()
    result["ratios"] = ratios(result)
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return result


def bench_neo4j(uri: str, args, emb: EmbeddedStore, accidents: list[str], reference: dict, answers: dict, skip: set) -> dict:
    from graph.store import open_store

    neo = open_store(uri)
    out: dict[str, Any] = {"uri": uri.split("@")[-1]}
    with neo.driver.session() as s:
        row = s.run("CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS v, edition").single()
        out["server"] = f"Neo4j {row['v']} {row['edition']}"
    neo.wipe()
    loaded = facts = 0
    t_load = 0.0
    limit = args.neo4j_max_facts
    last_chunk = None
    for doc in chunks(args.size, args.seed):
        n = len(doc["entities"]) + len(doc["relations"])
        if limit and facts + n > limit and facts:
            break
        batch = validate(doc, emb.kinds)
        t = time.perf_counter()
        neo.upsert(batch)
        t_load += time.perf_counter() - t
        facts += n
        loaded += 1
        last_chunk = doc
    out["loaded_chunks"], out["loaded_facts"] = loaded, facts
    out["upsert_facts_per_s"] = round(facts / t_load)
    stored = set(neo.kinds(accidents))
    mine = [a for a in accidents if a in stored]
    out["accidents_traced"] = len(mine)
    if last_chunk is not None and len(mine) < len(accidents):
        out["note"] = "Neo4j holds only the first chunks of the world (--neo4j-max-facts); its traces are of the accidents in them"
    t = time.perf_counter()
    trace(neo, mine[0])
    out["first_trace_s"] = round(time.perf_counter() - t, 3)
    times, results = timed(lambda a: trace(neo, a), mine)
    out["trace"] = percentiles(times)
    if len(mine) == len(accidents):
        out["same_trace_as_embedded"] = sum(r == reference[a] for a, r in zip(mine, results))
    else:
        # a partial world changes nothing inside a county but the totals a trace never reads
        out["same_trace_as_embedded"] = sum(peers.trace_answer(r) == answers[a] for a, r in zip(mine, results))
    if "cypher" not in skip:
        t = time.perf_counter()
        out["cypher_projection_nodes"] = peers.project_neo4j(neo, emb.entities())
        out["cypher_projection_s"] = round(time.perf_counter() - t, 1)
        peers.cypher_answer(neo, mine[0])
        times, got = timed(lambda a: peers.cypher_answer(neo, a), mine)
        out["cypher"] = percentiles(times)
        out["cypher_agrees"] = sum(g == answers[a] for a, g in zip(mine, got))
        out["cypher_disagrees"] = [a for a, g in zip(mine, got) if g != answers[a]][:5]
    neo.close()
    return out


def bench_rdf(emb: EmbeddedStore, args, accidents: list[str], answers: dict, skip: set, work: Path, facts: int) -> dict:
    """(e) pyoxigraph over the RDF export of the whole store; (d) rdflib over the whole store,
    or over the first chunks of the world up to ``--rdflib-max-facts`` when it is bigger."""
    out: dict[str, Any] = {"run": True}
    if "oxigraph" not in skip:
        bench_oxigraph(out, emb, args, accidents, answers, work)
    if "rdflib" not in skip:
        bench_rdflib(out, emb, args, accidents, answers, facts)
    return out


def _rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def bench_oxigraph(out: dict, emb: EmbeddedStore, args, accidents: list[str], answers: dict, work: Path) -> None:
    """The whole store exported as N-Triples (streamed to a file), bulk-loaded into an on-disk pyoxigraph store."""
    import pyoxigraph

    from loaders.rdf_export import ntriples

    nt = work / "export.nt"
    t, c = time.perf_counter(), time.process_time()
    triples = 0
    with nt.open("w", encoding="utf-8") as f:
        for chunk in ntriples(emb.entities(), emb.relations()):
            triples += chunk.count("\n")
            f.write(chunk)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    out.update({"export_s": round(wall, 1), "export_cpu_s": round(cpu, 1), "triples": triples,
                "export_triples_per_s": round(triples / wall), "export_triples_per_cpu_s": round(triples / cpu),
                "export_nt_mib": round(nt.stat().st_size / 2**20)})
    path = work / "oxigraph"
    shutil.rmtree(path, ignore_errors=True)
    rss = _rss_mib()
    t, c = time.perf_counter(), time.process_time()
    ox = pyoxigraph.Store(str(path))
    ox.bulk_load(path=nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ox.bulk_load(path=ROOT / "ontology/vocab/schemes.ttl", format=pyoxigraph.RdfFormat.TURTLE)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    nt.unlink()
    out.update({"oxigraph_store": "on disk (RocksDB), bulk_load from the N-Triples file", "oxigraph_load_s": round(wall, 1),
                "oxigraph_load_cpu_s": round(cpu, 1), "oxigraph_quads": len(ox), "oxigraph_load_triples_per_s": round(triples / wall),
                "oxigraph_rss_growth_mib": round(_rss_mib() - rss), "oxigraph_disk_mib": round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20)})
    some = accidents[: args.oxigraph_traces]
    q = lambda a: frozenset((peers.local(r["person"]), peers.local(r["post"])) for r in ox.query(peers.sparql(peers.iri(a))))  # noqa: E731
    q(some[0])
    times, got, cpu_times = [], [], []
    budget = time.perf_counter() + args.oxigraph_seconds
    for a in some:  # one at a time, to stop at the time budget (at least 3 questions)
        one_time, one_answer = timed(q, [a])
        times += one_time
        got += one_answer
        cpu_times += CPU
        if time.perf_counter() > budget and len(times) >= 3:
            break
    some = some[: len(got)]
    out["oxigraph"] = percentiles(times)
    out["oxigraph_cpu"] = percentiles(cpu_times)
    out["oxigraph_agrees"] = sum(x == answers[a] for a, x in zip(some, got))
    out["oxigraph_disagrees"] = [a for a, x in zip(some, got) if x != answers[a]][:5]
    del ox
    shutil.rmtree(path, ignore_errors=True)


def bench_rdflib(out: dict, emb: EmbeddedStore, args, accidents: list[str], answers: dict, facts: int) -> None:
    """rdflib's in-memory graph (the direct export) over as much of the world as --rdflib-max-facts allows."""
    from loaders.export import rdf_graph

    if facts <= args.rdflib_max_facts:
        ents, rels, size = emb.entities(), emb.relations(), f"the whole store ({facts:,} facts)"
        held: set[str] | None = None
        out["rdflib_facts"] = facts
    else:  # the first chunks of the world: each holds a county, after the areas and organs above it
        ents, rels, n, loaded = [], [], 0, 0
        for doc in chunks(args.size, args.seed):
            k = len(doc["entities"]) + len(doc["relations"])
            if n + k > args.rdflib_max_facts and n:
                break
            batch = validate(doc, emb.kinds)
            ents += batch.entities
            rels += batch.relations
            n += k
            loaded += 1
        held = {e.id for e in ents if e.type == "Accident"}
        size = f"the first {loaded} chunks of the world ({n:,} of {facts:,} facts; --rdflib-max-facts {args.rdflib_max_facts:,})"
        out["rdflib_facts"] = n
    out["rdflib_size"] = size
    rss = _rss_mib()
    t, c = time.perf_counter(), time.process_time()
    g = rdf_graph(ents, rels)
    g.parse(ROOT / "ontology/vocab/schemes.ttl")
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    out.update({"rdflib_triples": len(g), "rdflib_load_s": round(wall, 1), "rdflib_load_cpu_s": round(cpu, 1),
                "rdflib_load_triples_per_s": round(len(g) / wall), "rdflib_rss_growth_mib": round(_rss_mib() - rss)})
    del ents, rels
    mine = [a for a in accidents if held is None or a in held]
    if held is not None:  # top up with the chunks' other accidents (our trace over the whole store is the reference)
        picked = set(mine)
        mine += sorted(held - picked)
    some = mine[: args.rdflib_traces]
    if not some:
        out["rdflib_why"] = f"no accident in {size}"
        return
    for a in some:
        if a not in answers:
            answers[a] = peers.trace_answer(trace(emb, a))
    times, got, cpu_times = [], [], []
    budget = time.perf_counter() + args.rdflib_seconds
    for a in some:  # one at a time: rdflib takes seconds to minutes per question; stop at the time budget
        one_time, one_answer = timed(lambda x: frozenset((peers.local(r[0]), peers.local(r[1])) for r in g.query(peers.sparql(peers.iri(x)))), [a])
        times += one_time
        got += one_answer
        cpu_times += CPU
        if time.perf_counter() > budget and len(times) >= 3:
            break
    out["rdflib"] = percentiles(times)
    out["rdflib_cpu"] = percentiles(cpu_times)
    out["rdflib_agrees"] = sum(x == answers[a] for a, x in zip(some, got))
    out["rdflib_disagrees"] = [a for a, x in zip(some, got) if x != answers[a]][:5]


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["X-API-Key"] = "%s"})
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %%d, \\"errors\\": %%d, \\"non2xx\\": %%d, \\"seconds\\": %%f, \\"p50_ms\\": %%f, \\"p95_ms\\": %%f, \\"p99_ms\\": %%f}\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
"""

# The cold pass: every path once (each a question the server has not answered yet), then stop.
# Requests sent after the last distinct path (at most connections - 1) ask the same accidents
# as of another date, so they are unanswered questions too. The pass's own duration is
# measured here (wrk's summary counts its whole -d) and printed as soon as it is over.
WRK_COLD_SCRIPT = """
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } skg_ts; int clock_gettime(int, skg_ts *); ]]
local ts = ffi.new("skg_ts")
local function now() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9 end
local paths = {%s}
local i, answered, started, status_errors = 0, 0, nil, 0
request = function()
  started = started or now()
  i = i + 1
  local path = paths[(i - 1) %% #paths + 1]
  if i > #paths then path = path .. "?at=2024-12-31" end
  return wrk.format("GET", path, {["X-API-Key"] = "%s"})
end
response = function(status, headers, body)
  answered = answered + 1
  if status > 399 then status_errors = status_errors + 1 end
  if answered == #paths then
    io.write(string.format("COLD {\\"requests\\": %%d, \\"seconds\\": %%f, \\"non2xx\\": %%d}\\n", answered, now() - started, status_errors))
    io.flush()
    wrk.thread:stop()
  end
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"errors\\": %%d, \\"p50_ms\\": %%f, \\"p95_ms\\": %%f, \\"p99_ms\\": %%f}\\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
"""


def bench_api(args, db: Path, accidents: list[str]) -> dict:
    """Traces/s through ``GET /v1/accidents/{id}/trace`` on loopback: uvicorn pinned to core 0, wrk to core 1.

    Two passes: *cold*, every sampled accident once at the most connections (questions the
    server has not answered: the trace is computed), then *warm*, the same questions again and
    again at each connection count (answered from the server's cache of answers by data
    version, authenticated and audited as ever). The server's CPU time per request is measured
    as well as wall time: on a shared machine the CPU time is the steadier figure."""
    try:
        importlib.import_module("api.app")
        from api.apidb import ApiDb
        from api.auth import create_key
    except ImportError as exc:
        return {"run": False, "why": f"api.app is not importable ({exc}); the HTTP API is issue 5"}
    if not shutil.which("wrk") or not shutil.which("taskset"):
        return {"run": False, "why": "wrk or taskset is not installed (apt-get install wrk util-linux)"}
    import signal

    import httpx
    import psutil

    api_db = db.parent / "api.db"
    _, key = create_key(ApiDb(api_db), "bench", "reader", created_by="bench")
    port = args.api_port
    env = {**os.environ, "SAFETYKG_STORE": str(db), "SAFETYKG_API_DB": str(api_db)}
    server = subprocess.Popen(
        ["taskset", "-c", "0", sys.executable, "-m", "uvicorn", "api.app:app_from_env", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    out: dict[str, Any] = {"run": True, "server": "uvicorn, 1 worker, pinned to CPU 0", "client": "wrk, pinned to CPU 1",
                           "endpoint": "GET /v1/accidents/{id}/trace", "accidents": len(accidents)}
    proc = psutil.Process(server.pid)

    def cpu_s() -> float:
        t = proc.cpu_times()
        return t.user + t.system

    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 900
        first = accidents[-1]  # opens the store; the cold pass leaves it out
        while True:
            try:
                r = httpx.get(f"{base}/v1/accidents/{first}/trace", headers={"X-API-Key": key}, timeout=900)
                if r.status_code == 200:
                    break
                raise RuntimeError(f"the API answered {r.status_code}: {r.text[:300]}")
            except httpx.TransportError:
                if server.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"the API server did not start: {server.stderr.read().decode()[-500:]}")
                time.sleep(0.5)
        paths = ", ".join(json.dumps(f"/v1/accidents/{a}/trace") for a in accidents)
        cold_paths = ", ".join(json.dumps(f"/v1/accidents/{a}/trace") for a in accidents[:-1])
        script, cold_script = db.parent / "trace.lua", db.parent / "trace-cold.lua"
        script.write_text(WRK_SCRIPT % (paths, key))
        cold_script.write_text(WRK_COLD_SCRIPT % (cold_paths, key))
        conns = max(args.api_connections)
        cpu0 = cpu_s()
        wrk = subprocess.Popen(["taskset", "-c", "1", "wrk", "-t", "1", "-c", str(conns), "-d", "3600s", "--latency",
                                "-s", str(cold_script), base], stdout=subprocess.PIPE, text=True)
        cold: dict[str, Any] = {}
        for line in wrk.stdout:  # type: ignore[union-attr]
            if line.startswith("COLD "):
                cold = json.loads(line[5:])
                cpu = cpu_s() - cpu0
                wrk.send_signal(signal.SIGINT)  # wrk prints its summary (with the latencies) and exits
            elif line.startswith("JSON "):
                cold.update(json.loads(line[5:]))
        wrk.wait(60)
        cold.update(connections=conns, traces_per_s=round(cold["requests"] / cold["seconds"], 1),
                    server_cpu_ms_per_request=round(1000 * cpu / cold["requests"], 2),
                    what="each sampled accident once: every answer computed",
                    note="errors include the requests in flight when the pass was stopped (at most one per connection)")
        out["cold"] = cold
        for conns in args.api_connections:
            cpu0 = cpu_s()
            run_ = subprocess.run(
                ["taskset", "-c", "1", "wrk", "-t", "1", "-c", str(conns), "-d", f"{args.api_seconds}s", "--latency",
                 "-s", str(script), base],
                check=True, capture_output=True, text=True,
            )
            cpu = cpu_s() - cpu0
            line = next(x for x in run_.stdout.splitlines() if x.startswith("JSON "))
            figures = json.loads(line[5:])
            figures["traces_per_s"] = round(figures["requests"] / figures["seconds"], 1)
            figures["server_cpu_ms_per_request"] = round(1000 * cpu / max(1, figures["requests"]), 2)
            figures["what"] = "warm: the sampled accidents again and again, answered from the cache"
            out[f"c{conns}"] = figures
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def ratios(r: dict) -> dict[str, float]:
    base = r["embedded"]["trace"]["p50_ms"]
    out = {}
    neo = r.get("neo4j", {})
    if "trace" in neo:
        out["neo4j_backend_p50_over_embedded"] = round(neo["trace"]["p50_ms"] / base, 1)
    if "cypher" in neo:
        out["cypher_p50_over_embedded"] = round(neo["cypher"]["p50_ms"] / base, 1)
    rdf = r.get("rdf", {})
    for k in ("rdflib", "oxigraph"):
        if k in rdf:
            out[f"{k}_p50_over_embedded"] = round(rdf[k]["p50_ms"] / base, 1)
    return out


def table(r: dict) -> str:
    def pct(p: dict | None) -> str:
        return f"{p['p50_ms']} / {p['p95_ms']} / {p['p99_ms']} ms (n={p['n']})" if p else "not run"

    neo, rdf = r.get("neo4j", {}), r.get("rdf", {})
    d = r["data"]
    lines = [
        f"Size `{r['size']}`: {d['entities']:,} entities, {d['relations']:,} relations; {r['sample']['accidents']} accidents "
        f"sampled {r['sample']['per_grade']}; load average {r['loadavg_start']} → {r['loadavg_end']}.",
        "",
        "| system | trace / question p50 / p95 / p99 | p50 vs embedded | answers agree |",
        "|---|---|---|---|",
        f"| (a) embedded backend (whole trace) | {pct(r['embedded']['trace'])} | 1× | reference |",
        f"| (a) embedded, CPU time of the process per trace | {pct(r['embedded']['trace_cpu'])} | | |",
    ]
    if "trace" in neo:
        lines.append(f"| (b) Neo4j backend (whole trace) | {pct(neo['trace'])} | {r['ratios'].get('neo4j_backend_p50_over_embedded')}× | "
                     f"{neo['same_trace_as_embedded']}/{neo['accidents_traced']} |")
    if "cypher" in neo:
        lines.append(f"| (c) hand-written Cypher, driver | {pct(neo['cypher'])} | {r['ratios'].get('cypher_p50_over_embedded')}× | "
                     f"{neo['cypher_agrees']}/{neo['cypher']['n']} |")
    labels = (("rdflib", f"(d) SPARQL, rdflib, over {rdf.get('rdflib_size', 'the RDF export')} ({rdf.get('rdflib_triples', 0):,} triples)"),
              ("oxigraph", f"(e) SPARQL, pyoxigraph, over the whole store ({rdf.get('oxigraph_quads', 0):,} triples)"))
    for key, label in labels:
        if key in rdf:
            lines.append(f"| {label} | {pct(rdf[key])} | {r['ratios'].get(f'{key}_p50_over_embedded')}× | {rdf[f'{key}_agrees']}/{rdf[key]['n']} |")
        else:
            lines.append(f"| {label} | not run: {rdf.get(f'{key}_why') or rdf.get('why', 'skipped')} | | |")
    load = r["load"]
    lines += [
        "",
        "| measure | value |",
        "|---|---|",
        f"| embedded evidence collection p50 / rule evaluation p50 | {r['embedded']['collect']['p50_ms']} / {r['embedded']['explain']['p50_ms']} ms |",
        f"| evidence subgraph, mean facts per trace | {r['embedded']['subgraph_facts_mean']} |",
    ]
    if "validate_facts_per_s" in load:
        lines += [f"| validation | {load['validate_facts_per_s']:,} facts/s |",
                  f"| bulk load, embedded (upsert per chunk) | {load['embedded_upsert_facts_per_s']:,} facts/s |"]
    if "upsert_facts_per_s" in neo:
        lines.append(f"| bulk load, Neo4j backend (upsert per chunk) | {neo['upsert_facts_per_s']:,} facts/s ({neo['loaded_facts']:,} facts) |")
        lines.append(f"| Neo4j first trace after load | {neo['first_trace_s']} s |")
    if "open" in r:
        o = r["open"]
        d, f = o["decode"], o["snapshot_file"]
        lines += [f"| open the embedded store from its snapshot / and answer the first trace (wall) | {o['open_s']} s / {o['open_and_first_trace_s']} s |",
                  f"| the same, CPU time of the process | {o.get('open_cpu_s')} s / {o.get('open_and_first_trace_cpu_s')} s |",
                  f"| open by decoding every fact (no snapshot) / and answer the first trace (wall) | {d['open_s']} s / {d['open_and_first_trace_s']} s |",
                  f"| writing the snapshot (`safetykg snapshot`, with opening the store first) | {f['write_s']} s, {f['bytes'] / 2**20:,.0f} MiB |",
                  f"| resident memory of the open store | {o['graph_rss_mib']} MiB = {o['rss_mib_per_million_relations']} MiB per million relations |"]
    api = r.get("api", {})
    if api.get("run"):
        def api_line(label: str, f: dict) -> str:
            cpu = f"{f['server_cpu_ms_per_request']} ms server CPU per request; " if "server_cpu_ms_per_request" in f else ""
            cut = " (requests in flight when the pass stopped)" if "note" in f else ""
            return (f"| HTTP API, {label}: traces/s, p50 / p95 / p99 | {f['traces_per_s']}/s, {round(f['p50_ms'], 1)} / "
                    f"{round(f['p95_ms'], 1)} / {round(f['p99_ms'], 1)} ms ({cpu}{f['non2xx']} non-2xx, {f['errors']} errors{cut}) |")

        if "cold" in api:
            lines.append(api_line(f"cold (each accident once, computed), {api['cold']['connections']} connections", api["cold"]))
        for k in sorted((k for k in api if k.startswith("c") and k[1:].isdigit()), key=lambda k: int(k[1:])):
            lines.append(api_line(f"{'warm (cached), ' if 'cold' in api else ''}{k[1:]} connections", api[k]))
    else:
        lines.append(f"| HTTP API | not run: {api.get('why', '')} |")
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--traces", type=int, default=1000)
    ap.add_argument("--neo4j", default=os.environ.get("SAFETYKG_BENCH_NEO4J"), help="a running Neo4j (else one is started)")
    ap.add_argument("--neo4j-port", type=int, default=17713)
    ap.add_argument("--neo4j-max-facts", type=int, default=0, help="load only the first chunks up to this many facts into Neo4j")
    ap.add_argument("--rdflib-max-facts", type=int, default=60_000,
                    help="rdflib holds the whole store up to this size, else the first chunks of the world up to it")
    ap.add_argument("--rdflib-traces", type=int, default=10)
    ap.add_argument("--rdflib-seconds", type=float, default=300, help="stop rdflib's questions after this long (at least 3)")
    ap.add_argument("--oxigraph-traces", type=int, default=1000)
    ap.add_argument("--oxigraph-seconds", type=float, default=900, help="stop pyoxigraph's questions after this long (at least 3)")
    ap.add_argument("--api-port", type=int, default=17723)
    ap.add_argument("--api-seconds", type=int, default=10)
    ap.add_argument("--api-connections", type=lambda v: [int(x) for x in v.split(",")], default=[1, 8, 32])
    ap.add_argument("--skip", help=f"comma-separated: {', '.join(PARTS)}")
    ap.add_argument("--workdir", help="keep the stores here")
    ap.add_argument("--reuse", action="store_true", help="use the embedded store already in --workdir (skip generating and loading)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--progress", action="store_true")
    ap.add_argument("--command", default=" ".join(["python -m bench.run"] + (sys.argv[1:] if argv is None else argv)), help=argparse.SUPPRESS)
    ap.add_argument("--probe-open", nargs=3, metavar=("DB", "ACCIDENT", "HOW"), help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def main() -> None:
    args = parse()
    if args.probe_open:
        print(json.dumps(probe_open(*args.probe_open)))
        return
    result = run(args)
    out = args.out or ROOT / "bench" / "results" / f"{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    result["table"] = table(result)
    print(result["table"])


if __name__ == "__main__":
    main()
