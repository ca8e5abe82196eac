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
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from graph.settings import Settings
from graph.store import Store, open_store

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

    @classmethod
    def of(cls, s: Settings) -> Limits:
        return cls(max_body=s.max_body, query_timeout_s=s.query_timeout, query_rows=s.query_rows, query_bytes=s.query_bytes,
                   answer_cache_mib=s.answer_cache_mib, version_ttl_s=s.version_ttl, analytics_timeout_s=s.analytics_timeout,
                   analytics_work=s.analytics_work)


class StoreHolder:
    """Opens the store on first use, so that a server starts (and says 503) while its store is down."""

    def __init__(self, store: Store | str | None, settings: Settings):
        self.settings = settings
        self._store = store if not isinstance(store, (str, type(None))) else None
        self.uri = store if isinstance(store, str) else (self._store.uri if self._store else settings.store_uri)
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
                    self._store = open_store(self.uri, self.settings)
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


def operation_id(route: APIRoute) -> str:
    """A stable operation id, ``<tag>-<function>`` (e.g. ``facts-upsert-facts``): it changes only when a
    route is renamed, so generated clients keep their method names."""
    tag = str(route.tags[0]) if route.tags else "api"
    return f"{tag}-{route.name.replace('_', '-')}"


def create_app(store: Store | str | None = None, api_db: ApiDb | str | Path | None = None, limits: Limits | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The API over a store (an open :class:`Store`, or a URI opened on first use), with the
    settings given (default: from the environment; ``limits`` over them)."""
    settings = settings or Settings.load()
    holder = StoreHolder(store, settings)
    db = api_db if isinstance(api_db, ApiDb) else ApiDb(
        api_db or default_path(holder.uri, settings), audit_linger_s=settings.audit_linger_ms / 1000)
    app = FastAPI(
        title="safetykg",
        version=VERSION,
        summary="Work-safety accountability: facts, traces, exploration, queries and analytics.",
        description=(
            "Authenticate with `X-API-Key: <key>` (or `Authorization: Bearer <key>`). Roles: `reader` (queries, traces), "
            "`investigator` (also writes facts), `admin` (keys, deletes, the audit log). Errors are `application/problem+json`."
        ),
        generate_unique_id_function=operation_id,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan(holder),
    )
    app.state.store = holder
    app.state.apidb = db
    app.state.limits = limits = limits or Limits.of(settings)
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


def app_from_settings(settings: Settings) -> FastAPI:
    """The app ``safetykg serve`` runs, with its logs' keys redacted."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logging.getLogger(name).addFilter(RedactKeys())
    return create_app(settings.store_uri, settings.api_db, settings=settings)


def app_from_env() -> FastAPI:
    """The app of each worker process of ``safetykg serve --workers N`` (which hands the settings to its
    workers as their environment: uvicorn starts workers by import, not with objects)."""
    return app_from_settings(Settings.load())
