"""One batch from many files of any format: read each, validate them together, all or nothing.

Every reader turns its file into a :class:`RawDoc`, a facts document of plain JSON values
whose items remember where they came from (line, and a pointer in the file's own terms:
``#row=4`` for CSV, ``<IRI>`` for RDF, a JSON pointer for JSON). :func:`validate_docs`
checks all documents against the ontology as one batch (references may cross files) and
raises :class:`InvalidData` listing every problem of every file, so a batch with any error
writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ontology.errors import InvalidData, Problem
from ontology.facts import Batch
from ontology.validation import MAX_PROBLEMS, Lookup, validate

FORMATS = ("json", "jsonld", "csv", "ttl", "nt")
EXTENSIONS = {
    ".json": "json", ".jsonld": "jsonld", ".csv": "csv", ".zip": "csv", ".ttl": "ttl", ".turtle": "ttl", ".nt": "nt",
}
_POINTER = re.compile(r"^/(entities|relations)/(\d+)(.*)$")


@dataclass
class RawDoc:
    """A file read into a facts document, with the problems found while reading it.

    ``where[kind][i]`` is the position of item ``i`` in the file's own terms; problems the
    validator reports under ``/entities/i/...`` are rewritten to it.
    """

    name: str
    doc: dict[str, Any] = field(default_factory=lambda: {"entities": [], "relations": []})
    problems: list[Problem] = field(default_factory=list)
    where: dict[str, list[str]] | None = None

    def locate(self, p: Problem) -> Problem:
        m = _POINTER.match(p.pointer or "")
        if self.where is None or not m:
            return p
        places = self.where.get(m.group(1), [])
        i = int(m.group(2))
        if i >= len(places):
            return p
        rest = m.group(3)
        pointer = places[i] + (rest if rest and not places[i].startswith("#row=") else "")
        return Problem(pointer, p.field, p.reason, p.code, p.file, p.line)


def detect(path: Path, fmt: str | None = None) -> str:
    """The format of a file: ``fmt`` if given, else its extension; a folder is a folder of CSVs."""
    if fmt:
        if fmt not in FORMATS:
            raise InvalidData(f"unknown format {fmt!r}", [Problem("", "format", f"one of: {', '.join(FORMATS)}", "unknown-format", str(path))])
        return fmt
    if path.is_dir():
        return "csv"
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise InvalidData(
            f"{path}: unknown format",
            [Problem("", None, f"cannot tell the format from {path.suffix or 'no extension'!r}; "
                     f"use one of {', '.join(sorted(EXTENSIONS))} or --format", "unknown-format", str(path))],
        )
    return found


def read_raw(path: Path, fmt: str | None = None) -> list[RawDoc]:
    """Read one file (or a folder or zip of CSVs) into raw documents; never raises on bad content."""
    kind = detect(path, fmt)
    if kind == "json":
        from .facts_json import read_raw as read_json

        return [read_json(path)]
    if kind == "csv":
        from .csv_format import read_csv

        return read_csv(path)
    from .rdf_import import read_rdf

    return [read_rdf(path, kind)]


def validate_docs(docs: list[RawDoc], lookup: Lookup | None = None) -> Batch:
    """Validate raw documents as one batch: every problem of every file, or the whole batch."""
    problems: list[Problem] = [p for d in docs for p in d.problems]
    local: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for d in docs:
        for key, kind in (("entities", "entity"), ("relations", "relation")):
            items = d.doc.get(key, []) if isinstance(d.doc, dict) else []
            for i, item in enumerate(items if isinstance(items, list) else []):
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in owner and owner[ident] != d.name:
                    problems.append(d.locate(Problem(
                        f"/{key}/{i}/id", "id", f"id {ident!r} is also in {owner[ident]}", "duplicate-id", d.name,
                        getattr(item, "line", None))))
                owner.setdefault(ident, d.name)
                local.setdefault(ident, (kind, item.get("type") if isinstance(item.get("type"), str) else ""))
    cache: dict[str, tuple[str, str]] = {}
    if lookup is not None:
        # one look-up for the whole batch: every id it defines or refers to
        wanted = set(local) | {r for d in docs for r in _references(d.doc)}
        cache = dict(lookup(sorted(wanted)))

    batch = Batch()
    for d in docs:
        if d.problems:
            continue  # a file that could not be read is reported once, not validated
        name = d.name

        def lookup_for(ids: Iterable[str], name: str = name) -> dict[str, tuple[str, str]]:
            found = {}
            for i in ids:
                if i in local and owner[i] != name:
                    found[i] = local[i]
                elif i in cache:
                    found[i] = cache[i]
            return found

        try:
            batch.extend(validate(d.doc, lookup_for, file=name))
        except InvalidData as exc:
            problems.extend(d.locate(p) for p in exc.problems)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        n = len(problems)
        truncated = n >= MAX_PROBLEMS
        raise InvalidData(f"rejected, nothing written: {n}{'+' if truncated else ''} problem{'s' if n != 1 else ''}",
                          problems[:MAX_PROBLEMS], truncated=truncated)
    return batch


def _references(doc: Any) -> set[str]:
    refs: set[str] = set()
    if not isinstance(doc, dict):
        return refs
    for key in ("entities", "relations"):
        items = doc.get(key)
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict):
                continue
            for k in ("from", "to"):
                if isinstance(item.get(k), str):
                    refs.add(item[k])
            srcs = item.get("sources")
            for s in srcs if isinstance(srcs, list) else ():
                if isinstance(s, str):
                    refs.add(s)
                elif isinstance(s, dict) and isinstance(s.get("source"), str):
                    refs.add(s["source"])
    return refs


def read_batch(
    paths: Iterable[Path], lookup: Lookup | None = None, fmt: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Batch:
    """Read and validate files of any supported format as one all-or-nothing batch."""
    docs: list[RawDoc] = []
    for p in paths:
        if progress:
            progress(f"reading {p}")
        try:
            docs.extend(read_raw(Path(p), fmt))
        except InvalidData as exc:
            docs.append(RawDoc(str(p), problems=list(exc.problems)))
    if progress:
        progress("validating")
    return validate_docs(docs, lookup)
