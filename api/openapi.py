"""The OpenAPI document of the HTTP API as committed in ``docs/openapi.json``: the contract clients
are generated from. ``python -m api.openapi`` writes it; ``--check`` fails when it is stale
(``tests/test_openapi.py`` runs the check, so a change of the contract is a reviewed change)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"


def document() -> dict[str, Any]:
    """The API's OpenAPI document (made without opening a store)."""
    from graph.settings import Settings

    from .app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(str(Path(tmp) / "store.db"), Path(tmp) / "api.db", settings=Settings.load())
        try:
            doc: dict[str, Any] = app.openapi()
        finally:
            app.state.apidb.close()
    return doc


def text() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    now = text()
    if "--check" in argv:
        if not SNAPSHOT.exists() or SNAPSHOT.read_text(encoding="utf-8") != now:
            sys.stderr.write(f"{SNAPSHOT} is stale: run `python -m api.openapi` and review the difference\n")
            return 1
        return 0
    SNAPSHOT.write_text(now, encoding="utf-8")
    sys.stderr.write(f"wrote {SNAPSHOT}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
