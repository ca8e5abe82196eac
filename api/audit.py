"""The append-only audit log: every write and every trace, who made it, when, on what, and how it ended.

Routes mark themselves audited through :class:`api.auth.Require` (``audit=`` the action
name) and may name their targets in ``request.state.audit_targets``; the middleware writes
one entry when the response starts, whatever its status, and holds the response back until
that entry is committed (``synchronous=FULL``): nothing is answered that is not audited. The
entries are committed by one writer thread in groups (all that arrived while the previous
group was being committed, one transaction and one fsync for them), so a busy server does not
pay one fsync per trace. If the entry cannot be committed the client gets 503, not the answer.
Key material is never logged: only the key's public id, name and role.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import sqlite3
import threading
import time
from concurrent.futures import Future
from datetime import datetime, timezone
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ontology.errors import StoreUnavailable

from .apidb import ApiDb
from .problems import PROBLEM, TITLES, TYPE_BASE

COLUMNS = ("seq", "at", "key_id", "key_name", "role", "action", "method", "path", "targets", "status", "outcome",
           "idempotency_key", "detail")


def outcome(status: int) -> str:
    if status < 400:
        return "ok"
    if status in (401, 403):
        return "denied"
    return "rejected" if status < 500 else "failed"


INSERT = ("INSERT INTO audit (at, key_id, key_name, role, action, method, path, targets, status, outcome, idempotency_key, detail) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _row(action: str, method: str, path: str, status: int, principal: Any, targets: list[str] | None,
         idempotency_key: str | None, detail: str | None) -> tuple:
    return (
        datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        getattr(principal, "id", None), getattr(principal, "name", None), getattr(principal, "role", None),
        action, method, path, json.dumps(targets or [], ensure_ascii=False), status, outcome(status),
        idempotency_key, detail,
    )


def submit(db: ApiDb, *, action: str, method: str, path: str, status: int, principal: Any = None,
           targets: list[str] | None = None, idempotency_key: str | None = None, detail: str | None = None) -> Future:
    """Queue an entry; the future is done once it is committed (or failed to be)."""
    return writer(db).submit(_row(action, method, path, status, principal, targets, idempotency_key, detail))


def record(db: ApiDb, **entry: Any) -> None:
    """Write an entry and wait until it is committed."""
    submit(db, **entry).result()


class GroupWriter:
    """One thread with its own connection to the API database, committing queued entries in groups."""

    def __init__(self, path: str | os.PathLike[str], max_group: int = 1000, linger_s: float = 0.0):
        self.path = path
        self.max_group = max_group
        self.linger_s = linger_s  # wait this long for more entries before committing a group (0: what has queued)
        self._queue: queue.SimpleQueue[tuple[tuple, Future] | None] = queue.SimpleQueue()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self.groups = 0  # committed groups, for tests and figures
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def submit(self, row: tuple) -> Future:
        done: Future = Future()
        if not self._thread.is_alive():
            done.set_exception(StoreUnavailable(f"the audit log at {self.path} is closed"))
            return done
        self._queue.put((row, done))
        return done

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                break
            group = [item]
            if self.linger_s:
                time.sleep(self.linger_s)
            while len(group) < self.max_group:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # stop after this group
                    break
                group.append(more)
            self._commit(group)
        self._db.close()

    def _commit(self, group: list[tuple[tuple, Future]]) -> None:
        try:
            self._insert([row for row, _ in group])
        except Exception as exc:
            if len(group) > 1:  # one bad entry must not cost the others their answers
                for item in group:
                    self._commit([item])
                return
            group[0][1].set_exception(StoreUnavailable(f"the audit log at {self.path} cannot be written: {exc}"))
            return
        self.groups += 1
        for _, done in group:
            done.set_result(None)

    def _insert(self, rows: list[tuple]) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(INSERT, rows)
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Commit what is queued, then stop."""
        self._queue.put(None)
        self._thread.join(30)


def writer(db: ApiDb) -> GroupWriter:
    """The database's group writer, started on first use (in this process)."""
    with db.lock:
        w = db.extras.get("audit-writer")
        if w is None or w[0] != os.getpid():
            linger = float(os.environ.get("SAFETYKG_AUDIT_LINGER_MS", 0)) / 1000
            w = db.extras["audit-writer"] = (os.getpid(), GroupWriter(db.path, linger_s=linger))
        return w[1]


def entries(db: ApiDb, *, after: int = 0, limit: int = 100, key_id: str | None = None, action: str | None = None,
            target: str | None = None, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Audit entries in order, after sequence number ``after``."""
    where: list[str] = ["seq > ?"]
    params: list[object] = [after]
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
        refused = False

        async def sending(message: Message) -> None:
            nonlocal written, refused
            if refused:
                return
            if message["type"] == "http.response.start" and not written:
                written = True
                if not await self._write(scope, state, message["status"]):
                    refused = True
                    await _unaudited(send)
                    return
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            if not written:
                written = True
                await self._write(scope, state, 500)
            raise

    async def _write(self, scope: Scope, state: dict[str, Any], status: int) -> bool:
        """Commit the entry of an audited request; False if it could not be."""
        action = state.get("audit_action")
        if not action:
            return True
        app_state = scope["app"].state
        if scope["method"] not in ("GET", "HEAD"):
            app_state.answers.wrote()  # a write (or a failed one) went through here: cached answers are asked again
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        try:
            await asyncio.wrap_future(submit(
                app_state.apidb, action=action, method=scope["method"], path=scope["path"], status=status,
                principal=state.get("principal"), targets=state.get("audit_targets"),
                idempotency_key=headers.get("idempotency-key"), detail=state.get("audit_detail"),
            ))
        except StoreUnavailable:
            return False
        return True


async def _unaudited(send: Send) -> None:
    """503 instead of an answer whose audit entry could not be committed."""
    body = json.dumps({"type": TYPE_BASE + "audit-unavailable", "title": TITLES[503], "status": 503, "code": "audit-unavailable",
                       "detail": "the audit log cannot be written, so the request is not answered; try again later"}).encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()), (b"retry-after", b"5")]})
    await send({"type": "http.response.body", "body": body})
