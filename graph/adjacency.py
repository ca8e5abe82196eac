"""Relations by node and type, in both directions: what the evidence plan walks.

networkx keeps a node's neighbours in one dict, so following the ``postIn`` relations of a
department meant scanning its thousands of ``inspectedBy`` relations too. This index goes
straight to the relations of one type at one node, so a step costs what it collects.
"""

from __future__ import annotations

from typing import Iterable

from ontology.facts import Relation

Index = dict[str, dict[str, list[Relation]]]


class Adjacency:
    __slots__ = ("out", "into", "selected", "generation")

    def __init__(self) -> None:
        # Counts changes, bumped before each one, so that a reader outside the store's lock
        # can tell whether what it read might have been changing under it.
        self.generation = 0
        self.out: Index = {}
        self.into: Index = {}
        # Results of selective plan steps at a node (the provincial government's 2,000 sub-units
        # filtered down to its ~30 mandated ones), kept until the relations change.
        self.selected: dict[tuple, list[Relation]] = {}

    def add(self, rel: Relation) -> None:
        self.add_all((rel,))

    def add_all(self, rels: Iterable[Relation]) -> None:
        self.generation += 1
        self.selected.clear()
        out, into = self.out, self.into
        for rel in rels:  # unrolled for both directions: this loop runs once per relation when a store opens
            rel_type = rel.type
            by_type = out.get(rel.source)
            if by_type is None:
                out[rel.source] = {rel_type: [rel]}
            else:
                found = by_type.get(rel_type)
                if found is None:
                    by_type[rel_type] = [rel]
                else:
                    found.append(rel)
            node = rel.target if rel.concept_scheme is None else rel.target_node
            by_type = into.get(node)
            if by_type is None:
                into[node] = {rel_type: [rel]}
            else:
                found = by_type.get(rel_type)
                if found is None:
                    by_type[rel_type] = [rel]
                else:
                    found.append(rel)

    def remove(self, rel: Relation) -> None:
        self.generation += 1
        self.selected.clear()
        for index, node in ((self.out, rel.source), (self.into, rel.target_node)):
            by_type = index.get(node, {})
            rels = by_type.get(rel.type, [])
            rels[:] = [r for r in rels if r.id != rel.id]
            if not rels:
                by_type.pop(rel.type, None)
                if not by_type:
                    index.pop(node, None)

    def has_out(self, node: str, types: tuple[str, ...]) -> bool:
        by_type = self.out.get(node)
        return by_type is not None and bool(by_type) and any(t in by_type for t in types)
