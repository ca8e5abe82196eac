"""The facts as RDF triples, made directly and streamed: N-Triples text, an rdflib graph, or
a pyoxigraph store, without building the JSON-LD document and parsing it.

The triples are exactly those the facts document read through its JSON-LD context gives
(``ontology.derive.jsonld_context``; ``tests/test_rdf_export.py`` holds the two equal),
plus a direct triple ``<from> skg:<relation> <to>`` for each relation so that SPARQL can
walk edges without the reification:

- the document itself, a blank node with ``skg:formatVersion`` and ``skg:entity`` /
  ``skg:relation`` links to every fact;
- an entity: its class, its properties (text by language, codes as vocabulary IRIs of the
  property's first scheme, dates, counts, decimals and booleans as typed literals, other
  strings plain), its citations (the source's IRI, or a blank node with
  ``prov:wasDerivedFrom``, ``skg:quote`` and ``skg:locator``);
- a relation: a resource typed with the relation property, ``rdf:subject`` /
  ``rdf:object``, ``skg:validFrom`` / ``skg:validTo``, its properties and citations.

Ids are IRIs under ``https://w3id.org/safetykg/id/``, resolved as the JSON-LD ``@base`` does.
"""

from __future__ import annotations

import io
import re
from functools import cache, lru_cache
from typing import Any, Callable, Iterable, Iterator, Protocol

from ontology.facts import Entity, Relation, SourceRef
from ontology.model import SKG, VOCAB, model

ID_BASE = "https://w3id.org/safetykg/id/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
# JSON-LD @type of each property datatype (``ontology.derive._term``); None: a plain literal
DATATYPES = {"date": XSD + "date", "decimal": XSD + "decimal", "boolean": XSD + "boolean",
             "anyURI": XSD + "anyURI", "uri": XSD + "anyURI", "count": XSD + "nonNegativeInteger"}


def iri_of(ident: str) -> str:
    """An id as an IRI: relative to the id base, as the JSON-LD context's ``@base`` resolves it."""
    if ":" in ident or "/." in ident:  # a compact or absolute IRI, or dot segments: rdflib's own rules
        return _context().resolve(ident)
    return ID_BASE + ident


@cache
def _context() -> Any:
    from rdflib.plugins.shared.jsonld.context import Context

    from ontology.derive import jsonld_context

    return Context(jsonld_context()["@context"])


class _Plan:
    """Per type name: the class IRI and, per property key, (predicate, kind, datatype, vocab)."""

    def __init__(self) -> None:
        m = model()
        self.types = {n: t.iri for n, t in m.types.items()} | {n: r.iri for n, r in m.relations.items()}
        self.props: dict[str, dict[str, tuple[str, str, str | None, str | None, bool]]] = {}
        for name, decl in list(m.types.items()) + list(m.relations.items()):
            self.props[name] = {
                k: (p.iri, p.datatype, DATATYPES.get(p.datatype), f"{VOCAB}{p.schemes[0]}/" if p.schemes else None, p.multiple)
                for k, p in decl.properties.items()
            }
        self.targets = {n: f"{VOCAB}{r.schemes[0]}/" for n, r in m.relations.items() if r.schemes}


@cache
def _plan() -> _Plan:
    return _Plan()


class Terms(Protocol):
    """How terms are made (N-Triples text, rdflib nodes...): IRIs, literals, blank nodes."""

    def iri(self, iri: str) -> Any: ...
    def plain(self, text: str) -> Any: ...
    def typed(self, value: Any, datatype: str) -> Any: ...
    def text(self, text: str, lang: str) -> Any: ...
    def bnode(self) -> Any: ...


def triples(entities: Iterable[Entity], relations: Iterable[Relation], terms: Terms) -> Iterator[tuple[Any, Any, Any]]:  # noqa: C901
    """Every triple of the facts, as ``terms`` makes them (duplicates may repeat)."""
    plan = _plan()
    node, plain, typed, text = terms.iri, terms.plain, terms.typed, terms.text
    preds: dict[str, Any] = {}

    def pred(p: str) -> Any:
        t = preds.get(p)
        if t is None:
            t = preds[p] = node(p)
        return t

    a, subj_p, obj_p = pred(RDF_NS + "type"), pred(RDF_NS + "subject"), pred(RDF_NS + "object")
    entity_p, relation_p, cite_p = pred(f"{SKG}entity"), pred(f"{SKG}relation"), pred(f"{SKG}citation")
    vf_p, vt_p, date_t = pred(f"{SKG}validFrom"), pred(f"{SKG}validTo"), XSD + "date"
    doc = terms.bnode()
    yield doc, pred(f"{SKG}formatVersion"), plain("1.0")

    def values(s: Any, props: dict[str, Any], declared: dict) -> Iterator[tuple[Any, Any, Any]]:
        for key, value in props.items():
            p, kind, datatype, vocab, multiple = declared[key]
            p = pred(p)
            for v in value if multiple else (value,):
                if kind == "text":
                    for lang, t in v.items():
                        yield s, p, text(t, lang)
                elif vocab is not None:
                    yield s, p, node(vocab + v)
                elif datatype is not None:
                    yield s, p, typed(v, datatype)
                else:
                    yield s, p, plain(v)

    def cited(s: Any, sources: tuple[SourceRef, ...]) -> Iterator[tuple[Any, Any, Any]]:
        for ref in sources:
            if ref.quote is None and ref.locator is None:
                yield s, cite_p, node(iri_of(ref.source))
                continue
            b = terms.bnode()
            yield s, cite_p, b
            yield b, pred(PROV_DERIVED), node(iri_of(ref.source))
            if ref.quote is not None:
                yield b, pred(f"{SKG}quote"), plain(ref.quote)
            if ref.locator is not None:
                yield b, pred(f"{SKG}locator"), plain(ref.locator)

    for e in entities:
        s = node(iri_of(e.id))
        yield doc, entity_p, s
        yield s, a, pred(plan.types[e.type])
        if e.props:
            yield from values(s, e.props, plan.props[e.type])
        if e.sources:
            yield from cited(s, e.sources)
    for r in relations:
        s = node(iri_of(r.id))
        rel = pred(plan.types[r.type])
        vocab = plan.targets.get(r.type)
        frm, to = node(iri_of(r.source)), node(vocab + r.target if vocab else iri_of(r.target))
        yield doc, relation_p, s
        yield s, a, rel
        yield s, subj_p, frm
        yield s, obj_p, to
        yield frm, rel, to
        if r.valid_from is not None:
            yield s, vf_p, typed(r.valid_from.isoformat(), date_t)
        if r.valid_to is not None:
            yield s, vt_p, typed(r.valid_to.isoformat(), date_t)
        if r.props:
            yield from values(s, r.props, plan.props[r.type])
        if r.sources:
            yield from cited(s, r.sources)


# --- N-Triples ----------------------------------------------------------------------------

_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\x85\u2028\u2029]')
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029) if c not in _ESCAPES})


def _quote(text: str) -> str:
    return '"' + (text.translate(_ESCAPES) if _ESCAPE.search(text) else text) + '"'


@lru_cache(maxsize=1 << 16)
def _lexical(value: Any, kind: type, datatype: str) -> str:
    """A value's lexical form as rdflib's ``Literal(value, datatype=...)`` writes it."""
    if kind is str:
        return value
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    from rdflib import Literal, URIRef

    return str(Literal(value, datatype=URIRef(datatype)))


class NTerms(Terms):
    """Terms as N-Triples text."""

    def __init__(self) -> None:
        self.blanks = 0

    def iri(self, iri: str) -> str:
        return f"<{iri}>"

    def plain(self, text: str) -> str:
        return _quote(text)

    def typed(self, value: Any, datatype: str) -> str:
        return f"{_quote(_lexical(value, type(value), datatype))}^^<{datatype}>"  # type: ignore[arg-type]

    def text(self, text: str, lang: str) -> str:
        return f"{_quote(text)}@{lang}"

    def bnode(self) -> str:
        self.blanks += 1
        return f"_:b{self.blanks}"


def ntriples(entities: Iterable[Entity], relations: Iterable[Relation], lines_per_chunk: int = 20_000) -> Iterator[str]:
    """The facts as N-Triples text, in chunks of about ``lines_per_chunk`` lines."""
    chunk: list[str] = []
    append = chunk.append
    for s, p, o in triples(entities, relations, NTerms()):
        append(f"{s} {p} {o} .\n")
        if len(chunk) >= lines_per_chunk:
            yield "".join(chunk)
            chunk.clear()
    if chunk:
        yield "".join(chunk)


class _Reader(io.RawIOBase):
    """A binary file over text chunks, so that a parser can stream them."""

    def __init__(self, chunks: Iterable[str]):
        self._chunks = iter(chunks)
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._buf = nxt.encode("utf-8")
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def ntriples_stream(entities: Iterable[Entity], relations: Iterable[Relation]) -> io.BufferedReader:
    """The N-Triples as a binary stream (for parsers that read files, e.g. pyoxigraph's bulk loader)."""
    return io.BufferedReader(_Reader(ntriples(entities, relations)), buffer_size=1 << 20)


# --- rdflib -------------------------------------------------------------------------------


class RdflibTerms(Terms):
    """Terms as rdflib nodes (typed literals and IRIs that repeat are made once)."""

    def __init__(self) -> None:
        from rdflib import BNode, Literal, URIRef

        self._bnode, self._literal = BNode, Literal
        self.iri = lru_cache(maxsize=1 << 14)(URIRef)  # type: ignore[method-assign]
        self._typed = lru_cache(maxsize=1 << 16)(lambda v, kind, dt: Literal(v, datatype=URIRef(dt)))

    def plain(self, text: str) -> Any:
        return self._literal(text)

    def typed(self, value: Any, datatype: str) -> Any:
        return self._typed(value, type(value), datatype)  # type: ignore[arg-type]

    def text(self, text: str, lang: str) -> Any:
        return self._literal(text, lang=lang)

    def bnode(self) -> Any:
        return self._bnode()


def add_to_graph(graph: Any, entities: Iterable[Entity], relations: Iterable[Relation]) -> Any:
    """Add the facts' triples to an rdflib graph; returns the graph."""
    add: Callable[[tuple], Any] = graph.add
    for t in triples(entities, relations, RdflibTerms()):  # type: ignore[abstract]  # iri is set per instance
        add(t)
    return graph
