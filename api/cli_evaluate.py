"""``safetykg evaluate``: the trace measured against real cases' investigation reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, List

import typer
from rich.console import Console
from rich.table import Table

from graph.findings import LAYERS, Pooled, Ratio
from loaders.cases import CaseResult, case_folders, evaluate_case, pooled, read_case

out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)


def _pct(r: Ratio) -> str:
    return "–" if r.value is None else f"{r.value:.0%} ({r.hit}/{r.of})"


def _row(name: str, unit: dict[str, Ratio], post: Ratio, precision: Ratio, cand: Ratio, leaders: int) -> list[str]:
    return [name, *(_pct(unit[k]) for k in (*LAYERS, "all")), _pct(post), _pct(precision), _pct(cand), str(leaders)]


def table(title: str, results: list[CaseResult], total: Pooled) -> Table:
    t = Table(title=title, title_justify="left")
    for col in ("case", "units: enterprise", "regulatory", "territorial", "all", "posts", "precision (certain)",
                "candidates (apart)", "investigating leaders"):
        t.add_column(col, justify="left" if col == "case" else "right")
    for r in results:
        c = r.comparison
        t.add_row(*_row(r.case.slug, c.unit_recall, c.post_recall, c.certain_precision, c.candidate_recall,
                        len(c.investigating_leaders)))
    t.add_row(*_row("pooled", total.unit_recall, total.post_recall, total.certain_precision, total.candidate_recall,
                    total.investigating_leaders), style="bold")
    return t


def report(results: list[CaseResult]) -> dict[str, Any]:
    """Per case and pooled, the held-out cases apart."""
    design = [r for r in results if not r.case.held_out]
    held = [r for r in results if r.case.held_out]
    return {
        "cases": [{"case": r.case.slug, "held_out": r.case.held_out, **r.comparison.as_dict()} for r in results],
        "pooled": pooled(results).as_dict(),
        "pooled_design": pooled(design).as_dict(),
        "pooled_held_out": pooled(held).as_dict(),
    }


def register(app: typer.Typer, failures: Callable[[], Any], json_opt: Any) -> None:
    """Add ``evaluate`` to the ``safetykg`` app."""

    @app.command()
    def evaluate(
        cases: List[Path] = typer.Argument(..., help="Case folders (tests/cases/<slug>) or folders of them."),
        as_json: bool = json_opt,
        misses: bool = typer.Option(False, "--misses", help="List the expected units and posts the trace did not name."),
    ) -> None:
        """Trace each real case in a fresh store and compare with its report: unit recall by layer, post recall,
        precision of certain posts, candidates apart, findings on the investigating government's own leaders."""
        with failures():
            folders = case_folders(cases)
            results = []
            with err.status("tracing cases") as status:
                for folder in folders:
                    status.update(f"tracing {folder.name}")
                    results.append(evaluate_case(read_case(folder)))
        if as_json:
            sys.stdout.write(json.dumps(report(results), ensure_ascii=False, indent=1) + "\n")
            return
        print_tables(results)
        if misses:
            print_misses(results)


def print_tables(results: list[CaseResult]) -> None:
    """Design cases, held-out cases (apart) and all cases pooled."""
    design = [r for r in results if not r.case.held_out]
    held = [r for r in results if r.case.held_out]
    for title, group in (("design cases", design), ("held-out cases", held)):
        if group:
            out.print(table(title, group, pooled(group)))
    if design and held:
        out.print(table("all cases", [], pooled(results)))


def print_misses(results: list[CaseResult]) -> None:
    """What each case's report holds and the trace did not name (read only design cases' misses when tuning)."""
    for r in results:
        c = r.comparison
        for f in c.missed_units + c.wrong_layer:
            out.print(f"{r.case.slug}: unit {f.org} ({f.layer}) not named at that layer", markup=False)
        for f in c.missed_posts:
            out.print(f"{r.case.slug}: post {f.post} ({f.role}, {f.layer}) not named with certainty", markup=False)
        for f in c.investigating_leaders:
            out.print(f"{r.case.slug}: named the investigating government's own {f.post} ({f.rule})", markup=False)
