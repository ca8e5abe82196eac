"""Documentation that cannot lie: the README's commands, the schema, the JSON-LD context."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import rdflib

from ontology import derive

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, re.S)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second():
    demo, suite = readme_commands()
    assert "safetykg demo" in demo and "tests/run.sh" in suite
    assert suite in (ROOT / ".ci" / "run").read_text()


def test_the_schema_accepts_the_demo_and_refuses_a_bad_fact(demo_doc):
    schema = json.loads((derive.GENERATED / "facts.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(demo_doc))
    demo_doc["entities"][0]["unknown"] = 1
    assert list(validator.iter_errors(demo_doc))


def test_the_facts_document_is_json_ld(demo_doc):
    demo_doc["@context"] = json.loads((derive.GENERATED / "context.jsonld").read_text())["@context"]
    g = rdflib.Graph().parse(data=json.dumps(demo_doc), format="json-ld")
    skg = rdflib.Namespace("https://w3id.org/safetykg/ns#")
    acc = rdflib.URIRef("https://w3id.org/safetykg/id/acc/songtai-2024-0918")
    assert (acc, rdflib.RDF.type, skg.Accident) in g
    assert (acc, skg.industry, rdflib.URIRef("https://w3id.org/safetykg/vocab/industry/coal_mining")) in g
    assert g.value(acc, skg.occurredOn).datatype == rdflib.XSD.date
