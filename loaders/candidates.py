"""Likely duplicates for review: people and organisations that may be one under two ids.

A pair is a candidate when the two share a Chinese name, a name in pinyin (a Chinese name
read as pinyin equals the other's Chinese or English name), a unified social credit code,
or — for people — a post held over overlapping dates. Pairs already judged (same or
different) are left out. Names are compared with spaces, hyphens and case removed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from pypinyin import lazy_pinyin

from graph.judgements import VERDICTS, Judgement, canonical_ids
from graph.store import Store
from ontology.errors import InvalidData, NotFound, Problem
from ontology.facts import Entity, Relation
from ontology.model import model

_PUNCT = re.compile(r"[\s\-·•.'’()（）]+")
MAX_GROUP = 50  # a key shared by more entities than this is too common to suggest pairs


@dataclass
class Candidate:
    a: str
    b: str
    type: str
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "type": self.type, "reasons": self.reasons}


def plain(text: str) -> str:
    return _PUNCT.sub("", text).lower()


def pinyin(text: str) -> str:
    """A Chinese name in toneless pinyin, run together: 孙浩 -> sunhao."""
    return plain("".join(lazy_pinyin(text)))


def _keys(e: Entity) -> list[tuple[str, str]]:
    keys = []
    zh, en = e.name.get("zh"), e.name.get("en")
    if zh:
        keys.append(("same Chinese name", plain(zh)))
        keys.append(("same name in pinyin", pinyin(zh)))
    if en:
        keys.append(("same name in pinyin", plain(en)))
    code = e.props.get("credit_code")
    if code:
        keys.append(("same unified social credit code", code.strip().upper()))
    return keys


def _overlap(a: Relation, b: Relation) -> bool:
    lo = max(a.valid_from or date.min, b.valid_from or date.min)
    hi = min(a.valid_to or date.max, b.valid_to or date.max)
    return lo < hi


def candidates(store: Store) -> list[Candidate]:  # noqa: C901
    """Candidate pairs, most reasons first."""
    m = model()
    kinds = [t for t in m.concrete_types() if t == "Person" or m.is_a(t, "Organization")]
    judged = store.judgements()
    decided = {frozenset((j.a, j.b)) for j in judged}
    merged = canonical_ids(judged)
    found: dict[tuple[str, str], Candidate] = {}

    def add(a: str, b: str, type_name: str, reason: str) -> None:
        a, b = sorted((a, b))
        if a == b or frozenset((a, b)) in decided or (a in merged and merged.get(a) == merged.get(b)):
            return
        c = found.setdefault((a, b), Candidate(a, b, type_name))
        if reason not in c.reasons:
            c.reasons.append(reason)

    for type_name in kinds:
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for e in store.entities(type_name):
            for key in set(_keys(e)):
                groups[key].append(e.id)
        for (reason, value), ids in sorted(groups.items()):
            if 1 < len(ids) <= MAX_GROUP:
                for a, b in combinations(sorted(set(ids)), 2):
                    add(a, b, type_name, f"{reason} ({value})")
    holders: dict[str, list[Relation]] = defaultdict(list)
    for r in store.relations("holds"):
        holders[r.target].append(r)
    for post, rels in sorted(holders.items()):
        for x, y in combinations(sorted(rels, key=lambda r: r.id), 2):
            if x.source != y.source and _overlap(x, y):
                add(x.source, y.source, "Person", f"both hold {post} over overlapping dates ({x.id}, {y.id})")
    return sorted(found.values(), key=lambda c: (-len(c.reasons), c.a, c.b))


def sources_of(store: Store, fact_id: str) -> list[dict[str, Any]]:
    """The source documents a fact cites: title, publisher, date, URL or archive id, quoted span."""
    fact = store.get(fact_id)
    if fact is None:
        raise NotFound(f"no fact {fact_id!r} in the store")
    rows = []
    for ref in fact.sources:
        doc = store.get(ref.source)
        props = doc.props if isinstance(doc, Entity) else {}
        rows.append({"source": ref.source, "title": props.get("title"), "publisher": props.get("publisher"),
                     "issued_on": props.get("issued_on"), "url": props.get("url"), "archive_id": props.get("archive_id"),
                     "quote": ref.quote, "locator": ref.locator})
    return rows


def judge(store: Store, a: str, b: str, verdict: str, who: str, why: str) -> Judgement:
    """Record a same/different judgement after checking it: two different ids of entities of one type."""
    problems = []
    if verdict not in VERDICTS:
        problems.append(Problem("/verdict", "verdict", f"one of {', '.join(VERDICTS)}, not {verdict!r}", "bad-verdict"))
    if verdict == "same" and not why.strip():
        problems.append(Problem("/why", "why", "say what shows the two are one", "missing-why"))
    if a == b:
        problems.append(Problem("/b", "b", "an id is always the same as itself", "same-id"))
    facts = {}
    for field_name, ident in (("a", a), ("b", b)):
        fact = store.get(ident)
        if isinstance(fact, Entity):
            facts[field_name] = fact
        else:
            problems.append(Problem(f"/{field_name}", field_name, f"no entity {ident!r} in the store", "unknown-entity"))
    if len(facts) == 2 and facts["a"].type != facts["b"].type:
        problems.append(Problem("/b", "b", f"{a} and {b} are of different types ({facts['a'].type}, {facts['b'].type})", "type-mismatch"))
    if problems:
        raise InvalidData("judgement refused", problems)
    return store.judge(a, b, verdict, who, why)
