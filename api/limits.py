"""Request size limits, before any body reaches a route."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import ApiProblem

DEFAULT_MAX_BODY = 16 * 1024 * 1024


class BodyLimit:
    """Refuses bodies over ``max_bytes`` with 413: from Content-Length before reading any of it, or
    while streaming. The refusal happens when a route reads the body, after authentication, so
    an unauthenticated request still gets 401 and an audited write still leaves its entry."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        length = dict(scope.get("headers", [])).get(b"content-length")
        declared_too_large = length is not None and (not length.isdigit() or int(length) > limit)
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            if declared_too_large:  # refuse before reading a byte of it
                raise ApiProblem(413, "too-large", f"the body is larger than this server's limit of {limit} bytes")
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiProblem(413, "too-large", f"the body is larger than this server's limit of {limit} bytes")
            return message

        await self.app(scope, receive if scope["method"] in ("GET", "HEAD") else counting, send)
