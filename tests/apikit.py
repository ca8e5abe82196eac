"""A client of the HTTP API for tests: one key per role, JSON in and out."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from api.auth import ROLES, create_key


class ApiClient:
    def __init__(self, app: Any):
        self.app = app
        self.http = TestClient(app, raise_server_exceptions=False)
        self.keys = {role: create_key(app.state.apidb, f"{role}-key", role)[1] for role in ROLES}

    def headers(self, role: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        out = {"X-API-Key": self.keys[role]} if role else {}
        return {**out, **(extra or {})}

    def get(self, path: str, role: str | None = "reader", **params: Any):
        return self.http.get(path, params={k.rstrip("_"): v for k, v in params.items() if v is not None}, headers=self.headers(role))

    def send(self, method: str, path: str, body: Any, role: str | None = "investigator", headers: dict[str, str] | None = None):
        content = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
        h = {"Content-Type": "application/json", **(headers or {})}
        return self.http.request(method, path, content=content, headers=self.headers(role, h))

    def post(self, path: str, body: Any, role: str | None = "investigator", headers: dict[str, str] | None = None):
        return self.send("POST", path, body, role, headers)

    def load(self, doc: dict[str, Any]) -> dict[str, Any]:
        r = self.post("/v1/facts", doc)
        assert r.status_code == 200, r.text
        return r.json()

    def audit(self, **params: Any) -> list[dict[str, Any]]:
        r = self.get("/v1/admin/audit", "admin", **params)
        assert r.status_code == 200, r.text
        return r.json()["items"]


def is_problem(r: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an application/problem+json of this status (and code)."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    body = r.json()
    assert body["status"] == status and body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body
