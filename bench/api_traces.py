"""The ``api`` section of ``bench/run.py`` alone, over an embedded store already loaded (no generating, no
reopening in the harness): a cold pass and warm passes through ``GET /v1/accidents/{id}/trace``.

    python -m bench.api_traces --db /tmp/api-s3/embedded.db [--traces 300] [--api-connections 1,8,32] [--api-port 17821]

Samples every k-th accident by id (the harness samples round-robin over grades, which needs the store
open in this process: a minute at province size). Prints the section's JSON.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

from bench.run import bench_api


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="an embedded store (its directory gets api.db and the wrk scripts)")
    ap.add_argument("--traces", type=int, default=300)
    ap.add_argument("--api-port", type=int, default=17723)
    ap.add_argument("--api-seconds", type=int, default=10)
    ap.add_argument("--api-connections", type=lambda v: [int(x) for x in v.split(",")], default=[1, 8, 32])
    args = ap.parse_args()
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    ids = [r[0] for r in db.execute("SELECT id FROM facts WHERE kind = 'entity' AND type = 'Accident' ORDER BY id")]
    db.close()
    accidents = ids[:: max(1, len(ids) // args.traces)][: args.traces]
    print(json.dumps({"accidents_in_store": len(ids), **bench_api(args, args.db, accidents)}, indent=1))


if __name__ == "__main__":
    main()
