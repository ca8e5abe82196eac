"""The command line, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from typer.testing import CliRunner

from api.cli import app
from conftest import DEMO_ACCIDENT, _neo4j_uri
from world import county_world

runner = CliRunner()


def run(*args: str, store: Path | str | None = None):
    env = {"SAFETYKG_STORE": str(store)} if store else {}
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def demo_store(tmp_path):
    store = tmp_path / "demo.db"
    result = run("demo", "--json", store=store)
    assert result.exit_code == 0, result.output
    return store


def test_demo_prints_the_trace_json(tmp_path):
    result = run("demo", "--json", store=tmp_path / "s.db")
    t = json.loads(result.stdout)
    assert set(t) >= {"accident", "findings", "coverage", "gaps"}
    assert t["accident"]["grade"] == "larger" and t["accident"]["investigating_level"] == "provincial"
    f = t["findings"][0]
    assert set(f) >= {"layer", "responsibility", "organization", "post", "person", "valid_during", "rule", "path", "sources"}


def test_demo_as_tables_names_the_people(tmp_path):
    result = run("demo", store=tmp_path / "s.db")
    assert result.exit_code == 0
    assert "Sun Hao" in result.stdout and "vacant" in result.stdout and "One case, three investigations" in result.stdout


def test_the_console_script_runs_the_demo(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "api", "demo", "--json"], capture_output=True, text=True,
                          env={"SAFETYKG_STORE": str(tmp_path / "p.db"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["accident"]["id"] == DEMO_ACCIDENT


def test_trace_as_of_another_date(demo_store):
    result = run("trace", DEMO_ACCIDENT, "--at", "2024-08-27", "--json", store=demo_store)
    names = {f["person"]["id"] for f in json.loads(result.stdout)["findings"] if f["person"]}
    assert "person/zhao-lijun" in names and "person/sun-hao" not in names


@pytest.mark.parametrize("args", [["trace", "acc/none"], ["trace", DEMO_ACCIDENT, "--at", "yesterday"]])
def test_trace_errors_exit_non_zero(demo_store, args):
    result = run(*args, store=demo_store)
    assert result.exit_code == 1 and "error" in result.output


def test_grade(tmp_path):
    result = run("grade", "--deaths", "10", "--serious-injuries", "0", "--direct-loss-cny", "0", "--json")
    assert json.loads(result.stdout)["grade"] == "major"
    assert run("grade", "--deaths", "-1", "--serious-injuries", "0", "--direct-loss-cny", "0").exit_code != 0


def test_validate_names_file_line_field(tmp_path):
    doc = county_world().doc()
    next(e for e in doc["entities"] if e["id"] == "acc/1")["deaths"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, indent=1))
    result = run("validate", str(path), store=tmp_path / "none.db")
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "[deaths]" in result.output
    assert not (tmp_path / "none.db").exists()


def test_load_is_atomic_and_idempotent(tmp_path):
    store = tmp_path / "s.db"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(county_world().doc()))
    first = json.loads(run("load", str(good), "--json", store=store).stdout)
    again = json.loads(run("load", str(good), "--json", store=store).stdout)
    assert first["added"] == first["facts"] and again["unchanged"] == again["facts"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"entities": [{"id": "person/x", "type": "Person", "name": {"en": "X"}}], "relations": [{"id": "r", "type": "holds", "from": "person/x", "to": "post/none"}]}')
    assert run("load", str(bad), store=store).exit_code == 1
    assert "person/x" not in run("export", "--format", "json", store=store).stdout


@pytest.mark.parametrize("fmt", ["json", "jsonld", "ttl", "graphml"])
def test_export_formats_parse(demo_store, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    assert run("export", "--format", fmt, "-o", str(out), store=demo_store).exit_code == 0
    text = out.read_text()
    if fmt in ("json", "jsonld"):
        doc = json.loads(text)
        assert len(doc["entities"]) == 136
    elif fmt == "ttl":
        g = rdflib.Graph().parse(data=text, format="turtle")
        skg = rdflib.Namespace("https://w3id.org/safetykg/ns#")
        sun = rdflib.URIRef("https://w3id.org/safetykg/id/person/sun-hao")
        assert (sun, skg.holds, rdflib.URIRef("https://w3id.org/safetykg/id/post/hengfa-gm")) in g
    else:
        g = nx.read_graphml(out)
        assert g.number_of_edges() == 148


def test_export_round_trip(demo_store, tmp_path):
    first = tmp_path / "a.json"
    run("export", "-o", str(first), store=demo_store)
    copy = tmp_path / "copy.db"
    assert run("load", str(first), store=copy).exit_code == 0
    second = tmp_path / "b.json"
    run("export", "-o", str(second), store=copy)
    assert json.loads(first.read_text()) == json.loads(second.read_text())


def test_copy_to_neo4j_and_the_same_trace(demo_store):
    uri = _neo4j_uri()
    from graph.store import open_store

    neo = open_store(uri)
    neo.wipe()
    neo.close()
    result = run("copy", "--from", str(demo_store), "--to", uri, "--json")
    assert result.exit_code == 0, result.output
    embedded = json.loads(run("trace", DEMO_ACCIDENT, "--json", store=demo_store).stdout)
    on_neo4j = json.loads(run("trace", DEMO_ACCIDENT, "--json", store=uri).stdout)
    assert embedded == on_neo4j


def test_unreachable_neo4j_exits_non_zero():
    result = run("trace", DEMO_ACCIDENT, store="bolt://127.0.0.1:9")
    assert result.exit_code == 1 and "store-unavailable" in result.output


def test_derived_files_are_up_to_date():
    assert run("ontology", "build", "--check").exit_code == 0
