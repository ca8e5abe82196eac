"""Files derived from the ontology: the JSON Schema and the JSON-LD context of the facts
format, and the reference page ``docs/ontology.md``. ``safetykg ontology build`` writes
them; a test fails when a committed copy is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .facts import CONTEXT_URL
from .model import SKG, VOCAB, Model, Property, model
from .validation import EARLIEST, ID_PATTERN, LATEST

GENERATED = Path(__file__).parent / "generated"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "ontology.md"
SCHEMA_ID = "https://w3id.org/safetykg/facts.schema.json"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _value_schema(m: Model, prop: Property) -> dict[str, Any]:
    kind = prop.datatype
    if kind == "text":
        one: dict[str, Any] = {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
            "additionalProperties": {"type": "string", "minLength": 1},
        }
    elif kind == "date":
        one = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
               "description": f"between {EARLIEST} and {LATEST}"}
    elif kind == "count":
        one = {"type": "integer", "minimum": 0}
    elif kind == "integer":
        one = {"type": "integer"}
    elif kind == "decimal":
        one = {"type": "number", "minimum": 0}
    elif kind == "boolean":
        one = {"type": "boolean"}
    elif kind == "uri":
        one = {"type": "string", "format": "uri"}
    elif kind == "concept":
        one = {"type": "string", "enum": sorted(c for s in prop.schemes for c in m.schemes[s])}
    else:
        one = {"type": "string", "minLength": 1}
    one["title"] = prop.labels.en
    if prop.definition:
        one["description"] = prop.definition
    return {"type": "array", "items": one} if prop.multiple else one


def json_schema(m: Model | None = None) -> dict[str, Any]:
    """JSON Schema (2020-12) of a facts document, one branch per entity and relation type."""
    m = m or model()
    ident = {"type": "string", "pattern": ID_PATTERN}
    citation = {
        "oneOf": [
            ident,
            {
                "type": "object",
                "required": ["source"],
                "additionalProperties": False,
                "properties": {"source": ident, "quote": {"type": "string"}, "locator": {"type": "string"}},
            },
        ]
    }
    defs: dict[str, Any] = {"id": ident, "sources": {"type": "array", "items": citation}}
    entity_refs, relation_refs = [], []
    for name in sorted(m.concrete_types()):
        t = m.types[name]
        props = {k: _value_schema(m, p) for k, p in sorted(t.properties.items())}
        defs[f"entity.{name}"] = {
            "title": f"{t.labels.en} ({t.labels.zh})",
            "description": t.definition or t.labels.en,
            "type": "object",
            "required": ["id", "type"] + sorted(k for k, p in t.properties.items() if p.required),
            "additionalProperties": False,
            "properties": {"id": {"$ref": "#/$defs/id"}, "type": {"const": name}, **props, "sources": {"$ref": "#/$defs/sources"}},
        }
        entity_refs.append({"$ref": f"#/$defs/entity.{name}"})
    date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    for name in sorted(m.relations):
        r = m.relations[name]
        target = (
            {"type": "string", "enum": sorted(c for s in r.schemes for c in m.schemes[s])}
            if r.schemes
            else {"$ref": "#/$defs/id", "description": f"a {' or '.join(r.range)}"}
        )
        rprops: dict[str, Any] = {
            "id": {"$ref": "#/$defs/id"},
            "type": {"const": name},
            "from": {"$ref": "#/$defs/id", "description": f"a {' or '.join(r.domain)}"},
            "to": target,
        }
        if r.temporal:
            rprops["valid_from"] = {**date, "description": "first day it holds"}
            rprops["valid_to"] = {**date, "description": "first day it no longer holds"}
        rprops.update({k: _value_schema(m, p) for k, p in sorted(r.properties.items())})
        rprops["sources"] = {"$ref": "#/$defs/sources"}
        defs[f"relation.{name}"] = {
            "title": f"{r.labels.en} ({r.labels.zh})",
            "description": r.definition or r.labels.en,
            "type": "object",
            "required": ["id", "type", "from", "to"] + sorted(k for k, p in r.properties.items() if p.required),
            "additionalProperties": False,
            "properties": rprops,
        }
        relation_refs.append({"$ref": f"#/$defs/relation.{name}"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "safetykg facts document",
        "description": "Entities and relations with validity dates and sources; also JSON-LD through its @context.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "@context": {"description": f"{CONTEXT_URL} or the context itself"},
            "$schema": {"type": "string"},
            "safetykg": {"const": "1.0"},
            "entities": {"type": "array", "items": {"oneOf": entity_refs}},
            "relations": {"type": "array", "items": {"oneOf": relation_refs}},
        },
        "$defs": defs,
    }


def _term(m: Model, prop: Property) -> dict[str, Any]:
    term: dict[str, Any] = {"@id": prop.iri}
    if prop.datatype == "text":
        term["@container"] = "@language"
    elif prop.datatype == "concept":
        term["@type"] = "@vocab"
        term["@context"] = {"@vocab": f"{VOCAB}{prop.schemes[0]}/"}
    elif prop.datatype in ("date", "decimal", "boolean", "anyURI"):
        term["@type"] = XSD + {"decimal": "decimal"}.get(prop.datatype, prop.datatype)
    elif prop.datatype == "count":
        term["@type"] = XSD + "nonNegativeInteger"
    elif prop.datatype == "uri":
        term["@type"] = XSD + "anyURI"
    if prop.multiple:
        term["@container"] = "@set"
    return term


def jsonld_context(m: Model | None = None) -> dict[str, Any]:
    """The JSON-LD 1.1 context that makes a facts document RDF."""
    m = m or model()
    ctx: dict[str, Any] = {
        "@version": 1.1,
        "@vocab": str(SKG),
        "@base": "https://w3id.org/safetykg/id/",
        "skg": str(SKG),
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "prov": "http://www.w3.org/ns/prov#",
        "xsd": XSD,
        "id": "@id",
        "type": "@type",
        "safetykg": {"@id": str(SKG) + "formatVersion"},
        "entities": {"@id": str(SKG) + "entity", "@container": "@set"},
        "relations": {"@id": str(SKG) + "relation", "@container": "@set"},
        "from": {"@id": "rdf:subject", "@type": "@id"},
        "to": {"@id": "rdf:object", "@type": "@id"},
        "valid_from": {"@id": str(SKG) + "validFrom", "@type": XSD + "date"},
        "valid_to": {"@id": str(SKG) + "validTo", "@type": XSD + "date"},
        "sources": {"@id": str(SKG) + "citation", "@type": "@id", "@container": "@set"},
        "source": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
        "quote": str(SKG) + "quote",
        "locator": str(SKG) + "locator",
    }
    props: dict[str, Property] = {}
    for t in m.types.values():
        props.update(t.properties)
    for r in m.relations.values():
        props.update(r.properties)
    for key in sorted(props):
        ctx[key] = _term(m, props[key])
    for name in sorted(m.relations):
        r = m.relations[name]
        if r.schemes:
            ctx[name] = {
                "@id": r.iri,
                "@context": {"to": {"@id": "rdf:object", "@type": "@vocab", "@context": {"@vocab": f"{VOCAB}{r.schemes[0]}/"}}},
            }
    return {"@context": ctx}


def ontology_doc(m: Model | None = None) -> str:
    """docs/ontology.md: every type, relation, scheme and rule, from the ontology."""
    m = m or model()
    out = ["# The safetykg ontology", "", "Generated from `ontology/*.ttl` by `safetykg ontology build`; do not edit.", ""]
    out += ["## Entity types", ""]
    for name in sorted(m.concrete_types()):
        t = m.types[name]
        out.append(f"### {name} — {t.labels.zh}")
        if t.definition:
            out.append(f"{t.definition}")
        out += ["", "| property | type | required | label |", "|---|---|---|---|"]
        for k, p in sorted(t.properties.items()):
            kind = p.datatype + (f" ({', '.join(p.schemes)})" if p.schemes else "") + (" list" if p.multiple else "")
            out.append(f"| `{k}` | {kind} | {'yes' if p.required else ''} | {p.labels.en} / {p.labels.zh} |")
        out.append("")
    out += ["## Relations", "", "| relation | from | to | dated | label |", "|---|---|---|---|---|"]
    for name in sorted(m.relations):
        r = m.relations[name]
        to = " or ".join(r.range) or "concept of " + ", ".join(r.schemes)
        props = "".join(f"; `{k}`" for k in sorted(r.properties))
        out.append(f"| `{name}` | {' or '.join(r.domain)} | {to} | {'yes' if r.temporal else ''} | {r.labels.en} / {r.labels.zh}{props} |")
    out += ["", "## Vocabularies", ""]
    for scheme in sorted(m.schemes):
        lab = m.scheme_labels[scheme]
        codes = ", ".join(f"`{c.code}` {c.labels.zh}" for c in m.schemes[scheme].values())
        out.append(f"- **{scheme}** ({lab.en} / {lab.zh}): {codes}")
    out += _sector_doc(m)
    out += _rules_doc(m)
    return "\n".join(out) + "\n"


def _rules_doc(m: Model) -> list[str]:
    """The rule catalogue as a lawyer reads it: what each rule follows, whom it names, on what basis."""
    out = ["", "## Trace rules", "",
           "Declared in `ontology/rules.ttl`; each finding cites its rule and the legal basis in force on the accident "
           "date (the articles of earlier Work Safety Law editions in the last column). Phase 2 rules read the hits of "
           "phase 1; *reads* is what the evidence plan must collect for the rule (tests/test_plan_sufficiency.py).", "",
           "| rule | layer | responsibility | phase | said as | posts | reads | legal basis | earlier editions |",
           "|---|---|---|---|---|---|---|---|---|"]
    layers = ["enterprise", "regulatory", "territorial"]
    for rule in sorted(m.rules.values(), key=lambda r: (layers.index(r.layer), r.phase, r.id)):
        posts = ("certain; unknown portfolios as candidates" if rule.candidates else "certain") if rule.posts_certain \
            else "candidates (the unit certain)"
        earlier = "; ".join(f"{e[1]}: {', '.join(e[2])}" for e in rule.editions[:-1])
        depth = f" (depth {rule.depth})" if rule.depth else ""
        said = ("data: follow " + " or ".join(f"`{' '.join(p)}`" for p in rule.paths) + f" to {' or '.join(rule.target)}, "
                f"select {', '.join(rule.select)}") if rule.paths else f"Python, because it {rule.python_because}"
        out.append(f"| `{rule.id}` {rule.labels.en} / {rule.labels.zh}{depth} | {rule.layer} | {rule.responsibility} | "
                   f"{rule.phase} | {said} | {posts} | {', '.join(rule.reads)} | {'; '.join(rule.legal_basis)} | {earlier} |")
    out += ["", "## Interview triggers", ""]
    out += [f"- `{t.id}` {t.labels.en} / {t.labels.zh}: {t.count} {t.grade}{' or graver' if t.or_more else ''} accident(s) "
            f"in a {t.level} area{f' within {t.days} days' if t.days else ''} ({t.basis})" for t in m.triggers]
    out += ["", "## Gaps a trace reports", ""]
    for k, v in sorted(m.gaps.items()):
        covered = m.gap_covered_by.get(k)
        out.append(f"- `{k}`: {v.en} / {v.zh}" + (f" (not reported when {', '.join(covered)} hit)" if covered else ""))
    return out


def _sector_doc(m: Model) -> list[str]:
    """The sectors of the division of duties: who supervises each, on what basis, what it brings in."""
    kinds = m.schemes.get("departmentKind", {})

    def names(scheme: str, codes: tuple[str, ...]) -> str:
        return ", ".join(f"{m.label(scheme, c).zh} `{c}`" for c in codes)

    out = ["", "## Sectors and their supervisors", "",
           "| sector | supervised by | legal basis | brings in |", "|---|---|---|---|"]
    for scheme in ("industry", "activity"):
        for c in m.schemes.get(scheme, {}).values():
            brings = names("activity", c.values("impliesActivity") + c.values("sameMandateAs"))
            out.append(f"| {scheme} `{c.code}` {c.labels.zh} / {c.labels.en} | "
                       f"{', '.join(kinds[k].labels.zh for k in c.values('supervisedBy') if k in kinds)} | "
                       f"{'; '.join(c.values('legalBasis'))} | {brings} |")
    out += ["", "Accident types that bring in activities whatever the industry:", ""]
    for c in m.schemes.get("accidentType", {}).values():
        if c.values("impliesActivity"):
            out.append(f"- `{c.code}` {c.labels.zh}: {names('activity', c.values('impliesActivity'))} "
                       f"({'; '.join(c.values('impliesBasis'))})")
    return out


def outputs() -> dict[Path, str]:
    dump = lambda d: json.dumps(d, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    return {
        GENERATED / "facts.schema.json": dump(json_schema()),
        GENERATED / "context.jsonld": dump(jsonld_context()),
        DOCS: ontology_doc(),
    }


def stale() -> list[Path]:
    """Derived files whose committed content differs from what the ontology gives now."""
    return [p for p, text in outputs().items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def write() -> list[Path]:
    changed = stale()
    for path, text in outputs().items():
        if path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return changed
