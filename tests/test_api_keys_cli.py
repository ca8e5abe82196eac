"""`safetykg keys`: an operator creates, lists and revokes the API's keys from the shell."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.apidb import ApiDb
from api.auth import authenticate
from api.cli import app

runner = CliRunner()


def test_create_list_and_revoke_a_key(tmp_path):
    env = {"SAFETYKG_API_DB": str(tmp_path / "api.db"), "SAFETYKG_STORE": str(tmp_path / "s.db")}
    made = runner.invoke(app, ["keys", "create", "--role", "reader", "--name", "dashboard", "--json"], env=env)
    assert made.exit_code == 0, made.output
    record = json.loads(made.stdout)
    assert record["role"] == "reader" and record["key"].startswith(f"skg_{record['id']}_")
    db = ApiDb(tmp_path / "api.db")
    assert authenticate(db, record["key"]).name == "dashboard"
    listed = runner.invoke(app, ["keys", "list", "--json"], env=env)
    assert [k["id"] for k in json.loads(listed.stdout)] == [record["id"]] and record["key"] not in listed.stdout
    gone = runner.invoke(app, ["keys", "revoke", record["id"]], env=env)
    assert gone.exit_code == 0 and "revoked" in gone.stdout
    assert authenticate(db, record["key"]) is None


def test_a_plain_create_prints_only_the_key_on_stdout(tmp_path):
    env = {"SAFETYKG_API_DB": str(tmp_path / "api.db")}
    made = runner.invoke(app, ["keys", "create", "--role", "admin", "--name", "ops"], env=env)
    assert made.exit_code == 0 and made.stdout.strip().startswith("skg_") and len(made.stdout.strip().split()) == 1


def test_bad_key_commands_fail_clearly(tmp_path):
    env = {"SAFETYKG_API_DB": str(tmp_path / "api.db")}
    bad = runner.invoke(app, ["keys", "create", "--role", "root", "--name", "x"], env=env)
    assert bad.exit_code == 1 and "role" in bad.output
    missing = runner.invoke(app, ["keys", "revoke", "nosuchkey"], env=env)
    assert missing.exit_code == 1 and "no API key" in missing.output
