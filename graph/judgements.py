"""Who is who: judgements that two ids name the same entity (or not), and the canonical view.

Judgements are data kept beside the facts, never applied to them: undoing one restores the
view exactly. Ids judged the same form a cluster whose canonical id is the smallest id in
it; a read through :func:`canonicalise` sees one entity under that id, with the properties
of the canonical fact (gaps filled from the others, their names as aliases), the sources of all of them, and every
relation of every id re-pointed to it. For a pair judged both ways, the later judgement holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Iterable, Literal

from ontology.facts import Entity, Relation

from .subgraph import Subgraph

Verdict = Literal["same", "different"]
VERDICTS = ("same", "different")


@dataclass(frozen=True)
class Judgement:
    id: str
    a: str
    b: str
    verdict: str
    who: str
    at: str
    why: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def canonical_ids(judgements: Iterable[Judgement]) -> dict[str, str]:
    """Each id that a 'same' judgement in force joins to another, mapped to its canonical id."""
    latest: dict[frozenset[str], str] = {}
    for j in sorted(judgements, key=lambda j: int(j.id)):
        latest[frozenset((j.a, j.b))] = j.verdict
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair, verdict in sorted(latest.items(), key=lambda kv: sorted(kv[0])):
        if verdict == "same" and len(pair) == 2:
            a, b = sorted(pair)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def merge_entities(canonical: str, facts: list[Entity]) -> Entity:
    """One entity from the facts of a cluster: the canonical fact first, the others fill gaps."""
    facts = sorted(facts, key=lambda e: (e.id != canonical, e.id))
    props: dict = {}
    sources: list = []
    for e in facts:
        for k, v in e.props.items():
            props.setdefault(k, v)
        sources += [s for s in e.sources if s not in sources]
    names = set(props.get("name", {}).values())
    aliases = list(props.get("aliases", []))
    for e in facts[1:]:  # the other ids' names become aliases of the one entity
        aliases += [n for n in e.name.values() if n not in names and n not in aliases]
    if aliases:
        props["aliases"] = aliases
    return Entity(canonical, facts[0].type, props, tuple(sources))


def canonicalise(sub: Subgraph, mapping: dict[str, str]) -> Subgraph:
    """The subgraph as queries should see it: one entity per cluster of ids judged the same."""
    if not mapping:
        return sub
    clusters: dict[str, list[Entity]] = {}
    entities: dict[str, Entity] = {}
    for e in sub.entities.values():
        c = mapping.get(e.id)
        if c is None:
            entities[e.id] = e
        else:
            clusters.setdefault(c, []).append(e)
    for c, facts in clusters.items():
        entities[c] = merge_entities(c, facts)
    relations: dict[str, Relation] = {}
    for r in sub.relations.values():
        src = mapping.get(r.source, r.source)
        dst = r.target if r.concept_scheme else mapping.get(r.target, r.target)
        relations[r.id] = r if (src, dst) == (r.source, r.target) else replace(r, source=src, target=dst)
    sets = {k: {mapping.get(i, i) for i in v} for k, v in sub.sets.items()}
    return Subgraph(entities, relations, sets)
