"""The checkers compiled from the model (the fast path) agree with the detailed validator.

A compiled checker may only accept a fact the detailed checks accept, and must build the
same fact; everything else falls back to the detailed checks, which report the problems.
So validating with and without the fast path gives the same batch, or the same problems
in the same order (pointer, field, reason, code, file, line), on generated documents: valid
ones, the corruptions of ``factgen``, and documents with random fields set to odd values.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factgen import M, concept_codes, corruptions, days, documents, value_of, wrong_value
from loaders.batch import RawDoc, validate_docs
from loaders.facts_json import parse_text
from ontology.compiled import compiled
from ontology.errors import InvalidData
from ontology.validation import LARGE, MAX_TEXT, _Report, _Validator, validate


def outcome(doc: Any, lookup=None, fast: bool = True) -> tuple:
    """What validation answers, in a form two answers can be compared by."""
    try:
        batch = validate(doc, lookup, file="facts.json", fast=fast)
    except InvalidData as exc:
        return ("rejected", str(exc), exc.problems, exc.truncated)
    except Exception as exc:  # noqa: BLE001 - the two paths must fail alike too
        return ("error", type(exc).__name__)
    return ("valid", batch)


def agree(doc: Any, lookup=None) -> tuple:
    fast, detailed = outcome(doc, lookup, True), outcome(doc, lookup, False)
    assert fast == detailed
    return fast


# --- odd values for any field --------------------------------------------------------------

ALL_CODES = sorted({c for s in M.schemes for c in M.schemes[s]})
FIELDS = sorted({k for t in M.types.values() for k in t.properties} | {k for r in M.relations.values() for k in r.properties}
                | {"id", "type", "from", "to", "valid_from", "valid_to", "sources", "no_such_field"})


def odd_values(ids: list[str]) -> st.SearchStrategy[Any]:
    some_id = st.sampled_from(ids)
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([10**18, 10**19, -(10**19), 2**63]),
        st.sampled_from([0.0, -0.0, 1.5, -1.5, float("nan"), float("inf"), 1e300]),
        st.sampled_from(["", " ", "\t", "x", "2020-01-01", "2019-12-31", "2024-02-30", "1899-12-31", "2020-01-01\n",
                         "https://example.org/a", "not a uri", "x" * (MAX_TEXT + 1), "concept:industry/mining",
                         "SourceDocument", "Person", "holds", "\ud800"]),
        st.sampled_from(ALL_CODES), st.sampled_from(sorted(M.types)), st.sampled_from(sorted(M.relations)), some_id,
    )
    texts = st.dictionaries(st.sampled_from(["zh", "en", "fr", "zh-Hans", "EN", "", "e n"]),
                            st.one_of(st.sampled_from(["名", "", " ", "x" * (MAX_TEXT + 1)]), st.integers(0, 1)), max_size=3)
    citations = st.one_of(
        some_id,
        st.fixed_dictionaries({"source": some_id}, optional={"quote": st.sampled_from(["q", "", 1]),
                                                             "locator": st.sampled_from(["p. 1", "", None]),
                                                             "extra": st.just("x")}),
    )
    return st.one_of(scalars, texts, st.lists(st.one_of(scalars, citations), max_size=3), st.lists(citations, max_size=3))


EDGES: dict[str, list[Any]] = {  # values at the edge of each datatype, valid or not
    "text": [{"fr": "x"}, {"zh": " "}, {"zh": "\u3000"}, {"zh": "x" * MAX_TEXT}, {"EN": "x"}, {"zh-Hans": "名"}, {"en": "n", "zh": "名"}],
    "string": [" ", "\u3000", "x" * MAX_TEXT, "x" * (MAX_TEXT + 1), "a", 0],
    "uri": ["a:b", "A:b", "a: b", "a:", "urn:x", "a1+.-:b"],
    "date": ["1900-01-01", "2100-12-31", "2101-01-01", "1899-12-31", "2020-01-01\n", "2020-02-29", "2021-02-29"],
    "count": [-1, 0, 1, True, 1.0, 10**19],
    "integer": [-1, 0, True, 1.0, -(10**19)],
    "decimal": [-0.0, 0, -1, 0.5, float("nan"), float("inf"), 10**19, True],
    "boolean": [0, 1, True, False],
    "concept": ALL_CODES[:5] + ALL_CODES[-5:] + [""],
}


def declared(fact: dict[str, Any]):
    t = fact.get("type")
    owner = M.types.get(t) or M.relations.get(t) if isinstance(t, str) else None
    return owner.properties if owner is not None else {}


@st.composite
def odd_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with a few fields of a few facts set to odd values, or removed."""
    doc = draw(documents(max_entities=6, max_relations=6))
    facts = doc["entities"] + doc["relations"]
    ids = [f["id"] for f in facts] + ["nobody/here"]
    for _ in range(draw(st.integers(1, 4))):
        fact = draw(st.sampled_from(facts))
        props = declared(fact)
        if props and draw(st.booleans()):  # one of its own properties, at an edge of its kind
            key = draw(st.sampled_from(sorted(props)))
            prop = props[key]
            one = st.one_of(st.sampled_from(EDGES[prop.datatype]), wrong_value(prop), value_of(prop))
            fact[key] = draw(st.lists(one, max_size=3) if prop.multiple and draw(st.booleans()) else one)
            continue
        key = draw(st.sampled_from(sorted(set(fact) | set(FIELDS))))
        if key in fact and draw(st.integers(0, 4)) == 0:
            del fact[key]
        elif key in ("valid_from", "valid_to"):
            fact[key] = draw(st.one_of(st.sampled_from(EDGES["date"]), days.map(date.isoformat), odd_values(ids)))
        else:
            fact[key] = draw(odd_values(ids))
    return doc


def stored(doc: dict[str, Any], draw: st.DrawFn) -> dict[str, tuple[str, str]]:
    """What a store might say it holds for some ids of the document (maybe under another type)."""
    out = {}
    for f in doc["entities"] + doc["relations"]:
        if isinstance(f, dict) and isinstance(f.get("id"), str) and draw(st.booleans()):
            kind = draw(st.sampled_from(["entity", "relation"]))
            out[f["id"]] = (kind, draw(st.sampled_from(sorted(M.types) + sorted(M.relations) + ["Retired"])))
    return out


# --- the two paths agree ----------------------------------------------------------------


@settings(max_examples=40)
@given(documents())
def test_a_valid_document_gives_the_same_batch_either_way(doc):
    kind, batch = agree(doc)
    assert kind == "valid" and len(batch) == len(doc["entities"]) + len(doc["relations"])


@settings(max_examples=40)
@given(corruptions())
def test_a_corrupted_document_gives_the_same_problems_either_way(case):
    doc, code, where = case
    result = agree(doc)
    assert result[0] == "rejected"
    assert any(p.code == code and p.pointer.startswith(where) for p in result[2])


@settings(max_examples=80)
@given(odd_documents())
def test_odd_values_anywhere_give_the_same_answer_either_way(doc):
    agree(doc)


@settings(max_examples=40)
@given(st.data())
def test_what_the_store_holds_is_read_alike(data):
    doc = data.draw(odd_documents() if data.draw(st.booleans()) else documents())
    held = stored(doc, data.draw)
    agree(doc, lambda ids: {i: held[i] for i in ids if i in held})


@settings(max_examples=30)
@given(odd_documents())
def test_facts_parsed_with_line_numbers_give_the_same_answer_either_way(doc):
    """The API parses JSON into objects that remember their line: the fast path takes them too."""
    try:
        raw = orjson.dumps(doc)
    except TypeError:  # a lone surrogate: not JSON
        return
    located = parse_text(raw)
    result = agree(located)
    if result[0] == "rejected":
        assert all(p.line is not None for p in result[2] if p.pointer.count("/") >= 2)


@settings(max_examples=50)
@given(odd_documents())
def test_a_compiled_checker_accepts_only_what_the_detailed_checks_accept(doc):
    """Fact by fact: a checker's fact is the detailed validator's, built without a problem."""
    checks = compiled(M)
    known = {f["id"]: ("entity" if f in doc["entities"] else "relation", f.get("type") if isinstance(f.get("type"), str) else "")
             for f in doc["entities"] + doc["relations"] if isinstance(f.get("id"), str)}
    for key, table in (("entities", checks.entities), ("relations", checks.relations)):
        for i, item in enumerate(doc[key]):
            check = table.get(item.get("type")) if isinstance(item.get("type"), str) else None
            if check is None:
                continue
            try:
                fact = check(item, known)
            except Exception:  # noqa: BLE001 - the validator falls back to the detailed checks then
                continue
            if fact is None:
                continue
            report = _Report("f")
            v = _Validator(M, report, None)
            v.known = known
            detailed = (v.entity if key == "entities" else v.relation)(item, f"/{key}/{i}")
            assert report.problems == [] and detailed == fact


def test_a_document_of_facts_of_every_kind_goes_the_fast_way():
    """The fast path is taken: a valid fact never reaches the detailed checks."""
    doc = {"entities": [{"id": "src/1", "type": "SourceDocument", "name": {"zh": "通知", "en": "Notice"}, "title": "通知"},
                        {"id": "ent/1", "type": "Enterprise", "name": {"en": "Mine", "zh": "矿"}, "industry": "coal_mining",
                         "sources": ["src/1"]},
                        {"id": "post/1", "type": "Post", "name": {"zh": "矿长"}, "role": "principal"},
                        {"id": "p/1", "type": "Person", "name": {"zh": "张三"}}],
           "relations": [{"id": "r/1", "type": "postIn", "from": "post/1", "to": "ent/1"},
                         {"id": "r/2", "type": "holds", "from": "p/1", "to": "post/1", "valid_from": "2020-01-01",
                          "valid_to": "2021-01-01", "sources": [{"source": "src/1", "quote": "任命", "locator": "第1条"}]}]}
    slow = []

    class Watching(_Validator):
        def entity(self, item, pointer):
            slow.append(pointer)
            return super().entity(item, pointer)

        def relation(self, item, pointer):
            slow.append(pointer)
            return super().relation(item, pointer)

    batch = validate(doc)
    report = _Report(None)
    from ontology.facts import Batch

    watched = Batch()
    Watching(M, report, None).run(doc, watched)
    assert slow == [] and report.problems == [] and watched == batch
    assert batch.entities[1].props["name"] == {"en": "Mine", "zh": "矿"}
    assert list(batch.entities[1].props["name"]) == ["en", "zh"]  # names in key order, as the detailed path stores them


# --- errors a user can cause that the fast path must not hide ------------------------------


def test_sources_that_are_not_a_list_are_reported_not_a_crash():
    doc = {"entities": [{"id": "p/1", "type": "Person", "name": {"zh": "张三"}, "sources": 5}]}
    with pytest.raises(InvalidData) as err:
        validate(doc, file="people.json")
    (p,) = err.value.problems
    assert (p.pointer, p.field, p.code, p.file) == ("/entities/0/sources", "sources", "wrong-type", "people.json")


def test_a_lone_surrogate_in_a_large_document_is_found_where_it_is():
    doc = {"entities": [{"id": f"p/{i}", "type": "Person", "name": {"zh": f"人{i}"}} for i in range(LARGE + 5)]}
    doc["entities"][700]["name"]["zh"] = "张\ud800"
    with pytest.raises(InvalidData) as err:
        validate(doc)
    (p,) = err.value.problems
    assert (p.pointer, p.code) == ("/entities/700/name/zh", "bad-text")


def test_a_large_validation_leaves_the_garbage_collector_as_it_found_it():
    doc = {"entities": [{"id": f"p/{i}", "type": "Person", "name": {"zh": f"人{i}"}} for i in range(LARGE)]}
    assert gc.isenabled()
    assert len(validate(doc)) == LARGE and gc.isenabled()
    gc.disable()
    try:
        assert len(validate(doc)) == LARGE and not gc.isenabled()
    finally:
        gc.enable()


def test_a_store_type_change_is_reported_in_id_order_across_chunks():
    """Ids the store holds under another type, in files validated chunk by chunk: one problem each, in id order."""
    ents = [{"id": f"p/{i:05d}", "type": "Person", "name": {"zh": f"人{i}"}} for i in range(25_000)]
    held = {"p/24000": ("entity", "Enterprise"), "p/00007": ("entity", "Post"), "p/00003": ("relation", "holds")}
    with pytest.raises(InvalidData) as err:
        validate_docs([RawDoc("people.json", {"entities": ents, "relations": []})],
                      lambda ids: {i: held[i] for i in ids if i in held})
    assert [(p.pointer, p.code) for p in err.value.problems] == [
        ("/entities/3/type", "type-change"), ("/entities/7/type", "type-change"), ("/entities/24000/type", "type-change")]
    assert "already stored as a Post entity" in err.value.problems[1].reason


def test_a_code_of_the_relations_first_scheme_names_that_scheme():
    """portfolio's target may be a code of several schemes: the fast path picks the one the detailed path does."""
    rtype = M.relations["portfolio"]
    code = concept_codes(rtype.schemes)[0]
    doc = {"entities": [{"id": "post/1", "type": "Post", "name": {"zh": "副县长"}, "role": "deputy"}],
           "relations": [{"id": "r/1", "type": "portfolio", "from": "post/1", "to": code}]}
    fast, detailed = validate(doc), validate(doc, fast=False)
    assert fast == detailed
    assert fast.relations[0].concept_scheme == M.find_concept(rtype.schemes, code).scheme


# --- every property of every type at the edges of its kind (exhaustive, deterministic) ----------


def minimal(prop) -> Any:
    one = {"text": {"zh": "名"}, "string": "x", "uri": "https://example.org/x", "date": "2020-01-01", "count": 1,
           "integer": -1, "decimal": 1.5, "boolean": True}.get(prop.datatype)
    if prop.datatype == "concept":
        one = concept_codes(prop.schemes)[0]
    return [one] if prop.multiple else one


def minimal_fact(ident: str, type_name: str) -> dict[str, Any]:
    return {"id": ident, "type": type_name,
            **{k: minimal(p) for k, p in M.types[type_name].properties.items() if p.required}}


def of_type(allowed: tuple[str, ...]) -> str:
    return sorted(t for t in M.concrete_types() if M.matches(t, allowed))[0]


def edge_documents():
    """A small document per (type, property, edge value), and per relation type and odd validity or endpoint."""
    src = {"id": "src/1", "type": "SourceDocument", "name": {"zh": "通知"}, "title": "通知"}
    other = minimal_fact("other/1", "Person")
    for type_name in sorted(M.concrete_types()):
        for key, prop in sorted(M.types[type_name].properties.items()):
            for value in EDGES[prop.datatype] + [None, [], {}, "", [minimal(prop)], minimal(prop)]:
                fact = {**minimal_fact("x/1", type_name), key: value, "sources": ["src/1"]}
                yield {"entities": [src, fact], "relations": []}
    for name, rtype in sorted(M.relations.items()):
        frm = minimal_fact("from/1", of_type(rtype.domain))
        to_entity = minimal_fact("to/1", of_type(rtype.range)) if rtype.range else None
        to = "to/1" if to_entity else concept_codes(rtype.schemes)[-1]
        ents = [src, other, frm] + ([to_entity] if to_entity else [])
        base = {"id": "r/1", "type": name, "from": "from/1", "to": to}
        variants = [{}, {"valid_from": "2020-01-01"}, {"valid_to": "2020-01-01"},
                    {"valid_from": "2020-01-01", "valid_to": "2020-01-01"}, {"valid_from": "2021-01-01", "valid_to": "2020-01-01"},
                    {"valid_from": "2020-01-01", "valid_to": "2021-01-01"}, {"valid_from": None, "valid_to": None},
                    {"valid_from": "2020-02-30"}, {"from": "other/1"}, {"to": "other/1"}, {"from": "src/1"},
                    {"to": "nobody/1"}, {"from": ""}, {"to": ""}, {"from": 1}, {"to": ALL_CODES[0]},
                    {"sources": ["src/1"]}, {"sources": ["other/1"]}, {"sources": [{"source": "src/1", "quote": "q"}]},
                    {"sources": [{"source": "src/1", "quote": ""}]}, {"sources": [{"source": "src/1", "page": "1"}]},
                    {"sources": None}, {"sources": "src/1"}, {"no_such_field": 1}]
        variants += [{key: v} for key, p in sorted(rtype.properties.items()) for v in EDGES[p.datatype] + [minimal(p)]]
        for extra in variants:
            yield {"entities": ents, "relations": [{**base, **extra}]}


def test_every_property_and_relation_at_its_edges_gives_the_same_answer_either_way():
    seen = {"valid": 0, "rejected": 0}
    for doc in edge_documents():
        seen[agree(doc)[0]] += 1
    assert seen["valid"] > 400 and seen["rejected"] > 1000, seen


def test_an_id_that_is_a_list_in_a_loaded_file_is_reported_not_a_crash(tmp_path):
    from loaders.facts_json import read_batch

    path = tmp_path / "people.json"
    path.write_text('{"entities": [\n {"id": "p/1", "type": "Person", "name": {"zh": "张三"}},\n'
                    ' {"id": ["p/2"], "type": "Person", "name": {"zh": "李四"}}\n]}', encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        read_batch([path])
    (p,) = err.value.problems
    assert (p.pointer, p.field, p.code, p.file, p.line) == ("/entities/1/id", "id", "bad-id", str(path), 3)
