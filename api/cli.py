"""The ``safetykg`` command line."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import date
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, List, Optional

import typer
from rich.console import Console

from graph.selection import Selection
from graph.settings import Settings
from graph.store import Store, open_store
from graph.trace import trace as run_trace
from loaders.batch import FORMATS as INPUT_FORMATS
from loaders.batch import read_batch
from loaders.export import FORMATS, export_to
from loaders.export import export as run_export
from ontology import derive
from ontology.errors import InvalidData, NotSupported, SafetykgError
from ontology.grading import grade as run_grade
from ontology.validation import parse_date

app = typer.Typer(help="safetykg: who answered for a work-safety accident, and on what evidence.", no_args_is_help=True)
ontology_app = typer.Typer(help="The ontology and the files derived from it.")
app.add_typer(ontology_app, name="ontology")
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DEMO_FILE = "songtai-collapse.facts.json"
DEMO_ACCIDENT = "acc/songtai-2024-0918"
StoreOpt = typer.Option(None, "--store", envvar="SAFETYKG_STORE", help="Store: a file path (embedded) or neo4j://, bolt:// URI.")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of tables.")
LangOpt = typer.Option("en", "--lang", help="Names in en or zh.")


class ExportFormat(str, Enum):
    json = "json"
    jsonld = "jsonld"
    ttl = "ttl"
    nt = "nt"
    graphml = "graphml"
    csv = "csv"


InputFormat = Enum("InputFormat", {f: f for f in INPUT_FORMATS}, type=str)  # type: ignore[misc]
FormatOpt = typer.Option(None, "--format", help="Input format (default: by extension; a folder is CSV).")

assert {f.value for f in ExportFormat} == set(FORMATS)


@contextmanager
def failures() -> Iterator[None]:
    """Errors a user can cause end the command with a message and exit status 1."""
    try:
        yield
    except InvalidData as exc:
        err.print(f"[bold red]error[/] ({exc.code}): {exc.message}")
        for p in exc.problems:
            err.print(f"  {p}", markup=False, highlight=False)
        if exc.truncated:
            err.print("  … more problems were not listed")
        raise typer.Exit(1) from None
    except SafetykgError as exc:
        err.print(f"[bold red]error[/] ({exc.code}): {exc.message}", highlight=False)
        raise typer.Exit(1) from None


def _date(value: Optional[str], flag: str = "--at") -> Optional[date]:
    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        err.print(f"[bold red]error[/]: {flag} must be a date YYYY-MM-DD, got {value!r}")
        raise typer.Exit(1)
    return day


def _settings(**given: object) -> Settings:
    """The settings of this command: the environment, with its options over it (read once per command)."""
    return Settings.load(**given)


def _open(uri: Optional[str]) -> Store:
    settings = _settings(store=uri)
    return open_store(settings.store_uri, settings)


def _load(store: Store, files: list[Path], fmt: Optional[str] = None, chunk: Optional[int] = None) -> dict:
    from .cli_loaders import load_files

    return load_files(store, files, fmt, chunk=chunk)


@app.command()
def demo(store: Optional[str] = StoreOpt, as_json: bool = JsonOpt, at: Optional[str] = typer.Option(None, help="Trace as of this date."),
         lang: str = LangOpt) -> None:
    """Load the bundled fictional demo case and print its accident's trace."""
    with failures():
        s = _open(store)
        with resources.as_file(resources.files("loaders").joinpath("demo", DEMO_FILE)) as path:
            summary = _load(s, [path])
        if not as_json:
            err.print(f"demo loaded into {s.uri}: {summary['added']} added, {summary['updated']} updated, {summary['unchanged']} unchanged")
        _print_trace(run_trace(s, DEMO_ACCIDENT, _date(at)), as_json, lang)
        s.close()


@app.command()
def load(files: List[Path] = typer.Argument(..., help="Files or folders (facts JSON, JSON-LD, Turtle, N-Triples, CSV), loaded as one batch."),
         store: Optional[str] = StoreOpt, as_json: bool = JsonOpt, fmt: Optional[InputFormat] = FormatOpt,
         chunk: Optional[int] = typer.Option(None, "--chunk", min=1000, help="Write in transactions of at most this many facts "
                                             "(after the whole batch passed validation); default: one transaction.")) -> None:
    """Validate and load files, all or nothing; a summary at the end (a progress bar on long loads)."""
    from .cli_loaders import summary_table

    with failures():
        s = _open(store)
        summary = _load(s, files, fmt.value if fmt else None, chunk)
        s.close()
    if as_json:
        out.print_json(json.dumps(summary))
    else:
        out.print(summary_table(summary))


@app.command()
def snapshot(store: Optional[str] = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Write the embedded store's decoded facts beside it (STORE.snapshot), so that opening it next time
    reads them instead of decoding every fact; the store stays the source of truth."""
    with failures():
        s = _open(store)
        if not s.capabilities.snapshot:
            s.close()
            raise NotSupported(f"{s.backend} stores need no snapshot: the server keeps its own")
        with err.status("writing the snapshot"):
            written = s.snapshot()
        s.close()
    if as_json:
        out.print_json(json.dumps(written))
    else:
        out.print(f"snapshot of batch {written['tx']} written to {written['path']} ({written['bytes']:,} bytes)")


@app.command()
def validate(files: List[Path] = typer.Argument(..., help="Files or folders of any input format."), store: Optional[str] = StoreOpt,
             fmt: Optional[InputFormat] = FormatOpt) -> None:
    """Check files against the ontology (and the ids in the store) without writing."""
    with failures():
        settings = _settings(store=store)
        uri = settings.store_uri
        s = open_store(uri, settings) if "://" in uri or Path(uri).exists() else None
        batch = read_batch(files, s.kinds if s else None, fmt.value if fmt else None)
        if s:
            s.close()
    out.print(f"valid: {len(batch.entities)} entities, {len(batch.relations)} relations")


@app.command()
def trace(accident_id: str, at: Optional[str] = typer.Option(None, help="Trace as of this date (default: the accident date)."),
          store: Optional[str] = StoreOpt, as_json: bool = JsonOpt, lang: str = LangOpt) -> None:
    """The accountability chain of an accident: enterprise, regulators, party and government."""
    with failures():
        s = _open(store)
        result = run_trace(s, accident_id, _date(at))
        s.close()
    _print_trace(result, as_json, lang)


def _print_trace(result: dict, as_json: bool, lang: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        from .render import render_trace

        render_trace(result, out, lang)


@app.command()
def grade(deaths: int = typer.Option(..., min=0), serious_injuries: int = typer.Option(..., min=0),
          direct_loss_cny: float = typer.Option(..., min=0, help="Direct economic loss in yuan."), as_json: bool = JsonOpt) -> None:
    """Grade an accident (State Council Decree 493) and name the level that investigates it."""
    with failures():
        result: dict[str, Any] = run_grade(deaths, serious_injuries, str(direct_loss_cny)).as_dict()
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False))
    else:
        out.print(f"[bold]{result['grade']}[/] ({result['grade_label']['zh']}); investigated by the {result['investigating_level']} level"
                  f" — met by {', '.join(result['criteria']) or 'no threshold of a higher grade'}")


@app.command("export")
def export_cmd(fmt: ExportFormat = typer.Option(ExportFormat.json, "--format"), output: Optional[Path] = typer.Option(None, "-o", "--output",
               help="File to write (CSV: a .zip or a folder)."), store: Optional[str] = StoreOpt,
               accident: Optional[str] = typer.Option(None, "--accident", help="Only the evidence subgraph of this accident."),
               area: Optional[str] = typer.Option(None, "--area", help="Only what is placed in this area or under it."),
               start: Optional[str] = typer.Option(None, "--from", help="Only facts valid or dated on or after this date."),
               end: Optional[str] = typer.Option(None, "--until", help="Only facts valid or dated before this date (half-open).")) -> None:
    """Export the whole graph or a part of it (standard output by default); the same selection as GET /v1/export."""
    sel = Selection(accident, area, _date(start, "--from"), _date(end, "--until"))
    if fmt == ExportFormat.csv and output is None:
        err.print("[bold red]error[/]: CSV is several files: give -o out.zip or -o folder/")
        raise typer.Exit(1)
    with failures():
        s = _open(store)
        if output:
            export_to(s, fmt.value, output, sel)
        else:
            text = run_export(s, fmt.value, sel)
        s.close()
    if output:
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


@app.command()
def copy(source: str = typer.Option(..., "--from", help="Store to read."), target: str = typer.Option(..., "--to", help="Store to write."),
         as_json: bool = JsonOpt) -> None:
    """Copy a whole graph between stores (e.g. embedded to Neo4j), as one batch."""
    from ontology.facts import Batch

    with failures():
        settings = _settings()
        src, dst = open_store(source, settings), open_store(target, settings)
        batch = Batch(list(src.entities()), list(src.relations()))
        summary = dst.upsert(batch)
        src.close()
        dst.close()
    result = {"facts": len(batch), **summary.as_dict()}
    if as_json:
        out.print_json(json.dumps(result))
    else:
        out.print(f"copied {result['facts']} facts: {result['added']} added, {result['updated']} updated, {result['unchanged']} unchanged")


@app.command()
def accidents(store: Optional[str] = StoreOpt, as_json: bool = JsonOpt) -> None:
    """List the accidents in the store."""
    with failures():
        s = _open(store)
        rows = [{"id": e.id, "occurred_on": e.props["occurred_on"], "name": e.name} for e in s.entities("Accident")]
        s.close()
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
    for r in [] if as_json else rows:
        out.print(f"{r['id']}  {r['occurred_on']}  {r['name'].get('zh') or r['name'].get('en')}", highlight=False)


@ontology_app.command("build")
def ontology_build(check: bool = typer.Option(False, "--check", help="Fail if a derived file is stale, write nothing.")) -> None:
    """Write the JSON Schema, JSON-LD context, CSV templates and docs derived from the ontology."""
    from loaders import csv_format

    if check:
        stale = derive.stale() + csv_format.stale()
        for p in stale:
            err.print(f"stale: {p}")
        raise typer.Exit(1 if stale else 0)
    for p in derive.write() + csv_format.write():
        out.print(f"wrote {p}")


from .serve import register as _register_server  # noqa: E402

_register_server(app)

from .cli_loaders import register as _register_loaders  # noqa: E402

_register_loaders(app, _open, failures, StoreOpt, JsonOpt)

from .cli_evaluate import register as _register_evaluate  # noqa: E402

_register_evaluate(app, failures, JsonOpt)


def main() -> None:
    app()
