"""One error tree for safetykg; every error a user can cause has a stable code."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (file, line, JSON pointer), which field, and why."""

    pointer: str
    field: str | None
    reason: str
    code: str = "invalid"
    file: str | None = None
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        at = f"{where} " if where else ""
        field = f" [{self.field}]" if self.field else ""
        return f"{at}{self.pointer or '/'}{field}: {self.reason} ({self.code})"


class SafetykgError(Exception):
    """Base of every error safetykg raises on purpose."""

    code = "error"
    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidData(SafetykgError):
    """Input that does not fit the ontology; nothing from it was written."""

    code = "invalid-data"
    status = 422

    def __init__(self, message: str, problems: list[Problem], truncated: bool = False):
        super().__init__(message)
        self.problems = problems
        self.truncated = truncated

    def __str__(self) -> str:
        lines = [self.message] + [f"  {p}" for p in self.problems]
        if self.truncated:
            lines.append("  … more problems were found and not listed")
        return "\n".join(lines)


class NotFound(SafetykgError):
    code = "not-found"
    status = 404


class Conflict(SafetykgError):
    code = "conflict"
    status = 409


class StoreUnavailable(SafetykgError):
    """The store cannot be reached or opened (a server down, a wrong password, a read-only disk)."""

    code = "store-unavailable"
    status = 503


class QueryTimeout(SafetykgError):
    code = "query-timeout"
    status = 503


class TooMuchWork(SafetykgError):
    """Whole-graph work estimated over its budget: refused before it starts (ask for less)."""

    code = "work-budget"
    status = 422


class WriteRefused(SafetykgError):
    """A query that would change the graph, sent to a read-only endpoint."""

    code = "write-refused"
    status = 403


class QueryRefused(SafetykgError):
    """An analyst query whose plan does more than read the graph (LOAD CSV, an administration
    command, a procedure or function outside the allow-list); ``reason`` is its stable sub-code."""

    code = "query-refused"
    status = 403

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


class NotSupported(SafetykgError):
    """A question the store's backend cannot answer (Cypher on the embedded store)."""

    code = "not-supported"
    status = 501
