"""One selection (``graph.selection``) behind the CLI's export and the HTTP export: by accident,
by area (what is placed in it or under it) and by a half-open window, with one answer."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from conftest import DEMO_ACCIDENT
from graph.selection import Selection, select
from loaders.batch import read_batch
from loaders.export import FORMATS
from world import county_world

DEMO_AREAS = ["area/songtai", "area/xiaba", "area/mingsha"]


def _ids(doc: dict) -> tuple[list[str], list[str]]:
    return sorted(e["id"] for e in doc["entities"]), sorted(r["id"] for r in doc["relations"])


@pytest.mark.parametrize("criteria", [
    {"area": "area/songtai"}, {"area": "area/xiaba"}, {"from": "2024-01-01", "to": "2024-09-18"},
    {"accident": DEMO_ACCIDENT, "area": "area/songtai"}, {"area": "area/mingsha", "from": "2024-08-27"},
])
def test_the_cli_and_the_http_api_select_the_same_facts(demo_api, store, criteria):
    """Once 55/46 by the CLI and 40/17 by the API for one area: now one answer."""
    http = demo_api.get("/v1/export", format="json", **{k.replace("from", "from_"): v for k, v in criteria.items()})
    assert http.status_code == 200, http.text
    args = ["export", "--format", "json", "--store", store.uri]
    for k, v in criteria.items():
        args += [{"accident": "--accident", "area": "--area", "from": "--from", "to": "--until"}[k], v]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert _ids(json.loads(result.stdout)) == _ids(http.json())
    assert http.json()["entities"]  # and it selects something


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_the_http_export_offers_it_answers_and_the_answer_loads(demo_api, store, tmp_path, fmt):
    """``format=nt`` and ``format=csv`` answered 500, and the format list offered what the route could not do."""
    r = demo_api.get("/v1/export", format=fmt, area="area/songtai")
    assert r.status_code == 200, r.text[:300]
    suffix = {"csv": "zip"}.get(fmt, fmt)
    path = tmp_path / f"export.{suffix}"
    path.write_bytes(r.content)
    if fmt == "csv":
        assert r.headers["content-type"] == "application/zip" and zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    batch = read_batch([path])
    want = select(store, Selection(area="area/songtai"))
    assert sorted(e.id for e in batch.entities) == [e.id for e in want[0]]
    assert sorted(r.id for r in batch.relations) == [r.id for r in want[1]]
    assert fmt in demo_api.app.openapi()["paths"]["/v1/export"]["get"]["parameters"][0]["description"]


def test_an_area_selects_what_is_placed_in_it_or_under_it(store, load):
    """The township's site and accident, the county's government and its posts and their holders
    are in the county; the township holds the site but not the county's government."""
    load(store, county_world().doc())
    county_ents, county_rels = select(store, Selection(area="area/county"))
    town_ents, _ = select(store, Selection(area="area/town"))
    county, town = {e.id for e in county_ents}, {e.id for e in town_ents}
    assert {"area/town", "site/mine", "acc/1", "gov/area/county"} <= county
    assert {"area/town", "site/mine", "acc/1"} <= town and "gov/area/county" not in town and "area/county" not in town
    assert "area/prov" not in county  # above it: not in it
    assert all(r.source in county and (r.concept_scheme or r.target in county) for r in county_rels)


def test_a_window_is_half_open_like_validity(store, load):
    """``[start, end)``: the general manager handed over on 2024-05-10 (the old tenure's
    ``valid_to``, the new one's ``valid_from``), the day of the accident. A window that ends on
    that day holds the old manager only, and not the accident; one that starts on it holds the
    new manager only, and the accident."""
    load(store, county_world().doc())
    handover = date(2024, 5, 10)
    before = select(store, Selection(start=date(2024, 3, 1), end=handover))
    after = select(store, Selection(start=handover, end=date(2024, 6, 1)))
    tenures = {r.source for r in before[1] if r.type == "holds" and r.target == "post/mine-co/gm"}
    assert tenures == {"person/old-gm"} and "acc/1" not in {e.id for e in before[0]}
    tenures = {r.source for r in after[1] if r.type == "holds" and r.target == "post/mine-co/gm"}
    assert tenures == {"person/new-gm"} and "acc/1" in {e.id for e in after[0]}


def test_an_unknown_accident_or_area_is_a_clear_404(demo_api):
    for params in ({"accident": "acc/none"}, {"area": "area/none"}, {"area": DEMO_ACCIDENT}):
        r = demo_api.get("/v1/export", **params)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")


def test_exports_of_the_previous_release_still_select_as_today(tmp_path: Path):
    """The fixture's JSON export, loaded, selects the same area as the demo loaded afresh."""
    from conftest import demo_document
    from graph.embedded import EmbeddedStore
    from ontology.validation import validate

    fixture = Path(__file__).parent / "fixtures" / "release-0.1" / "export.json"
    with EmbeddedStore(tmp_path / "old.db") as old, EmbeddedStore(tmp_path / "new.db") as new:
        old.upsert(read_batch([fixture]))
        new.upsert(validate(demo_document()))
        for area in DEMO_AREAS:
            assert select(old, Selection(area=area)) == select(new, Selection(area=area))
