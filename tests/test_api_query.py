"""Analyst queries: read-only SPARQL on both backends, read-only Cypher on Neo4j; limits and refusals."""

from __future__ import annotations

from apikit import is_problem
from conftest import DEMO_ACCIDENT

PREFIX = "PREFIX skg: <https://w3id.org/safetykg/ns#>\n"


def sparql(api, query: str, **extra):
    return api.post("/v1/query/sparql", {"query": query, **extra}, role="reader")


def test_a_select_counts_the_persons(demo_api, demo_doc):
    r = sparql(demo_api, PREFIX + "SELECT (COUNT(?p) AS ?n) WHERE { ?p a skg:Person }")
    assert r.status_code == 200, r.text
    body = r.json()
    persons = sum(1 for e in demo_doc["entities"] if e["type"] == "Person")
    assert body["form"] == "SELECT" and body["head"]["vars"] == ["n"] and body["truncated"] is False
    assert int(body["results"]["bindings"][0]["n"]["value"]) == persons


def test_who_held_the_general_managers_post(demo_api):
    q = PREFIX + "SELECT ?who WHERE { ?who skg:holds <https://w3id.org/safetykg/id/post/hengfa-gm> } ORDER BY ?who"
    rows = sparql(demo_api, q).json()["results"]["bindings"]
    assert [r["who"]["value"].rsplit("/", 1)[1] for r in rows] == ["sun-hao", "zhao-lijun"]


def test_ask_and_construct(demo_api):
    assert sparql(demo_api, f"ASK {{ <https://w3id.org/safetykg/id/{DEMO_ACCIDENT}> ?p ?o }}").json()["boolean"] is True
    assert sparql(demo_api, "ASK { <urn:x:nothing> ?p ?o }").json()["boolean"] is False
    c = sparql(demo_api, PREFIX + "CONSTRUCT { ?p a skg:Person } WHERE { ?p a skg:Person }").json()
    assert c["form"] == "CONSTRUCT" and c["triples"] and all(t["p"]["value"].endswith("#type") for t in c["triples"])


def test_the_row_limit_cuts_and_says_so(demo_api):
    body = sparql(demo_api, "SELECT ?s WHERE { ?s ?p ?o }", limit=5).json()
    assert len(body["results"]["bindings"]) == 5 and body["truncated"] is True


def test_updates_are_refused_and_change_nothing(demo_api):
    for q in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x.ttl>"):
        is_problem(sparql(demo_api, q), 403, "write-refused")
    assert sparql(demo_api, "ASK { <urn:a> <urn:b> <urn:c> }").json()["boolean"] is False
    assert sparql(demo_api, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()["results"]["bindings"][0]["n"]["value"] != "0"


def test_a_syntax_error_says_where(demo_api):
    body = is_problem(sparql(demo_api, "SELECT ?s WHERE { ?s ?p }}"), 422)
    assert body["errors"][0]["pointer"] == "/query" and "line" in body["errors"][0]["reason"]


def test_service_and_from_are_refused(demo_api):
    is_problem(sparql(demo_api, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"), 422)
    is_problem(sparql(demo_api, "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"), 422)


def test_a_query_past_its_time_limit_is_stopped(demo_api):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    is_problem(sparql(demo_api, slow, timeout_s=0.5), 503, "query-timeout")
    assert sparql(demo_api, "ASK { ?s ?p ?o }").json()["boolean"] is True  # the API is still fine


def test_the_query_body_is_checked(demo_api):
    assert is_problem(demo_api.post("/v1/query/sparql", {"limit": 3}, role="reader"), 422)["errors"][0]["pointer"] == "/query"
    assert is_problem(demo_api.post("/v1/query/sparql", {"query": "ASK {}", "limit": 0}, role="reader"), 422)["errors"][0]["pointer"] == "/limit"
    is_problem(demo_api.post("/v1/query/sparql", "ASK {}", role="reader", headers={"Content-Type": "application/sparql-query"}), 415)


def test_a_query_sees_a_write_made_after_the_first_query(demo_api):
    q = "ASK { <https://w3id.org/safetykg/id/person/late-comer> ?p ?o }"
    assert sparql(demo_api, q).json()["boolean"] is False
    demo_api.send("PUT", "/v1/facts/person/late-comer", {"type": "Person", "name": {"en": "Late"}})
    assert sparql(demo_api, q).json()["boolean"] is True


def cypher(api, query: str, **extra):
    return api.post("/v1/query/cypher", {"query": query, **extra}, role="reader")


def test_cypher_reads_on_neo4j_and_is_not_offered_on_other_stores(demo_api, store, demo_doc):
    r = cypher(demo_api, "MATCH (f:Fact {kind: 'entity'}) WHERE f.type = $t RETURN count(f) AS n", parameters={"t": "Person"})
    if store.capabilities.query_language != "cypher":
        is_problem(r, 501, "not-supported")
        return
    assert r.status_code == 200, r.text
    assert r.json()["columns"] == ["n"]
    assert r.json()["rows"] == [{"n": sum(1 for e in demo_doc["entities"] if e["type"] == "Person")}]


def test_cypher_writes_are_refused_by_the_read_transaction(demo_api, store):
    r = cypher(demo_api, "CREATE (x:Fact {id: 'intruder', kind: 'entity'}) RETURN x")
    if store.capabilities.query_language != "cypher":
        is_problem(r, 501)
        return
    is_problem(r, 403, "write-refused")
    assert store.get("intruder") is None
    is_problem(cypher(demo_api, "MATCH (f:Fact) DETACH DELETE f"), 403, "write-refused")
    assert store.counts()["entities"] > 0
    is_problem(cypher(demo_api, "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row"), 403, "query-refused")


def test_cypher_limits_rows_and_time(demo_api, store):
    rows = cypher(demo_api, "UNWIND range(1, 100) AS x RETURN x", limit=10)
    if store.capabilities.query_language != "cypher":
        is_problem(rows, 501)
        return
    assert [r["x"] for r in rows.json()["rows"]] == list(range(1, 11)) and rows.json()["truncated"] is True
    slow = "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"
    is_problem(cypher(demo_api, slow, timeout_s=0.5), 503, "query-timeout")
    assert cypher(demo_api, "RETURN 1 AS one").json()["rows"] == [{"one": 1}]


def test_cypher_syntax_errors_say_so(demo_api, store):
    r = cypher(demo_api, "MATCH (n RETURN n")
    if store.capabilities.query_language != "cypher":
        is_problem(r, 501)
        return
    body = is_problem(r, 422)
    assert body["errors"][0]["pointer"] == "/query" and "Syntax" in body["errors"][0]["code"]


def test_nodes_come_back_as_labels_and_properties(demo_api, store):
    r = cypher(demo_api, "MATCH (f:Fact {id: $id}) RETURN f", parameters={"id": DEMO_ACCIDENT})
    if store.capabilities.query_language != "cypher":
        is_problem(r, 501)
        return
    node = r.json()["rows"][0]["f"]
    assert "Accident" in node["labels"] and node["properties"]["id"] == DEMO_ACCIDENT
