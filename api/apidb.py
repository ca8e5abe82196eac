"""The API's own small database: keys (hashed), the append-only audit log, idempotency records.

It is a SQLite file beside the store (``<store>.api.db``) or wherever ``SAFETYKG_API_DB``
points; a Neo4j store keeps it in ``~/.local/share/safetykg/api.db``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from graph.store import DEFAULT_STORE, backend_for
from ontology.errors import StoreUnavailable

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('reader', 'investigator', 'admin')),
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    key_id          TEXT,
    key_name        TEXT,
    role            TEXT,
    action          TEXT NOT NULL,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    targets         TEXT NOT NULL,
    status          INTEGER NOT NULL,
    outcome         TEXT NOT NULL,
    idempotency_key TEXT,
    detail          TEXT
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS api_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO api_meta (name, value) VALUES ('keys', 0);
CREATE TRIGGER IF NOT EXISTS api_keys_added AFTER INSERT ON api_keys
    BEGIN UPDATE api_meta SET value = value + 1 WHERE name = 'keys'; END;
CREATE TRIGGER IF NOT EXISTS api_keys_changed AFTER UPDATE ON api_keys
    BEGIN UPDATE api_meta SET value = value + 1 WHERE name = 'keys'; END;
CREATE TRIGGER IF NOT EXISTS api_keys_removed AFTER DELETE ON api_keys
    BEGIN UPDATE api_meta SET value = value + 1 WHERE name = 'keys'; END;
CREATE TABLE IF NOT EXISTS idempotency (
    key       TEXT PRIMARY KEY,
    body_hash TEXT NOT NULL,
    key_id    TEXT,
    at        TEXT NOT NULL
);
"""


def default_path(store_uri: str) -> Path:
    """``SAFETYKG_API_DB``, else beside an embedded store, else the user's data folder."""
    if os.environ.get("SAFETYKG_API_DB"):
        return Path(os.environ["SAFETYKG_API_DB"])
    if not backend_for(store_uri).file:
        return DEFAULT_STORE.parent / "api.db"
    p = Path(store_uri)
    return p.with_name(p.name + ".api.db")


class ApiDb:
    """One SQLite connection, shared by the server's threads under a lock (the audit log's group
    writer and the key cache have connections of their own, in ``extras``)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.lock = threading.RLock()
        self.extras: dict[str, Any] = {}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA busy_timeout=10000")
            self.db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"cannot open the API database at {self.path}: {exc}") from exc
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass

    def execute(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self.lock:
            try:
                return self.db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"the API database at {self.path} failed: {exc}") from exc

    def close(self) -> None:
        with self.lock:
            for extra in self.extras.values():
                extra[1].close()
            self.extras.clear()
            self.db.close()
