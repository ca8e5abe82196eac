"""Real cases (``tests/cases/<slug>/``, see ``CASES-FORMAT.md``) and their evaluation.

A case is a folder with ``case.json`` (metadata and the expected answer of the
investigation report) and ``facts.json`` (the structure as it stood before the accident).
:func:`evaluate_case` loads the facts into a fresh store, traces the accident on the
case's date and compares the trace's findings with the expected ones
(:func:`graph.findings.compare`).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from graph.findings import Comparison, Finding, Pooled, compare, expected_findings, trace_findings
from graph.store import Store, open_store
from graph.trace import trace
from ontology.errors import InvalidData, Problem

from .batch import read_batch, write_batch

CASE_FILE = "case.json"
FACTS_FILE = "facts.json"
LEADING = ("PartyCommittee", "Government")


@dataclass(frozen=True)
class Case:
    """A real case as its folder holds it."""

    path: Path
    meta: dict[str, Any]

    @property
    def slug(self) -> str:
        return str(self.meta.get("case") or self.path.name)

    @property
    def held_out(self) -> bool:
        return bool(self.meta.get("held_out"))

    @property
    def facts(self) -> Path:
        return self.path / FACTS_FILE


@dataclass(frozen=True)
class CaseResult:
    case: Case
    comparison: Comparison
    findings: tuple[Finding, ...]
    trace: dict[str, Any]


def read_case(path: Path) -> Case:
    """The case in a folder; a clear error when ``case.json`` or ``facts.json`` is missing or unreadable."""
    meta_path = path / CASE_FILE
    if not meta_path.is_file() or not (path / FACTS_FILE).is_file():
        raise _bad(path, "", f"a case folder holds {CASE_FILE} and {FACTS_FILE}", "case-incomplete")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(meta_path, "", f"not a JSON case file ({exc})", "case-unreadable") from None
    for key in ("accident", "at", "expected"):
        if key not in meta:
            raise _bad(meta_path, key, "required", "case-incomplete")
    return Case(path, meta)


def _bad(path: Path, field: str, reason: str, code: str) -> InvalidData:
    return InvalidData(f"{path}: not a readable case", [Problem(f"/{field}" if field else "", field or None, reason, code, str(path))])


def case_folders(paths: Iterable[Path]) -> list[Path]:
    """Case folders named directly, or found one level under a folder of cases (sorted)."""
    out: list[Path] = []
    for p in paths:
        if (p / CASE_FILE).is_file():
            out.append(p)
        elif p.is_dir():
            out += sorted(q for q in p.iterdir() if (q / CASE_FILE).is_file())
        else:
            raise _bad(p, "", "not a case folder", "case-incomplete")
    return out


def investigating_leaders(entities: dict[str, dict[str, Any]], relations: list[dict[str, Any]], gov: str | None) -> frozenset[str]:
    """The investigating government's own leading bodies: itself, the party committee of the area it
    governs, and the safety committee under it."""
    if not gov:
        return frozenset()
    areas = {r["to"] for r in relations if r["type"] == "jurisdiction" and r["from"] == gov}
    out = {gov}
    for r in relations:
        if r["type"] == "jurisdiction" and r["to"] in areas and entities.get(r["from"], {}).get("type") in LEADING:
            out.add(r["from"])
        if r["type"] == "subunitOf" and r["to"] == gov and entities.get(r["from"], {}).get("type") == "SafetyCommittee":
            out.add(r["from"])
    return frozenset(out)


def evaluate_case(case: Case, fresh_store: Callable[[Path], Store] | None = None) -> CaseResult:
    """Load the case into a fresh store, trace its accident on its date, compare with its answer."""
    doc = json.loads(case.facts.read_text(encoding="utf-8"))
    entities = {e["id"]: e for e in doc.get("entities", ())}
    relations = list(doc.get("relations", ()))
    gov = case.meta.get("investigated_by") or next(
        (r["to"] for r in relations if r["type"] == "investigatedBy" and r["from"] == case.meta["accident"]), None
    )
    with tempfile.TemporaryDirectory(prefix="safetykg-case-") as tmp:
        store = (fresh_store or (lambda d: open_store(str(d / "store.db"))))(Path(tmp))
        try:
            write_batch(store, read_batch([case.facts], store.kinds))
            doc_trace = trace(store, case.meta["accident"], date.fromisoformat(case.meta["at"]))
        finally:
            store.close()
    found = trace_findings(doc_trace)
    units, posts = expected_findings(case.meta)
    comparison = compare(units, posts, found, investigating_leaders(entities, relations, gov))
    return CaseResult(case, comparison, tuple(found), doc_trace)


def pooled(results: Iterable[CaseResult]) -> Pooled:
    out = Pooled()
    for r in results:
        out.add(r.comparison)
    return out
