"""Settings: read once from ``SAFETYKG_*`` at an entry point and passed down; a bad value is a clear
error naming its variable, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.app import Limits, create_app
from api.cli import app as cli
from graph.settings import Settings
from ontology.errors import InvalidData


def test_settings_come_from_the_environment_with_options_over_them(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYKG_QUERY_ROWS", "123")
    monkeypatch.setenv("SAFETYKG_STORE", str(tmp_path / "env.db"))
    monkeypatch.setenv("SAFETYKG_API_DB", "")  # empty: unset, as before
    s = Settings.load(store=str(tmp_path / "given.db"))
    assert s.query_rows == 123 and s.store_uri == str(tmp_path / "given.db") and s.api_db is None
    assert s.environment()["SAFETYKG_QUERY_ROWS"] == "123"
    assert Limits.of(s).query_rows == 123


def test_a_setting_that_does_not_parse_names_its_variable(monkeypatch):
    monkeypatch.setenv("SAFETYKG_QUERY_ROWS", "many")
    with pytest.raises(InvalidData) as caught:
        Settings.load()
    assert [p.field for p in caught.value.problems] == ["SAFETYKG_QUERY_ROWS"]


@pytest.mark.parametrize("command", [["accidents"], ["serve", "--port", "1"]])
def test_the_cli_says_which_setting_is_wrong_and_shows_no_traceback(tmp_path: Path, command):
    env = {"SAFETYKG_STORE": str(tmp_path / "s.db"), "SAFETYKG_NEO4J_RETRY_SECONDS": "soon", "SAFETYKG_API_DB": str(tmp_path / "api.db")}
    result = CliRunner().invoke(cli, command, env=env)
    assert result.exit_code == 1
    assert "SAFETYKG_NEO4J_RETRY_SECONDS" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_app_takes_its_limits_from_the_settings_it_is_given(tmp_path):
    app = create_app(str(tmp_path / "s.db"), tmp_path / "api.db", settings=Settings.load(analytics_timeout=7, audit_linger_ms=20))
    assert app.state.limits.analytics_timeout_s == 7 and app.state.apidb.audit_linger_s == 0.02
    app.state.apidb.close()
