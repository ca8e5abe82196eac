#!/usr/bin/env bash
# The whole test suite: start a real Neo4j (built from Maven Central artefacts by
# neo4j-server/neo4j.sh), run pytest on both backends, stop Neo4j. A Neo4j that does not
# start fails the run: the Neo4j tests never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
# The gates first (their settings and pinned versions in pyproject.toml): lint with import order, then types
# (both on the product packages); either failing fails the run before anything starts.
python -m ruff check ontology graph loaders api
python -m mypy
export SAFETYKG_NEO4J_PASSWORD="${SAFETYKG_NEO4J_PASSWORD:-safetykg-test}"
export SAFETYKG_NEO4J_HOME="${SAFETYKG_NEO4J_HOME:-$PWD/.neo4j/test}"
port="${SAFETYKG_TEST_NEO4J_PORT:-17687}"
if ! command -v chromium >/dev/null 2>&1; then
    # The web view and the docs page are tested in a real browser: Debian's chromium.
    echo "tests/run.sh: installing Debian's chromium for the browser tests" >&2
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium fonts-noto-cjk; } >&2; then
        echo "tests/run.sh: could not install chromium, so the browser tests cannot run" >&2
        exit 1
    fi
fi
trap 'neo4j-server/neo4j.sh stop >/dev/null 2>&1 || true' EXIT
if ! url=$(neo4j-server/neo4j.sh start --port "$port" --fresh db.transaction.timeout=60s); then
    echo "tests/run.sh: Neo4j did not start, so the Neo4j half of the suite cannot run" >&2
    exit 1
fi
export SAFETYKG_TEST_NEO4J="$url"
python -m pytest "$@"
