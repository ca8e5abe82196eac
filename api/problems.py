"""Every error as ``application/problem+json`` (RFC 9457), with a field pointer for bad input."""

from __future__ import annotations

from typing import Any, Mapping

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ontology.errors import InvalidData, SafetykgError

PROBLEM = "application/problem+json"
TYPE_BASE = "https://w3id.org/safetykg/problems/"
TITLES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    406: "Not acceptable", 409: "Conflict", 413: "Content too large", 415: "Unsupported media type",
    422: "Unprocessable content", 500: "Internal error", 501: "Not implemented", 503: "Service unavailable",
}


class ApiProblem(HTTPException):
    """An HTTP error of the API itself (auth, roles, limits), raised from routes, dependencies and body reads."""

    def __init__(self, status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(status, detail, headers)
        self.status, self.code, self.detail, self.headers, self.extra = status, code, detail, headers, extra


def problem(status: int, code: str, detail: str, request: Request | None = None, headers: Mapping[str, str] | None = None,
            **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _pointer(loc: tuple[Any, ...]) -> tuple[str, str | None]:
    """FastAPI's error location as a JSON pointer into the body, or the parameter's name."""
    where, *rest = loc or ("",)
    parts = [str(p) for p in rest]
    if where == "body":
        return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts), (parts[-1] if parts else None)
    return "/" + "/".join(parts), (parts[-1] if parts else None)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem(exc.status, exc.code, exc.detail, request, exc.headers, **exc.extra)

    @app.exception_handler(InvalidData)
    async def invalid(request: Request, exc: InvalidData) -> JSONResponse:
        return problem(422, exc.code, exc.message, request, errors=[p.as_dict() for p in exc.problems],
                       truncated=exc.truncated or None)

    @app.exception_handler(SafetykgError)
    async def safetykg(request: Request, exc: SafetykgError) -> JSONResponse:
        headers = {"Retry-After": "5"} if exc.status == 503 else None
        return problem(exc.status, exc.code, exc.message, request, headers)

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            pointer, field = _pointer(tuple(e.get("loc", ())))
            errors.append({"pointer": pointer, "field": field, "reason": e.get("msg", "invalid"), "code": e.get("type", "invalid"),
                           "in": (e.get("loc") or ["body"])[0]})
        return problem(422, "invalid-request", "the request does not fit this endpoint: see errors", request, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        given: object = exc.detail  # Starlette types it str; a caller may pass anything
        detail = given if isinstance(given, str) else TITLES.get(exc.status_code, "error")
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such endpoint: {request.method} {request.url.path}"
        return problem(exc.status_code, code, detail, request, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem(500, "internal-error", "an unexpected error; it was logged", request)
