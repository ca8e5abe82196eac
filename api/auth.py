"""API keys with roles, as FastAPI dependencies.

A key is ``skg_<id>_<secret>``; only its SHA-256 is stored (the secret is 256 random
bits, so a fast hash is enough). Roles are ordered: ``reader`` < ``investigator`` < ``admin``.
Clients send ``X-API-Key: <key>`` or ``Authorization: Bearer <key>``.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from fastapi import Request

from ontology.errors import NotFound, StoreUnavailable

from .apidb import ApiDb
from .problems import ApiProblem

ROLES = ("reader", "investigator", "admin")
PREFIX = "skg_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's public id, its name and role (never the key itself)."""

    id: str
    name: str
    role: str

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def create_key(db: ApiDb, name: str, role: str, created_by: str | None = None) -> tuple[dict[str, Any], str]:
    """A new key: its record, and the key itself (shown once, never stored)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    key_id = secrets.token_hex(6)
    token = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    db.execute(
        "INSERT INTO api_keys (id, name, role, hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (key_id, name, role, _hash(token), _now(), created_by),
    )
    return get_key(db, key_id), token


def get_key(db: ApiDb, key_id: str) -> dict[str, Any]:
    rows = db.execute("SELECT id, name, role, created_at, created_by, revoked_at FROM api_keys WHERE id = ?", (key_id,))
    if not rows:
        raise NotFound(f"no API key with id {key_id!r}")
    return _key_row(rows[0])


def list_keys(db: ApiDb, include_revoked: bool = True) -> list[dict[str, Any]]:
    rows = db.execute("SELECT id, name, role, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at, id")
    keys = [_key_row(r) for r in rows]
    return keys if include_revoked else [k for k in keys if not k["revoked_at"]]


def revoke_key(db: ApiDb, key_id: str) -> dict[str, Any]:
    get_key(db, key_id)
    db.execute("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?", (_now(), key_id))
    return get_key(db, key_id)


def active_admins(db: ApiDb) -> int:
    return db.execute("SELECT count(*) FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL")[0][0]


def count_keys(db: ApiDb) -> int:
    return db.execute("SELECT count(*) FROM api_keys")[0][0]


class KeyCache:
    """The active keys by hash, in memory; read again whenever the keys' change counter (kept by
    triggers on the keys table, so bumped by any process) has moved. A revocation takes effect
    with the next request."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout=10000")
        self._lock = threading.Lock()
        self._seen: int | None = None
        self._keys: dict[str, Principal] = {}
        self.reads = 0  # times the keys table was read

    def lookup(self, digest: str) -> Principal | None:
        with self._lock:
            try:
                changes = self._db.execute("SELECT value FROM api_meta WHERE name = 'keys'").fetchone()[0]
                if changes != self._seen:
                    rows = self._db.execute("SELECT id, name, role, hash FROM api_keys WHERE revoked_at IS NULL").fetchall()
                    self._keys = {h: Principal(i, n, r) for i, n, r, h in rows}
                    self._seen = changes
                    self.reads += 1
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"the API database at {self.path} failed: {exc}") from exc
            return self._keys.get(digest)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def key_cache(db: ApiDb) -> KeyCache:
    with db.lock:
        c = db.extras.get("keys")
        if c is None or c[0] != os.getpid():
            c = db.extras["keys"] = (os.getpid(), KeyCache(db.path))
        return c[1]


def authenticate(db: ApiDb, token: str) -> Principal | None:
    return key_cache(db).lookup(_hash(token))


def _key_row(r: tuple) -> dict[str, Any]:
    return dict(zip(("id", "name", "role", "created_at", "created_by", "revoked_at"), r))


def presented_key(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class Require:
    """Dependency: a valid key of at least ``role``; ``audit`` names the action to log, if any."""

    def __init__(self, role: str, audit: str | None = None):
        assert role in ROLES
        self.role = role
        self.audit = audit

    async def __call__(self, request: Request) -> Principal:  # on the event loop: a dict lookup and a one-row read
        if self.audit:
            request.state.audit_action = self.audit
        token = presented_key(request)
        challenge = {"WWW-Authenticate": 'Bearer realm="safetykg"'}
        if not token:
            raise ApiProblem(401, "no-key", "send an API key in the X-API-Key header (or Authorization: Bearer)", challenge)
        principal = authenticate(request.app.state.apidb, token)
        if principal is None:
            raise ApiProblem(401, "bad-key", "the API key is not valid (unknown or revoked)", challenge)
        request.state.principal = principal
        if not principal.may(self.role):
            raise ApiProblem(403, "forbidden", f"this needs the {self.role} role; the key {principal.name!r} has {principal.role}")
        return principal
