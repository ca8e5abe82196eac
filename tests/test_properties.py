"""Property-based tests of the facts format, validation, the loaders and both stores.

Generated valid documents always validate, survive the JSON facts format unchanged, and
are stored and read back verbatim by both backends. Generated corruptions (odd ids, dates
far in the past or future, wrong types, unknown codes, missing fields, duplicated ids,
huge strings, invalid UTF-8, deep nesting, lone surrogates) always give InvalidData naming
where the problem is, and leave the store exactly as it was.

Example counts follow the hypothesis profile: ``ci`` by default, ``SAFETYKG_HYPOTHESIS=long``
for a longer run.
"""

from __future__ import annotations

import json
from datetime import date

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factgen import M, corruptions, documents
from graph.embedded import EmbeddedStore
from graph.store import Store
from graph.trace import trace
from loaders.facts_json import parse_text, read_batch
from ontology.errors import InvalidData
from ontology.facts import canonical, document
from ontology.validation import validate
from world import county_world


def ingest(store: Store, raw: bytes):
    """What every loader and the API do with bytes from outside: parse, validate, write."""
    return store.upsert(validate(parse_text(raw), store.kinds))


def snapshot(store: Store) -> list[tuple[str, bytes]]:
    facts = list(store.entities()) + list(store.relations())
    return sorted((f.id, canonical(f.as_json())) for f in facts)


# --- valid documents ----------------------------------------------------------------------


@given(documents())
def test_a_valid_document_survives_the_facts_format_unchanged(doc):
    batch = validate(doc)
    assert len(batch) == len(doc["entities"]) + len(doc["relations"])
    again = validate(parse_text(orjson.dumps(document(batch.entities, batch.relations))))
    assert again == batch
    # ASCII-escaped JSON (\\uXXXX for every non-ASCII character, pairs for astral ones) too
    assert validate(parse_text(json.dumps(doc, ensure_ascii=True).encode())) == batch


@given(documents(), st.integers(0, 100))
def test_a_document_split_over_two_files_is_the_same_batch(tmp_path_factory, doc, cut):
    """Relations and citations may point into the other file; the batch is the same as one file."""
    whole = validate(doc)
    facts = [("entities", e) for e in doc["entities"]] + [("relations", r) for r in doc["relations"]]
    cut = cut % (len(facts) + 1)
    parts = [facts[:cut], facts[cut:]]
    d = tmp_path_factory.mktemp("split")
    paths = []
    for n, part in enumerate(parts):
        body = {"entities": [f for k, f in part if k == "entities"], "relations": [f for k, f in part if k == "relations"]}
        paths.append(d / f"part{n}.facts.json")
        paths[-1].write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2))
    split = read_batch(paths)
    assert sorted(split.entities, key=lambda e: e.id) == sorted(whole.entities, key=lambda e: e.id)
    assert sorted(split.relations, key=lambda r: r.id) == sorted(whole.relations, key=lambda r: r.id)


@given(doc=documents())
def test_a_stored_batch_reads_back_verbatim_and_rewrites_as_unchanged(fresh_store, doc):
    store = fresh_store()
    batch = validate(doc, store.kinds)
    first = store.upsert(batch)
    assert (first.added, first.updated, first.unchanged) == (len(batch), 0, 0)
    for fact in batch.entities + batch.relations:
        assert store.get(fact.id) == fact
    assert store.counts() == {"entities": len(batch.entities), "relations": len(batch.relations)}
    again = store.upsert(validate(doc, store.kinds))
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(batch))


@pytest.fixture(scope="module")
def neo4j_store():
    from conftest import _neo4j_uri
    from graph.store import open_store

    s = open_store(_neo4j_uri())
    yield s
    s.close()


@pytest.mark.neo4j
@given(doc=documents(max_entities=10, max_relations=16))
def test_both_backends_give_the_same_trace_of_generated_data(tmp_path_factory, neo4j_store, doc):
    """The conformance promise over generated worlds, not only the demo."""
    neo = neo4j_store
    neo.wipe()
    with EmbeddedStore(tmp_path_factory.mktemp("conf") / "s.db") as emb:
        for s in (emb, neo):
            s.upsert(validate(doc, s.kinds))
        for e in doc["entities"]:
            assert emb.trace_context(e["id"]).fingerprint() == neo.trace_context(e["id"]).fingerprint()
            if e["type"] == "Accident":
                for at in (None, date(2000, 1, 1)):
                    assert trace(emb, e["id"], at) == trace(neo, e["id"], at)


# --- corrupt documents ------------------------------------------------------------------


@given(corruptions())
def test_a_corrupt_document_is_rejected_with_where_and_why(case):
    doc, code, pointer = case
    raw = json.dumps(doc).encode()  # ensure_ascii: a lone surrogate travels as \\ud800, as it would on the wire
    with pytest.raises(InvalidData) as err:
        validate(parse_text(raw))
    problems = err.value.problems
    assert problems and all(p.reason and p.code for p in problems)
    assert any(p.code == code and p.pointer.startswith(pointer) for p in problems), [str(p) for p in problems]
    # every problem is printable (messages go to terminals, logs and problem+json bodies)
    str(err.value).encode("utf-8")
    orjson.dumps([p.as_dict() for p in problems])


@pytest.fixture(scope="module")
def loaded(fresh_store):
    store = fresh_store()
    store.upsert(validate(county_world().doc(), store.kinds))
    return store, snapshot(store)


@given(corruptions())
def test_a_corrupt_document_writes_nothing(loaded, case):
    store, before = loaded
    with pytest.raises(InvalidData):
        ingest(store, json.dumps(case[0]).encode())
    assert snapshot(store) == before


def _raw_corruptions() -> st.SearchStrategy[tuple[bytes, str]]:
    valid = documents(max_entities=4, max_relations=4).map(lambda d: json.dumps(d, ensure_ascii=False).encode())

    @st.composite
    def broken(draw: st.DrawFn) -> tuple[bytes, str]:
        raw = draw(valid)
        how = draw(st.sampled_from(["bad-utf8", "truncated", "deep", "garbage", "duplicate-key", "not-object"]))
        if how == "bad-utf8":
            at = draw(st.integers(0, len(raw)))
            junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80"]))
            return raw[:at] + junk + raw[at:], "bad-encoding"
        if how == "truncated":
            at = draw(st.integers(0, len(raw) - 1))
            return raw[:at], ""  # malformed-json, or bad-encoding when cut inside a character
        if how == "deep":
            n = draw(st.integers(2000, 100_000))
            inner = draw(st.sampled_from([b"[", b'{"a":']))
            close = b"]" if inner == b"[" else b"}"
            return b'{"entities": [' + inner * n + b"1" + close * n + b"]}", "too-deep"
        if how == "garbage":
            return draw(st.binary(min_size=1, max_size=64).filter(lambda b: not _parses(b))), ""
        if how == "duplicate-key":
            return raw.replace(b'"safetykg": "1.0"', b'"safetykg": "1.0", "safetykg": "1.0"', 1), "duplicate-key"
        return draw(st.sampled_from([b"[]", b"1", b'"facts"', b"null", b"true"])), "not-an-object"

    return broken()


def _parses(raw: bytes) -> bool:
    try:
        json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return True


@given(_raw_corruptions())
def test_bytes_that_are_not_a_facts_document_write_nothing(loaded, case):
    raw, code = case
    store, before = loaded
    with pytest.raises(InvalidData) as err:
        ingest(store, raw)
    if code:
        assert code in {p.code for p in err.value.problems}
    assert snapshot(store) == before
