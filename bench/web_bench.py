"""The web view's latency in a real browser, next to the API calls it is made of.

Loads the demo into a fresh embedded store, runs `safetykg serve` on loopback and drives Debian's
Chromium with Playwright. For each repetition it measures, in the page (performance.now()):

- open: from clicking the accident to the chain drawn (trace + timeline fetched, graph laid out);
- as_of: from "Re-run" with another date to the chain drawn again;
- findings: switching to the findings tab until the table is filled;

and, as the peer in the same run, the two HTTP calls the view makes (trace and timeline) with httpx.
Prints one JSON document (milliseconds: median, min, max).

    python bench/web_bench.py --repeat 7
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.apidb import ApiDb, default_path  # noqa: E402
from api.auth import create_key  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from ontology.validation import validate  # noqa: E402

ACCIDENT = "acc/songtai-2024-0918"


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1), "max": round(max(values), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="skg-web-bench-"))
    db = home / "store.db"
    store = EmbeddedStore(db)
    doc = json.loads(resources.files("loaders").joinpath("demo", "songtai-collapse.facts.json").read_text(encoding="utf-8"))
    store.upsert(validate(doc, store.kinds))
    store.close()
    keys = ApiDb(default_path(str(db)))
    key = create_key(keys, "bench", "reader")[1]
    keys.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("SAFETYKG_STORE", "SAFETYKG_API_DB")}
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--store", str(db), "--port", str(port)],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: [lines.append(x) for x in proc.stderr], daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        url = next(m.group(1) for x in lines if (m := re.search(r"web view: (http://\S+)", x)))
        results = run(url, base, key, args.repeat)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(json.dumps({"benchmark": "web_view", "store": "embedded", "data": "demo (136 entities, 148 relations)",
                      "browser": "Debian chromium, headless", "repeat": args.repeat, "ms": results}, indent=1))


def run(url: str, base: str, key: str, repeat: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    timings: dict[str, list[float]] = {"open": [], "as_of": [], "findings": [], "http_trace": [], "http_timeline": []}
    headers = {"X-API-Key": key}
    with sync_playwright() as p, httpx.Client(base_url=base, headers=headers) as http:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for i in range(repeat + 1):  # the first round warms caches and is not counted
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url)
            page.fill("#key-input", key)
            page.click("#login-button")
            page.wait_for_selector(".accident-result a")
            t0 = page.evaluate("() => performance.now()")
            page.click(".accident-result a")
            page.wait_for_function("() => window.skg.cy && window.skg.cy.nodes('.person').length > 10")
            t1 = page.evaluate("() => performance.now()")
            page.fill("#asof", "2024-08-27")
            t2 = page.evaluate("() => performance.now()")
            page.click("#asof-button")
            page.wait_for_function("() => window.skg.cy.getElementById('person/zhao-lijun').length === 1")
            t3 = page.evaluate("() => performance.now()")
            page.click("#tab-button-findings")
            page.wait_for_function("() => document.querySelectorAll('#findings-table tbody tr').length > 40")
            t4 = page.evaluate("() => performance.now()")
            page.close()
            s0 = time.perf_counter()
            assert http.get(f"/v1/accidents/{ACCIDENT}/trace").status_code == 200
            s1 = time.perf_counter()
            assert http.get(f"/v1/accidents/{ACCIDENT}/timeline").status_code == 200
            s2 = time.perf_counter()
            if i == 0:
                continue
            timings["open"].append(t1 - t0)
            timings["as_of"].append(t3 - t2)
            timings["findings"].append(t4 - t3)
            timings["http_trace"].append((s1 - s0) * 1000)
            timings["http_timeline"].append((s2 - s1) * 1000)
        browser.close()
    return {k: _summary(v) for k, v in timings.items()}


if __name__ == "__main__":
    main()
