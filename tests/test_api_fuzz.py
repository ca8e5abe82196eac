"""Generated requests from the OpenAPI document (schemathesis): whatever a client sends to a
read endpoint, the API answers without a server error, and every error is a problem document."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from api.app import create_app
from api.auth import create_key
from conftest import demo_document
from graph.embedded import EmbeddedStore
from ontology.validation import validate

_dir = Path(tempfile.mkdtemp(prefix="skg-fuzz-"))
_store = EmbeddedStore(_dir / "store.db")
_store.upsert(validate(demo_document(), _store.kinds))
app = create_app(_store, _dir / "api.db")
_, KEY = create_key(app.state.apidb, "fuzz", "reader")
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.include(method="GET").exclude(path_regex="^/v1/admin").parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_reads_never_fail_on_the_server(case):
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in ("x-api-key", "authorization")}
    case.headers["X-API-Key"] = KEY
    response = case.call()
    assert response.status_code < 500, response.text
    assert response.status_code not in (401, 403), response.text
    if response.status_code >= 400:
        ctype = response.headers["content-type"]
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        assert ctype.startswith("application/problem+json"), response.text
        assert response.json()["status"] == response.status_code
