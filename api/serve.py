"""``safetykg serve`` and ``safetykg keys``: run the HTTP API, manage its keys."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from graph.settings import Settings

from .apidb import ApiDb, default_path
from .auth import ROLES, count_keys, create_key, list_keys, revoke_key

keys_app = typer.Typer(help="API keys of the HTTP API (stored hashed; a key is shown once, when created).")
err = Console(stderr=True)
out = Console()
StoreOpt = typer.Option(None, "--store", envvar="SAFETYKG_STORE", help="Store: a file path (embedded) or neo4j://, bolt:// URI.")
DbOpt = typer.Option(None, "--api-db", envvar="SAFETYKG_API_DB", help="The API's key and audit database (default: beside the store).")


def _db(store: Optional[str], api_db: Optional[str]) -> ApiDb:
    settings = Settings.load(store=store, api_db=api_db)
    return ApiDb(default_path(settings.store_uri, settings))


def serve(
    store: Optional[str] = StoreOpt,
    api_db: Optional[str] = DbOpt,
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8080, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    max_body_mib: float = typer.Option(16, help="Largest request body, in MiB (413 beyond)."),
    query_timeout: float = typer.Option(10, help="Time limit of analyst queries, in seconds."),
    query_rows: int = typer.Option(10_000, help="Row limit of analyst queries."),
) -> None:
    """Run the HTTP API (OpenAPI at /openapi.json, docs at /docs, everything under /v1)."""
    import os

    import uvicorn

    from ontology.errors import InvalidData

    from .app import app_from_settings

    try:
        first = Settings.load(store=store, api_db=api_db)
        db = ApiDb(default_path(first.store_uri, first))
        settings = Settings.load(store=first.store_uri, api_db=db.path, max_body=int(max_body_mib * 1024 * 1024),
                                 query_timeout=query_timeout, query_rows=query_rows)
    except InvalidData as exc:
        err.print(f"[bold red]error[/]: {exc.message}: " + "; ".join(f"{p.field}: {p.reason}" for p in exc.problems))
        raise typer.Exit(1) from None
    if count_keys(db) == 0:
        _, token = create_key(db, "first-admin", "admin", created_by="serve")
        err.print("[bold]No API keys yet: created an admin key. It is shown once, here; store it now.[/]")
        sys.stderr.write(f"  {token}\n")
    db.close()
    shown = f"[{host}]" if ":" in host else host
    err.print(f"web view: http://{shown}:{port}/ui/  (sign in with an API key: reader, investigator or admin)", soft_wrap=True)
    if workers == 1:  # the settings go to the app as an object
        uvicorn.run(app_from_settings(settings), host=host, port=port, server_header=False, log_level="info")
        return
    # uvicorn starts each worker process by importing the app: they read the settings again from their environment
    os.environ.update(settings.environment())
    uvicorn.run("api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                server_header=False, log_level="info")


@keys_app.command("create")
def keys_create(role: str = typer.Option(..., help=" | ".join(ROLES)), name: str = typer.Option(..., help="Who or what uses it."),
                store: Optional[str] = StoreOpt, api_db: Optional[str] = DbOpt, as_json: bool = typer.Option(False, "--json")) -> None:
    """Create a key and print it (once: only its hash is kept)."""
    if role not in ROLES:
        err.print(f"[bold red]error[/]: --role must be one of {', '.join(ROLES)}")
        raise typer.Exit(1)
    record, token = create_key(_db(store, api_db), name, role, created_by="cli")
    if as_json:
        sys.stdout.write(json.dumps({**record, "key": token}) + "\n")
    else:
        err.print(f"created {role} key {record['id']} ({name}); the key, shown once:")
        sys.stdout.write(token + "\n")


@keys_app.command("list")
def keys_list(store: Optional[str] = StoreOpt, api_db: Optional[str] = DbOpt, as_json: bool = typer.Option(False, "--json")) -> None:
    """The keys: id, name, role, when created and revoked (never the keys)."""
    rows = list_keys(_db(store, api_db))
    if as_json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = Table("id", "name", "role", "created", "revoked")
    for r in rows:
        table.add_row(r["id"], r["name"], r["role"], r["created_at"], r["revoked_at"] or "")
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str, store: Optional[str] = StoreOpt, api_db: Optional[str] = DbOpt) -> None:
    """Revoke a key by its id; requests with it get 401 from then on."""
    from ontology.errors import NotFound

    try:
        r = revoke_key(_db(store, api_db), key_id)
    except NotFound as exc:
        err.print(f"[bold red]error[/]: {exc.message}")
        raise typer.Exit(1) from None
    out.print(f"revoked {r['id']} ({r['name']}, {r['role']}) at {r['revoked_at']}")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(keys_app, name="keys")
