"""Reading facts documents (JSON) into validated batches, with file and line in every error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ontology.errors import InvalidData, Problem
from ontology.facts import Batch
from ontology.validation import Lookup, validate

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


def read_batch(paths: Iterable[Path], lookup: Lookup | None = None) -> Batch:
    """Validate several files as one batch: every error of every file, or the whole batch."""
    docs = [(str(p), read_document(p)) for p in paths]
    local: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for name, doc in docs:
        for key, kind in (("entities", "entity"), ("relations", "relation")):
            items = doc.get(key, []) if isinstance(doc, dict) else []
            for i, item in enumerate(items if isinstance(items, list) else []):
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in owner and owner[ident] != name:
                    problems.append(Problem(f"/{key}/{i}/id", "id", f"id {ident!r} is also in {owner[ident]}", "duplicate-id", name, getattr(item, "line", None)))
                owner.setdefault(ident, name)
                local.setdefault(ident, (kind, item.get("type") if isinstance(item.get("type"), str) else ""))

    batch = Batch()
    for name, doc in docs:
        others = {i: v for i, v in local.items() if owner[i] != name}

        def lookup_for(ids: Iterable[str], others: dict = others) -> dict[str, tuple[str, str]]:
            ids = list(ids)
            found = dict(lookup(ids)) if lookup else {}
            found.update({i: others[i] for i in ids if i in others})
            return found

        try:
            batch.extend(validate(doc, lookup_for, file=name))
        except InvalidData as exc:
            problems.extend(exc.problems)
    if problems:
        n = len(problems)
        raise InvalidData(f"rejected, nothing written: {n} problem{'s' if n != 1 else ''}", problems)
    return batch
