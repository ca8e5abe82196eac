"""The store contract, on every backend: atomic, idempotent, durable, and clear when it fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import networkx as nx
import pytest

from conftest import DEMO_ACCIDENT, _neo4j_uri
from graph.embedded import EmbeddedStore
from graph.store import open_store
from graph.trace import trace
from ontology.errors import Conflict, InvalidData, StoreUnavailable
from ontology.facts import Batch, Relation
from ontology.validation import validate
from world import county_world


def test_upsert_counts_and_reload_changes_nothing(store, load):
    doc = county_world().doc()
    first = load(store, doc)
    assert (first.added, first.updated, first.unchanged) == (len(doc["entities"]) + len(doc["relations"]), 0, 0)
    again = load(store, doc)
    assert (again.added, again.updated) == (0, 0)
    assert store.counts() == {"entities": len(doc["entities"]), "relations": len(doc["relations"])}


def test_an_update_is_counted_and_visible(store, load):
    w = county_world()
    load(store, w.doc())
    next(e for e in w.entities if e["id"] == "acc/1")["deaths"] = 4
    summary = load(store, w.doc())
    assert (summary.added, summary.updated) == (0, 1)
    assert store.get("acc/1").props["deaths"] == 4
    assert trace(store, "acc/1")["accident"]["grade"] == "larger"


def test_a_batch_of_new_and_stored_facts_adds_the_new_and_counts_each_fact_once(store, load):
    doc = county_world().doc()
    load(store, doc)
    doc["entities"].append({"id": "person/zhao", "type": "Person", "name": {"en": "Zhao"}})
    doc["relations"].append({"id": "ten/zhao-gm", "type": "holds", "from": "person/zhao", "to": "post/mine-co/gm",
                             "valid_from": "2025-01-02"})
    batch = validate(doc, store.kinds)
    seen: list[int] = []
    summary = store.upsert(batch, progress=seen.append)
    assert (summary.added, summary.updated, summary.unchanged) == (2, 0, len(batch) - 2)
    assert sum(seen) == len(batch)  # the Neo4j store tries the batch as all new first: no fact counted twice
    assert store.get("ten/zhao-gm").source == "person/zhao"
    assert store.counts() == {"entities": len(doc["entities"]), "relations": len(doc["relations"])}


def test_idempotency_key_replays_the_first_answer(store):
    batch = validate(county_world().doc(), store.kinds)
    first = store.upsert(batch, idempotency_key="case-42")
    second = store.upsert(batch, idempotency_key="case-42")
    assert second.replayed and second.added == first.added and second.tx == first.tx


def test_a_rejected_batch_writes_nothing(store, load):
    load(store, county_world().doc())
    before = store.counts()
    doc = county_world().doc()
    doc["entities"].append({"id": "person/new", "type": "Person", "name": {"en": "New"}})
    doc["relations"].append({"id": "rel/bad", "type": "holds", "from": "person/new", "to": "nowhere"})
    with pytest.raises(InvalidData):
        validate(doc, store.kinds)
    assert store.counts() == before and store.get("person/new") is None


def test_a_relation_to_a_vanished_entity_aborts_the_whole_batch(store, load):
    load(store, county_world().doc())
    before = store.counts()
    batch = validate({"entities": [{"id": "person/x", "type": "Person", "name": {"en": "X"}}]})
    batch.relations.append(Relation("rel/dangling", "holds", "person/x", "post/gone"))
    with pytest.raises(Conflict):
        store.upsert(batch)
    assert store.counts() == before and store.get("person/x") is None


def test_delete_refuses_to_orphan_relations(store, load):
    load(store, county_world().doc())
    with pytest.raises(Conflict):
        store.delete(["person/new-gm"])
    tenure = next(r.id for r in store.relations("holds") if r.source == "person/new-gm")
    assert store.delete([tenure, "person/new-gm"]) == 2
    assert store.get("person/new-gm") is None and store.kinds([tenure]) == {}


def test_kinds_and_get(store, load):
    load(store, county_world().doc())
    kinds = store.kinds(["acc/1", "rel/occurredAt-1", "nope"])
    assert kinds["acc/1"] == ("entity", "Accident") and "nope" not in kinds
    assert all(isinstance(r, Relation) for r in store.relations("portfolio"))


def test_every_backend_gives_the_same_demo_trace(tmp_path, demo_doc):
    """The conformance promise: same data, same trace, to the last field."""
    from datetime import date

    emb = EmbeddedStore(tmp_path / "s.db")
    neo = open_store(_neo4j_uri())
    neo.wipe()
    mem = open_store(f"memory:{tmp_path}")
    try:
        for s in (emb, neo, mem):
            s.upsert(validate(demo_doc, s.kinds))
        for at in (None, "2024-08-27", "2024-09-01", "2024-07-01"):
            day = date.fromisoformat(at) if at else None
            assert trace(emb, DEMO_ACCIDENT, day) == trace(neo, DEMO_ACCIDENT, day) == trace(mem, DEMO_ACCIDENT, day)
        assert (emb.trace_context(DEMO_ACCIDENT).fingerprint() == neo.trace_context(DEMO_ACCIDENT).fingerprint()
                == mem.trace_context(DEMO_ACCIDENT).fingerprint())
    finally:
        emb.close()
        neo.close()
        mem.close()


# --- embedded durability and sharing ------------------------------------------------------


def test_acknowledged_writes_survive_sigkill(tmp_path, demo_doc):
    path = tmp_path / "crash.db"
    script = textwrap.dedent(f"""
        import json, os, signal, sys
        from graph.embedded import EmbeddedStore
        from ontology.validation import validate
        s = EmbeddedStore({str(path)!r})
        doc = json.load(sys.stdin)
        s.upsert(validate(doc, s.kinds))
        print("ack", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    import json
    proc = subprocess.run([sys.executable, "-c", script], input=json.dumps(demo_doc), capture_output=True, text=True, cwd=os.getcwd())
    assert proc.stdout.strip() == "ack" and proc.returncode == -signal.SIGKILL
    reopened = EmbeddedStore(path)
    assert reopened.counts() == {"entities": len(demo_doc["entities"]), "relations": len(demo_doc["relations"])}
    assert trace(reopened, DEMO_ACCIDENT)["coverage"]["complete"]
    reopened.close()


def test_a_second_process_sees_commits_and_deletes(tmp_path, load):
    a = EmbeddedStore(tmp_path / "shared.db")
    b = EmbeddedStore(tmp_path / "shared.db")
    load(a, county_world().doc())
    assert b.get("acc/1") is not None
    tenure = next(r.id for r in a.relations("holds") if r.source == "person/new-gm")
    a.delete([tenure])
    assert b.get(tenure) is None
    assert [f["person"]["id"] for f in trace(b, "acc/1")["findings"] if f["rule"]["id"] == "operator-principal" and f["person"]] == []
    a.close()
    b.close()


def test_a_read_only_store_directory_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        ro = tmp_path / "file-not-dir"
        ro.write_text("x")
        target = ro / "store.db"  # a path under a regular file cannot be created, even by root
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "store.db"
    with pytest.raises(StoreUnavailable):
        EmbeddedStore(target)


# --- Neo4j failures ------------------------------------------------------------------------


def test_neo4j_wrong_password_is_a_clear_error(monkeypatch):
    uri = _neo4j_uri()
    monkeypatch.setenv("SAFETYKG_NEO4J_PASSWORD", "wrong-password")
    with pytest.raises(StoreUnavailable, match="refused the credentials"):
        open_store(uri)


def test_neo4j_unreachable_is_a_clear_error():
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        open_store("bolt://127.0.0.1:9")


def test_neo4j_routing_scheme_works_against_a_single_server():
    uri = _neo4j_uri().replace("bolt://", "neo4j://")
    s = open_store(uri)
    try:
        assert isinstance(s.counts()["entities"], int)
    finally:
        s.close()


def test_neo4j_query_over_its_time_limit_is_a_clear_error(demo_doc):
    """Every query goes through one error path; a runaway one is cut off by its time limit."""
    from neo4j import unit_of_work

    from ontology.errors import QueryTimeout

    s = open_store(_neo4j_uri())

    @unit_of_work(timeout=0.5)
    def runaway(tx):
        return tx.run("UNWIND range(1, 10000000000) AS x RETURN count(x) AS n").single()

    try:
        s.wipe()
        s.upsert(validate(demo_doc, s.kinds))
        with pytest.raises(QueryTimeout, match="time limit"):
            s._run(runaway)
        assert trace(s, DEMO_ACCIDENT)["coverage"]["complete"]
    finally:
        s.close()


def _shape(g, s):
    """The read view's graph against one built afresh from the store's facts."""
    from graph.factgraph import build

    fresh = build(s.entities(), s.relations())
    return (sorted((n, d.get("fact")) for n, d in g.nodes(data=True)) == sorted((n, d.get("fact")) for n, d in fresh.nodes(data=True)),
            sorted(k for _, _, k in g.edges(keys=True)) == sorted(r.id for r in s.relations()))


def test_the_read_view_follows_writes_and_a_view_taken_stays_as_it_was(store, load):
    """Each view is the graph of one version: a write, an update and a delete give a new view
    equal to a graph built afresh, and the views taken before are unchanged and frozen."""
    load(store, county_world().doc())
    first = store.view()
    assert first.graph.number_of_edges() == store.counts()["relations"] > 0
    assert store.view() is first  # nothing written since: the same view, shared
    tenure = next(r for r in store.relations("holds") if r.source == "person/new-gm")
    moved = {**tenure.as_json(), "valid_from": "2001-01-01"}
    load(store, {"relations": [moved], "entities": [{"id": "person/newcomer", "type": "Person", "name": {"en": "Newcomer"}}]})
    second = store.view()
    assert second.graph.edges[tenure.source, tenure.target, tenure.id]["fact"].valid_from.year == 2001
    assert "person/newcomer" in second.graph and "person/newcomer" not in first.graph
    assert first.graph.edges[tenure.source, tenure.target, tenure.id]["fact"] == tenure
    store.delete([tenure.id, "person/new-gm"])
    third = store.view()
    assert tenure.id not in third.graph.graph["edges"] and "person/new-gm" not in third.graph
    assert "person/new-gm" in second.graph
    assert _shape(third.graph, store) == (True, True)
    with pytest.raises(nx.NetworkXError):
        first.graph.add_node("x")  # frozen: a reader cannot change what others read


def test_the_version_moves_with_every_write_delete_and_judgement(store, load):
    seen = [store.version()]
    load(store, {"entities": [{"id": "person/a", "type": "Person", "name": {"en": "A"}},
                              {"id": "person/b", "type": "Person", "name": {"en": "B"}}]})
    seen.append(store.version())
    j = store.judge("person/a", "person/b", "same", "tester", "one person")
    seen.append(store.version())
    store.undo_judgement(j.id)
    seen.append(store.version())
    store.delete(["person/b"])
    seen.append(store.version())
    assert all(a != b for a, b in zip(seen, seen[1:]))  # each change moves it (an undo may return to equal data)
    assert seen[1] != seen[2] != seen[4] != seen[1]
    assert store.version() == seen[-1]  # and it stays while nothing is written


def test_capabilities_say_what_a_backend_does(store, load, tmp_path):
    """What a store declares it can do, it does; what it does not declare, it refuses clearly."""
    from ontology.errors import NotSupported

    caps = store.capabilities
    load(store, {"entities": [{"id": "person/a", "type": "Person", "name": {"en": "A"}}]})
    if caps.query_language is None:
        with pytest.raises(NotSupported):
            store.query("RETURN 1", {}, 5.0, 10, 1 << 20)
    else:
        assert store.query("MATCH (f:Fact {id: $id}) RETURN f.id AS id", {"id": "person/a"}, 5.0, 10, 1 << 20)["rows"] == [{"id": "person/a"}]
    if not caps.snapshot:
        with pytest.raises(NotSupported):
            store.snapshot()
    assert caps.wipe
    store.wipe()
    assert store.counts() == {"entities": 0, "relations": 0} and store.judgements() == []
    assert store.view().graph.number_of_nodes() == 0


def test_the_embedded_read_view_follows_another_process(tmp_path, load):
    """Commits by another process (here: another store on the same file) reach the read view."""
    s = EmbeddedStore(tmp_path / "g.db")
    other = EmbeddedStore(tmp_path / "g.db")
    load(s, county_world().doc())
    before = s.view()
    tenure = next(r for r in s.relations("holds") if r.source == "person/new-gm")
    other.delete([tenure.id, "person/new-gm"])
    after = s.view()
    assert after is not before and "person/new-gm" not in after.graph and "person/new-gm" in before.graph
    assert _shape(after.graph, s) == (True, True)
    s.close()
    other.close()


# --- snapshots of the embedded store ---------------------------------------------------------


def _held(s: EmbeddedStore):
    return [f.as_json() for f in s.entities()], [r.as_json() for r in s.relations()]


def test_a_store_opened_from_its_snapshot_replays_what_came_after(tmp_path, load):
    """Writes, updates and deletes committed after the snapshot (here by another process) are
    all there when the store opens from it, and the trace is the one a full decode gives."""
    path = tmp_path / "s.db"
    s = EmbeddedStore(path)
    load(s, county_world().doc())
    assert s.snapshot()["tx"] == 1 and s.snapshot_path.exists()
    tenure = next(r for r in s.relations("holds") if r.source == "person/new-gm")
    load(s, {"relations": [{**tenure.as_json(), "valid_from": "2001-01-01"}],
             "entities": [{"id": "person/newcomer", "type": "Person", "name": {"en": "Newcomer"}}]})
    other = EmbeddedStore(path)
    other.delete([r.id for r in other.relations("holds") if r.source == "person/old-gm"] + ["person/old-gm"])
    other.close()
    s.close()
    snapped, decoded = EmbeddedStore(path), EmbeddedStore(path, use_snapshot=False)
    assert (snapped.opened_from, decoded.opened_from) == ("snapshot", "decode")
    assert _held(snapped) == _held(decoded)
    assert snapped.get("person/old-gm") is None and snapped.get(tenure.id).valid_from.year == 2001
    assert trace(snapped, "acc/1") == trace(decoded, "acc/1")
    snapped.close()
    decoded.close()


@pytest.mark.parametrize("damage", ["flipped byte", "foreign store", "unknown format", "truncated"])
def test_a_damaged_or_foreign_snapshot_is_ignored(tmp_path, load, damage, caplog):
    path = tmp_path / "s.db"
    s = EmbeddedStore(path)
    load(s, county_world().doc())
    s.snapshot()
    held = _held(s)
    s.close()
    raw = path.with_name("s.db.snapshot").read_bytes()
    if damage == "flipped byte":
        raw = raw[:-100] + bytes([raw[-100] ^ 0xFF]) + raw[-99:]
    elif damage == "foreign store":
        elsewhere = EmbeddedStore(tmp_path / "other.db")
        load(elsewhere, county_world().doc())
        elsewhere.snapshot()
        elsewhere.close()
        raw = (tmp_path / "other.db.snapshot").read_bytes()
    elif damage == "unknown format":
        raw = raw.replace(b"safetykg-snapshot/1", b"safetykg-snapshot/0", 1)
    else:
        raw = raw[: len(raw) // 2]
    path.with_name("s.db.snapshot").write_bytes(raw)
    reopened = EmbeddedStore(path)
    assert reopened.opened_from == "decode" and _held(reopened) == held
    reopened.close()


def test_the_snapshot_command(tmp_path):
    from typer.testing import CliRunner

    from api.cli import app

    store = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--store", store]).exit_code == 0
    done = runner.invoke(app, ["snapshot", "--store", store, "--json"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "s.db.snapshot").stat().st_size > 0
