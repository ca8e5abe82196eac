"""Commands about getting facts in and telling who is who: loading with progress and a
summary, the sources of a fact, duplicate candidates and same/different judgements."""

from __future__ import annotations

import getpass
import json
import sys
import time
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from graph.store import Store
from loaders.batch import RawDoc, count, read_raw, validate_docs, write_batch
from loaders.candidates import judge, sources_of
from ontology.errors import InvalidData
from ontology.facts import Batch

err = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 160)
SHOW_AFTER_S = 2.0  # loads shorter than this show no progress bar


class FactsPerSecond(ProgressColumn):
    """Throughput of the current phase, in facts per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.elapsed and task.completed:
            speed = task.completed / task.elapsed
        return Text("" if speed is None else f"{speed:,.0f} facts/s", style="progress.data.speed")


class LoadProgress:
    """A rich progress bar that appears only once a load has run for a couple of seconds."""

    def __init__(self, console: Console, enabled: bool):
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), FactsPerSecond(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=True,
            auto_refresh=True,
        )
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = False
        self.task: TaskID | None = None

    def __enter__(self) -> "LoadProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self.progress.stop()

    def _maybe_show(self) -> None:
        if self.enabled and not self.shown and time.monotonic() - self.started >= SHOW_AFTER_S:
            self.progress.start()
            self.shown = True

    def phase(self, description: str, total: int | None) -> Callable[[int], None]:
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(description, total=total)

        def advance(n: int) -> None:
            self.progress.advance(self.task, n)  # type: ignore[arg-type]
            self._maybe_show()

        self._maybe_show()
        return advance


def read_files(files: list[Path], lookup, fmt: str | None, bar: LoadProgress) -> Batch:
    docs: list[RawDoc] = []
    for p in files:
        bar.phase(f"reading {p.name}", None)
        try:
            docs.extend(read_raw(p, fmt))
        except InvalidData as exc:  # an unknown format: reported with the others
            docs.append(RawDoc(str(p), problems=list(exc.problems)))
    validated = bar.phase("validating", count(docs))
    return validate_docs(docs, lookup, validated)


def load_files(store: Store, files: list[Path], fmt: str | None = None, show: bool | None = None,
               chunk: int | None = None) -> dict:
    """Read, validate and write files as one batch; returns the summary (with ``rejected``).

    Nothing is written unless every file passes. ``chunk`` splits the write into several
    transactions (see :func:`loaders.batch.write_batch`)."""
    enabled = err.is_terminal if show is None else show
    started = time.monotonic()
    with LoadProgress(err, enabled) as bar:
        try:
            batch = read_files(files, store.kinds, fmt, bar)
        except InvalidData as exc:
            exc.summary = {"facts": 0, "added": 0, "updated": 0, "unchanged": 0, "rejected": len(exc.problems)}  # type: ignore[attr-defined]
            raise
        written = bar.phase(f"writing {len(batch):,} facts", len(batch))
        summary = write_batch(store, batch, chunk, written)
    seconds = time.monotonic() - started
    return {"facts": len(batch), **summary.as_dict(), "rejected": 0, "seconds": round(seconds, 3),
            "entities": len(batch.entities), "relations": len(batch.relations)}


def summary_table(s: dict) -> Table:
    t = Table(title=f"loaded {s['facts']:,} facts in {s['seconds']:.1f} s", title_justify="left")
    for col in ("entities", "relations", "added", "updated", "unchanged", "rejected"):
        t.add_column(col, justify="right")
    t.add_row(*(f"{s.get(c, 0):,}" for c in ("entities", "relations", "added", "updated", "unchanged", "rejected")))
    return t


# --- commands ---------------------------------------------------------------------


def register(app: typer.Typer, open_store: Callable[[Optional[str]], Store], failures, store_opt, json_opt) -> None:  # noqa: C901
    """Add the commands of this module to the ``safetykg`` app."""

    @app.command()
    def sources(fact_id: str, store: Optional[str] = store_opt, as_json: bool = json_opt) -> None:
        """The source documents a fact cites (title, publisher, date, URL or archive id, quoted span)."""
        with failures():
            s = open_store(store)
            rows = sources_of(s, fact_id)
            s.close()
        if as_json:
            sys.stdout.write(json.dumps({"fact": fact_id, "sources": rows}, ensure_ascii=False, indent=1) + "\n")
            return
        if not rows:
            out.print(f"{fact_id} cites no source")
            return
        t = Table(title=f"sources of {fact_id}", title_justify="left")
        for col in ("source", "title", "publisher", "issued_on", "url / archive id", "quote", "locator"):
            t.add_column(col)
        for r in rows:
            t.add_row(r["source"], r["title"] or "", r["publisher"] or "", r["issued_on"] or "",
                      r["url"] or r["archive_id"] or "", r["quote"] or "", r["locator"] or "")
        out.print(t)

    @app.command()
    def candidates(store: Optional[str] = store_opt, as_json: bool = json_opt,
                   limit: int = typer.Option(100, help="At most this many pairs.")) -> None:
        """Pairs of people or organisations that may be the same (for review with same/different)."""
        from loaders.candidates import candidates as find

        with failures():
            s = open_store(store)
            pairs = find(s)[:limit]
            s.close()
        if as_json:
            sys.stdout.write(json.dumps([p.as_dict() for p in pairs], ensure_ascii=False, indent=1) + "\n")
            return
        t = Table(title=f"{len(pairs)} candidate pairs", title_justify="left")
        for col in ("a", "b", "type", "why"):
            t.add_column(col)
        for p in pairs:
            t.add_row(p.a, p.b, p.type, "; ".join(p.reasons))
        out.print(t)

    def _judge(a: str, b: str, verdict: str, why: str, who: Optional[str], store: Optional[str], as_json: bool) -> None:
        with failures():
            s = open_store(store)
            j = judge(s, a, b, verdict, who or getpass.getuser(), why)
            s.close()
        if as_json:
            sys.stdout.write(json.dumps(j.as_dict(), ensure_ascii=False) + "\n")
        else:
            out.print(f"judgement {j.id}: {a} and {b} are {'the same' if verdict == 'same' else 'different'}")

    @app.command()
    def same(a: str, b: str, why: str = typer.Option(..., "--why", help="The evidence that they are one."),
             who: Optional[str] = typer.Option(None, "--who"), store: Optional[str] = store_opt, as_json: bool = json_opt) -> None:
        """Judge two entity ids to be one (queries then see one canonical entity; the facts are kept)."""
        _judge(a, b, "same", why, who, store, as_json)

    @app.command()
    def different(a: str, b: str, why: str = typer.Option("", "--why"), who: Optional[str] = typer.Option(None, "--who"),
                  store: Optional[str] = store_opt, as_json: bool = json_opt) -> None:
        """Judge two entity ids to be different (they drop out of the candidates)."""
        _judge(a, b, "different", why, who, store, as_json)

    @app.command()
    def judgements(store: Optional[str] = store_opt, as_json: bool = json_opt) -> None:
        """Every same/different judgement in force."""
        with failures():
            s = open_store(store)
            rows = [j.as_dict() for j in s.judgements()]
            s.close()
        if as_json:
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
            return
        t = Table(title=f"{len(rows)} judgements", title_justify="left")
        for col in ("id", "a", "b", "verdict", "who", "at", "why"):
            t.add_column(col)
        for r in rows:
            t.add_row(*(str(r[c]) for c in ("id", "a", "b", "verdict", "who", "at", "why")))
        out.print(t)

    @app.command("undo-judgement")
    def undo_judgement(judgement_id: str, store: Optional[str] = store_opt) -> None:
        """Withdraw a judgement (the facts were never changed, so nothing else needs undoing)."""
        with failures():
            s = open_store(store)
            s.undo_judgement(judgement_id)
            s.close()
        out.print(f"judgement {judgement_id} withdrawn")

