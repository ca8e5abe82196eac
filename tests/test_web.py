"""The investigator's web view, end to end: `safetykg serve` on loopback, Debian's Chromium driven by Playwright.

An investigator loads the demo, signs in with a reader key, finds the accident, opens its chain,
clicks a person and reads the sources, and re-runs the trace as of the day before the general
manager's handover to see the predecessor answer for the post.

Set SAFETYKG_WEB_SCREENSHOTS=docs to refresh the screenshots in docs/ (web-chain.png,
web-chain-person.png, web-timeline.png).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from api.apidb import ApiDb, default_path
from api.auth import create_key, revoke_key
from conftest import DEMO_ACCIDENT, demo_document
from graph.embedded import EmbeddedStore
from ontology.validation import validate

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "api" / "web" / "static"
CHROMIUM = Path("/usr/bin/chromium")
GM_POST = "post/hengfa-gm"
HANDOVER_EVE = "2024-08-27"  # Sun Hao took over as general manager on 2024-08-28, 21 days before the accident
APPOINTMENT = "恒发煤业关于总经理任免的决定（虚构）"  # the source of Sun Hao's tenure


# ---- the server and the browser ----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The demo in an embedded store, a reader key, a revoked key, and `safetykg serve` on loopback."""
    home = tmp_path_factory.mktemp("web")
    db = home / "store.db"
    store = EmbeddedStore(db)
    store.upsert(validate(demo_document(), store.kinds))
    store.close()
    keys = ApiDb(default_path(str(db)))
    reader = create_key(keys, "web-reader", "reader")[1]
    revoked_record, revoked = create_key(keys, "web-revoked", "reader")
    revoke_key(keys, revoked_record["id"])
    keys.close()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SAFETYKG_STORE", "SAFETYKG_API_DB")}
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--store", str(db), "--port", str(port)],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: [lines.append(line) for line in proc.stderr], daemon=True).start()
    try:
        address = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            printed = [m.group(1) for line in lines if (m := re.search(r"web view: (http://\S+)", line))]
            if printed:
                address = printed[0]
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
            time.sleep(0.2)
        else:
            pytest.fail(f"safetykg serve did not come up: {''.join(lines)[-2000:]}")
        assert address == f"http://127.0.0.1:{port}/ui/", "serve prints the address of the web view"
        yield {"url": address, "reader": reader, "revoked": revoked, "base": f"http://127.0.0.1:{port}"}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True, locale="en-GB")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert not pg.errors, f"JavaScript errors: {pg.errors}"
    context.close()


def sign_in(page, server, key: str | None = None) -> None:
    page.goto(server["url"])
    page.fill("#key-input", key or server["reader"])
    page.click("#login-button")


def open_demo(page, server) -> None:
    sign_in(page, server)
    page.locator(f'.accident-result[data-id="{DEMO_ACCIDENT}"] a').click()
    page.wait_for_function("() => window.skg && window.skg.cy && window.skg.cy.nodes('.person').length > 10")


def graph(page, expression: str):
    """Evaluate an expression over the Cytoscape instance `cy` of the chain."""
    return page.evaluate(f"() => {{ const cy = window.skg.cy; return {expression}; }}")


def click_graph(page, element_id: str) -> None:
    """Click a node or an edge of the chain with the mouse, where it is drawn on the screen."""
    pos = page.evaluate("""(id) => {
        const el = window.skg.cy.getElementById(id);
        const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
        const box = document.querySelector('#cy').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, inside: p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height};
    }""", element_id)
    assert pos["inside"], f"{element_id} is not on screen"
    page.mouse.click(pos["x"], pos["y"])


def focus_layer(page, layer: str) -> None:
    page.click(f"#focus-{layer}")
    page.wait_for_timeout(400)  # the zoom is animated for 250 ms


# ---- access ------------------------------------------------------------------------------------

def test_without_a_key_only_the_key_box_is_shown_and_no_data_is_fetched(page, server):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server["url"])
    page.wait_for_function("() => window.skg && window.skg.ready")
    assert page.is_visible("#key-input")
    assert page.is_hidden("#app")
    assert not [u for u in requests if "/v1/" in u], "no API call before a key is given"
    page.click("#login-button")
    assert "Enter an API key" in page.inner_text("#login-error")
    assert page.is_hidden("#app")
    assert "Hengfa" not in page.inner_text("body")


@pytest.mark.parametrize("which", ["unknown", "revoked"])
def test_a_wrong_key_gets_a_clear_error_and_sees_nothing(page, server, which):
    key = "skg_0000_not-a-key" if which == "unknown" else server["revoked"]
    sign_in(page, server, key)
    page.wait_for_function("() => document.querySelector('#login-error').textContent.length > 0")
    assert "not recognised" in page.inner_text("#login-error")
    assert page.is_hidden("#app")
    assert page.locator(".accident-result").count() == 0
    assert "Hengfa" not in page.inner_text("body")
    assert page.evaluate("() => sessionStorage.getItem('safetykg.key')") is None


def test_a_key_that_stops_working_sends_the_investigator_back_to_the_key_box(page, server):
    sign_in(page, server)
    page.wait_for_selector(".accident-result")
    page.evaluate("(k) => sessionStorage.setItem('safetykg.key', k)", server["revoked"])
    page.fill("#acc-q", "Hengfa")
    page.click("#acc-search-button")
    page.wait_for_selector("#login-form", state="visible")
    assert "not recognised" in page.inner_text("#login-error")
    assert page.is_hidden("#app")


# ---- find --------------------------------------------------------------------------------------

def test_accidents_are_found_by_name_area_date_and_grade(page, server):
    sign_in(page, server)
    page.wait_for_selector(f'.accident-result[data-id="{DEMO_ACCIDENT}"]')

    def search(**fields) -> list[str]:
        page.fill("#acc-q", fields.get("q", ""))
        page.select_option("#acc-area", fields.get("area", ""))
        page.fill("#acc-from", fields.get("start", ""))
        page.fill("#acc-to", fields.get("end", ""))
        page.select_option("#acc-grade", fields.get("grade", ""))
        page.click("#acc-search-button")
        page.wait_for_function("() => !document.querySelector('#accident-results').textContent.includes('Loading')")
        return page.eval_on_selector_all(".accident-result", "els => els.map(e => e.dataset.id)")

    assert search(q="恒发") == [DEMO_ACCIDENT]
    assert search(q="open-pit mine") == [DEMO_ACCIDENT]
    assert search(area="area/songtai", grade="larger") == [DEMO_ACCIDENT]
    assert search(start="2024-09-01", end="2024-09-30") == [DEMO_ACCIDENT]
    assert search(grade="general") == []
    assert "Nothing found" in page.inner_text("#accident-results")
    assert search(start="2024-10-01") == []


def test_any_entity_is_found_by_its_chinese_or_english_name(page, server):
    sign_in(page, server)
    page.wait_for_selector(".accident-result")
    for query in ("孙浩", "Sun Hao"):
        page.fill("#ent-q", query)
        page.click("#ent-search-button")
        page.wait_for_selector('.entity-result[data-id="person/sun-hao"]')
    page.click('.entity-result[data-id="person/sun-hao"] button')
    page.wait_for_function("() => document.querySelector('#details-title')?.textContent === 'Sun Hao'")
    assert "Person" in page.inner_text("#details-body")


# ---- the chain ---------------------------------------------------------------------------------

def test_the_chain_shows_three_layers_of_organisations_posts_and_persons_with_rules_on_the_edges(page, server):
    open_demo(page, server)
    layers = graph(page, "cy.nodes('.hub').map(n => n.data('layerCode')).sort()")
    assert layers == ["enterprise", "regulatory", "territorial"]
    for layer in layers:  # each layer has its own colour
        assert graph(page, f"cy.nodes('.org.{layer}').length") > 0
    colours = {graph(page, f"cy.nodes('.hub.{layer}').style('background-color')") for layer in layers}
    assert len(colours) == 3
    assert graph(page, f"cy.getElementById('chain:ent/hengfa>{GM_POST}').data('label')") == "Principal responsible person of the operator"
    holders = graph(page, f"cy.getElementById('{GM_POST}').outgoers('node.person').map(n => n.id()).sort()")
    # the holder on the day, and the predecessor who held the post while its hazards stood open (lifetime accountability)
    assert holders == ["person/sun-hao", "person/zhao-lijun"]
    if os.environ.get("SAFETYKG_WEB_SCREENSHOTS"):
        page.mouse.move(1, 1)
        page.screenshot(path=str(Path(os.environ["SAFETYKG_WEB_SCREENSHOTS"]) / "web-chain.png"))


def test_clicking_a_person_shows_the_facts_and_the_source_of_the_tenure(page, server):
    open_demo(page, server)
    focus_layer(page, "enterprise")
    click_graph(page, "person/sun-hao")
    page.wait_for_function("() => document.querySelector('#details-title')?.textContent === 'Sun Hao'")
    page.wait_for_selector("#details-sources .source")
    sources = page.inner_text("#details-sources")
    assert APPOINTMENT in sources
    assert "2024-08-27" in sources and "ten/sun-hao-gm" in sources  # issued on, and the tenure it is cited for
    body = page.inner_text("#details-body")
    assert "2024-08-28 → open" in body  # the tenure's validity
    assert "Work Safety Law (2021) Art. 21" in body  # the legal basis of his finding
    if os.environ.get("SAFETYKG_WEB_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["SAFETYKG_WEB_SCREENSHOTS"]) / "web-chain-person.png"))


def test_clicking_an_edge_shows_the_rule_its_legal_basis_and_the_path_of_facts(page, server):
    open_demo(page, server)
    focus_layer(page, "enterprise")
    click_graph(page, f"chain:ent/hengfa>{GM_POST}")
    page.wait_for_function("() => document.querySelector('#details-title')?.textContent.includes('Principal responsible person')")
    body = page.inner_text("#details-body")
    assert "Work Safety Law (2021) Art. 21" in body
    assert "Sun Hao · General manager · Songtai Hengfa Coal Co., Ltd." in body
    assert page.locator("#details-body ol.path li").count() >= 4


def test_a_node_neighbourhood_is_added_on_demand(page, server):
    open_demo(page, server)
    assert graph(page, "cy.getElementById('site/hengfa-pit').length") == 0
    before = graph(page, "cy.nodes().length")
    focus_layer(page, "enterprise")
    click_graph(page, "ent/hengfa")
    page.click("#expand")
    page.wait_for_function("() => window.skg.cy.getElementById('site/hengfa-pit').length === 1")
    assert graph(page, "cy.nodes().length") > before
    assert graph(page, "cy.getElementById('site/hengfa-pit').edgesWith(cy.getElementById('ent/hengfa')).length") == 1


# ---- the date --------------------------------------------------------------------------------

def test_re_running_the_trace_the_day_before_the_handover_shows_the_previous_general_manager(page, server):
    open_demo(page, server)
    page.fill("#asof", HANDOVER_EVE)
    page.click("#asof-button")
    # Zhao Lijun is in the accident-day chain already (as the predecessor): wait for the day-before chain itself
    page.wait_for_function("() => window.skg.cy.getElementById('person/sun-hao').length === 0")
    assert graph(page, f"cy.getElementById('{GM_POST}').outgoers('node.person').map(n => n.id())") == ["person/zhao-lijun"]
    assert graph(page, "cy.getElementById('person/sun-hao').length") == 0
    assert f"at={HANDOVER_EVE}" in page.url  # the view can be shared
    page.click("#tab-button-findings")
    holders = page.eval_on_selector_all("#findings-table tbody tr", """rows => rows
        .filter(r => r.querySelector('.col-post').textContent === 'General manager'
                  && r.querySelector('.col-organisation').textContent === 'Songtai Hengfa Coal Co., Ltd.')
        .map(r => r.querySelector('.col-person').textContent)""")
    assert holders and set(holders) == {"Zhao Lijun"}
    page.click("#asof-reset")
    page.wait_for_function("() => window.skg.cy.getElementById('person/sun-hao').length === 1")


def test_the_timeline_shows_the_handover_the_open_hazards_and_the_accident_day(page, server):
    open_demo(page, server)
    page.click("#tab-button-timeline")
    page.wait_for_selector("#timeline svg")
    gm = page.eval_on_selector_all(f'#timeline g.tenure[data-post="{GM_POST}"]', "gs => gs.map(g => g.dataset.person)")
    assert gm == ["person/zhao-lijun", "person/sun-hao"]
    text = page.inner_text("#timeline")
    assert "handover 2024-08-28" in text
    assert "Accident day 2024-09-18" in text
    assert "found 2024-03-20 · deadline 2024-05-20 · still open, overdue" in text  # the slope, left open
    assert "closed 2024-09-17" in text  # the drainage ditch, closed the day before
    assert page.locator("#timeline g.inspection").count() == 3
    page.click('#timeline g.tenure[data-id="ten/zhao-lijun-gm"] rect')  # the outgoing general manager's tenure
    page.wait_for_function("() => document.querySelector('#details-sources')?.textContent.includes('HF-RM-2024-06')")
    assert "2019-03-01 → 2024-08-28" in page.inner_text("#details-body")
    if os.environ.get("SAFETYKG_WEB_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["SAFETYKG_WEB_SCREENSHOTS"]) / "web-timeline.png"))


# ---- findings ------------------------------------------------------------------------------

def test_the_findings_table_sorts_exports_and_shows_coverage_and_gaps(page, server):
    trace = httpx.get(f"{server['base']}/v1/accidents/{DEMO_ACCIDENT}/trace", headers={"X-API-Key": server["reader"]}).json()
    open_demo(page, server)
    page.click("#tab-button-findings")
    n = len(trace["findings"])
    assert page.inner_text("#findings-count") == f"{n} / {n}"
    for layer in ("enterprise", "regulatory", "territorial"):
        assert "covered" in page.inner_text(f'.coverage-card[data-layer="{layer}"]')
    gaps = page.inner_text(".gaps")
    assert "Post vacant on the date" in gaps and "Head of the safety section" in gaps
    assert "A fact on a finding's path has no source" in gaps
    page.click('.gap-unsourced-fact button')  # the fact without a source opens in the side panel
    page.wait_for_function("() => document.querySelector('#details-sources')?.textContent.includes('no source recorded')")

    page.click("#findings-table th:has-text('Person')")
    persons = page.eval_on_selector_all("#findings-table td.col-person", "tds => tds.map(td => td.textContent)")
    assert persons == sorted(persons, key=str.casefold) or persons == sorted(persons)
    page.click("#findings-table th:has-text('Person')")
    assert page.eval_on_selector_all("#findings-table td.col-person", "tds => tds.map(td => td.textContent)") == persons[::-1]

    with page.expect_download() as download:
        page.click("#export-csv")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Layer", "Responsibility", "Rule"]
    assert len(rows) == n + 1
    assert {r[rows[0].index("finding_id")] for r in rows[1:]} == {f["id"] for f in trace["findings"]}

    page.select_option("#findings-layer", "regulatory")
    with page.expect_download() as download:
        page.click("#export-json")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    by_id = lambda fs: sorted(fs, key=lambda f: f["id"])  # noqa: E731 - the export keeps the table's order
    assert by_id(exported["findings"]) == by_id([f for f in trace["findings"] if f["layer"] == "regulatory"])
    assert exported["coverage"] == trace["coverage"] and exported["gaps"] == trace["gaps"]


# ---- language and size ------------------------------------------------------------------------

def test_the_view_speaks_chinese_and_english(page, server):
    open_demo(page, server)
    page.click("#lang-toggle")
    page.wait_for_function("() => document.querySelector('#tab-button-chain').textContent === '责任链'")
    assert graph(page, "cy.getElementById('person/sun-hao').data('label')") == "孙浩"
    assert "松台县恒发露天煤矿" in page.inner_text("#accident-title")
    page.click("#lang-toggle")
    page.wait_for_function("() => document.querySelector('#tab-button-chain').textContent === 'Chain'")
    assert graph(page, "cy.getElementById('person/sun-hao').data('label')") == "Sun Hao"


def test_large_text_for_a_projector(page, server):
    open_demo(page, server)
    size = lambda: page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")  # noqa: E731
    small, node = size(), graph(page, "cy.getElementById('person/sun-hao').style('font-size')")
    page.click("#large-toggle")
    assert size() > small
    assert float(graph(page, "cy.getElementById('person/sun-hao').style('font-size')").rstrip("px")) > float(node.rstrip("px"))


# ---- the assets --------------------------------------------------------------------------------

LICENCE_COMMENT = re.compile(r"/\*!.*?\*/", re.S)
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def test_the_assets_are_served_by_the_api_itself_with_no_cdn(server):
    files = [p for p in STATIC.rglob("*") if p.suffix in {".html", ".js", ".mjs", ".css"}]
    assert {"index.html", "app.js", "cytoscape.esm.min.mjs", "cytoscape-dagre.min.mjs"} <= {p.name for p in files}
    for path in files:
        text = LICENCE_COMMENT.sub("", path.read_text(encoding="utf-8")).replace(SVG_NAMESPACE, "")
        found = re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I)
        assert not found, f"{path.relative_to(ROOT)} refers to another host: {found[:3]}"
        served = httpx.get(f"{server['base']}/ui/{path.relative_to(STATIC).as_posix()}")
        assert served.status_code == 200 and served.text == path.read_text(encoding="utf-8")
        if path.suffix in {".js", ".mjs"}:
            assert served.headers["content-type"].startswith("text/javascript")
    assert (STATIC / "vendor" / "cytoscape.LICENSE").exists() and (STATIC / "vendor" / "cytoscape-dagre.LICENSE").exists()
    root = httpx.get(server["base"] + "/", follow_redirects=False)
    assert root.status_code in (307, 308) and root.headers["location"] == "/ui/"
    labels = httpx.get(f"{server['base']}/ui/labels.json").json()
    assert labels["schemes"]["layer"]["regulatory"]["zh"] == "部门监管责任"
    assert "Hengfa" not in json.dumps(labels), "the page shell holds no case data"
