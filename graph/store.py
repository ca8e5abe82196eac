"""The store interface every backend implements, and how a store URI picks a backend."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from ontology.facts import Batch, Entity, Relation

from .identity import Judgement
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


class Store(Protocol):
    """What safetykg needs of a backend. Every method is safe to call from several threads."""

    backend: str
    uri: str

    def upsert(
        self, batch: Batch, idempotency_key: str | None = None, progress: Callable[[int], None] | None = None
    ) -> WriteSummary: ...
    def delete(self, ids: list[str]) -> int: ...
    def kinds(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]: ...
    def get(self, ident: str) -> Entity | Relation | None: ...
    def entities(self, type_name: str | None = None) -> Iterator[Entity]: ...
    def relations(self, type_name: str | None = None) -> Iterator[Relation]: ...
    def counts(self) -> dict[str, int]: ...
    def trace_context(self, accident_id: str) -> Subgraph: ...
    def judge(self, a: str, b: str, verdict: str, who: str, why: str) -> Judgement: ...
    def judgements(self) -> list[Judgement]: ...
    def undo_judgement(self, judgement_id: str) -> None: ...
    def close(self) -> None: ...


def default_uri() -> str:
    return os.environ.get("SAFETYKG_STORE") or str(DEFAULT_STORE)


def open_store(uri: str | None = None) -> Store:
    """Open the store a URI names: a file path (embedded) or ``neo4j://``/``bolt://`` (Neo4j)."""
    uri = uri or default_uri()
    if uri.startswith(NEO4J_SCHEMES):
        from .neo4j_store import Neo4jStore

        return Neo4jStore.from_uri(uri)
    from .embedded import EmbeddedStore

    return EmbeddedStore(uri)
