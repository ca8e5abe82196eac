"""Hypothesis strategies for facts documents, derived from the ontology (no type names here).

``documents()`` draws valid facts documents: entities of every concrete type with their
required properties and some optional ones, relations whose endpoints fit the relation's
domain and range (or a code of its scheme), validity dates in order, citations of source
documents in the same batch. ``corruptions()`` draws one way to break a valid document and
the problem code validation must answer with.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any, Callable

from hypothesis import strategies as st

from ontology.facts import CONCEPT_PREFIX
from ontology.model import Model, Property, model
from ontology.validation import DATE_ORDER, EARLIEST, ID_PATTERN, LATEST, MAX_TEXT

M: Model = model()
# Optional dates that rules order against each other are left out of valid documents
# (they get their own tests); required dates are always drawn.
ORDERED_DATES = {d for pair in DATE_ORDER for d in pair} | {"established_on", "dissolved_on"}

ids = st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: not s.startswith(CONCEPT_PREFIX))
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=24).filter(
    lambda s: s.strip() != ""
)
days = st.dates(EARLIEST, LATEST)


def concept_codes(schemes: tuple[str, ...]) -> list[str]:
    return sorted(c for s in schemes for c in M.schemes[s])


def value_of(prop: Property) -> st.SearchStrategy[Any]:
    kind = prop.datatype
    if kind == "text":
        one = st.dictionaries(st.sampled_from(["zh", "en", "zh-Hans", "fr"]), words, min_size=1, max_size=3)
        scalar = one.filter(lambda d: bool({"zh", "en"} & set(d))) if prop.key == "name" else one
    elif kind == "string":
        scalar = words
    elif kind == "uri":
        scalar = st.from_regex(r"https://example\.org/[a-z0-9/]{1,20}", fullmatch=True)
    elif kind == "date":
        scalar = days.map(date.isoformat)
    elif kind == "count":
        scalar = st.integers(0, 10**6)
    elif kind == "integer":
        scalar = st.integers(-(10**9), 10**9)
    elif kind == "decimal":
        scalar = st.one_of(st.integers(0, 10**9), st.floats(0, 1e12, allow_nan=False, allow_infinity=False))
    elif kind == "boolean":
        scalar = st.booleans()
    elif kind == "concept":
        scalar = st.sampled_from(concept_codes(prop.schemes))
    else:  # pragma: no cover - a new datatype needs a generator
        raise AssertionError(kind)
    return st.lists(scalar, max_size=3) if prop.multiple else scalar


@st.composite
def props_of(draw: st.DrawFn, declared: dict[str, Property]) -> dict[str, Any]:
    out = {}
    for key, prop in sorted(declared.items()):
        if prop.required or (prop.datatype != "date" or key not in ORDERED_DATES) and draw(st.booleans()):
            out[key] = draw(value_of(prop))
    return out


@st.composite
def documents(draw: st.DrawFn, max_entities: int = 8, max_relations: int = 8) -> dict[str, Any]:
    """A valid facts document of fresh ids."""
    concrete = sorted(M.concrete_types())
    n = draw(st.integers(1, max_entities))
    k = draw(st.integers(0, max_relations))
    all_ids = draw(st.lists(ids, min_size=n + k, max_size=n + k, unique=True))
    entities = []
    for ident in all_ids[:n]:
        type_name = draw(st.sampled_from(concrete))
        entities.append({"id": ident, "type": type_name, **draw(props_of(M.types[type_name].properties))})
    sources = [e["id"] for e in entities if e["type"] == "SourceDocument"]
    for e in entities:
        if sources and draw(st.booleans()):
            e["sources"] = draw(st.lists(st.sampled_from(sources), min_size=1, max_size=2, unique=True))
    relations = []
    for ident in all_ids[n:]:
        choices = [
            (name, r) for name, r in sorted(M.relations.items())
            if any(M.matches(e["type"], r.domain) for e in entities)
            and (r.schemes or any(M.matches(e["type"], r.range) for e in entities))
        ]
        if not choices:
            break
        name, rtype = draw(st.sampled_from(choices))
        frm = draw(st.sampled_from([e["id"] for e in entities if M.matches(e["type"], rtype.domain)]))
        if rtype.schemes:
            to = draw(st.sampled_from(concept_codes(rtype.schemes)))
        else:
            to = draw(st.sampled_from([e["id"] for e in entities if M.matches(e["type"], rtype.range)]))
        rel: dict[str, Any] = {"id": ident, "type": name, "from": frm, "to": to, **draw(props_of(rtype.properties))}
        if rtype.temporal and draw(st.booleans()):
            start, end = sorted(draw(st.lists(days, min_size=2, max_size=2, unique=True)))
            rel["valid_from"] = start.isoformat()
            if draw(st.booleans()):
                rel["valid_to"] = end.isoformat()
        if sources and draw(st.booleans()):
            rel["sources"] = [{"source": draw(st.sampled_from(sources)), "quote": draw(words)}]
        relations.append(rel)
    return {"safetykg": "1.0", "entities": entities, "relations": relations}


# --- corruptions -----------------------------------------------------------------------
# Each draws (document, code, pointer prefix): the broken document, the problem code
# validation must report, and where (the start of the JSON pointer).

Corruption = tuple[dict[str, Any], str, str]

odd_ids = st.one_of(
    st.sampled_from(["", " ", "concept:industry/mining", "a b", "-lead", "/root", "x" * 201, "a\nb", "a\u0000b",
                     "'}) DETACH DELETE n //", "a`b", "$(rm -rf /)", "<script>", "a\\b", "a#b", "a?b", "é/1"]),
    st.text(max_size=40).filter(lambda s: s.strip() == s and not __import__("re").match(ID_PATTERN, s)),
    st.integers(), st.none(), st.lists(st.integers(), max_size=2),
)
far_dates = st.one_of(
    st.sampled_from(["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31", "2024-02-30", "2023-02-29",
                     "2024-13-01", "24-01-01", "2024/01/01", "2024-1-1", "20240101", "2024-01-01T00:00:00", ""]),
    st.dates(date(1, 1, 1), date(1899, 12, 31)).map(date.isoformat),
    st.dates(date(2101, 1, 1), date(9999, 12, 31)).map(date.isoformat),
    st.integers(), st.booleans(),
)


def wrong_value(prop: Property) -> st.SearchStrategy[Any]:
    """A value of the wrong JSON type (or out of range) for a property."""
    kind = prop.datatype
    if prop.multiple:
        return st.sampled_from(["not-a-list", 1, {"a": 1}])
    bad: dict[str, list[Any]] = {
        "text": ["plain string", 1, [], {}, {"en": ""}, {"en": 1}, {"EN GLISH": "x"}, {"en": "x" * (MAX_TEXT + 1)}],
        "string": [1, True, None, [], {}, "", "   ", "x" * (MAX_TEXT + 1)],
        "uri": ["not a uri", "example.org/x", 1, "", "http:// space"],
        "date": ["yesterday", 20240101, "1899-12-31", "2101-01-01", "2024-02-30"],
        "count": [-1, 1.5, "3", True, None, [3]],
        "integer": [1.5, "3", True, None],
        "decimal": [-1, "1e3", True, None, [1]],
        "boolean": ["yes", 1, 0, None, "true"],
        "concept": ["no-such-code", 1, None, "", "Mining"],
    }
    return st.sampled_from(bad[kind])


def _entity_with(doc: dict[str, Any], pred: Callable[[dict[str, Any]], bool]) -> list[int]:
    return [i for i, e in enumerate(doc["entities"]) if pred(e)]


@st.composite
def corruptions(draw: st.DrawFn) -> Corruption:
    doc = copy.deepcopy(draw(documents(max_entities=5, max_relations=5)))
    ents = doc["entities"]
    how = draw(st.sampled_from(["odd-id", "far-date", "wrong-type", "unknown-code", "missing", "duplicate",
                                "unknown-type", "unknown-property", "huge-string", "not-an-object", "surrogate"]))
    i = draw(st.integers(0, len(ents) - 1))
    e = ents[i]
    declared = M.types[e["type"]].properties
    if how == "odd-id":
        e["id"] = draw(odd_ids)
        return doc, "bad-id", f"/entities/{i}/id"
    if how == "far-date":
        dated = [(j, k) for j, x in enumerate(ents) for k, p in M.types[x["type"]].properties.items() if p.datatype == "date"]
        rels = [j for j, r in enumerate(doc["relations"]) if M.relations[r["type"]].temporal]
        options = [("e", j, k) for j, k in dated] + [("r", j, "valid_from") for j in rels]
        if not options:
            doc["entities"].append({"id": "acc/far", "type": "Accident", **draw(props_of(M.types["Accident"].properties))})
            options = [("e", len(ents) - 1, "occurred_on")]
        where, j, key = draw(st.sampled_from(options))
        (ents if where == "e" else doc["relations"])[j][key] = draw(far_dates)
        return doc, "bad-date", f"/{'entities' if where == 'e' else 'relations'}/{j}/{key}"
    if how == "wrong-type":
        key = draw(st.sampled_from(sorted(declared)))
        e[key] = draw(wrong_value(declared[key]))
        codes = {"concept": "unknown-code", "date": "bad-date"}
        code = "wrong-type" if declared[key].multiple else codes.get(declared[key].datatype, "wrong-type")
        return doc, code, f"/entities/{i}/{key}"
    if how == "unknown-code":
        coded = [(j, k) for j, x in enumerate(ents) for k, p in M.types[x["type"]].properties.items()
                 if p.datatype == "concept" and not p.multiple]
        if not coded:
            return draw(corruptions())
        j, key = draw(st.sampled_from(coded))
        ents[j][key] = draw(st.text(min_size=1, max_size=20).filter(lambda s: M.find_concept(M.types[ents[j]["type"]].properties[key].schemes, s) is None))
        return doc, "unknown-code", f"/entities/{j}/{key}"
    if how == "missing":
        required = sorted(k for k, p in declared.items() if p.required)
        key = draw(st.sampled_from(required))
        del e[key]
        return doc, "required", f"/entities/{i}/{key}"
    if how == "duplicate":
        ents.append(copy.deepcopy(e))
        return doc, "duplicate-id", f"/entities/{len(ents) - 1}/id"
    if how == "unknown-type":
        e["type"] = draw(st.one_of(st.sampled_from(["Entity", "Organization", "person", "Accidents", ""]), st.integers()))
        return doc, "unknown-type", f"/entities/{i}/type"
    if how == "unknown-property":
        key = draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in declared and k not in ("id", "type", "sources")))
        e[key] = draw(st.one_of(st.integers(), words))
        return doc, "unknown-property", f"/entities/{i}/"
    if how == "huge-string":
        e["name"] = {"en": "名" * (MAX_TEXT + 1)}
        return doc, "wrong-type", f"/entities/{i}/name"
    if how == "not-an-object":
        ents[i] = draw(st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2), st.none()))
        return doc, "not-an-object", f"/entities/{i}"
    # a lone surrogate, as a JSON \\ud800 escape decodes to
    e["description"] = "evidence \ud800 here"
    return doc, "bad-text", f"/entities/{i}/description"
