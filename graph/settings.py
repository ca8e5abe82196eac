"""The settings of a safetykg process, read once from the environment (``SAFETYKG_*``) at an entry
point (the CLI, the server) and passed down from there; nothing else reads the environment.

A setting that does not parse is a clear error naming the variable, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ontology.errors import InvalidData, Problem

DEFAULT_STORE = Path.home() / ".local" / "share" / "safetykg" / "store.db"
PREFIX = "SAFETYKG_"


class Settings(BaseSettings):
    """Every setting, with its environment variable (``SAFETYKG_`` + the name in capitals)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True, env_ignore_empty=True)

    store: str | None = None  # a file path (embedded) or neo4j://, bolt:// (default: DEFAULT_STORE)
    api_db: Path | None = None  # the API's keys and audit (default: beside an embedded store)
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str | None = None
    neo4j_retry_seconds: float = 3.0  # how long a transiently failed Neo4j transaction is retried
    max_body: int = 16 * 1024 * 1024  # bytes of a request body
    query_timeout: float = 10.0  # seconds an analyst query (SPARQL, Cypher) may run
    query_rows: int = 10_000  # rows an analyst query may return
    query_bytes: int = 16 * 1024 * 1024  # JSON bytes an analyst query may return
    answer_cache_mib: float = 256  # traces and timelines kept, encoded, by data version
    version_ttl: float = 1.0  # Neo4j: seconds a data version read from the server is trusted
    analytics_timeout: float = 60.0  # seconds a whole-graph analysis may run
    analytics_work: float = 5e7  # steps a centrality may take (betweenness: nodes x (nodes + edges))
    audit_linger_ms: float = 0  # how long the audit writer waits to group entries

    @classmethod
    def load(cls, **given: Any) -> Settings:
        """The settings from the environment, with ``given`` (e.g. command-line options) over them."""
        try:
            return cls(**{k: v for k, v in given.items() if v is not None})
        except ValidationError as exc:
            problems = [Problem("", PREFIX + str(e["loc"][0]).upper() if e.get("loc") else None, e["msg"], "bad-setting")
                        for e in exc.errors()]
            raise InvalidData("a setting does not parse", problems) from None

    @property
    def store_uri(self) -> str:
        return self.store or str(DEFAULT_STORE)

    def environment(self) -> dict[str, str]:
        """The settings as environment variables (for worker processes that must read them again)."""
        out = {}
        for name, value in self.model_dump().items():
            if value is None:
                continue
            out[PREFIX + name.upper()] = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        return out
