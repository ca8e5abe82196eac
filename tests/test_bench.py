"""The benchmark harness works end to end at the smallest size, and its peers agree with the trace.

Not a timed test: nothing here asserts a speed. It asserts that a generated county is valid,
that the harness writes every figure, and that the Neo4j backend, the hand-written Cypher
query and the SPARQL query (rdflib and pyoxigraph) give the same answer as our trace for
every sampled accident.
"""

from __future__ import annotations

import os

import orjson
import pytest

from bench.generate import chunks
from bench.run import parse, run
from ontology.validation import validate


def test_a_generated_county_is_deterministic_and_valid():
    first, again, other = list(chunks("small", 7)), list(chunks("small", 7)), list(chunks("small", 8))
    assert first == again
    assert first != other
    known: dict[str, tuple[str, str]] = {}  # what a store holding the earlier chunks would know
    for doc in first:
        batch = validate(doc, lambda ids: {i: known[i] for i in ids if i in known})
        known.update({e.id: ("entity", e.type) for e in batch.entities})
        known.update({r.id: ("relation", r.type) for r in batch.relations})
    assert len(known) == sum(len(d["entities"]) + len(d["relations"]) for d in first)
    accidents = [e for doc in first for e in doc["entities"] if e["type"] == "Accident"]
    assert len(accidents) >= 4


@pytest.mark.neo4j
def test_the_harness_runs_a_county_and_every_peer_agrees_with_the_trace(tmp_path):
    uri = os.environ.get("SAFETYKG_TEST_NEO4J")
    if not uri:
        pytest.fail("SAFETYKG_TEST_NEO4J is not set: run the suite with tests/run.sh, which starts Neo4j")
    out = tmp_path / "small.json"
    args = parse(["--size", "small", "--traces", "4", "--rdflib-traces", "1", "--neo4j", uri, "--skip", "api",
                  "--workdir", str(tmp_path / "work"), "--out", str(out)])
    result = run(args)
    out.write_bytes(orjson.dumps(result))
    assert orjson.loads(out.read_bytes())["size"] == "small"

    # one accident of each grade: the sample is spread across grades
    assert result["sample"]["per_grade"] == {"general": 1, "larger": 1, "major": 1, "especially_serious": 1}
    assert result["data"]["entities"] > 1000 and result["data"]["relations"] > result["data"]["entities"]
    for figure in (result["embedded"]["trace"], result["embedded"]["trace_cpu"], result["neo4j"]["trace"],
                   result["neo4j"]["cypher"], result["rdf"]["rdflib"], result["rdf"]["oxigraph"]):
        assert figure["p50_ms"] > 0 and figure["p99_ms"] >= figure["p50_ms"]
    assert result["load"]["embedded_upsert_facts_per_s"] > 0 and result["neo4j"]["upsert_facts_per_s"] > 0
    assert result["open"]["relations"] == result["open"]["decode"]["relations"] == result["data"]["relations"]
    assert (result["open"]["from"], result["open"]["decode"]["from"]) == ("snapshot", "decode")
    assert result["answer_pairs_mean"] > 3  # the question has an answer in every layer
    assert result["embedded"]["complete_coverage"] == 4

    neo = result["neo4j"]
    assert neo["accidents_traced"] == 4
    assert neo["same_trace_as_embedded"] == 4
    assert neo["cypher_agrees"] == 4, neo["cypher_disagrees"]
    assert result["rdf"]["rdflib_agrees"] == 1
    assert result["rdf"]["oxigraph_agrees"] == 4
    assert set(result["ratios"]) == {"neo4j_backend_p50_over_embedded", "cypher_p50_over_embedded",
                                     "rdflib_p50_over_embedded", "oxigraph_p50_over_embedded"}
