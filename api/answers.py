"""Answers cached by data version: a trace or a timeline is a pure function of (accident, as-of
date, the store's data), so its encoded bytes are kept in a bounded LRU keyed by that and by a
*version token* of the store, and served with a strong ``ETag`` (``If-None-Match`` gets 304).

The token changes with every committed write, delete and identity judgement:

* a local store (embedded): ``Store.version()`` as it is, which costs no round trip (the
  embedded store reads ``PRAGMA data_version`` on a connection of its own, a few microseconds,
  never waiting for its writer);
* a server store (``capabilities.remote``, Neo4j): ``Store.version()`` (the last batch and the
  judgements, two round trips), kept for ``ttl`` seconds (``SAFETYKG_VERSION_TTL``, default 1)
  and dropped at once when a write goes through this process; a write by another process shows
  after at most ``ttl``.

The answers themselves are kept in a ``graph.cache.ByVersion`` bounded in bytes.

The token is read before the answer is computed, and an answer is kept only if the token has
not moved meanwhile, so a cached answer is never older than its token.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Hashable

import anyio
import anyio.to_thread
import orjson
from fastapi import Request, Response

from graph.cache import ByVersion
from graph.store import Store

JSON_OPTIONS = orjson.OPT_NON_STR_KEYS
CACHE_HEADERS = {"Cache-Control": "private, no-cache"}  # keep it, but ask again (with If-None-Match) before use


def encode(value: Any) -> bytes:
    """JSON bytes (UTF-8, not ASCII-escaped), as FastAPI's JSONResponse would send, only faster."""
    return orjson.dumps(value, option=JSON_OPTIONS)


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str  # quoted, strong: a hash of the body, so it holds across processes and restarts


def answer_of(value: Any) -> Answer:
    body = encode(value)
    return Answer(body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')


class Versions:
    """The store's version token, cheaply (see the module's docstring)."""

    def __init__(self, ttl: float = 1.0):
        self.ttl = ttl
        self._lock = threading.Lock()
        self._remote: tuple[float, Hashable] | None = None  # (when read, token) for a server store
        self.local = 0  # bumped by every write through this process

    def cached(self, store: Store | None) -> Hashable | None:
        """The token if it costs no round trip (else None: ask :meth:`current` in a thread)."""
        if store is None:
            return None
        if not store.capabilities.remote:
            return store.version()
        remote = self._remote
        if remote is not None and time.monotonic() - remote[0] < self.ttl:
            return remote[1]
        return None

    def current(self, store: Store) -> Hashable | None:
        """The token now (may ask a server; call it from a worker thread); None if it cannot be read."""
        local = self.local
        try:
            token = self.cached(store)
            if token is not None:
                return token
            token = ("server", local, store.version())
        except Exception:  # the server is down or slow: answer uncached (the trace itself then says 503)
            return None
        with self._lock:
            if self.local == local:
                self._remote = (time.monotonic(), token)
        return token

    def wrote(self) -> None:
        """A write went through this process: the next token is asked afresh."""
        with self._lock:
            self.local += 1
            self._remote = None


class Answers:
    """The cache of traces and timelines of one app, with its version tokens and in-flight work."""

    def __init__(self, max_bytes: int, ttl: float, threads: int = 0):
        self.lru: ByVersion[Answer] = ByVersion(max_bytes, size=lambda a: len(a.body))
        self.versions = Versions(ttl)
        self.threads = threads  # 0: by backend (see _limiter)
        self._threads: anyio.CapacityLimiter | None = None
        self._opening: anyio.CapacityLimiter | None = None
        self._inflight: dict[Hashable, asyncio.Future[Answer]] = {}  # answers being computed

    async def get(self, request: Request, kind: str, ident: str, at: date | None,
                  compute: Callable[[Store, str, date | None], Any]) -> Response:
        """The answer of ``compute(store, ident, at)``, from the cache when its version still holds."""
        holder = request.app.state.store
        key = (kind, ident, at)
        token = self.versions.cached(holder.opened)
        hit = self.lru.get(key, token) if token is not None else None
        if hit is None:
            hit = await self._compute(holder, key, token, compute)
        return respond(request, hit)

    async def _compute(self, holder: Any, key: tuple[str, str, date | None], token: Hashable | None,
                       compute: Callable[[Store, str, date | None], Any]) -> Answer:
        if token is None:  # version unknown here: nothing to share safely
            return await anyio.to_thread.run_sync(self._work, holder, key, compute, limiter=self._limiter(holder))
        flight = (key, token)  # shared only with requests that saw the same version (no answer older than a write it follows)
        task = self._inflight.get(flight)
        if task is None:  # not being answered yet: answer it in a task of its own, which a client leaving does not cancel
            task = asyncio.ensure_future(
                anyio.to_thread.run_sync(self._work, holder, key, compute, limiter=self._limiter(holder)))
            self._inflight[flight] = task
            task.add_done_callback(lambda t: (self._inflight.pop(flight, None), t.cancelled() or t.exception()))
        return await asyncio.shield(task)

    def _limiter(self, holder: Any) -> anyio.CapacityLimiter:
        """Answers computed at once: few on an embedded store (pure Python under one GIL: more threads
        only add switching and cache misses), more on a server store (the time is spent waiting on it)."""
        if self._threads is None:
            store = holder.opened
            if store is None:  # not open yet (the first answer opens it, in a worker thread): few at once
                if self._opening is None:
                    self._opening = anyio.CapacityLimiter(2)
                return self._opening
            n = self.threads or (16 if store.capabilities.remote else 2)
            self._threads = anyio.CapacityLimiter(n)
        return self._threads

    def _work(self, holder: Any, key: tuple[str, str, date | None], compute: Callable[[Store, str, date | None], Any]) -> Answer:
        store = holder.get()
        token = self.versions.current(store)  # before the answer: a write meanwhile leaves it uncached
        if token is None:
            return answer_of(compute(store, key[1], key[2]))
        hit = self.lru.get(key, token)
        if hit is not None:
            return hit
        value = answer_of(compute(store, key[1], key[2]))
        self.lru.put(key, token, value)
        return value

    def wrote(self) -> None:
        self.versions.wrote()
        self.lru.clear()

    def close(self) -> None:
        self.lru.clear()


def not_modified(request: Request, etag: str) -> bool:
    """``If-None-Match`` names this entity tag (weak comparison, as RFC 9110 asks for GET), or is ``*``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


def respond(request: Request, answer: Answer) -> Response:
    headers = {"ETag": answer.etag, **CACHE_HEADERS}
    if not_modified(request, answer.etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type="application/json", headers=headers)
