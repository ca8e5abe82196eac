"""The evidence subgraph of one trace: the facts the rules may look at, indexed for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ontology.facts import Entity, Relation


@dataclass
class Subgraph:
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        out: dict[tuple[str, str], list[Relation]] = {}
        into: dict[tuple[str, str], list[Relation]] = {}
        for rel in sorted(self.relations.values(), key=_by_id):  # each list in id order once, not per call
            key = (rel.source, rel.type)
            found = out.get(key)
            if found is None:
                out[key] = [rel]
            else:
                found.append(rel)
            key = (rel.target_node, rel.type)
            found = into.get(key)
            if found is None:
                into[key] = [rel]
            else:
                found.append(rel)
        self._out, self._in = out, into

    def out(self, node: str, rel_type: str, at: date | None = None) -> list[Relation]:
        """Relations of a type leaving a node (valid on ``at`` if given), in id order."""
        rels = self._out.get((node, rel_type), ())
        return list(rels) if at is None else [r for r in rels if r.valid_on(at)]

    def into(self, node: str, rel_type: str, at: date | None = None) -> list[Relation]:
        rels = self._in.get((node, rel_type), ())
        return list(rels) if at is None else [r for r in rels if r.valid_on(at)]

    def get(self, ident: str) -> Entity | None:
        return self.entities.get(ident)

    def fingerprint(self) -> tuple[frozenset[str], frozenset[str]]:
        """What was collected, for comparing backends."""
        return frozenset(self.entities), frozenset(self.relations)


def _by_id(rel: Relation) -> str:
    return rel.id
