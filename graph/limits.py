"""Bounds on whole-graph work a caller asks for: a work budget checked before starting, and a
time limit that stops the work when it is reached.

Work that cannot check a clock as it goes (a networkx algorithm) runs in a forked child
process, which inherits the read view it reads (copy-on-write: nothing is copied or encoded
to start it) and is killed at the limit; loops of our own check a :class:`Deadline`.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Any, Callable

from ontology.errors import QueryTimeout, SafetykgError, TooMuchWork

DEFAULT_QUERY_BYTES = 16 * 1024 * 1024  # JSON bytes of rows an analyst query may return


def check_budget(what: str, steps: float, budget: float, hint: str) -> None:
    """Refuse work estimated at more than ``budget`` steps, saying what would help."""
    if steps > budget:
        raise TooMuchWork(f"{what} would take about {steps:.3g} steps, over the budget of {budget:.3g}: {hint}")


class Deadline:
    """A time limit for a loop of our own: :meth:`check` raises once it has passed."""

    def __init__(self, seconds: float, what: str):
        self.seconds, self.what = seconds, what
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise QueryTimeout(f"{self.what} ran past its time limit of {self.seconds:g} s and was stopped")


def _child(fn: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("error", exc if isinstance(exc, SafetykgError) else SafetykgError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def in_child(fn: Callable[..., Any], *args: Any, timeout_s: float, what: str) -> Any:
    """``fn(*args)`` in a forked child killed after ``timeout_s`` (QueryTimeout); its result is pickled back."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise QueryTimeout(f"{what} ran past its time limit of {timeout_s:g} s and was stopped")
        status, payload = parent.recv()
    except EOFError:
        raise SafetykgError(f"{what} ended without an answer") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "error":
        raise payload
    return payload
