"""The evidence plan collects everything the rules read: a trace over the collected subgraph equals the
trace over the whole store, on generated worlds, the demo and every real case under tests/cases."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from bench.generate import chunks
from graph.store import open_store
from graph.subgraph import Subgraph
from graph.trace import explain
from loaders.batch import read_batch, write_batch
from graph.plan import PLAN
from ontology.model import model
from tests.world import county_world
from tests.worlds_real import WORLDS

CASES = sorted(p.parent for p in Path(__file__).parent.glob("cases/*/facts.json"))
DEMO = resources.files("loaders").joinpath("demo", "songtai-collapse.facts.json")


def whole(store) -> Subgraph:
    return Subgraph({e.id: e for e in store.entities()}, {r.id: r for r in store.relations()})


def assert_sufficient(store, limit: int | None = None) -> int:
    everything = whole(store)
    accidents = sorted(e.id for e in everything.entities.values() if e.type == "Accident")[:limit]
    assert accidents
    for acc in accidents:
        assert explain(store.trace_context(acc), acc) == explain(everything, acc), acc
    return len(accidents)


def load_docs(tmp_path: Path, docs: list[dict]):
    store = open_store(str(tmp_path / "store.db"))
    for i, doc in enumerate(docs):
        path = tmp_path / f"{i}.facts.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        write_batch(store, read_batch([path], store.kinds))
    return store


def test_the_plan_suffices_on_a_generated_county(tmp_path):
    store = load_docs(tmp_path, list(chunks("small", seed=11)))
    try:
        assert assert_sufficient(store, limit=40) >= 10
    finally:
        store.close()


def test_the_plan_suffices_on_the_demo_and_the_county_world(tmp_path):
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    for i, doc in enumerate((demo, county_world().doc())):
        store = load_docs(tmp_path / str(i), [doc]) if (tmp_path / str(i)).mkdir() is None else None
        try:
            assert_sufficient(store)
        finally:
            store.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_plan_suffices_on_every_real_case(tmp_path, case):
    store = load_docs(tmp_path, [json.loads((case / "facts.json").read_text(encoding="utf-8"))])
    try:
        assert_sufficient(store)
    finally:
        store.close()


@pytest.mark.parametrize("name", sorted(WORLDS))
def test_the_plan_suffices_on_the_worlds_of_real_accidents(tmp_path, name):
    build, _ = WORLDS[name]
    store = load_docs(tmp_path, [build().doc()])
    try:
        assert_sufficient(store)
    finally:
        store.close()


def test_every_relation_a_rule_reads_is_collected_by_the_plan():
    """The catalogue declares what each rule reads (skg:reads); the plan must follow each of those relations."""
    followed = {r for step in PLAN for r in step.relations}
    for rule in model().rules.values():
        assert rule.reads, f"rule {rule.id} declares nothing it reads"
        missing = set(rule.reads) - followed
        assert not missing, f"rule {rule.id} reads {sorted(missing)}, which the plan never collects"
        assert set(rule.reads) <= set(model().relations), rule.id
