"""JSON parsing that remembers the line each object starts on, for error messages."""

from __future__ import annotations

import bisect
import json
from json.decoder import JSONObject  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any


class Located(dict):
    """A JSON object that knows its line in the source text."""

    line: int | None = None


class DuplicateKey(ValueError):
    def __init__(self, key: str, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.line = line


def loads(text: str) -> Any:
    """Like ``json.loads``, but objects are :class:`Located` and duplicate keys are errors."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        start = s_and_end[1]
        line = bisect.bisect_left(breaks, start) + 1

        def build(pairs: list[tuple[str, Any]]) -> Located:
            obj = Located()
            for key, value in pairs:
                if key in obj:
                    raise DuplicateKey(key, line)
                obj[key] = value
            obj.line = line
            return obj

        return JSONObject(s_and_end, strict, scan_once, None, build, memo)

    decoder.parse_object = parse_object  # type: ignore[attr-defined]  # json's decoder hooks, not in its stubs
    decoder.scan_once = py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)
