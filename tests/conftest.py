from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from graph.embedded import EmbeddedStore
from graph.store import Backend, Store, open_store, register_backend
from ontology.validation import validate

DEMO_ACCIDENT = "acc/songtai-2024-0918"
# Every store test runs on each backend: the two of the product and a plain in-memory one kept
# here (tests/memstore.py), which proves that a backend is one module, one registry line (below)
# and one parameter (this list).
BACKENDS = ["embedded", "neo4j", "memory"]
register_backend(Backend("memory", ("memory:",), "memstore:open_memory"))


def demo_document() -> dict[str, Any]:
    path = resources.files("loaders").joinpath("demo", "songtai-collapse.facts.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def demo_doc() -> dict[str, Any]:
    return demo_document()


def _neo4j_uri() -> str:
    uri = os.environ.get("SAFETYKG_TEST_NEO4J")
    if not uri:
        pytest.fail("SAFETYKG_TEST_NEO4J is not set: run the suite with tests/run.sh, which starts Neo4j")
    return uri


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend (the conformance suite runs every test on both)."""
    if request.param == "embedded":
        s: Store = EmbeddedStore(tmp_path / "store.db")
    elif request.param == "memory":
        s = open_store(f"memory:{tmp_path}")
    else:
        request.applymarker(pytest.mark.neo4j)
        s = open_store(_neo4j_uri())
        s.wipe()
    yield s
    s.close()


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path / "store.db")
    yield s
    s.close()


@pytest.fixture
def load() -> Callable[[Store, dict[str, Any]], Any]:
    def _load(store: Store, doc: dict[str, Any]):
        return store.upsert(validate(doc, store.kinds))

    return _load


@pytest.fixture
def api(store: Store, tmp_path: Path):
    """The HTTP API over an empty store of each backend, with one key per role."""
    from api.app import create_app
    from apikit import ApiClient

    client = ApiClient(create_app(store, tmp_path / "api.db"))
    yield client
    client.http.close()
    client.app.state.apidb.close()


@pytest.fixture
def demo_api(api, demo_doc):
    """The API over a store holding the demo case."""
    api.load(demo_doc)
    return api


# --- hypothesis profiles: modest example counts in CI, more with SAFETYKG_HYPOTHESIS=long ---
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SAFETYKG_HYPOTHESIS", "ci"))


@pytest.fixture(scope="module", params=BACKENDS)
def fresh_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Store]]:
    """A maker of empty stores of each backend, for property tests (one store per example)."""
    opened: list[Store] = []
    if request.param == "neo4j":
        neo = open_store(_neo4j_uri())
        opened.append(neo)

        def make() -> Store:
            neo.wipe()
            return neo
    elif request.param == "memory":
        def make() -> Store:
            if opened:
                opened.pop().close()
            s = open_store(f"memory:fresh-{id(opened)}")  # closed just before: a new, empty store
            opened.append(s)
            return s
    else:
        root = tmp_path_factory.mktemp("fresh")

        def make() -> Store:
            if opened:
                opened.pop().close()
            s = EmbeddedStore(root / f"store-{len(list(root.iterdir()))}.db")
            opened.append(s)
            return s
    yield make
    for s in opened:
        s.close()
