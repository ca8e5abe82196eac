"""No rule or vocabulary entry names a real case's ids, places or people (issue 13: the rules must
generalise, so the catalogue may not be written for one accident)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "vocab").glob("*.ttl")),
             ROOT / "graph" / "rules.py", ROOT / "graph" / "context.py", ROOT / "graph" / "plan.py"]
NAMED_TYPES = {"AdministrativeArea", "PartyCommittee", "Government", "Department", "SafetyCommittee",
               "SafetyCommitteeOffice", "Enterprise", "Site", "Accident"}
CASES = sorted(p for p in (ROOT / "tests" / "cases").glob("*/case.json"))


def national_bodies(doc: dict) -> set[str]:
    """The country and its central bodies (the State Council, its ministries): shared by every case, named by the
    law itself, so the catalogue may name them."""
    out = {e["id"] for e in doc.get("entities", ()) if e.get("level") == "national"}
    rels = doc.get("relations", ())
    out |= {r["from"] for r in rels if r["type"] == "jurisdiction" and r["to"] in out}
    grew = True
    while grew:
        more = {r["from"] for r in rels if r["type"] == "subunitOf" and r["to"] in out} - out
        out |= more
        grew = bool(more)
    return out


def case_words(case_json: Path) -> set[str]:
    """The ids, place and body names and people's names of one case."""
    meta = json.loads(case_json.read_text(encoding="utf-8"))
    words = {meta.get("case", ""), meta.get("accident", ""), meta.get("investigated_by", "")}
    expected = meta.get("expected") or {}
    for row in [*expected.get("units", ()), *expected.get("posts", ())]:
        words |= {row.get("org", ""), row.get("post", "")}
        named = row.get("person_as_named") or ""
        if len(named) >= 2:
            words.add(named)
    facts = case_json.parent / "facts.json"
    if facts.is_file():
        doc = json.loads(facts.read_text(encoding="utf-8"))
        national = national_bodies(doc)
        for e in doc.get("entities", ()):
            words.add(e["id"])
            if e["type"] in NAMED_TYPES and e["id"] not in national:
                for lang, text in (e.get("name") or {}).items():
                    if len(text) >= (3 if lang == "zh" else 8):
                        words.add(text)
                words |= {a for a in e.get("aliases", ()) if len(a) >= 3}
    return {w for w in words if w and len(w) >= 2}


def test_the_catalogue_is_scanned_against_cases():
    assert CATALOGUE and all(p.is_file() for p in CATALOGUE)


@pytest.mark.parametrize("case_json", CASES, ids=[p.parent.name for p in CASES])
def test_no_catalogue_entry_names_this_case(case_json):
    text = "\n".join(p.read_text(encoding="utf-8") for p in CATALOGUE)
    found = sorted(w for w in case_words(case_json) if w in text)
    assert not found, f"the catalogue names {case_json.parent.name}'s {found}"
