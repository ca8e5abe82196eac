"""The OpenAPI document, with the facts format's JSON Schema (derived from the ontology) in its components."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ontology.derive import json_schema

PREFIX = "Facts."


def facts_components() -> dict[str, Any]:
    """The facts schema's ``$defs`` as OpenAPI component schemas, and the document itself as ``FactsDocument``."""
    schema = json_schema()
    text = json.dumps(schema).replace('"#/$defs/', f'"#/components/schemas/{PREFIX}')
    schema = json.loads(text)
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    out = {PREFIX + k: v for k, v in defs.items()}
    out["FactsDocument"] = schema
    entities = schema["properties"]["entities"]["items"]["oneOf"]
    relations = schema["properties"]["relations"]["items"]["oneOf"]
    out["Fact"] = {"description": "One entity or relation, as in a facts document", "oneOf": entities + relations}
    return out


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, summary=app.summary, description=app.description,
                               routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {}).update(facts_components())
            spec["components"]["securitySchemes"] = {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "bearer": {"type": "http", "scheme": "bearer"},
            }
            spec["security"] = [{"apiKey": []}, {"bearer": []}]
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
