"""Faults: a read-only or full disk under the embedded store, Neo4j stopped and restarted.

Each fault gives a clear ``SafetykgError`` (never a raw driver or SQLite exception), and
after it the store holds exactly what was acknowledged before it: nothing lost, nothing
half-written, ``PRAGMA integrity_check`` clean.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Iterator

import pytest

from faultkit import Neo4jServer, numbered_batch
from graph.embedded import EmbeddedStore
from graph.store import open_store
from ontology.errors import StoreUnavailable
from ontology.validation import validate
from world import county_world

REPO = Path(__file__).resolve().parents[1]


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


@contextlib.contextmanager
def read_only(directory: Path) -> Iterator[Path]:
    """The directory, read-only: a read-only bind mount for root (who ignores modes), else chmod."""
    if os.geteuid() == 0:
        view = directory.with_name(directory.name + "-ro")
        view.mkdir()
        subprocess.run(["mount", "--bind", "-o", "ro", str(directory), str(view)], check=True)
        try:
            yield view
        finally:
            if subprocess.run(["umount", str(view)]).returncode:
                subprocess.run(["umount", "--lazy", str(view)], check=True)
                raise AssertionError(f"something still held files open under {view}")
    else:
        modes = {p: p.stat().st_mode for p in [directory, *directory.iterdir()]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield directory
        finally:
            for p, mode in modes.items():
                p.chmod(mode)


# --- embedded: read-only store ---------------------------------------------------------------


@pytest.mark.parametrize("closed_first", [True, False], ids=["closed-store", "open-store"])
def test_a_read_only_store_refuses_writes_clearly_and_keeps_its_data(tmp_path, closed_first):
    d = tmp_path / "store"
    d.mkdir()
    with EmbeddedStore(d / "s.db") as s:
        s.upsert(validate(county_world().doc(), s.kinds))
        before = s.counts()
    writer = None
    if not closed_first:  # another process holds the store open, so its WAL files stay
        hold = "import sys; from graph.embedded import EmbeddedStore; s = EmbeddedStore(sys.argv[1]); print('open', flush=True); sys.stdin.read()"
        writer = subprocess.Popen([sys.executable, "-c", hold, str(d / "s.db")], cwd=REPO, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "open"
    try:
        with read_only(d) as ro:
            try:
                s = EmbeddedStore(ro / "s.db")
            except StoreUnavailable as exc:  # no WAL index can be made in a read-only directory
                assert str(ro / "s.db") in str(exc)
            else:
                with s:
                    assert s.counts() == before  # reads still work
                    new = validate({"entities": [{"id": "person/late", "type": "Person", "name": {"en": "Late"}}]}, s.kinds)
                    with pytest.raises(StoreUnavailable, match="not written|cannot take writes"):
                        s.upsert(new)
                    with pytest.raises(StoreUnavailable, match="nothing was deleted|cannot take writes"):
                        s.delete([next(s.relations("holds")).id])
                    assert s.counts() == before and s.get("person/late") is None
    finally:
        if writer:
            writer.communicate("", timeout=30)
    assert integrity(d / "s.db") == "ok"
    with EmbeddedStore(d / "s.db") as s:
        assert s.counts() == before
        s.upsert(validate({"entities": [{"id": "person/late", "type": "Person", "name": {"en": "Late"}}]}, s.kinds))
        assert s.get("person/late") is not None


# --- embedded: full disk ----------------------------------------------------------------------

FILL = textwrap.dedent("""
    import json, resource, signal, sqlite3, sys
    sys.path.insert(0, "tests")
    from faultkit import numbered_batch
    from graph.embedded import EmbeddedStore
    from ontology.errors import SafetykgError
    path, limit = sys.argv[1], int(sys.argv[2])
    s = EmbeddedStore(path)
    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    acked = []
    for n in range(100000):
        try:
            s.upsert(numbered_batch(n, size=20, pad=2000))
        except SafetykgError as exc:
            print(json.dumps({"error": type(exc).__name__, "message": str(exc)}), flush=True)
            break
        acked.append(n)
    out = {"acked": acked, "counts": s.counts()}  # the store stays readable after the failure
    s.close()
    if limit:
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.getrlimit(resource.RLIMIT_FSIZE)[1],) * 2)
    out["integrity"] = sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0]
    s = EmbeddedStore(path)  # reopened, as after a restart
    out["reopened"] = s.counts()
    out["all_acked_whole"] = all(s.get(f"ent/b{n}-{i}") is not None for n in acked for i in range(20))
    out["refused_absent"] = all(s.get(f"ent/b{len(acked)}-{i}") is None for i in range(20))
    print(json.dumps(out), flush=True)
""")


def _check_full(command: list[str]) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    error, out = [json.loads(line) for line in proc.stdout.splitlines()]
    n = len(out["acked"])
    assert n > 0 and error["error"] == "StoreUnavailable"
    assert "was not written" in error["message"] and ("full" in error["message"] or "disk" in error["message"])
    assert out["counts"] == out["reopened"] == {"entities": 20 * n, "relations": 19 * n}
    assert out["integrity"] == "ok" and out["all_acked_whole"] and out["refused_absent"]


def test_a_file_size_limit_refuses_the_batch_clearly_and_corrupts_nothing(tmp_path):
    """RLIMIT_FSIZE stands in for a full disk: SQLite's write fails the same way (EFBIG)."""
    _check_full([sys.executable, "-c", FILL, str(tmp_path / "s.db"), "600000"])


def test_a_full_filesystem_refuses_the_batch_clearly_and_corrupts_nothing(tmp_path):
    """A real 1 MiB tmpfs filled up (ENOSPC), mounted in a private mount namespace."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    script = f'mount -t tmpfs -o size=1m tmpfs "$1" && exec "$2" -c "$3" "$1/s.db" 0'
    userns = [] if os.geteuid() == 0 else ["--map-root-user"]
    _check_full(["unshare", "--mount", *userns, "sh", "-c", script, "fill", str(mnt), sys.executable, FILL])
