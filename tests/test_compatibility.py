"""Stores and exports written by the previous release keep loading.

``tests/fixtures/release-0.1/`` was written by main at 831dedb (before the one-interface
change): the demo case loaded into an embedded store (``store.db``) and exported in every
format. These files are never regenerated: they stand for what users already have on disk.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.trace import explain
from loaders.batch import read_batch
from ontology.validation import validate
from conftest import DEMO_ACCIDENT, demo_document

RELEASE = Path(__file__).parent / "fixtures" / "release-0.1"
EXPORTS = ["export.json", "export.jsonld", "export.ttl", "export.nt", "export.graphml", "export-csv.zip"]


def _facts(entities, relations) -> tuple[list, list]:
    """Facts as comparable JSON, with multi-valued lists sorted (RDF keeps no order)."""
    def norm(doc: dict) -> dict:
        return {k: sorted(v, key=lambda x: json.dumps(x, sort_keys=True)) if isinstance(v, list) else v for k, v in doc.items()}

    return (sorted((norm(e.as_json()) for e in entities), key=lambda d: d["id"]),
            sorted((norm(r.as_json()) for r in relations), key=lambda d: d["id"]))


def test_a_store_written_by_the_previous_release_opens_with_its_facts_and_traces(tmp_path: Path) -> None:
    copy = tmp_path / "store.db"
    shutil.copy(RELEASE / "store.db", copy)  # opening may add tables or rows: never on the fixture itself
    demo = validate(demo_document())
    with EmbeddedStore(copy) as old:
        assert old.counts() == {"entities": len(demo.entities), "relations": len(demo.relations)}
        assert [e.as_json() for e in old.entities()] == [e.as_json() for e in sorted(demo.entities, key=lambda e: e.id)]
        assert [r.as_json() for r in old.relations()] == [r.as_json() for r in sorted(demo.relations, key=lambda r: r.id)]
        summary = old.upsert(demo)
        assert (summary.added, summary.updated) == (0, 0)  # the same facts as today's reading of the demo
        with EmbeddedStore(tmp_path / "fresh.db") as fresh:
            fresh.upsert(demo)
            assert explain(old.trace_context(DEMO_ACCIDENT), DEMO_ACCIDENT) == explain(
                fresh.trace_context(DEMO_ACCIDENT), DEMO_ACCIDENT)


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_written_by_the_previous_release_loads_as_the_demo(name: str) -> None:
    demo = validate(demo_document())
    batch = read_batch([RELEASE / name])
    assert _facts(batch.entities, batch.relations) == _facts(demo.entities, demo.relations)
