"""The append-only audit log: every write and every trace, who made it, when, on what, and how it ended.

Routes mark themselves audited through :class:`api.auth.Require` (``audit=`` the action
name) and may name their targets in ``request.state.audit_targets``; the middleware writes
one entry when the response starts, whatever its status. Key material is never logged:
only the key's public id, name and role.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .apidb import ApiDb

COLUMNS = ("seq", "at", "key_id", "key_name", "role", "action", "method", "path", "targets", "status", "outcome",
           "idempotency_key", "detail")


def outcome(status: int) -> str:
    if status < 400:
        return "ok"
    if status in (401, 403):
        return "denied"
    return "rejected" if status < 500 else "failed"


def record(db: ApiDb, *, action: str, method: str, path: str, status: int, principal: Any = None,
           targets: list[str] | None = None, idempotency_key: str | None = None, detail: str | None = None) -> None:
    db.execute(
        "INSERT INTO audit (at, key_id, key_name, role, action, method, path, targets, status, outcome, idempotency_key, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            getattr(principal, "id", None), getattr(principal, "name", None), getattr(principal, "role", None),
            action, method, path, json.dumps(targets or [], ensure_ascii=False), status, outcome(status),
            idempotency_key, detail,
        ),
    )


def entries(db: ApiDb, *, after: int = 0, limit: int = 100, key_id: str | None = None, action: str | None = None,
            target: str | None = None, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Audit entries in order, after sequence number ``after``."""
    where, params = ["seq > ?"], [after]
    for clause, value in (("key_id = ?", key_id), ("action = ?", action), ("at >= ?", since), ("at < ?", until)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if target is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(audit.targets) WHERE value = ?)")
        params.append(target)
    rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM audit WHERE {' AND '.join(where)} ORDER BY seq LIMIT ?",
                      (*params, limit))
    out = []
    for r in rows:
        e = dict(zip(COLUMNS, r))
        e["targets"] = json.loads(e["targets"])
        out.append(e)
    return out


class AuditMiddleware:
    """Writes the audit entry of an audited request once its response status is known."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        written = False

        async def sending(message: Message) -> None:
            nonlocal written
            if message["type"] == "http.response.start" and not written:
                written = True
                self._write(scope, state, message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            if not written:
                written = True
                self._write(scope, state, 500)
            raise

    def _write(self, scope: Scope, state: dict[str, Any], status: int) -> None:
        action = state.get("audit_action")
        if not action:
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        record(
            scope["app"].state.apidb, action=action, method=scope["method"], path=scope["path"], status=status,
            principal=state.get("principal"), targets=state.get("audit_targets"),
            idempotency_key=headers.get("idempotency-key"), detail=state.get("audit_detail"),
        )
