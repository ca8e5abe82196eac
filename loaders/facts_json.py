"""Reading facts documents (JSON) into validated batches, with file and line in every error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ontology.errors import InvalidData, Problem
from ontology.facts import Batch
from ontology.validation import Lookup

from .batch import RawDoc
from .jsonpos import DuplicateKey, loads

MAX_FILE_BYTES = 512 * 1024 * 1024


def read_document(path: Path) -> Any:
    """Parse a facts file; malformed input raises :class:`InvalidData` naming file and line."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidData(f"{name}: cannot be read", [Problem("", None, exc.strerror or str(exc), "unreadable", name)]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidData(f"{name}: too large", [Problem("", None, f"larger than {MAX_FILE_BYTES} bytes", "too-large", name)])
    return parse_text(raw, name)


def parse_text(raw: bytes, name: str | None = None) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem("", None, f"not UTF-8 (byte {exc.start})", "bad-encoding", name, line)
        raise InvalidData(f"{name or 'input'}: rejected", [problem]) from None
    try:
        return loads(text)
    except DuplicateKey as exc:
        problem = Problem("", exc.key, f"duplicate key {exc.key!r} in one object", "duplicate-key", name, exc.line)
    except json.JSONDecodeError as exc:
        problem = Problem("", None, f"malformed JSON: {exc.msg} at column {exc.colno}", "malformed-json", name, exc.lineno)
    except RecursionError:
        problem = Problem("", None, "nested too deeply", "too-deep", name)
    raise InvalidData(f"{name or 'input'}: rejected, nothing written", [problem])


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("duplicate key")
    return obj


def read_raw(path: Path) -> RawDoc:
    """A facts JSON file as a raw document (a file that cannot be parsed carries its problem).

    The file is parsed by the C decoder, about fifteen times faster than the line-tracking
    one; only if the batch has a problem is it parsed again with line numbers, so that every
    problem still names its line.
    """
    name = str(path)
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            raise InvalidData(f"{name}: too large", [Problem("", None, f"larger than {MAX_FILE_BYTES} bytes", "too-large", name)])
        try:
            doc = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_unique)
        except (ValueError, RecursionError):  # malformed, duplicate keys, not UTF-8: the slow parser says where
            doc = parse_text(raw, name)
    except OSError as exc:
        return RawDoc(name, problems=[Problem("", None, exc.strerror or str(exc), "unreadable", name)])
    except InvalidData as exc:
        return RawDoc(name, problems=list(exc.problems))
    return RawDoc(name, doc, relocate=lambda: parse_text(raw, name))


def read_batch(paths: Iterable[Path], lookup: Lookup | None = None) -> Batch:
    """Validate several files as one batch: every error of every file, or the whole batch.

    Files of any supported format are accepted (by extension); see :mod:`loaders.batch`.
    """
    from .batch import read_batch as read_any

    return read_any(paths, lookup)
