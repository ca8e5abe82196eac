"""The versioned read view of a store: the whole graph (``graph.factgraph``) as of one committed
position, frozen, shared by every reader and read without any lock of the store.

Every backend keeps one :class:`Views` and gives it a change feed: where the store is now
(``position()``) and what was written and deleted since a position (``changes(since)``).
A new view is made from the last one by applying only the changes (the last one is left
intact for whoever still reads it), so a long analysis on one view neither blocks writers
nor sees half of a later batch. Only one view is built at a time; readers wait for that
build, never for a writer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Hashable

import networkx as nx

from ontology.facts import Entity, Relation

from .factgraph import absent, advance, build


@dataclass(frozen=True)
class Changes:
    """What a store's change feed says happened since a position."""

    position: Hashable  # where the store is now
    facts: list[Entity | Relation] = field(default_factory=list)  # written since (every fact when ``full``)
    gone: list[str] = field(default_factory=list)  # ids deleted since
    present: set[str] | None = None  # or: every id still held, when the feed cannot list the deleted ones
    full: bool = False  # ``facts`` is the whole store (first view, or the store was wiped and refilled since)


@dataclass(frozen=True)
class ReadView:
    """The graph as of ``position``; frozen (networkx refuses changes to it)."""

    graph: nx.MultiDiGraph
    position: Hashable


class Views:
    """The read views of one store: the last one kept, advanced by the store's change feed."""

    def __init__(self, position: Callable[[], Hashable], changes: Callable[[Hashable | None], Changes]):
        self._position = position
        self._changes = changes
        self._last: ReadView | None = None
        self._building = threading.Lock()

    def current(self) -> ReadView:
        """A view at least as new as the last write committed before the call."""
        now = self._position()
        last = self._last
        if last is not None and last.position == now:
            return last
        with self._building:
            last = self._last
            if last is not None and last.position == self._position():
                return last  # built by another reader meanwhile
            ch = self._changes(last.position if last is not None else None)
            if last is not None and not ch.full and ch.position == last.position:
                return last
            if ch.full or last is None:
                g = build([f for f in ch.facts if type(f) is Entity], [f for f in ch.facts if type(f) is Relation])
            else:
                gone = list(ch.gone) + (absent(last.graph, ch.present) if ch.present is not None else [])
                g = advance(last.graph, ch.facts, gone)
            view = ReadView(nx.freeze(g), ch.position)
            self._last = view
            return view

    def forget(self) -> None:
        """Drop the kept view (the store was closed or wiped)."""
        with self._building:
            self._last = None
