"""GraphML in: the files ``safetykg export --format graphml`` writes (each node and edge
carries its whole fact as JSON in a ``facts`` attribute), read as a stream of elements."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from ontology.errors import Problem

from .batch import RawDoc
from .jsonpos import Located

NS = "{http://graphml.graphdrawing.org/xmlns}"


def read_graphml(path: Path) -> RawDoc:
    name = str(path)
    doc = RawDoc(name, where={"entities": [], "relations": []})
    facts_key: dict[str, str] = {}  # "node"/"edge" -> key id of the facts attribute
    try:
        for _, el in iterparse(path, events=("end",)):
            tag = el.tag.removeprefix(NS)
            if tag == "key" and el.get("attr.name") == "facts":
                facts_key[el.get("for", "")] = el.get("id", "")
            elif tag in ("node", "edge"):
                ident = el.get("id") if tag == "node" else el.get("id") or f"{el.get('source')}->{el.get('target')}"
                text = next((d.text for d in el.iter(f"{NS}data") if d.get("key") == facts_key.get(tag)), None)
                if text is None:
                    if tag == "edge" or not str(ident).startswith("concept:"):
                        doc.problems.append(Problem(f"{tag} {ident}", "facts", f"this {tag} has no facts attribute: "
                                                    "not a safetykg GraphML export", "unknown-property", name))
                else:
                    try:
                        item = json.loads(text, object_hook=Located)
                    except json.JSONDecodeError as exc:
                        doc.problems.append(Problem(f"{tag} {ident}", "facts", f"malformed JSON: {exc.msg}", "malformed-json", name))
                    else:
                        key = "entities" if tag == "node" else "relations"
                        doc.doc[key].append(item)
                        doc.where[key].append(f"{tag} {ident}")  # type: ignore[index]
                el.clear()
    except ParseError as exc:
        return RawDoc(name, problems=[Problem("", None, f"malformed GraphML: {exc}", "malformed-graphml", name, exc.position[0])])
    except OSError as exc:
        return RawDoc(name, problems=[Problem("", None, str(exc), "unreadable", name)])
    return doc
