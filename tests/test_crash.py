"""Crash durability of the embedded store: a writer process SIGKILLed at random moments.

The default run does three rounds; ``python bench/crash.py embedded --rounds N`` runs more
(docs/reliability.md). The Neo4j rounds are in test_neo4j_faults.py, the API's in test_api_crash.py.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.crash import embedded_rounds, ok  # noqa: E402


def test_every_acknowledged_batch_survives_sigkill_and_none_is_half_there(tmp_path):
    result = embedded_rounds(tmp_path / "store.db", rounds=3, rng=random.Random(int(os.environ.get("SAFETYKG_CRASH_SEED", "3"))))
    assert result["rounds_ok"] == result["rounds"] == 3, result
    assert result["acked"] > 0 and result["acked_found_whole"] == result["acked"]
    assert result["partial"] == [] and result["unexpected"] == []
    assert all(r["integrity"] == "ok" for r in result["per_round"])
    # the batch in flight at each kill is there whole or not at all
    assert result["unacked_whole"] + result["unacked_absent"] == 3
