"""The Cypher endpoint judged on Neo4j's own plan, never the query text (issue 19, item 1).

A corpus of bypass attempts (comments, case, line breaks and odd whitespace between keywords,
Unicode escapes, CALL subqueries, subquery expressions, procedure names written every way,
administration commands, file:// and http:// URLs) goes to ``POST /v1/query/cypher`` of a real
``python -m api serve`` over the real Neo4j. Each must be refused, and nothing may have been
read: a canary file's content never comes back, the Neo4j password (which the server's
``/proc/self/environ`` holds) never comes back, and a canary HTTP server on loopback is never
asked for anything. The server's own settings are checked as a second, independent layer.
"""

from __future__ import annotations

import http.server
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from apiserver import ApiServer
from conftest import DEMO_ACCIDENT, _neo4j_uri, demo_document
from neo4j import READ_ACCESS, GraphDatabase
from neo4j.exceptions import ClientError

from graph.cypher_guard import refusal
from graph.store import open_store

PASSWORD = os.environ.get("SAFETYKG_NEO4J_PASSWORD", "safetykg-test")


class Canary:
    """A loopback HTTP server that counts every request, and a file whose content must never leak."""

    def __init__(self, workdir: Path):
        self.secret = f"canary-{uuid.uuid4().hex}"
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canary.requests.append(self.path)
                body = f"{canary.secret}\n".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/canary.csv"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.file = workdir / "canary.csv"
        self.file.write_text(self.secret + "\n")
        # The Neo4j import directory too, should file URLs ever be relative to it.
        imports = Path(os.environ.get("SAFETYKG_NEO4J_HOME", "")) / "import"
        self.imported = imports / "canary.csv" if imports.is_dir() else None
        if self.imported:
            self.imported.write_text(self.secret + "\n")

    def close(self) -> None:
        self.httpd.shutdown()
        if self.imported:
            self.imported.unlink(missing_ok=True)


def attempts(c: Canary) -> list[tuple[str, dict]]:
    """(query, parameters): every one must be refused without reading anything."""
    f, u = f"file://{c.file}", c.url
    loads = [
        "LOAD/**/CSV FROM 'file:///etc/passwd' AS r RETURN r",
        "load csv from 'file:///etc/passwd' as r return r",
        "LoAd\nCsV FROM 'file:///proc/self/environ' AS r RETURN r",
        "LOAD\t/* a comment */\r\nCSV WITH HEADERS FROM 'file:///proc/self/environ' AS r RETURN r",
        f"LOAD // a line comment\nCSV FROM '{f}' AS r RETURN r",
        "LOAD CSV FROM 'file:///canary.csv' AS r RETURN r",
        f"LOAD CSV FROM '{u}' AS r RETURN r",
        f"LOAD\u00a0CSV FROM '{u}' AS r RETURN r",
        f"LOAD\u2003CSV FROM '{u}' AS r RETURN r",
        f"LOAD\u2028CSV FROM '{u}' AS r RETURN r",
        "LOAD CSV FROM 'file:\\u002f\\u002f\\u002fetc\\u002fpasswd' AS r RETURN r",
        "LOAD CSV FROM '" + "".join(f"\\u{ord(ch):04x}" for ch in u) + "' AS r RETURN r",
        f"`LOAD` CSV FROM '{u}' AS r RETURN r",
        f"CALL {{ LOAD CSV FROM '{u}' AS r RETURN r }} RETURN r",
        f"CALL () {{ LOAD CSV FROM '{f}' AS r RETURN r }} RETURN r",
        f"UNWIND ['{f}', '{u}'] AS url CALL (url) {{ LOAD CSV FROM url AS r RETURN r }} RETURN r",
        f"RETURN COUNT {{ LOAD CSV FROM '{u}' AS r RETURN r }} AS n",
        f"RETURN [x IN [1] | COUNT {{ LOAD CSV FROM '{u}' AS r RETURN r }}] AS n",
        f"RETURN [x IN [1] | COLLECT {{ LOAD CSV FROM '{u}' AS r RETURN r[0] AS line }}] AS n",
        "WITH 'file:///etc/pa' + 'sswd' AS url LOAD CSV FROM url AS r RETURN r",
        f"MATCH (f:Fact) WITH f LIMIT 1 LOAD CSV FROM '{u}?leak=' + f.id AS r RETURN r",
        f"CYPHER runtime=slotted LOAD CSV FROM '{u}' AS r RETURN r",
        f"PROFILE LOAD CSV FROM '{u}' AS r RETURN r",
        f"USING PERIODIC COMMIT LOAD CSV FROM '{u}' AS r RETURN r",
        f"MATCH (n) RETURN n UNION LOAD CSV FROM '{u}' AS n RETURN n",
        f"RETURN 1 AS r; LOAD CSV FROM '{u}' AS r RETURN r",
    ]
    calls = [
        "CALL dbms.listConfig()",
        "CALL dbms.listConfig() YIELD name, value RETURN name, value",
        "call dbms.listconfig()",
        "CALL `dbms`.`listConfig`()",
        "CALL dbms . listConfig ( )",
        "CALL dbms./* x */listConfig()",
        "CALL `dbms.listConfig`()",
        "CALL d\\u0062ms.listConfig()",
        "CALL dbms.showCurrentUser()",
        "CALL dbms.listConnections()",
        "CALL dbms.killConnections([])",
        "CALL dbms.queryJmx('*:*')",
        "CALL dbms.info()",
        "CALL db.info()",
        "CALL dbms.routing.getRoutingTable({})",
        "CALL tx.setMetaData({x: 1})",
        "CALL db.createLabel('Intruder')",
        "CALL db.clearQueryCaches()",
        "CALL apoc.load.json('file:///etc/passwd')",
        f"CALL apoc.load.csv('{u}')",
        f"CALL apoc.cypher.run('LOAD CSV FROM \"{u}\" AS r RETURN r', {{}})",
        f"RETURN apoc.util.md5(['{u}']) AS x",
        "RETURN EXISTS { CALL dbms.listConfig() YIELD name RETURN name } AS n",
        "RETURN COLLECT { CALL dbms.listConfig() YIELD name, value RETURN name + '=' + value } AS n",
        "RETURN [x IN [1] WHERE EXISTS { CALL dbms.listConfig() YIELD name RETURN name }] AS n",
        "RETURN [x IN [1] | COLLECT { CALL dbms.listConfig() YIELD value RETURN value }] AS n",
        "MATCH p = (a)((x)-->(y) WHERE EXISTS { CALL dbms.listConfig() YIELD name RETURN name })+(b) RETURN p",
        "MATCH (f:Fact) WHERE f.id = COUNT { CALL dbms.listConfig() YIELD name RETURN name } RETURN f",
    ]
    admin = [
        "SHOW USERS", "show users", "SHOW\n/* x */ CURRENT USER", "SHOW DATABASES", "SHOW PRIVILEGES",
        "SHOW SETTINGS", "SHOW SETTINGS YIELD name, value RETURN name, value", "SHOW TRANSACTIONS",
        "SHOW PROCEDURES", "SHOW FUNCTIONS", "SHOW INDEXES", "SHOW CONSTRAINTS",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "USE system SHOW USERS", "USE system MATCH (n) RETURN n", "CREATE USER intruder SET PASSWORD 'x'",
        "ALTER USER neo4j SET PASSWORD 'intruder'", "CREATE DATABASE intruder", "DROP DATABASE neo4j",
        "GRANT ROLE admin TO neo4j", "STOP DATABASE neo4j",
    ]
    params = [
        ("LOAD CSV FROM $url AS r RETURN r", {"url": "file:///etc/passwd"}),
        ("LOAD CSV FROM $url AS r RETURN r", {"url": u}),
        ("UNWIND $urls AS url LOAD CSV FROM url AS r RETURN r", {"urls": [f, u]}),
    ]
    return [(q, {}) for q in loads + calls + admin] + params


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Canary]:
    c = Canary(tmp_path_factory.mktemp("canary"))
    yield c
    c.close()


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    tmp = tmp_path_factory.mktemp(f"guard-{request.param}")
    if request.param == "neo4j":
        uri = _neo4j_uri()
        with open_store(uri) as s:
            s.wipe()  # type: ignore[attr-defined]
    else:
        uri = str(tmp / "store.db")
    server = ApiServer(uri, tmp / "api")
    server.env["SAFETYKG_QUERY_BYTES"] = "100000"
    with server:
        with server.client() as http:
            assert http.post("/v1/facts", json=demo_document()).status_code == 200
        server.backend = request.param  # type: ignore[attr-defined]
        yield server


def cypher(server: ApiServer, query: str, parameters: dict | None = None, role: str = "reader") -> httpx.Response:
    with server.client(role) as http:
        return http.post("/v1/query/cypher", json={"query": query, "parameters": parameters or {}})


def test_every_bypass_attempt_is_refused_and_nothing_is_read(served: ApiServer, canary: Canary):
    tried = attempts(canary)
    assert len(tried) >= 70
    outcomes: dict[str, list[str]] = {}
    for query, parameters in tried:
        for role in ("reader", "admin"):
            r = cypher(served, query, parameters, role)
            assert r.headers["content-type"].startswith("application/problem+json"), (query, r.status_code, r.text[:300])
            body = r.json()
            if served.backend == "embedded":  # type: ignore[attr-defined]
                assert r.status_code == 501 and body["code"] == "not-supported", (query, r.text[:300])
            else:
                assert r.status_code in (403, 422), (query, r.status_code, r.text[:300])
                outcomes.setdefault(f"{r.status_code} {body['code']}", []).append(query)
            assert canary.secret not in r.text, (query, r.text[:300])
            assert PASSWORD not in r.text, (query, "the Neo4j password came back")
            assert "root:x:0:0" not in r.text, (query, "/etc/passwd came back")
    assert canary.requests == [], f"Neo4j fetched the canary URL: {canary.requests}"
    if served.backend == "neo4j":  # type: ignore[attr-defined]
        # Most are refused on the plan (403); the rest Neo4j could not even parse or resolve (422).
        assert len(outcomes.get("403 query-refused", [])) >= 50, outcomes.keys()
        refused = set(outcomes.get("403 query-refused", []))
        for must in ("LOAD/**/CSV FROM 'file:///etc/passwd' AS r RETURN r", "CALL dbms.listConfig()", "SHOW USERS",
                     "SHOW SETTINGS", "CALL `dbms`.`listConfig`()", f"CALL () {{ LOAD CSV FROM 'file://{canary.file}' AS r RETURN r }} RETURN r",
                     "RETURN [x IN [1] WHERE EXISTS { CALL dbms.listConfig() YIELD name RETURN name }] AS n"):
            assert must in refused, (must, outcomes)


def test_a_refusal_names_its_reason(served: ApiServer, canary: Canary):
    if served.backend == "embedded":  # type: ignore[attr-defined]
        assert cypher(served, "CALL dbms.listConfig()").status_code == 501
        return
    for query, words in (("LOAD/**/CSV FROM 'file:///etc/passwd' AS r RETURN r", "LOAD CSV"),
                         ("CALL dbms.listConfig()", "dbms.listConfig"), ("SHOW USERS", "administration"),
                         ("RETURN [x IN [1] | COUNT { MATCH (n) RETURN n }] AS n", "subquery expression")):
        r = cypher(served, query)
        assert r.status_code == 403 and r.json()["code"] == "query-refused", r.text
        assert words in r.json()["detail"], r.json()
    r = cypher(served, "MATCH (f:Fact) SET f.deaths = 0 RETURN f")
    assert r.status_code == 403 and r.json()["code"] == "write-refused", r.text


def test_reads_of_every_shape_still_run(served: ApiServer, demo_doc):
    queries = {
        "CALL db.labels() YIELD label RETURN label ORDER BY label": lambda rows: "Accident" in [r["label"] for r in rows],
        "RETURN COUNT { MATCH (f:Fact {kind: 'entity'}) RETURN f } AS n":
            lambda rows: rows == [{"n": len(demo_doc["entities"])}],
        "MATCH (f:Fact {id: $id}) WHERE EXISTS { MATCH (f)--() } RETURN f.id AS id": lambda rows: rows == [{"id": DEMO_ACCIDENT}],
        "CALL () { MATCH (f:Fact {id: $id}) RETURN f } RETURN f.id AS id": lambda rows: rows == [{"id": DEMO_ACCIDENT}],
        "MATCH (f:Fact {id: $id}) OPTIONAL MATCH (f)-[r]-(g) RETURN count(DISTINCT g) > 0 AS linked": lambda rows: rows == [{"linked": True}],
        "MATCH p = shortestPath((a:Fact {id: $id})-[*..3]-(b:Fact)) WHERE a <> b RETURN length(p) AS n LIMIT 1":
            lambda rows: rows and rows[0]["n"] >= 1,
        "WITH date('2024-09-18') AS d RETURN d.year AS y, toUpper('a') AS a": lambda rows: rows == [{"y": 2024, "a": "A"}],
    }
    for query, ok in queries.items():
        r = cypher(served, query, {"id": DEMO_ACCIDENT})
        if served.backend == "embedded":  # type: ignore[attr-defined]
            assert r.status_code == 501
            continue
        assert r.status_code == 200, (query, r.text[:500])
        assert ok(r.json()["rows"]), (query, r.json())


def test_the_answer_is_cut_at_the_byte_limit(served: ApiServer):
    """100 000 bytes allowed (SAFETYKG_QUERY_BYTES); rows of about 1 kB each, well under the row limit."""
    q = "UNWIND range(1, 5000) AS i RETURN i, reduce(s = '', x IN range(1, 100) | s + 'xxxxxxxxxx') AS pad"
    r = cypher(served, q)
    if served.backend == "embedded":  # type: ignore[attr-defined]
        assert r.status_code == 501
        return
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert body["truncated"] is True and 50 <= len(body["rows"]) < 100, len(body["rows"])
    assert len(r.content) < 120_000


@pytest.mark.neo4j
def test_the_server_itself_refuses_file_urls_and_loads_no_plugin_procedures(canary: Canary):
    """The second layer, without the guard: the test server's settings (neo4j-server/)."""
    uri = _neo4j_uri()
    with GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver, driver.session(default_access_mode=READ_ACCESS) as s:
        for url in ("file:///etc/passwd", f"file://{canary.file}", "file:///canary.csv"):
            with pytest.raises(ClientError) as exc:
                s.run(f"LOAD CSV FROM '{url}' AS r RETURN r").consume()
            assert "allow_csv_import_from_file_urls" in str(exc.value) and canary.secret not in str(exc.value)
        settings = dict(s.run("SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'dbms.security.' "
                              "OR name = 'server.directories.import' RETURN name, value").values())
        assert settings["dbms.security.allow_csv_import_from_file_urls"] == "false"
        assert settings["dbms.security.procedures.unrestricted"] in ("", "[]")
        assert "apoc" not in settings["dbms.security.procedures.allowlist"]
        assert Path(settings["server.directories.import"]).name == "import"
        assert s.run("SHOW FUNCTIONS YIELD isBuiltIn WHERE NOT isBuiltIn RETURN count(*) AS n").single()["n"] == 0
    assert canary.requests == []


def test_the_plan_walk_refuses_what_it_does_not_know():
    """Pure: an unknown operator, a system-database operator and an unlisted procedure are refused."""
    leaf = {"operatorType": "AllNodesScan@neo4j", "args": {"Details": "n"}}
    assert refusal({"operatorType": "ProduceResults@neo4j", "args": {}, "children": [leaf]}) is None
    assert refusal({"operatorType": "TeleportNodes@neo4j", "args": {}}).code == "cypher-operator"  # type: ignore[union-attr]
    assert refusal({"operatorType": "Anything@system", "args": {}}).code == "cypher-administration"  # type: ignore[union-attr]
    call = {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.labels() :: (label :: STRING)"}}
    assert refusal(call) is None
    call = {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.labelsX() :: (label :: STRING)"}}
    assert refusal(call).code == "cypher-procedure"  # type: ignore[union-attr]
    projection = {"operatorType": "Projection@neo4j", "args": {"Details": "plugin.read(n) AS x"}}
    assert refusal(projection) is None
    assert refusal(projection, frozenset({"plugin.read"})).code == "cypher-function"  # type: ignore[union-attr]
    write = {"operatorType": "SetProperty@neo4j", "args": {"Details": "n.x = 1"}}
    assert refusal(write).write is True  # type: ignore[union-attr]
