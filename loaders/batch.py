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
from typing import Any, Callable, Iterable, Iterator

from graph.store import Store, WriteSummary
from ontology.errors import InvalidData, Problem
from ontology.facts import Batch, Entity, Relation, gc_paused
from ontology.validation import MAX_PROBLEMS, Lookup, validate

FORMATS = ("json", "jsonld", "csv", "ttl", "nt", "graphml")
EXTENSIONS = {
    ".json": "json", ".jsonld": "jsonld", ".csv": "csv", ".zip": "csv", ".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".graphml": "graphml",
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
    relocate: Callable[[], Any] | None = None  # the document again, with line numbers (read only on problems)

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
    if kind == "graphml":
        from .graphml import read_graphml

        return [read_graphml(path)]
    from .rdf_import import read_rdf

    return [read_rdf(path, kind)]


CHUNK = 20_000  # items validated at a time, for progress on large files


def validate_docs(
    docs: list[RawDoc], lookup: Lookup | None = None, progress: Callable[[int], None] | None = None
) -> Batch:
    """Validate raw documents as one batch: every problem of every file, or the whole batch.

    Large documents are validated in chunks (references may point anywhere in the batch);
    ``progress(n)`` is called after each chunk of ``n`` items.
    """
    with gc_paused():
        return _validate_docs(docs, lookup, progress)


def _validate_docs(docs: list[RawDoc], lookup: Lookup | None, progress: Callable[[int], None] | None) -> Batch:  # noqa: C901
    problems: list[Problem] = [p for d in docs for p in d.problems]
    local: dict[str, tuple[str, str]] = {}
    owner: dict[str, tuple[int, int]] = {}  # id -> (document, chunk), to find one id given twice
    duplicates: list[tuple[RawDoc, str, int, str]] = []
    tags: dict[tuple[str, str], tuple[str, str]] = {}  # one (kind, type) tuple per kind and type
    for n, d in enumerate(docs):
        if not isinstance(d.doc, dict):
            continue
        for key, kind, side in (("entities", "entity", 0), ("relations", "relation", 1)):
            items = d.doc.get(key)
            if not isinstance(items, list):
                continue
            for start in range(0, len(items), CHUNK):
                here = (n, 2 * (start // CHUNK) + side)
                for i, item in enumerate(items[start : start + CHUNK], start):
                    ident = item.get("id") if isinstance(item, dict) else None
                    if ident.__class__ is not str:
                        continue
                    prev = owner.get(ident)
                    if prev is None:
                        owner[ident] = here
                        type_name = item.get("type")
                        tag = (kind, type_name if isinstance(type_name, str) else "")
                        local[ident] = tags.setdefault(tag, tag)
                    elif prev != here:
                        other = docs[prev[0]].name
                        reason = f"id {ident!r} is also in {other}" if other != d.name else f"duplicate id {ident!r} in this file"
                        duplicates.append((d, key, i, reason))
    for d, key, i, reason in duplicates:
        if d.relocate is not None:
            d.doc, d.relocate = d.relocate(), None  # parse again, for the line of each problem
        line = getattr(d.doc[key][i], "line", None)
        problems.append(d.locate(Problem(f"/{key}/{i}/id", "id", reason, "duplicate-id", d.name, line)))
    cache: dict[str, tuple[str, str]] = {}  # what the store holds, asked once per id
    asked: set[str] = set()
    chunk_ids: set[Any] = set()  # the ids of the chunk being validated

    def lookup_for(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Ids of this chunk as the store knows them (type changes); others as the batch defines them."""
        wanted = set(ids)
        outside = wanted - chunk_ids
        elsewhere = outside - outside.difference(local)  # defined by another chunk of the batch
        if lookup is not None:
            unknown = (wanted - elsewhere) - asked
            if unknown:
                asked.update(unknown)
                cache.update(lookup(sorted(unknown)))
        found = {i: local[i] for i in elsewhere}
        found.update((i, cache[i]) for i in cache.keys() & (wanted - elsewhere))
        return found

    batch = Batch()
    for d in docs:
        if d.problems or not isinstance(d.doc, dict):
            if not d.problems:
                try:
                    validate(d.doc, None, file=d.name)
                except InvalidData as exc:
                    problems.extend(exc.problems)
            continue  # a file that could not be read is reported once, not validated
        part_batch, found = _validate_doc(d, lookup_for, chunk_ids, progress)
        if found and d.relocate is not None:
            d.doc, d.relocate = d.relocate(), None  # parse again, for the line of each problem
            part_batch, found = _validate_doc(d, lookup_for, chunk_ids, None)
        batch.extend(part_batch)
        problems.extend(found)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        n = len(problems)
        truncated = n >= MAX_PROBLEMS
        raise InvalidData(f"rejected, nothing written: {n}{'+' if truncated else ''} problem{'s' if n != 1 else ''}",
                          problems[:MAX_PROBLEMS], truncated=truncated)
    return batch


def _validate_doc(
    d: RawDoc, lookup: Lookup, chunk_ids: set[Any], progress: Callable[[int], None] | None
) -> tuple[Batch, list[Problem]]:
    """Validate one document chunk by chunk; ``chunk_ids`` is kept to the chunk's ids for ``lookup``."""
    batch, problems = Batch(), list[Problem]()
    for offsets, part in _chunks(d.doc):
        chunk_ids.clear()
        chunk_ids.update(i for k in ("entities", "relations") for it in part.get(k, []) if isinstance(it, dict)
                         and (i := it.get("id")).__class__ is str)
        try:
            batch.extend(validate(part, lookup, file=d.name))
        except InvalidData as exc:
            problems.extend(d.locate(_shift(p, offsets)) for p in exc.problems)
        if progress:
            progress(sum(len(part.get(k, [])) for k in ("entities", "relations")))
        if len(problems) >= MAX_PROBLEMS:
            break
    return batch, problems


def _chunks(doc: dict[str, Any]) -> Iterator[tuple[dict[str, int], dict[str, Any]]]:
    """A document in parts of at most CHUNK items, with each part's offsets."""
    ents = doc.get("entities", [])
    rels = doc.get("relations", [])
    if not isinstance(ents, list) or not isinstance(rels, list) or len(ents) + len(rels) <= CHUNK:
        yield {"entities": 0, "relations": 0}, doc
        return
    head = {k: v for k, v in doc.items() if k not in ("entities", "relations")}
    for key, items in (("entities", ents), ("relations", rels)):
        for start in range(0, len(items), CHUNK):
            yield {key: start}, {**head, key: items[start : start + CHUNK]}


def _shift(p: Problem, offsets: dict[str, int]) -> Problem:
    m = _POINTER.match(p.pointer or "")
    if not m or not offsets.get(m.group(1)):
        return p
    i = int(m.group(2)) + offsets[m.group(1)]
    return Problem(f"/{m.group(1)}/{i}{m.group(3)}", p.field, p.reason, p.code, p.file, p.line)


def read_batch(paths: Iterable[Path], lookup: Lookup | None = None, fmt: str | None = None) -> Batch:
    """Read and validate files of any supported format as one all-or-nothing batch."""
    docs: list[RawDoc] = []
    for p in paths:
        try:
            docs.extend(read_raw(Path(p), fmt))
        except InvalidData as exc:
            docs.append(RawDoc(str(p), problems=list(exc.problems)))
    return validate_docs(docs, lookup)


def count(docs: list[RawDoc]) -> int:
    total = 0
    for d in docs:
        doc: object = d.doc  # what a file held: not always an object
        if isinstance(doc, dict):
            total += sum(len(v) for k in ("entities", "relations") if isinstance(v := doc.get(k), list))
    return total


def write_batch(store: Store, batch: Batch, chunk: int | None = None,
                progress: Callable[[int], None] | None = None) -> WriteSummary:
    """Write a validated batch: as one transaction, or (``chunk``) as several of at most that
    many facts, entities first so that every relation finds its endpoints stored. Each chunk
    is atomic; if the store fails part-way, loading the same files again completes the load
    (writes are idempotent)."""
    with gc_paused():
        return _write_batch(store, batch, chunk, progress)


def _write_batch(store: Store, batch: Batch, chunk: int | None, progress: Callable[[int], None] | None) -> WriteSummary:
    if not chunk or len(batch) <= chunk:
        return store.upsert(batch, progress=progress)
    facts: list[Entity | Relation] = [*batch.entities, *batch.relations]
    total = WriteSummary()
    for start in range(0, len(facts), chunk):
        part = facts[start : start + chunk]
        s = store.upsert(
            Batch([f for f in part if isinstance(f, Entity)], [f for f in part if isinstance(f, Relation)]), progress=progress
        )
        total = WriteSummary(total.added + s.added, total.updated + s.updated, total.unchanged + s.unchanged, tx=s.tx)
    return total
