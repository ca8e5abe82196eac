"""A short soak in the default run (~15 s): mixed reads and writes against a real API server,
no errors, memory within bound. ``python bench/soak.py --seconds 300`` is the long one."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.soak import soak  # noqa: E402


def test_a_short_soak_of_mixed_reads_and_writes_holds(tmp_path):
    out = soak(str(tmp_path / "store.db"), tmp_path, seconds=15, max_requests=5000, clients=3)
    assert out["errors"] == 0, out["error_samples"]
    assert out["ok"] >= 30 and out["latency_ms"]["write"]["n"] > 0 and out["latency_ms"]["trace"]["n"] > 0
    assert out["rss_mib"]["growth_after_warmup"] < 64, out["rss_mib"]
