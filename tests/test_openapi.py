"""The API's contract: stable operation ids, and the OpenAPI document as committed (a change to it
is a reviewed change: ``python -m api.openapi`` writes ``docs/openapi.json``)."""

from __future__ import annotations

import json
from collections import Counter

from api.openapi import SNAPSHOT, document


def test_the_openapi_document_is_the_committed_snapshot():
    now = json.loads(json.dumps(document(), ensure_ascii=False, sort_keys=True))
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = sorted(set(now["paths"]) ^ set(committed["paths"]))
    assert not changed, f"routes added or removed: {changed}; run `python -m api.openapi` and review"
    assert now == committed, "the OpenAPI document changed: run `python -m api.openapi` and review the difference"


def test_every_operation_has_a_stable_unique_id_named_for_its_tag_and_function():
    ops = [(path, method, op) for path, item in document()["paths"].items() for method, op in item.items()]
    ids = [op["operationId"] for _, _, op in ops]
    assert len(ops) > 25 and not [i for i, n in Counter(ids).items() if n > 1]
    for path, method, op in ops:
        assert op["operationId"].startswith(op["tags"][0] + "-"), (path, method, op["operationId"])
        assert "_" not in op["operationId"] and "v1" not in op["operationId"]
    assert "facts-upsert-facts" in ids and "explore-export" in ids
