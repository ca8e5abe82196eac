"""RDF in (JSON-LD, Turtle, N-Triples) through rdflib, mapped onto the ontology.

Entities are resources typed with a concrete ontology class; relations are the reified
form the JSON-LD context gives (a resource typed with a relation property, with
``rdf:subject`` and ``rdf:object``); a bare triple ``<a> skg:holds <b>`` with no reified
relation becomes a relation with a stable id derived from the triple. Ids are IRIs
relative to ``https://w3id.org/safetykg/id/`` (other IRIs are kept whole); codes are
vocabulary IRIs. A class, property or resource that does not map onto the ontology is
reported as a problem, never dropped. N-Triples are parsed line by line, so problems name
the line; for Turtle and JSON-LD the pointer is the subject's IRI.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser

from ontology.derive import jsonld_context
from ontology.errors import Problem
from ontology.facts import CONTEXT_URL
from ontology.model import SKG, VOCAB, Property, model

from .batch import RawDoc
from .jsonpos import Located

ID_BASE = "https://w3id.org/safetykg/id/"
CITATION = SKG.citation
VALID_FROM, VALID_TO = SKG.validFrom, SKG.validTo
QUOTE, LOCATOR = SKG.quote, SKG.locator
IGNORED = {SKG.formatVersion, SKG.entity, SKG.relation}  # the facts document's own envelope


class _Lines:
    """Where each triple was read (N-Triples only): (s, p, o) -> line, subject -> first line."""

    def __init__(self) -> None:
        self.triples: dict[tuple, int] = {}
        self.subjects: dict[Any, int] = {}

    def add(self, t: tuple, line: int) -> None:
        self.triples.setdefault(t, line)
        self.subjects.setdefault(t[0], line)


def ident(node: Any) -> str:
    text = str(node)
    return text[len(ID_BASE):] if text.startswith(ID_BASE) else text


def _code(node: Any) -> str:
    text = str(node)
    if text.startswith(VOCAB):
        return text.rsplit("/", 1)[-1]
    return ident(node)


def _value(prop: Property, o: Any) -> Any:
    if prop.datatype == "concept":
        return _code(o)
    if not isinstance(o, Literal):
        return ident(o)
    if prop.datatype == "date":
        return str(o)
    value = o.toPython()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if prop.datatype in ("string", "uri"):
        return str(o)
    return value


def read_rdf(path: Path, fmt: str) -> RawDoc:
    """Parse an RDF file and map it onto the ontology (problems are kept on the document)."""
    name = str(path)
    lines: _Lines | None = None
    try:
        if fmt == "nt":
            g, lines, problems = _ntriples(path)
            if problems:
                return RawDoc(name, problems=problems)
        elif fmt == "jsonld":
            g = Graph()
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            _local_context(data)
            g.parse(data=json.dumps(data), format="json-ld")
        else:
            g = Graph()
            g.parse(path, format="turtle")
    except (OSError, UnicodeDecodeError) as exc:
        return RawDoc(name, problems=[Problem("", None, str(exc), "unreadable", name)])
    except Exception as exc:  # rdflib raises many kinds on bad syntax
        reason = " ".join(str(exc).split())[:500]
        line = getattr(exc, "lines", None)  # rdflib's Turtle parser counts lines from 0
        return RawDoc(name, problems=[Problem("", None, f"malformed {fmt}: {reason}", f"malformed-{fmt}", name,
                                              line + 1 if isinstance(line, int) else None)])
    return from_graph(g, name, lines)


def _local_context(data: Any) -> None:
    """Use the bundled context for the safetykg context URL (the product runs offline)."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict) and item.get("@context") == CONTEXT_URL:
            item["@context"] = jsonld_context()["@context"]


class _Sink:
    def __init__(self, g: Graph, lines: _Lines):
        self.g, self.lines, self.line = g, lines, 0

    def triple(self, s: Any, p: Any, o: Any) -> None:
        self.g.add((s, p, o))
        self.lines.add((s, p, o), self.line)


def _ntriples(path: Path) -> tuple[Graph, _Lines, list[Problem]]:
    """N-Triples read line by line (streaming), so that each triple knows its line."""
    g, lines, problems = Graph(), _Lines(), []
    sink = _Sink(g, lines)
    parser = W3CNTriplesParser(sink)  # type: ignore[arg-type]
    with open(path, encoding="utf-8-sig", newline="") as f:
        for n, text in enumerate(f, start=1):
            sink.line = n
            parser.line = text.rstrip("\r\n")
            try:
                parser.parseline()
            except Exception as exc:
                problems.append(Problem("", None, f"malformed N-Triples: {exc}", "malformed-nt", str(path), n))
                if len(problems) >= 50:
                    break
    return g, lines, problems


def from_graph(g: Graph, name: str, lines: _Lines | None = None) -> RawDoc:  # noqa: C901
    """An rdflib graph as a raw facts document; what does not map is a problem."""
    m = model()
    classes: dict[Any, str] = {URIRef(t.iri): n for n, t in m.types.items()}
    relations: dict[Any, str] = {URIRef(r.iri): n for n, r in m.relations.items()}
    doc = RawDoc(name, where={"entities": [], "relations": []})
    entities, rels = doc.doc["entities"], doc.doc["relations"]

    def problem(s: Any, fld: str | None, reason: str, code: str, t: tuple | None = None) -> None:
        line = None
        if lines is not None:
            line = lines.triples.get(t) if t else lines.subjects.get(s)
        doc.problems.append(Problem(f"<{s}>" if isinstance(s, URIRef) else f"_:{s}", fld, reason, code, name, line))

    def new_item(s: Any, **fields: Any) -> Located:
        item = Located(fields)
        item.line = lines.subjects.get(s) if lines else None
        return item

    cited: set[Any] = set(g.objects(None, CITATION))
    reified: set[tuple] = set()
    for s in sorted(set(g.subjects()), key=str):
        types = list(g.objects(s, RDF.type))
        known = [classes[t] for t in types if t in classes]
        rel_types = [relations[t] for t in types if t in relations]
        if isinstance(s, BNode) and s in cited and not types:
            continue  # a citation with a quote, read with its fact
        if isinstance(s, BNode) and not types and not set(g.predicates(s)) - IGNORED:
            continue
        if (s, SKG.formatVersion, None) in g or (s, SKG.entity, None) in g:
            continue  # the facts document node itself
        unknown = [t for t in types if t not in classes and t not in relations]
        for t in unknown:
            problem(s, "type", f"class {t} is not in the ontology (nor a relation type)", "unknown-class", (s, RDF.type, t))
        if not types:
            problem(s, "type", "has no rdf:type, so it cannot be mapped onto the ontology", "unknown-class")
            continue
        if unknown:
            continue
        if len(known) + len(rel_types) > 1:
            problem(s, "type", f"typed as several things: {', '.join(known + rel_types)}", "ambiguous-type")
            continue
        if known:
            etype = m.types[known[0]]
            if etype.abstract:
                problem(s, "type", f"{known[0]} is abstract; use one of its subtypes", "unknown-type")
                continue
            item = new_item(s, id=ident(s), type=known[0])
            props = {URIRef(p.iri): p for p in etype.properties.values()}
            _fill(g, s, item, props, set(), problem)
            entities.append(item)
            doc.where["entities"].append(f"<{s}>")  # type: ignore[index]
        else:
            rtype = m.relations[rel_types[0]]
            item = new_item(s, id=ident(s), type=rel_types[0])
            subj, obj = g.value(s, RDF.subject), g.value(s, RDF.object)
            if subj is not None:
                item["from"] = ident(subj)
            if obj is not None:
                item["to"] = _code(obj) if rtype.schemes else ident(obj)
                reified.add((subj, URIRef(rtype.iri), obj))
            for key, pred in (("valid_from", VALID_FROM), ("valid_to", VALID_TO)):
                value = g.value(s, pred)
                if value is not None:
                    item[key] = str(value)
            props = {URIRef(p.iri): p for p in rtype.properties.values()}
            _fill(g, s, item, props, {RDF.subject, RDF.object, VALID_FROM, VALID_TO}, problem)
            rels.append(item)
            doc.where["relations"].append(f"<{s}>")  # type: ignore[index]
    # bare triples between entities, e.g. <person> skg:holds <post>
    for pred, rname in sorted(relations.items(), key=lambda kv: kv[1]):
        rtype = m.relations[rname]
        for s, o in sorted(g.subject_objects(pred), key=str):
            if (s, pred, o) in reified:
                continue
            digest = hashlib.sha1(f"{s} {pred} {o}".encode()).hexdigest()[:16]
            item = new_item(s, id=f"rel/{rname}-{digest}", type=rname, **{"from": ident(s)})
            item["to"] = _code(o) if rtype.schemes else ident(o)
            if lines:
                item.line = lines.triples.get((s, pred, o))
            rels.append(item)
            doc.where["relations"].append(f"<{s}> <{pred}> <{o}>")  # type: ignore[index]
    return doc


@cache
def _relation_iris() -> frozenset[URIRef]:
    return frozenset(URIRef(r.iri) for r in model().relations.values())


def _fill(g: Graph, s: Any, item: dict[str, Any], props: dict[Any, Property], skip: set, problem) -> None:
    relation_iris = _relation_iris()
    multi: dict[str, list[Any]] = defaultdict(list)
    for p, o in sorted(g.predicate_objects(s), key=lambda po: (str(po[0]), str(po[1]))):
        if p == RDF.type or p in skip or p in IGNORED:
            continue
        if p in relation_iris and isinstance(s, URIRef):
            continue  # a bare relation triple, read as a relation
        if p == CITATION:
            multi["sources"].append(_citation(g, o))
            continue
        prop = props.get(p)
        if prop is None:
            problem(s, str(p), f"property {p} is not declared for {item.get('type')}", "unknown-property", (s, p, o))
            continue
        if prop.datatype == "text":
            lang = o.language if isinstance(o, Literal) else None
            item.setdefault(prop.key, {})[lang or "und"] = str(o)
        elif prop.multiple:
            multi[prop.key].append(_value(prop, o))
        elif prop.key in item:
            problem(s, prop.key, f"{prop.key} has several values; it takes one", "too-many-values", (s, p, o))
        else:
            item[prop.key] = _value(prop, o)
    for key, values in multi.items():
        item[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))


def _citation(g: Graph, o: Any) -> Any:
    if isinstance(o, BNode):
        ref: dict[str, str] = {}
        src = g.value(o, PROV.wasDerivedFrom)
        if src is not None:
            ref["source"] = ident(src)
        for key, pred in (("quote", QUOTE), ("locator", LOCATOR)):
            value = g.value(o, pred)
            if value is not None:
                ref[key] = str(value)
        return ref
    return ident(o)
