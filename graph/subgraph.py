"""The evidence subgraph of one trace: the facts the rules may look at, indexed for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ontology.facts import Entity, Relation

from .adjacency import Adjacency


@dataclass
class Subgraph:
    """The collected facts. ``index`` may be the store's own adjacency, lent by the embedded
    engine so that a trace does not re-index the ~2,000 facts it collected: lookups keep only
    the very relation objects collected here. Should the store change after collection (its
    adjacency's generation moves on), the subgraph indexes its own facts instead, so a write
    never changes what the rules of a trace already collected see."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)
    index: Adjacency | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._lent = self.index is not None
        if self.index is None:
            self._own_index()
        self._generation = self.index.generation  # type: ignore[union-attr]
        self._seen: dict[tuple[bool, str, str], list[Relation]] = {}

    def out(self, node: str, rel_type: str, at: date | None = None) -> list[Relation]:
        """Relations of a type leaving a node (valid on ``at`` if given), in id order."""
        return self._lookup(True, node, rel_type, at)

    def into(self, node: str, rel_type: str, at: date | None = None) -> list[Relation]:
        return self._lookup(False, node, rel_type, at)

    def _lookup(self, out: bool, node: str, rel_type: str, at: date | None) -> list[Relation]:
        key = (out, node, rel_type)
        rels = self._seen.get(key)
        if rels is None:
            rels = self._read(out, node, rel_type)
            if self._lent and self.index.generation != self._generation:  # type: ignore[union-attr]
                self._own_index()  # the store changed since collection (or while we read)
                rels = self._read(out, node, rel_type)
            self._seen[key] = rels
        return list(rels) if at is None else [r for r in rels if r.valid_on(at)]

    def _read(self, out: bool, node: str, rel_type: str) -> list[Relation]:
        by_type = (self.index.out if out else self.index.into).get(node)  # type: ignore[union-attr]
        held = by_type.get(rel_type, ()) if by_type else ()
        mine = self.relations
        return sorted((r for r in held if mine.get(r.id) is r), key=_by_id)  # type: ignore[misc]

    def _own_index(self) -> None:
        self.index = Adjacency()
        self.index.add_all(self.relations.values())
        self._lent = False

    def get(self, ident: str) -> Entity | None:
        return self.entities.get(ident)

    def fingerprint(self) -> tuple[frozenset[str], frozenset[str]]:
        """What was collected, for comparing backends."""
        return frozenset(self.entities), frozenset(self.relations)


def _by_id(rel: Relation) -> str:
    return rel.id
