"""Injection through the store: every value reaching a query is a parameter, on both backends.

Hostile text in names, descriptions, aliases, quotes and ids (as far as the id pattern lets
it in) is stored and read back verbatim, and nothing else in the store changes; hostile
strings given as an id, a type or an accident to read, trace or delete find nothing and
change nothing.
"""

from __future__ import annotations

import pytest

from graph.store import Store
from graph.trace import trace
from ontology.errors import InvalidData, NotFound
from ontology.facts import canonical
from ontology.validation import validate
from world import county_world

# Cypher, SPARQL, SQL and shell payloads, quoting tricks and odd Unicode.
PAYLOADS = [
    "'}) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "x` {id:1}) DETACH DELETE n //",
    "`Fact`",
    "$(touch /tmp/pwned)",
    "${accident}",
    "$accident",
    "{id: 'acc/1'}",
    "MATCH (n) SET n.deaths = 0",
    "CALL dbms.killQueries([]) //",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "'; DROP TABLE facts; --",
    "') OR 1=1 --",
    "} ; DELETE WHERE { ?s ?p ?o } #",
    "> } INSERT DATA { <a> <b> <c> } #",
    "\" . ?s ?p ?o FILTER(true) } #",
    "<script>alert(1)</script>",
    "\\u0027 \\\" \\\\",
    "line\nbreak\r\ttab",
    "nul\u0000byte",
    "😀 emoji and 漢字 and \u202e RTL override",
    "\ufeffbom",
    "a" * 5000,
]

# Ids the id pattern admits that still look like query syntax.
ODD_IDS = ["acc/1:x", "n.id", "x//y", "n@x", "a-b.c:d@e/f", "b0:_", "Fact:Entity", "事故/一", "1.0e9", "null"]


def snapshot(store: Store) -> list[tuple[str, bytes]]:
    return sorted((f.id, canonical(f.as_json())) for f in list(store.entities()) + list(store.relations()))


@pytest.fixture
def county(store, load):
    load(store, county_world().doc())
    return store


def test_hostile_text_is_stored_verbatim_and_changes_nothing_else(county):
    before = snapshot(county)
    doc = {
        "entities": [
            {"id": "src/hostile", "type": "SourceDocument", "name": {"en": PAYLOADS[0]}, "title": PAYLOADS[1]},
            *(
                {"id": f"person/hostile-{i}", "type": "Person", "name": {"zh": p, "en": p}, "description": p,
                 "aliases": [p, p[::-1]], "sources": [{"source": "src/hostile", "quote": p, "locator": p}]}
                for i, p in enumerate(PAYLOADS)
            ),
        ],
        "relations": [
            {"id": f"rel/hostile-{i}", "type": "holds", "from": f"person/hostile-{i}", "to": "post/gov/area/county/safety",
             "valid_from": "2020-01-01", "sources": [{"source": "src/hostile", "quote": p}]}
            for i, p in enumerate(PAYLOADS)
        ],
    }
    batch = validate(doc, county.kinds)
    county.upsert(batch)
    for fact in batch.entities + batch.relations:
        assert county.get(fact.id) == fact
    after = snapshot(county)
    assert [f for f in after if not f[0].startswith(("person/hostile-", "rel/hostile-", "src/hostile"))] == before
    assert len(after) == len(before) + 1 + 2 * len(PAYLOADS)


def test_ids_that_look_like_query_syntax_are_ordinary_ids(county):
    before = snapshot(county)
    doc = {"entities": [{"id": i, "type": "Person", "name": {"en": i}} for i in ODD_IDS]}
    county.upsert(validate(doc, county.kinds))
    assert {i: county.get(i).name["en"] for i in ODD_IDS} == {i: i for i in ODD_IDS}
    assert county.kinds(ODD_IDS) == {i: ("entity", "Person") for i in ODD_IDS}
    assert len(snapshot(county)) == len(before) + len(ODD_IDS)


def test_hostile_lookups_find_nothing_and_change_nothing(county):
    before = snapshot(county)
    for payload in PAYLOADS + ["acc/1' OR '1'='1", "acc/1\u0000"]:
        assert county.get(payload) is None
        assert county.kinds([payload, "acc/1"]) == {"acc/1": ("entity", "Accident")}
        assert list(county.entities(payload)) == [] and list(county.relations(payload)) == []
        assert county.trace_context(payload).entities == {}
        with pytest.raises(NotFound):
            trace(county, payload)
        assert county.delete([payload]) == 0
    assert snapshot(county) == before


def test_hostile_ids_types_and_codes_are_refused_before_any_query(county):
    before = snapshot(county)
    for payload in PAYLOADS:
        _refused(county, payload)
    assert snapshot(county) == before


def _refused(county: Store, payload: str) -> None:
    bad = [
        {"entities": [{"id": payload, "type": "Person", "name": {"en": "x"}}]},
        {"entities": [{"id": "person/x", "type": payload, "name": {"en": "x"}}]},
        {"entities": [{"id": "post/x", "type": "Post", "name": {"en": "x"}, "role": payload}]},
        {"relations": [{"id": "rel/x", "type": payload, "from": "acc/1", "to": "acc/1"}]},
        {"relations": [{"id": "rel/x", "type": "holds", "from": payload, "to": "post/gov/area/county/safety"}]},
        {"entities": [{"id": "person/x", "type": "Person", "name": {"en": "x"}, payload: 1}]},
    ]
    for doc in bad:
        with pytest.raises(InvalidData):
            validate(doc, county.kinds)
