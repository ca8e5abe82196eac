"""Loading every format, bad files of every kind, exports and round trips, on both backends."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.embedded import EmbeddedStore
from loaders import batch as batch_module, csv_format
from loaders.batch import read_batch
from graph.selection import Selection, select
from loaders.export import FORMATS, export, export_to
from ontology.errors import InvalidData, NotFound
from ontology.facts import Batch
from ontology.validation import MAX_PROBLEMS, validate
from conftest import DEMO_ACCIDENT
from world import county_world

EXAMPLE = csv_format.EXAMPLE
EXT = {"json": "json", "jsonld": "jsonld", "ttl": "ttl", "nt": "nt", "graphml": "graphml", "csv": "zip"}


def facts(entities, relations) -> tuple[list, list]:
    """Facts as comparable JSON, with multi-valued lists sorted (RDF keeps no order)."""
    def norm(doc):
        return {k: sorted(v, key=lambda x: json.dumps(x, sort_keys=True)) if isinstance(v, list) else v for k, v in doc.items()}

    return (sorted((norm(e.as_json()) for e in entities), key=lambda d: d["id"]),
            sorted((norm(r.as_json()) for r in relations), key=lambda d: d["id"]))


def stored(store) -> tuple[list, list]:
    return facts(store.entities(), store.relations())


def rejected(paths, store=None, fmt=None) -> InvalidData:
    with pytest.raises(InvalidData) as info:
        read_batch([Path(p) for p in paths], store.kinds if store else None, fmt)
    return info.value


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo(store, load, demo_doc):
    load(store, demo_doc)
    return store


# --- CSV ------------------------------------------------------------------------------


def test_the_demo_as_csv_loads_as_the_same_facts(store, demo_doc):
    summary = store.upsert(read_batch([EXAMPLE], store.kinds))
    assert summary.added == 284
    assert stored(store) == facts(validate(demo_doc).entities, validate(demo_doc).relations)
    again = store.upsert(read_batch([EXAMPLE], store.kinds))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 284)


def test_quoted_citations_come_from_citations_csv():
    b = read_batch([EXAMPLE])
    taken_over = next(r for r in b.relations if r.id == "rel/accident-taken-over")
    assert taken_over.sources[0].quote == "决定由省人民政府提级调查" and taken_over.sources[0].locator == "第一段"


def test_spreadsheet_forms_of_codes_dates_and_booleans(tmp_path):
    folder = tmp_path / "case"
    write(folder / "SourceDocument.csv", "id,name_zh,title\nsrc/a,任免通知,任免通知\n")
    write(folder / "Enterprise.csv", "id,name_zh,name_en,industry,established_on\nent/x,某煤业有限公司,X Coal,煤矿,2015年4月2日\n")
    write(folder / "Post.csv", "id,name_zh,role\npost/x-gm,总经理,Principal responsible person\n")
    write(folder / "Person.csv", "id,name_zh,aliases\nperson/li,李明,李小明|Li Xiaoming\n")
    write(folder / "postIn.csv", "id,from,to\nrel/gm-in-x,post/x-gm,ent/x\n")
    write(folder / "holds.csv", "id,from,to,valid_from,acting,sources\nten/li,person/li,post/x-gm,2024/8/28,是,src/a\n")
    write(folder / "portfolio.csv", "id,from,to\nrel/gm-safety,post/x-gm,安全生产\n")
    b = read_batch([folder])
    by_id = {f.id: f for f in b.entities + b.relations}
    assert by_id["ent/x"].props == {"name": {"zh": "某煤业有限公司", "en": "X Coal"}, "industry": "coal_mining", "established_on": "2015-04-02"}
    assert by_id["post/x-gm"].props["role"] == "principal"
    assert by_id["person/li"].props["aliases"] == ["李小明", "Li Xiaoming"]
    tenure = by_id["ten/li"]
    assert str(tenure.valid_from) == "2024-08-28" and tenure.props == {"acting": True} and tenure.sources[0].source == "src/a"
    assert by_id["rel/gm-safety"].target == "work_safety"


def test_a_bad_csv_folder_lists_every_problem_and_writes_nothing(store, tmp_path):
    folder = tmp_path / "bad"
    write(folder / "Person.csv", "id,name_zh,shoe_size\nperson/a,甲,42\n")  # unknown column
    write(folder / "Post.csv", "id,name_zh\npost/p,岗位\n")  # role is required
    write(folder / "Accident.csv",
          "id,name_zh,occurred_on,deaths,serious_injuries,direct_loss_cny,accident_type\n"
          "acc/ok,甲事故,2024-01-01,1,0,100,collapse\n"
          "acc/bad,乙事故,2024-13-01,-1,0,lots,volcano\n")
    write(folder / "holds.csv", "id,from,to\nten/x,person/nobody,post/nowhere\n")
    write(folder / "Factories.csv", "id\nf/1\n")
    (folder / "Site.csv").write_bytes("id,name_zh\nsite/a,矿\n".encode("gb18030"))
    exc = rejected([folder], store)
    got = {(Path(p.file).name, p.line, p.field, p.code) for p in exc.problems}
    assert ("Person.csv", 1, "shoe_size", "unknown-property") in got
    assert ("Post.csv", 1, "role", "required") in got
    assert ("Accident.csv", 3, "occurred_on", "bad-date") in got
    assert ("Accident.csv", 3, "deaths", "wrong-type") in got
    assert ("Accident.csv", 3, "direct_loss_cny", "wrong-type") in got
    assert ("Accident.csv", 3, "accident_type", "unknown-code") in got
    assert ("holds.csv", 2, "from", "unknown-reference") in got and ("holds.csv", 2, "to", "unknown-reference") in got
    assert any(p.code == "unknown-type" and p.file.endswith("Factories.csv") for p in exc.problems)
    assert any(p.code == "bad-encoding" and p.file.endswith("Site.csv") for p in exc.problems)
    bad_date = next(p for p in exc.problems if p.field == "occurred_on")
    assert bad_date.pointer == "#row=2" and "Accident.csv:3 #row=2 [occurred_on]" in str(bad_date)
    assert store.counts() == {"entities": 0, "relations": 0}


def test_citations_for_a_fact_not_in_the_batch(tmp_path):
    folder = tmp_path / "c"
    write(folder / "SourceDocument.csv", "id,name_zh,title\nsrc/a,通知,通知\n")
    write(folder / "citations.csv", "fact,source,quote\nperson/ghost,src/a,某句\n")
    exc = rejected([folder])
    assert [(p.line, p.field, p.code) for p in exc.problems] == [(2, "fact", "unknown-reference")]


def test_a_zip_of_csvs_is_one_batch(tmp_path):
    archive = tmp_path / "case.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in EXAMPLE.glob("*.csv"):
            z.write(p, f"case/{p.name}")
    assert len(read_batch([archive])) == 284


def test_the_templates_and_the_demo_csvs_are_derived_from_the_ontology():
    assert csv_format.stale() == []
    meta = json.loads((csv_format.TEMPLATES / "csv-metadata.json").read_text(encoding="utf-8"))
    assert meta["@context"] == "http://www.w3.org/ns/csvw"
    accident = next(t for t in meta["tables"] if t["url"] == "Accident.csv")["tableSchema"]["columns"]
    assert {c["name"] for c in accident if c["required"]} >= {"id", "occurred_on", "deaths", "accident_type"}
    assert next(c for c in accident if c["name"] == "activities")["separator"] == "|"
    assert (csv_format.TEMPLATES / "holds.csv").read_text().startswith("id,from,to,valid_from,valid_to,acting")


def test_references_cross_files_and_formats(tmp_path, demo_doc):
    folder = tmp_path / "people"
    write(folder / "Person.csv", "id,name_zh\nperson/new,新人\n")
    write(folder / "holds.csv", "id,from,to,valid_from\nten/new,person/new,post/hengfa-gm,2025-01-01\n")
    demo = write(tmp_path / "demo.json", json.dumps(demo_doc, ensure_ascii=False))
    assert len(read_batch([demo, folder])) == 286


def test_an_id_in_two_files_is_refused(tmp_path):
    a = write(tmp_path / "a" / "Person.csv", "id,name_zh\nperson/x,甲\n")
    b = write(tmp_path / "b" / "Person.csv", "id,name_zh\nperson/x,乙\n")
    exc = rejected([a, b])
    assert [p.code for p in exc.problems] == ["duplicate-id"] and "is also in" in exc.problems[0].reason


# --- RDF and GraphML in --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonld", "ttl", "nt", "graphml"])
def test_exports_load_back_as_the_same_facts(demo, tmp_path, fmt):
    path = write(tmp_path / f"demo.{fmt}", export(demo, fmt))
    b = read_batch([path])
    assert facts(b.entities, b.relations) == stored(demo)


def test_a_bare_triple_becomes_a_relation_with_a_stable_id(tmp_path):
    ttl = """@prefix skg: <https://w3id.org/safetykg/ns#> . @prefix id: <https://w3id.org/safetykg/id/> .
    id:person\\/a a skg:Person ; skg:name "甲"@zh ; skg:holds id:post\\/b .
    id:post\\/b a skg:Post ; skg:name "总经理"@zh ; skg:role <https://w3id.org/safetykg/vocab/role/principal> .
    """
    path = write(tmp_path / "bare.ttl", ttl)
    first, second = read_batch([path]), read_batch([path])
    assert [(r.type, r.source, r.target) for r in first.relations] == [("holds", "person/a", "post/b")]
    assert first.relations[0].id == second.relations[0].id and first.relations[0].id.startswith("rel/holds-")


def test_turtle_with_unknown_classes_and_properties_is_refused(store, tmp_path):
    ttl = """@prefix skg: <https://w3id.org/safetykg/ns#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix id: <https://w3id.org/safetykg/id/> .
    id:person\\/a a skg:Person ; skg:name "甲"@zh ; foaf:nick "小甲" ; skg:shoeSize 42 .
    id:thing\\/b a foaf:Document ; skg:name "文件"@zh .
    id:thing\\/c a skg:Spaceship .
    """
    exc = rejected([write(tmp_path / "bad.ttl", ttl)], store)
    got = {(p.pointer, p.field, p.code) for p in exc.problems}
    person = "<https://w3id.org/safetykg/id/person/a>"
    assert (person, "http://xmlns.com/foaf/0.1/nick", "unknown-property") in got
    assert (person, "https://w3id.org/safetykg/ns#shoeSize", "unknown-property") in got
    assert ("<https://w3id.org/safetykg/id/thing/b>", "type", "unknown-class") in got
    assert ("<https://w3id.org/safetykg/id/thing/c>", "type", "unknown-class") in got
    assert store.counts() == {"entities": 0, "relations": 0}


def test_malformed_turtle_names_the_line(tmp_path):
    text = '@prefix skg: <https://w3id.org/safetykg/ns#> .\n\n<a> skg:name "x" .\n<b> skg:name skg: skg: .\n'
    exc = rejected([write(tmp_path / "broken.ttl", text)])
    assert [(p.line, p.code) for p in exc.problems] == [(4, "malformed-ttl")] and exc.problems[0].file.endswith("broken.ttl")


def test_n_triples_problems_name_their_line(tmp_path):
    lines = [
        '<https://w3id.org/safetykg/id/person/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/safetykg/ns#Person> .',
        '<https://w3id.org/safetykg/id/person/a> <https://w3id.org/safetykg/ns#name> "甲"@zh .',
        '<https://w3id.org/safetykg/id/person/a> <https://w3id.org/safetykg/ns#hatColour> "red" .',
        '<https://w3id.org/safetykg/id/person/a> <https://w3id.org/safetykg/ns#gender> "F" .',
    ]
    exc = rejected([write(tmp_path / "a.nt", "\n".join(lines) + "\n")])
    assert [(p.line, p.field, p.code) for p in exc.problems] == [(3, "https://w3id.org/safetykg/ns#hatColour", "unknown-property")]
    broken = write(tmp_path / "b.nt", lines[0] + "\n" + "<oops> not a triple\n" + lines[1] + "\n" + "also bad .\n")
    exc = rejected([broken])
    assert [(p.line, p.code) for p in exc.problems] == [(2, "malformed-nt"), (4, "malformed-nt")]


def test_json_ld_goes_through_the_same_validation(tmp_path):
    doc = {"@context": "https://w3id.org/safetykg/context.jsonld",
           "entities": [{"id": "acc/x", "type": "Accident", "name": {"zh": "事故"}, "occurred_on": "2024-01-01"}]}
    exc = rejected([write(tmp_path / "x.jsonld", json.dumps(doc))])
    assert {p.field for p in exc.problems} >= {"deaths", "accident_type"}
    assert all(p.pointer.startswith("<https://w3id.org/safetykg/id/acc/x>") for p in exc.problems)
    exc = rejected([write(tmp_path / "y.jsonld", "{not json")])
    assert exc.problems[0].code == "malformed-jsonld"


def test_graphml_from_elsewhere_is_refused(tmp_path):
    text = ('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            '<graph edgedefault="directed"><node id="n1"/></graph></graphml>')
    exc = rejected([write(tmp_path / "g.graphml", text)])
    assert [(p.pointer, p.code) for p in exc.problems] == [("node n1", "unknown-property")]
    exc = rejected([write(tmp_path / "h.graphml", "<graphml><graph>")])
    assert exc.problems[0].code == "malformed-graphml"


def test_unknown_extension_and_missing_file(tmp_path):
    exc = rejected([write(tmp_path / "facts.xlsx", "x"), tmp_path / "absent.csv"])
    assert {p.code for p in exc.problems} == {"unknown-format", "unreadable"}


def test_a_bad_facts_json_file(tmp_path):
    exc = rejected([write(tmp_path / "a.json", '{"entities": [\n {"id": "x", "type": "Person"}\n]}')])
    assert [(p.line, p.field, p.code) for p in exc.problems] == [(2, "name", "required")]


# --- large batches ---------------------------------------------------------------------


def test_problems_in_later_chunks_keep_their_pointer_and_line(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "CHUNK", 3)
    people = [{"id": f"person/{i}", "type": "Person", "name": {"zh": f"人{i}"}} for i in range(10)]
    people[7]["name"] = "not a name"
    tenures = [{"id": "ten/x", "type": "holds", "from": "person/9", "to": "post/x"}]
    doc = {"entities": people + [{"id": "post/x", "type": "Post", "name": {"zh": "岗"}, "role": "principal"},
                                 {"id": "person/3", "type": "Person", "name": {"zh": "重"}}], "relations": tenures}
    path = write(tmp_path / "big.json", json.dumps(doc, indent=1))
    exc = rejected([path])
    got = sorted((p.pointer, p.code) for p in exc.problems)
    assert got == [("/entities/11/id", "duplicate-id"), ("/entities/7/name", "wrong-type")]
    assert all(p.line for p in exc.problems)
    del doc["entities"][-1]
    doc["entities"][7]["name"] = {"zh": "七"}
    assert len(read_batch([write(tmp_path / "ok.json", json.dumps(doc))])) == 12


def test_at_most_max_problems_are_listed(tmp_path):
    rows = "".join(f"person/{i},,\n" for i in range(MAX_PROBLEMS + 50))
    exc = rejected([write(tmp_path / "many" / "Person.csv", "id,name_zh,name_en\n" + rows)])
    assert len(exc.problems) == MAX_PROBLEMS and exc.truncated


# --- exports ---------------------------------------------------------------------------


def _empty_like(store, tmp_path: Path):
    if store.backend == "neo4j":
        store.wipe()
        return store
    return EmbeddedStore(tmp_path / "second.db")


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(demo, tmp_path, fmt):
    first = export_to(demo, fmt, tmp_path / f"first.{EXT[fmt]}")
    before = stored(demo)
    again = _empty_like(demo, tmp_path)
    summary = again.upsert(read_batch([first], again.kinds))
    assert summary.added == 284
    assert stored(again) == before
    second = export_to(again, fmt, tmp_path / f"second.{EXT[fmt]}")
    if fmt in ("ttl", "nt", "jsonld"):
        kind = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
        if fmt == "jsonld":
            assert json.loads(first.read_text())["entities"] and stored(again) == before
        else:
            assert isomorphic(Graph().parse(first, format=kind), Graph().parse(second, format=kind))
    elif fmt == "csv":
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
            assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}
    else:
        assert first.read_text() == second.read_text()


def test_csv_export_to_a_folder_matches_the_shipped_example(demo, tmp_path):
    export_to(demo, "csv", tmp_path / "out")
    for p in EXAMPLE.glob("*.csv"):
        assert (tmp_path / "out" / p.name).read_text(encoding="utf-8") == p.read_text(encoding="utf-8"), p.name


def test_export_of_an_accident_is_its_evidence_and_loads_alone(demo, tmp_path):
    # a fact that is no evidence of the accident (the demo's every other fact now is: the plan collects it)
    demo.upsert(validate({"entities": [{"id": "ent/elsewhere", "type": "Enterprise", "name": {"en": "Elsewhere Co."}},
                                       {"id": "area/elsewhere", "type": "AdministrativeArea", "name": {"en": "Elsewhere"},
                                        "level": "county"}],
                          "relations": [{"id": "rel/elsewhere", "type": "domicile", "from": "ent/elsewhere",
                                         "to": "area/elsewhere"}]}))
    ents, rels = select(demo, Selection(accident=DEMO_ACCIDENT))
    sub = demo.trace_context(DEMO_ACCIDENT)
    assert {r.id for r in rels} == set(sub.relations)
    assert set(sub.entities) <= {e.id for e in ents}
    alone = EmbeddedStore(tmp_path / "alone.db")
    alone.upsert(validate({"entities": [e.as_json() for e in ents], "relations": [r.as_json() for r in rels]}))
    assert alone.counts()["relations"] == len(rels) < demo.counts()["relations"]
    with pytest.raises(NotFound):
        select(demo, Selection(accident="acc/none"))


def test_export_of_an_area_keeps_what_is_below_it(store, load):
    """What is placed in the area or under it (graph.selection): the operator of the county's mine
    is placed by its domicile, not by operating there, so it comes in once it has one."""
    w = county_world()
    load(store, w.doc())
    ents, rels = select(store, Selection(area="area/county"))
    ids = {e.id for e in ents}
    assert {"area/county", "area/town", "site/mine", "acc/1", "gov/area/county", "person/em-head", "pc/area/town"} <= ids
    assert not ids & {"area/pref", "area/prov", "gov/area/pref", "person/head-pref", "ent/mine-co", "person/new-gm"}
    assert all(r.source in ids and (r.concept_scheme or r.target in ids) for r in rels)
    load(store, {"relations": [{"id": "rel/mine-co-domicile", "type": "domicile", "from": "ent/mine-co", "to": "area/town"}]})
    ids = {e.id for e in select(store, Selection(area="area/county"))[0]}
    assert {"ent/mine-co", "person/new-gm"} <= ids
    with pytest.raises(NotFound):
        select(store, Selection(area="site/mine"))


def test_export_of_a_time_window(store, load):
    from datetime import date

    w = county_world()
    load(store, w.doc())
    ents, rels = select(store, Selection(start=date(2018, 6, 1), end=date(2019, 1, 1)))
    tenures = {r.source for r in rels if r.type == "holds"}
    assert "person/old-gm" in tenures and "person/new-gm" not in tenures and "person/em-head" not in tenures
    assert "acc/1" not in {e.id for e in ents}
    ents, rels = select(store, Selection(start=date(2024, 5, 10), end=date(2024, 5, 11)))
    assert {"person/new-gm", "acc/1"} <= {e.id for e in ents} and "person/old-gm" not in {r.source for r in rels if r.type == "holds"}


def test_a_selection_on_an_empty_batch_is_empty(tmp_path):
    s = EmbeddedStore(tmp_path / "e.db")
    assert select(s, None) == ([], [])
    assert s.upsert(Batch()).added == 0


# --- the command line ---------------------------------------------------------------------


def cli(*args: str, store=None):
    from typer.testing import CliRunner

    from api.cli import app

    return CliRunner().invoke(app, list(args), env={"SAFETYKG_STORE": str(store)} if store else {})


def test_load_a_csv_folder_and_get_a_summary(tmp_path):
    db = tmp_path / "s.db"
    result = cli("load", str(EXAMPLE), "--json", store=db)
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)
    assert (s["entities"], s["relations"], s["added"], s["updated"], s["unchanged"], s["rejected"]) == (136, 148, 284, 0, 0, 0)
    table = cli("load", str(EXAMPLE), store=db).stdout
    assert "unchanged" in table and "284" in table and "rejected" in table


def test_load_of_a_bad_file_names_file_row_and_field_and_writes_nothing(tmp_path):
    db = tmp_path / "s.db"
    write(tmp_path / "in" / "Person.csv", "id,name_zh\nperson/a,甲\nperson/b,\n")
    result = cli("load", str(tmp_path / "in"), store=db)
    assert result.exit_code == 1
    assert "Person.csv:3 #row=2 [name]" in " ".join(result.output.split())
    assert json.loads(cli("export", "--format", "json", store=db).stdout)["entities"] == []


def test_validate_with_an_explicit_format(tmp_path, demo_doc):
    path = write(tmp_path / "facts.txt", json.dumps(demo_doc))
    assert "unknown-format" in cli("validate", str(path), store=tmp_path / "none.db").output
    result = cli("validate", str(path), "--format", "json", store=tmp_path / "none.db")
    assert result.exit_code == 0 and "136 entities, 148 relations" in result.stdout
    refused = cli("load", str(path), str(tmp_path / "missing.csv"), store=tmp_path / "s.db")
    assert refused.exit_code == 1 and "unknown-format" in refused.output and "unreadable" in refused.output


def test_export_a_subgraph_and_csv_from_the_command_line(tmp_path):
    db = tmp_path / "s.db"
    assert cli("demo", "--json", store=db).exit_code == 0
    assert cli("export", "--format", "csv", store=db).exit_code == 1
    assert cli("export", "--format", "csv", "-o", str(tmp_path / "out.zip"), store=db).exit_code == 0
    assert len(read_batch([tmp_path / "out.zip"])) == 284
    elsewhere = tmp_path / "elsewhere.json"  # facts that are no evidence of the demo accident
    elsewhere.write_text(json.dumps({"entities": [
        {"id": "area/elsewhere", "type": "AdministrativeArea", "name": {"zh": "别县"}, "level": "county"},
        {"id": "area/elsewhere-town", "type": "AdministrativeArea", "name": {"zh": "别镇"}, "level": "township"}],
        "relations": [{"id": "rel/elsewhere-town-in", "type": "partOf", "from": "area/elsewhere-town", "to": "area/elsewhere"}]}))
    assert cli("load", str(elsewhere), store=db).exit_code == 0
    doc = json.loads(cli("export", "--accident", DEMO_ACCIDENT, store=db).stdout)
    assert 0 < len(doc["relations"]) < 149 and "rel/elsewhere-town-in" not in {r["id"] for r in doc["relations"]}
    nt = cli("export", "--format", "nt", "--from", "2024-01-01", "--until", "2024-12-31", store=db).stdout
    assert Graph().parse(data=nt, format="nt")
    assert cli("export", "--area", "area/none", store=db).exit_code == 1
    assert "--until must be a date" in cli("export", "--until", "2024-02-30", store=db).output


def test_a_long_load_shows_a_progress_bar_with_rate_and_eta(tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from api import cli_loaders

    buf = io.StringIO()
    monkeypatch.setattr(cli_loaders, "err", Console(file=buf, force_terminal=True, width=150))
    monkeypatch.setattr(cli_loaders, "SHOW_AFTER_S", 0.0)
    s = EmbeddedStore(tmp_path / "s.db")
    summary = cli_loaders.load_files(s, [EXAMPLE], show=True)
    assert summary["added"] == 284
    shown = buf.getvalue()
    assert "facts/s" in shown and "ETA" in shown and "writing 284 facts" in shown


def test_a_batch_written_in_chunks_gives_the_same_store(store, demo_doc, tmp_path):
    from loaders.batch import write_batch

    b = read_batch([EXAMPLE], store.kinds)
    first = write_batch(store, b, chunk=50)
    assert (first.added, first.updated, first.unchanged) == (284, 0, 0)
    assert stored(store) == facts(validate(demo_doc).entities, validate(demo_doc).relations)
    again = write_batch(store, b, chunk=50)
    assert (again.added, again.unchanged) == (0, 284)
    result = cli("load", str(EXAMPLE), "--chunk", "1000", "--json", store=tmp_path / "c.db")
    assert json.loads(result.stdout)["added"] == 284
