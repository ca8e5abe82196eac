"""The investigator's web view: static pages served by the API app, plus the labels they show.

The pages (``static/index.html``, ``static/js/*.js``, ``static/app.css``) and the vendored
libraries (``static/vendor/``) are plain files: no build step, no CDN. Every piece of case data
they show comes from the ``/v1`` API with the caller's key; what is served here without a key is
the page shell and the ontology's labels (zh/en), which hold no case data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ontology.model import model

STATIC = Path(__file__).parent / "static"
PREFIX = "/ui"


@cache
def labels() -> dict[str, Any]:
    """zh/en labels of the ontology for the view: types, properties, relations, schemes, rules, gaps."""
    m = model()
    props: dict[str, dict[str, str]] = {}
    for kinds in (m.types.values(), m.relations.values()):
        for t in kinds:
            for key, p in t.properties.items():
                props.setdefault(key, p.labels.as_dict())
    return {
        "types": {name: t.labels.as_dict() for name, t in m.types.items()},
        "relations": {name: r.labels.as_dict() for name, r in m.relations.items()},
        "properties": props,
        "schemes": {name: {code: c.labels.as_dict() for code, c in concepts.items()} for name, concepts in m.schemes.items()},
        "scheme_labels": {name: lab.as_dict() for name, lab in m.scheme_labels.items()},
        "rules": {rid: {**r.as_dict(), "layer": r.layer, "responsibility": r.responsibility} for rid, r in m.rules.items()},
        "gaps": {kind: lab.as_dict() for kind, lab in m.gaps.items()},
    }


def mount(app: FastAPI) -> None:
    """Serve the web view at ``/ui/`` (``/`` redirects there) and its labels at ``/ui/labels.json``.

    These are plain Starlette routes and a static mount, like the API's offline docs assets: not
    ``/v1`` API routes, and they hold no case data.
    """
    from orjson import dumps

    async def root(request: Request) -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/")

    async def labels_json(request: Request) -> Response:
        return Response(dumps(labels()), media_type="application/json")

    app.add_route("/", root, methods=["GET"], include_in_schema=False)
    app.add_route(f"{PREFIX}/labels.json", labels_json, methods=["GET"], include_in_schema=False)
    app.mount(PREFIX, StaticFiles(directory=STATIC, html=True), name="ui")
