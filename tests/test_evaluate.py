"""evaluate: a trace measured against an investigation report's answer, in one Finding format."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.findings import Finding, compare
from loaders.cases import evaluate_case, read_case
from ontology.errors import InvalidData

DEMO = resources.files("loaders").joinpath("demo", "songtai-collapse.facts.json")


def fictional_case(tmp_path: Path, expected: dict, held_out: bool = False) -> Path:
    """A case folder over the bundled fictional demo, with an answer written for the test."""
    folder = tmp_path / "songtai-fictional"
    folder.mkdir()
    shutil.copy(str(DEMO), folder / "facts.json")
    case = {"case": "songtai-fictional", "sector": "mine", "accident": "acc/songtai-2024-0918", "at": "2024-09-18",
            "investigated_by": "gov/qingya", "held_out": held_out, "sources": [], "expected": expected}
    (folder / "case.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return folder


ANSWER = {
    "units": [
        {"org": "ent/hengfa", "layer": "enterprise"},
        {"org": "dept/songtai-em", "layer": "regulatory"},
        {"org": "gov/songtai", "layer": "territorial"},
        {"org": "ent/anping", "layer": "regulatory"},  # a report's layer the trace does not give the firm
    ],
    "posts": [
        {"post": "post/hengfa-chair", "org": "ent/hengfa", "role": "principal", "layer": "enterprise"},
        {"post": "post/songtai-em-head", "org": "dept/songtai-em", "role": "principal", "layer": "regulatory"},
        {"post": "post/songtai-head", "org": "gov/songtai", "role": "principal", "layer": "territorial"},
    ],
}


def test_the_comparison_counts_units_at_their_layer_posts_by_id_and_certain_posts_for_precision():
    units = [Finding("regulatory", "dept/a"), Finding("territorial", "gov/b"), Finding("enterprise", "ent/c")]
    posts = [Finding("regulatory", "dept/a", "post/a1"), Finding("territorial", "gov/b", "post/b1")]
    found = [
        Finding("regulatory", "dept/a", "post/a1", "principal"),
        Finding("regulatory", "dept/a", "post/a2", "deputy"),  # certain, not in the report
        Finding("territorial", "gov/b", "post/b1", "deputy", certain=False),  # a candidate only
        Finding("regulatory", "ent/c", "post/c1", "principal"),  # the right unit at the wrong layer
        Finding("territorial", "gov/inv", "post/inv1", "principal"),
    ]
    c = compare(units, posts, found, investigating={"gov/inv"})
    assert (c.unit_recall["regulatory"].hit, c.unit_recall["regulatory"].of) == (1, 1)
    assert c.unit_recall["territorial"].hit == 0  # named only through a candidate
    assert c.unit_recall["enterprise"].hit == 0 and [f.org for f in c.wrong_layer] == ["ent/c"]
    assert (c.post_recall.hit, c.post_recall.of) == (1, 2)
    assert (c.certain_precision.hit, c.certain_precision.of) == (1, 4)
    assert (c.candidate_recall.hit, c.candidate_recall.of) == (1, 2)
    assert [f.post for f in c.investigating_leaders] == ["post/inv1"]


def test_evaluate_traces_a_case_and_compares_it_with_its_answer(tmp_path):
    result = evaluate_case(read_case(fictional_case(tmp_path, ANSWER)))
    c = result.comparison
    named = {(f.org, f.layer) for f in result.findings if f.certain}
    assert c.unit_recall["all"].of == 4
    assert c.unit_recall["all"].hit == sum((u["org"], u["layer"]) in named for u in ANSWER["units"])
    assert [f.org for f in c.wrong_layer] == ["ent/anping"]
    assert c.post_recall.of == 3
    certain = {f.post for f in result.findings if f.certain and f.post}
    assert c.certain_precision.of == len(certain)
    assert c.certain_precision.hit == len(certain & {p["post"] for p in ANSWER["posts"]})


def test_the_province_that_took_the_investigation_over_is_not_found_against_its_own_leaders(tmp_path):
    result = evaluate_case(read_case(fictional_case(tmp_path, ANSWER)))
    assert result.comparison.investigating_leaders == ()
    # its departments can still be named
    assert any(f.org == "dept/qingya-energy" for f in result.findings)


def test_the_trace_never_reads_finding_facts(tmp_path):
    """Findings of the investigation recorded in the store (the answer) do not change the trace."""
    folder = fictional_case(tmp_path, ANSWER)
    before = evaluate_case(read_case(folder)).trace
    doc = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    src = next(e["id"] for e in doc["entities"] if e["type"] == "SourceDocument")
    for i, (target, resp) in enumerate([("ent/hengfa", "main_responsibility"), ("gov/xiaba", "territorial_responsibility"),
                                         ("dept/qingya-nr", "supervisory_responsibility")]):
        fid = f"finding/test-{i}"
        doc["entities"].append({"id": fid, "type": "Finding", "name": {"zh": f"认定{i}"}, "responsibility": resp,
                                "handling": ["circular_criticism"], "sources": [src]})
        doc["relations"] += [
            {"id": f"rel/{fid}-of", "type": "findingOf", "from": fid, "to": "acc/songtai-2024-0918", "sources": [src]},
            {"id": f"rel/{fid}-concerns", "type": "concerns", "from": fid, "to": target, "sources": [src]},
        ]
    (folder / "facts.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with_findings = evaluate_case(read_case(folder))
    assert with_findings.trace == before
    assert not any(f["organization"]["id"].startswith("finding/") for f in with_findings.trace["findings"])


def test_the_command_prints_the_figures_with_held_out_cases_apart(tmp_path):
    design = fictional_case(tmp_path, ANSWER)
    held = tmp_path / "held"
    held.mkdir()
    held_case = fictional_case(held, ANSWER, held_out=True)
    result = CliRunner().invoke(app, ["evaluate", str(design), str(held_case), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert [c["held_out"] for c in doc["cases"]] == [False, True]
    assert doc["pooled"]["cases"] == 2 and doc["pooled_held_out"]["cases"] == 1
    assert doc["pooled"]["post_recall"]["of"] == 6
    table = CliRunner().invoke(app, ["evaluate", str(design), str(held_case), "--misses"])
    assert table.exit_code == 0 and "held-out cases" in table.output and "ent/anping" in table.output


def test_a_folder_without_a_case_is_refused_with_its_path(tmp_path):
    with pytest.raises(InvalidData) as exc:
        read_case(tmp_path)
    assert "case.json" in str(exc.value) and str(tmp_path) in str(exc.value)
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "not a case folder" in " ".join(result.output.split())
