"""The store interface every backend implements, what each backend declares it can do, and
the registry by which a store URI picks a backend.

A backend is one module holding a class that satisfies :class:`Store`, plus one line in
:data:`BACKENDS` (or a :func:`register_backend` call). Nothing outside a backend's module
looks inside it: what differs between backends is declared in :class:`Capabilities` and
reached through the methods below.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Iterator, Protocol

from ontology.facts import Batch, Entity, Relation

from .judgements import Judgement
from .readview import ReadView
from .subgraph import Subgraph

DEFAULT_STORE = Path.home() / ".local" / "share" / "safetykg" / "store.db"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


@dataclass(frozen=True)
class WriteSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    tx: int = 0
    replayed: bool = False  # an earlier write under the same idempotency key, returned again

    def as_dict(self) -> dict[str, int | bool]:
        out = asdict(self)
        out.pop("replayed")
        return out


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do beyond the common interface, declared rather than guessed.

    ``snapshot``: :meth:`Store.snapshot` writes a file that makes the next open faster.
    ``query_language``: the native query language :meth:`Store.query` runs (None: none).
    ``wipe``: :meth:`Store.wipe` empties the store (tests, ``copy`` into an empty database).
    ``remote``: the data lives on a server: reads and :meth:`Store.version` cost round trips,
    so callers may trust a version for a moment and run more reads at once.
    ``file``: the store is a file on this machine (other files, like the API database, go beside it).
    """

    snapshot: bool = False
    query_language: str | None = None
    wipe: bool = True
    remote: bool = False
    file: bool = False


class Store(Protocol):
    """What safetykg needs of a backend. Every method is safe to call from several threads."""

    backend: str
    uri: str
    capabilities: Capabilities

    def upsert(
        self, batch: Batch, idempotency_key: str | None = None, progress: Callable[[int], None] | None = None
    ) -> WriteSummary:
        """Write a validated batch, all or nothing; the same batch again changes nothing."""
        ...

    def delete(self, ids: list[str]) -> int:
        """Delete facts by id, all or nothing (Conflict if a relation still needs an entity)."""
        ...

    def kinds(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """What the store holds under these ids: id -> (entity|relation, type)."""
        ...

    def get(self, ident: str) -> Entity | Relation | None: ...
    def entities(self, type_name: str | None = None) -> Iterator[Entity]:
        """The entities (of one type), in id order."""
        ...

    def relations(self, type_name: str | None = None) -> Iterator[Relation]:
        """The relations (of one type), in id order."""
        ...

    def counts(self) -> dict[str, int]: ...
    def trace_context(self, accident_id: str) -> Subgraph:
        """The evidence subgraph of an accident (the plan of ``graph.plan``), through the judgements in force."""
        ...

    def judge(self, a: str, b: str, verdict: str, who: str, why: str) -> Judgement: ...
    def judgements(self) -> list[Judgement]: ...
    def undo_judgement(self, judgement_id: str) -> None: ...

    def version(self) -> Hashable:
        """A token that changes with every committed write, delete and identity judgement (by any
        process); equal tokens mean equal data. Cheap unless ``capabilities.remote``."""
        ...

    def view(self) -> ReadView:
        """The whole graph as of one committed version, read-only and shared: reading it takes no
        lock of the store, so a long analysis neither blocks nor is disturbed by writes."""
        ...

    def wipe(self) -> None:
        """Delete everything (``capabilities.wipe``; NotSupported otherwise)."""
        ...

    def snapshot(self) -> dict[str, Any]:
        """Write what makes the next open faster (``capabilities.snapshot``; NotSupported otherwise)."""
        ...

    def query(self, text: str, parameters: dict[str, Any], timeout_s: float, limit: int, max_bytes: int) -> dict[str, Any]:
        """Run a read-only query in ``capabilities.query_language`` (NotSupported when None):
        at most ``limit`` rows and about ``max_bytes`` of JSON (``truncated`` says when more existed)."""
        ...

    def close(self) -> None: ...


# --- the registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """A backend: the URIs it takes and where its opener is (``module:attribute``, imported on use)."""

    name: str
    prefixes: tuple[str, ...]  # empty: any URI no other backend takes (a file path)
    opener: str
    file: bool = False

    def accepts(self, uri: str) -> bool:
        return uri.startswith(self.prefixes) if self.prefixes else True

    def open(self, uri: str) -> Store:
        module, _, attr = self.opener.partition(":")
        target: Any = importlib.import_module(module)
        for part in attr.split("."):
            target = getattr(target, part)
        store: Store = target(uri)
        return store


BACKENDS: list[Backend] = [
    Backend("neo4j", NEO4J_SCHEMES, "graph.neo4j_store:Neo4jStore.from_uri"),
    Backend("embedded", (), "graph.embedded:EmbeddedStore", file=True),  # the fallback: keep it last
]


def register_backend(backend: Backend) -> None:
    """Add a backend, tried before the built-in ones (a backend kept outside this package, e.g. in tests)."""
    BACKENDS[:] = [b for b in BACKENDS if b.name != backend.name]
    BACKENDS.insert(0, backend)


def backend_for(uri: str) -> Backend:
    """The backend that takes a store URI."""
    return next(b for b in BACKENDS if b.accepts(uri))


def default_uri() -> str:
    return os.environ.get("SAFETYKG_STORE") or str(DEFAULT_STORE)


def open_store(uri: str | None = None) -> Store:
    """Open the store a URI names: a file path (embedded), ``neo4j://``/``bolt://`` (Neo4j), or
    what a registered backend takes."""
    uri = uri or default_uri()
    return backend_for(uri).open(uri)
