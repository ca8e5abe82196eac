"""The OpenAPI document, with the facts format's JSON Schema (derived from the ontology) in its components."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ontology.derive import json_schema

from .problems import TITLES

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


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error (RFC 9457, application/problem+json)",
    "required": ["type", "title", "status", "code", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "code": {"type": "string", "description": "A stable code for programs (e.g. invalid-data, no-key, query-timeout)"},
        "detail": {"type": "string"}, "instance": {"type": "string"},
        "errors": {"type": "array", "description": "For 422: every problem, with where it is", "items": {
            "type": "object", "properties": {
                "pointer": {"type": "string", "description": "JSON pointer into the body, or /<parameter>"},
                "field": {"type": ["string", "null"]}, "reason": {"type": "string"}, "code": {"type": "string"},
                "file": {"type": "string"}, "line": {"type": "integer"}, "in": {"type": "string"}}}},
    },
}


def _problem_codes(path: str, method: str) -> list[int]:
    """The errors a route can answer with, for its OpenAPI entry."""
    if path == "/v1/health":
        return [503]
    codes = [401, 403, 422, 503]
    if "{" in path or path in ("/v1/paths", "/v1/export", "/v1/hazards"):
        codes.append(404)
    if method in ("post", "put", "patch"):
        codes += [413, 415]
    if method in ("post", "put", "patch", "delete") and path.startswith(("/v1/facts", "/v1/admin")):
        codes.append(409)
    if path == "/v1/query/cypher":
        codes.append(501)
    return sorted(codes)


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
            spec["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
            for path, ops in spec["paths"].items():
                for method, op in ops.items():
                    codes = _problem_codes(path, method)
                    responses = op.setdefault("responses", {})
                    # every error is a problem document, FastAPI's own 422 (HTTPValidationError) included
                    for code in sorted({*codes, *(int(c) for c in responses if c.isdigit() and int(c) >= 400)}):
                        responses[str(code)] = {
                            "description": TITLES.get(code, responses.get(str(code), {}).get("description", "Error")),
                            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                        }
                    if path == "/v1/health":
                        op["security"] = []
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
