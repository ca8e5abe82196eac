"""The evidence subgraph of one trace: the facts the rules may look at, indexed for them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ontology.facts import Entity, Relation


@dataclass
class Subgraph:
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._out: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        self._in: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        for rel in self.relations.values():
            self._index(rel)

    def _index(self, rel: Relation) -> None:
        self._out[(rel.source, rel.type)].append(rel)
        self._in[(rel.target_node, rel.type)].append(rel)

    def out(self, node: str, rel_type: str, at: date | None = None) -> list[Relation]:
        """Relations of a type leaving a node (valid on ``at`` if given), in id order."""
        rels = self._out.get((node, rel_type), ())
        return sorted((r for r in rels if at is None or r.valid_on(at)), key=lambda r: r.id)

    def into(self, node: str, rel_type: str, at: date | None = None) -> list[Relation]:
        rels = self._in.get((node, rel_type), ())
        return sorted((r for r in rels if at is None or r.valid_on(at)), key=lambda r: r.id)

    def get(self, ident: str) -> Entity | None:
        return self.entities.get(ident)

    def fingerprint(self) -> tuple[frozenset[str], frozenset[str]]:
        """What was collected, for comparing backends."""
        return frozenset(self.entities), frozenset(self.relations)
