"""Who is who: a person under two ids, judged the same (or not), and the trace that follows."""

from __future__ import annotations

import json

import pytest

from graph.embedded import EmbeddedStore
from graph.analytics import all_findings, repeat_persons
from graph.judgements import Judgement, canonical_ids
from graph.trace import trace
from loaders.candidates import candidates, pinyin
from ontology.errors import NotFound
from world import gm_world


def gm_holders(t):
    return sorted(f["person"]["id"] for f in t["findings"] if f["person"] and f["post"]["id"] == "post/mine-co/gm")


def test_a_person_under_two_ids_is_one_after_a_judgement_and_two_after_undo(store, load):
    load(store, gm_world().doc())
    assert gm_holders(trace(store, "acc/1")) == ["person/new-gm", "person/wang-gm"]

    j = store.judge("person/wang-gm", "person/new-gm", "same", "investigator-1", "same ID card number in both files")
    t = trace(store, "acc/1")
    assert gm_holders(t) == ["person/new-gm"]  # the smaller id is the canonical one
    sub = store.trace_context("acc/1")
    merged = sub.entities["person/new-gm"]
    assert {s.source for s in merged.sources} == {"src/notice", "src/register"}
    assert merged.name == {"en": "person/new-gm"} and merged.props["aliases"] == ["Wang Gang"]
    assert "person/wang-gm" not in sub.entities
    assert {sub.relations["ten/wang-register"].source} == {"person/new-gm"}
    # the facts themselves are untouched
    assert store.get("person/wang-gm").id == "person/wang-gm"
    assert store.get("ten/wang-register").source == "person/wang-gm"

    store.undo_judgement(j.id)
    assert gm_holders(trace(store, "acc/1")) == ["person/new-gm", "person/wang-gm"]
    assert store.judgements() == []
    with pytest.raises(NotFound):
        store.undo_judgement(j.id)


def test_analytics_cached_before_a_judgement_follow_it_and_its_undo(store, load):
    load(store, gm_world().doc())

    def named():  # the persons the cached findings of every accident name for the general manager's post
        return sorted({f["person"]["id"] for f in all_findings(store) if f["person"] and f["post"]["id"] == "post/mine-co/gm"})

    assert named() == ["person/new-gm", "person/wang-gm"]
    j = store.judge("person/wang-gm", "person/new-gm", "same", "investigator-1", "same ID card number")
    assert named() == ["person/new-gm"]
    assert [p["id"] for p in repeat_persons(all_findings(store), 1)["persons"]].count("person/wang-gm") == 0
    store.undo_judgement(j.id)
    assert named() == ["person/new-gm", "person/wang-gm"]


def test_both_backends_give_the_same_trace_with_judgements(store, load, tmp_path):
    other = EmbeddedStore(tmp_path / "other.db")
    for s in (store, other):
        load(s, gm_world().doc())
        s.judge("person/new-gm", "person/wang-gm", "same", "a", "register")
    assert trace(store, "acc/1") == trace(other, "acc/1")
    other.close()


def test_judged_different_is_not_merged_and_the_later_judgement_holds(store, load):
    load(store, gm_world().doc())
    store.judge("person/new-gm", "person/wang-gm", "same", "a", "first look")
    store.judge("person/new-gm", "person/wang-gm", "different", "b", "different birth dates")
    assert gm_holders(trace(store, "acc/1")) == ["person/new-gm", "person/wang-gm"]
    assert [j.verdict for j in store.judgements()] == ["same", "different"]
    assert all(isinstance(j, Judgement) and j.who and j.at for j in store.judgements())


def test_judgements_chain_into_one_cluster_under_the_smallest_id():
    js = [Judgement("1", "p/c", "p/b", "same", "x", "t", ""), Judgement("2", "p/b", "p/a", "same", "x", "t", ""),
          Judgement("3", "p/x", "p/y", "different", "x", "t", "")]
    assert canonical_ids(js) == {"p/a": "p/a", "p/b": "p/a", "p/c": "p/a"}


def test_candidates_by_post_name_pinyin_and_credit_code(store, load):
    w = gm_world()
    w.entity("person/sun-1", "Person", name="Sun Hao")
    w.entities[-1]["name"] = {"zh": "孙浩"}
    w.entity("person/sun-2", "Person", name="Sun Hao")
    w.entity("ent/a", "Enterprise", credit_code="91500000MA5U000001")
    w.entity("ent/b", "Enterprise", credit_code="91500000ma5u000001")
    load(store, w.doc())
    found = {(c.a, c.b): c.reasons for c in candidates(store)}
    assert any("both hold post/mine-co/gm" in r for r in found[("person/new-gm", "person/wang-gm")])
    assert found[("person/sun-1", "person/sun-2")] == ["same name in pinyin (sunhao)"]
    assert found[("ent/a", "ent/b")] == ["same unified social credit code (91500000MA5U000001)"]
    assert ("person/old-gm", "person/new-gm") not in found and ("person/new-gm", "person/old-gm") not in found
    store.judge("person/new-gm", "person/wang-gm", "different", "a", "")
    store.judge("ent/a", "ent/b", "same", "a", "")
    left = {(c.a, c.b) for c in candidates(store)}
    assert ("person/new-gm", "person/wang-gm") not in left and ("ent/a", "ent/b") not in left
    assert ("person/sun-1", "person/sun-2") in left


def test_pinyin_of_a_chinese_name():
    assert pinyin("孙浩") == "sunhao" and pinyin("刘 德全") == "liudequan"


# --- the command line ---------------------------------------------------------------------


def test_same_judgements_undo_and_sources_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    db = tmp_path / "s.db"
    path = tmp_path / "world.json"
    path.write_text(json.dumps(gm_world().doc()), encoding="utf-8")
    env = {"SAFETYKG_STORE": str(db)}
    assert runner.invoke(app, ["load", str(path)], env=env).exit_code == 0
    pairs = json.loads(runner.invoke(app, ["candidates", "--json"], env=env).stdout)
    assert {"a": "person/new-gm", "b": "person/wang-gm"}.items() <= pairs[0].items()
    result = runner.invoke(app, ["same", "person/wang-gm", "person/new-gm", "--why", "same ID card", "--who", "inv-7", "--json"], env=env)
    assert result.exit_code == 0, result.output
    j = json.loads(result.stdout)
    assert (j["verdict"], j["who"], j["why"]) == ("same", "inv-7", "same ID card")
    listed = json.loads(runner.invoke(app, ["judgements", "--json"], env=env).stdout)
    assert [x["id"] for x in listed] == [j["id"]]
    t = json.loads(runner.invoke(app, ["trace", "acc/1", "--json"], env=env).stdout)
    assert gm_holders(t) == ["person/new-gm"]
    assert runner.invoke(app, ["undo-judgement", j["id"]], env=env).exit_code == 0
    assert runner.invoke(app, ["undo-judgement", j["id"]], env=env).exit_code == 1
    bad = runner.invoke(app, ["same", "person/new-gm", "post/mine-co/gm", "--why", "?"], env=env)
    assert bad.exit_code == 1 and "different types" in bad.output
    assert runner.invoke(app, ["same", "person/new-gm", "person/nobody", "--why", "?"], env=env).exit_code == 1
    assert "always the same as itself" in runner.invoke(app, ["same", "person/new-gm", "person/new-gm", "--why", "?"], env=env).output
    cited = json.loads(runner.invoke(app, ["sources", "ten/wang-register", "--json"], env=env).stdout)
    assert cited["sources"][0]["source"] == "src/register" and cited["sources"][0]["title"] == "Company register"
    assert runner.invoke(app, ["sources", "rel/none"], env=env).exit_code == 1
