"""The API's routes, one module per area; shared dependencies here."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Callable, Sequence

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from graph.search import paginate
from graph.store import Store
from ontology.validation import EARLIEST, LATEST, parse_date

from ..auth import Principal, Require

READER = Depends(Require("reader"))
INVESTIGATOR = Depends(Require("investigator"))
ADMIN = Depends(Require("admin"))


def audited(role: str, action: str) -> Any:
    """A key of ``role`` or above, and an audit entry for the request."""
    return Depends(Require(role, audit=action))


def get_store(request: Request) -> Store:
    return request.app.state.store.get()


STORE = Depends(get_store)


def _day(value: Any) -> Any:
    day = parse_date(value) if isinstance(value, str) else value
    if day is None:
        raise ValueError(f"must be a date YYYY-MM-DD between {EARLIEST} and {LATEST}")
    return day


# A date parameter, by the facts format's rule: YYYY-MM-DD between 1900 and 2100 (else 422).
Day = Annotated[date, BeforeValidator(_day)]
AtQuery = Query(None, description="The date the question is asked for (YYYY-MM-DD).")
Cursor = Query(None, description="The next_cursor of the previous page.")


def page_limit(request: Request, limit: int | None = Query(None, ge=1, le=1000, description="Items per page (default 100).")) -> int:
    return limit or request.app.state.limits.page


LIMIT = Depends(page_limit)


def page(items: Sequence[Any], key: Callable[[Any], Sequence[str]], cursor: str | None, limit: int,
         render: Callable[[Any], Any] = lambda x: x) -> dict[str, Any]:
    p = paginate(items, key, cursor, limit)
    return {"items": [render(i) for i in p.items], "next_cursor": p.next_cursor}


def targets(request: Request, ids: list[str], detail: str | None = None) -> None:
    """Name what an audited request touched."""
    request.state.audit_targets = ids[:1000]
    if detail or len(ids) > 1000:
        request.state.audit_detail = detail or f"{len(ids)} ids, the first 1000 listed"


__all__ = ["READER", "INVESTIGATOR", "ADMIN", "STORE", "Principal", "audited", "date", "Day"]
