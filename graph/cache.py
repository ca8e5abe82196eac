"""The one cache of values derived from a store: kept while the store's version holds.

:class:`ByVersion` holds the values of one version (a new version empties it), least recently
used first out when a size bound is given. A value is kept only if the version it was
computed under (read *before* computing it) is still the current one, so a cached value is
never older than its version. :func:`derived` gives each store one such cache for whole-graph
results (the RDF view, every accident's findings, analytics); the HTTP API keeps its own
instance for encoded answers (``api.answers``).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any, Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class ByVersion(Generic[V]):
    """Values by key for one version; ``max_size`` (in ``size`` units, e.g. bytes) bounds it."""

    def __init__(self, max_size: float | None = None, size: Callable[[V], int] | None = None):
        self.max_size = max_size
        self._size = size or (lambda _: 1)
        self.version: Hashable = None
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, version: Hashable) -> V | None:
        with self._lock:
            if version != self.version:
                self._reset(version)
            hit = self._items.get(key)
            if hit is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return hit

    def put(self, key: Hashable, version: Hashable, value: V) -> None:
        """Keep ``value`` if ``version`` (read before it was computed) is still the current one."""
        size = self._size(value)
        if self.max_size is not None and size > self.max_size:
            return
        with self._lock:
            if version != self.version:
                return
            old = self._items.pop(key, None)
            if old is not None:
                self._used -= self._size(old)
            self._items[key] = value
            self._used += size
            while self.max_size is not None and self._used > self.max_size:
                _, gone = self._items.popitem(last=False)
                self._used -= self._size(gone)

    def compute(self, key: Hashable, version: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key`` at ``version``, made (outside the lock) if it is not kept."""
        hit = self.get(key, version)
        if hit is None:
            hit = make()
            self.put(key, version, hit)
        return hit

    def clear(self) -> None:
        with self._lock:
            self._reset(None)

    def _reset(self, version: Hashable) -> None:
        self._items.clear()
        self._used = 0
        self.version = version

    def __len__(self) -> int:
        return len(self._items)


_stores: weakref.WeakKeyDictionary[Any, ByVersion[Any]] = weakref.WeakKeyDictionary()
_stores_lock = threading.Lock()


def derived(store: Any, key: Hashable, make: Callable[[], V]) -> V:
    """A whole-graph result of a store, computed once per version of the store."""
    with _stores_lock:
        cache = _stores.get(store)
        if cache is None:
            cache = _stores[store] = ByVersion(max_size=64)
    result: V = cache.compute(key, store.version(), make)
    return result
