"""The HTTP API: ``create_app`` builds it over one store, configured like the CLI by a store URI."""

from __future__ import annotations

import logging
import re
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from graph.store import Store, default_uri, open_store

from .answers import Answers
from .apidb import ApiDb, default_path
from .audit import AuditMiddleware
from .limits import DEFAULT_MAX_BODY, BodyLimit
from .problems import install as install_problems
from .schema import install as install_schema

VERSION = "1.0.0"
PUBLIC_PATHS = ("/v1/health", "/docs", "/openapi.json")
KEY_SHAPE = re.compile(r"skg_[0-9A-Za-z]+_[0-9A-Za-z_\-]+")


@dataclass(frozen=True)
class Limits:
    max_body: int = DEFAULT_MAX_BODY  # bytes of a request body
    query_timeout_s: float = 10.0  # analyst queries (SPARQL, Cypher)
    query_rows: int = 10_000  # rows an analyst query may return
    query_bytes: int = 16 * 1024 * 1024  # JSON bytes of rows an analyst query may return
    page: int = 100  # default page size
    max_page: int = 1000
    answer_cache_mib: float = 256  # traces and timelines kept, encoded, by data version
    version_ttl_s: float = 1.0  # Neo4j: how long a data version read from the server is trusted
    analytics_timeout_s: float = 60.0  # a whole-graph analysis (centrality, findings of every accident)
    analytics_work: float = 5e7  # steps a centrality may take (betweenness: nodes x (nodes + edges)); ~1 min in pure Python


class StoreHolder:
    """Opens the store on first use, so that a server starts (and says 503) while its store is down."""

    def __init__(self, store: Store | str | None):
        self._store = store if not isinstance(store, (str, type(None))) else None
        self.uri = store if isinstance(store, str) else (self._store.uri if self._store else default_uri())
        self._lock = threading.Lock()
        self.owned = self._store is None

    @property
    def opened(self) -> Store | None:
        """The store if it is open (never opens it)."""
        return self._store

    def get(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = open_store(self.uri)
        return self._store

    def close(self) -> None:
        if self._store is not None and self.owned:
            self._store.close()


def _lifespan(holder: StoreHolder):
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.answers.close()
        holder.close()

    return lifespan


def _static_docs() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def create_app(store: Store | str | None = None, api_db: ApiDb | str | Path | None = None, limits: Limits | None = None) -> FastAPI:
    """The API over a store (an open :class:`Store`, or a URI opened on first use)."""
    holder = StoreHolder(store)
    db = api_db if isinstance(api_db, ApiDb) else ApiDb(api_db or default_path(holder.uri))
    app = FastAPI(
        title="safetykg",
        version=VERSION,
        summary="Work-safety accountability: facts, traces, exploration, queries and analytics.",
        description=(
            "Authenticate with `X-API-Key: <key>` (or `Authorization: Bearer <key>`). Roles: `reader` (queries, traces), "
            "`investigator` (also writes facts), `admin` (keys, deletes, the audit log). Errors are `application/problem+json`."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan(holder),
    )
    app.state.store = holder
    app.state.apidb = db
    app.state.limits = limits = limits or Limits()
    app.state.answers = Answers(int(limits.answer_cache_mib * 1024 * 1024), limits.version_ttl_s)
    install_problems(app)
    install_schema(app)

    from .routes import admin, analytics, explore, facts, identity, investigation, meta, query

    # identity first: its /facts/{id}/sources must come before the facts' /facts/{id:path}
    for module in (meta, identity, facts, investigation, explore, query, analytics, admin):
        app.include_router(module.router, prefix="/v1")

    app.mount("/static-docs", StaticFiles(directory=_static_docs()), name="static-docs")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}/openapi.json",
            title="safetykg API",
            swagger_js_url=f"{root}/static-docs/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/static-docs/swagger-ui.css",
            swagger_favicon_url=f"{root}/static-docs/favicon.png",
        )

    from .web import mount as mount_web

    mount_web(app)  # the investigator's web view at /ui/ (static; its data comes from /v1 with the caller's key)

    app.add_middleware(AuditMiddleware)
    app.add_middleware(BodyLimit, max_bytes=app.state.limits.max_body)

    return app


class RedactKeys(logging.Filter):
    """Blanks anything shaped like an API key in a log record (a client may put one in a URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(KEY_SHAPE.sub("skg_<redacted>", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = KEY_SHAPE.sub("skg_<redacted>", record.msg)
        return True


def app_from_env() -> FastAPI:
    """The app ``safetykg serve`` runs (in each uvicorn worker), configured from the environment."""
    import os

    for name in ("uvicorn.access", "uvicorn.error"):
        logging.getLogger(name).addFilter(RedactKeys())

    limits = Limits(
        max_body=int(os.environ.get("SAFETYKG_MAX_BODY", DEFAULT_MAX_BODY)),
        query_timeout_s=float(os.environ.get("SAFETYKG_QUERY_TIMEOUT", 10)),
        query_rows=int(os.environ.get("SAFETYKG_QUERY_ROWS", 10_000)),
        query_bytes=int(os.environ.get("SAFETYKG_QUERY_BYTES", 16 * 1024 * 1024)),
        answer_cache_mib=float(os.environ.get("SAFETYKG_ANSWER_CACHE_MIB", 256)),
        version_ttl_s=float(os.environ.get("SAFETYKG_VERSION_TTL", 1.0)),
        analytics_timeout_s=float(os.environ.get("SAFETYKG_ANALYTICS_TIMEOUT", 60)),
        analytics_work=float(os.environ.get("SAFETYKG_ANALYTICS_WORK", 5e7)),
    )
    return create_app(default_uri(), os.environ.get("SAFETYKG_API_DB"), limits)
