"""The model, read once from the ontology's Turtle files.

Everything that knows about entity types, properties, relations, vocabularies or
rules asks :func:`model` rather than hard-coding them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SKG = Namespace("https://w3id.org/safetykg/ns#")
VOCAB = "https://w3id.org/safetykg/vocab/"
RULE = Namespace("https://w3id.org/safetykg/rule/")
GAP = Namespace("https://w3id.org/safetykg/gap/")
ONTOLOGY_FILES = ("safetykg.ttl", "vocab/schemes.ttl", "rules.ttl")

_DATATYPES = {
    XSD.string: "string",
    XSD.date: "date",
    XSD.nonNegativeInteger: "count",
    XSD.integer: "integer",
    XSD.decimal: "decimal",
    XSD.boolean: "boolean",
    XSD.anyURI: "uri",
    RDF.langString: "text",
    SKOS.Concept: "concept",
}


def snake(name: str) -> str:
    """``foundOn`` -> ``found_on``: JSON keys are the ontology's local names in snake case."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def local(iri: Node | str) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


@dataclass(frozen=True)
class Labels:
    en: str
    zh: str

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}


@dataclass(frozen=True)
class Property:
    """A datatype property of an entity type or of a relation."""

    key: str
    iri: str
    datatype: str  # string, date, count, integer, decimal, boolean, uri, text, concept
    labels: Labels
    required: bool = False
    multiple: bool = False
    schemes: tuple[str, ...] = ()
    definition: str = ""


@dataclass(frozen=True)
class EntityType:
    name: str
    iri: str
    labels: Labels
    parents: tuple[str, ...]
    abstract: bool
    properties: dict[str, Property]
    definition: str = ""


@dataclass(frozen=True)
class RelationType:
    name: str
    iri: str
    labels: Labels
    domain: tuple[str, ...]  # entity type names (subtypes accepted)
    range: tuple[str, ...]  # entity type names, empty when the target is a concept
    schemes: tuple[str, ...]  # concept schemes of the target, empty for entity targets
    temporal: bool
    properties: dict[str, Property]
    definition: str = ""


@dataclass(frozen=True)
class Concept:
    scheme: str
    code: str
    iri: str
    labels: Labels
    broader: str | None
    data: dict[str, Any]

    def values(self, key: str) -> tuple[str, ...]:
        """A concept annotation as a tuple of strings, whether it was given once or several times."""
        value = self.data.get(key)
        if value is None:
            return ()
        return tuple(str(v) for v in value) if isinstance(value, tuple) else (str(value),)


@dataclass(frozen=True)
class Rule:
    id: str
    layer: str
    responsibility: str
    labels: Labels
    definition: str
    legal_basis: tuple[str, ...]
    phase: int = 1  # rules of a later phase read the hits of the earlier ones
    depth: int | None = None  # how far a rule that follows a chain may go
    reads: tuple[str, ...] = ()  # the relation types the rule reads (the plan must collect them)
    candidates: bool = False  # names uncertain posts as candidates
    posts_certain: bool = True  # False: the unit answers with certainty, its posts as candidates
    posts_note: str = ""

    editions: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (in force from, edition, its Work Safety Law articles)
    paths: tuple[tuple[str, ...], ...] = ()  # a rule said as data: the paths it follows (see rules.ttl)
    target: tuple[str, ...] = ()  # the entity types its paths end on
    select: tuple[str, ...] = ()  # which posts answer
    python_because: str = ""  # a rule that is a Python function: why it cannot be said as data

    def basis_on(self, on: str | None) -> tuple[str, ...]:
        """The legal basis as it stood on a date (ISO): the Work Safety Law articles of the edition then in
        force (it was renumbered in 2014 and 2021), other instruments as they are."""
        if on is None or not self.editions:
            return self.legal_basis
        current = [e for e in self.editions if e[0] <= on]
        if not current or current[-1] == self.editions[-1]:
            return self.legal_basis
        others = tuple(b for b in self.legal_basis if not b.startswith("Work Safety Law (2021)"))
        return current[-1][2] + others

    def as_dict(self, on: str | None = None) -> dict[str, object]:
        """The rule as a finding cites it, with the legal basis in force on ``on`` (default: the current text)."""
        out: dict[str, object] = {
            "id": self.id,
            "label": self.labels.as_dict(),
            "legal_basis": list(self.basis_on(on)),
        }
        edition = next((e[1] for e in reversed(self.editions) if on and e[0] <= on), None)
        if edition is not None:
            out["law_edition"] = edition
        return out


@dataclass(frozen=True)
class InterviewTrigger:
    """An interview trigger: ``count`` accidents of ``grade`` (or graver, when ``or_more``) in an area of
    ``level`` within ``days`` (None: each accident on its own) call ``labels`` to an interview."""

    id: str
    labels: Labels
    level: str
    grade: str
    count: int
    days: int | None
    or_more: bool
    basis: str


@dataclass
class Model:
    """Entity types, relation types, concept schemes, rules and gap kinds."""

    types: dict[str, EntityType]
    relations: dict[str, RelationType]
    schemes: dict[str, dict[str, Concept]]
    scheme_labels: dict[str, Labels]
    rules: dict[str, Rule]
    gaps: dict[str, Labels]
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    gap_covered_by: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a gap is reported when none of these rules hit
    triggers: tuple[InterviewTrigger, ...] = ()

    def is_a(self, type_name: str, parent: str) -> bool:
        return parent in self._ancestors.get(type_name, ())

    def matches(self, type_name: str, allowed: tuple[str, ...]) -> bool:
        return any(self.is_a(type_name, a) for a in allowed)

    def concrete_types(self) -> list[str]:
        return [n for n, t in self.types.items() if not t.abstract]

    def concept(self, scheme: str, code: str) -> Concept | None:
        return self.schemes.get(scheme, {}).get(code)

    def find_concept(self, schemes: tuple[str, ...], code: str) -> Concept | None:
        for scheme in schemes:
            found = self.concept(scheme, code)
            if found is not None:
                return found
        return None

    def broader_closure(self, scheme: str, code: str) -> list[str]:
        """The concept and every broader concept, narrowest first."""
        out: list[str] = []
        concept = self.concept(scheme, code)
        while concept is not None and concept.code not in out:
            out.append(concept.code)
            concept = self.concept(scheme, concept.broader) if concept.broader else None
        return out

    def label(self, scheme: str, code: str) -> Labels:
        concept = self.concept(scheme, code)
        return concept.labels if concept else Labels(code, code)


def _labels(g: Graph, node: Node) -> Labels:
    found = {lit.language: str(lit) for lit in g.objects(node, RDFS.label) if isinstance(lit, Literal)}
    found.update(
        {lit.language: str(lit) for lit in g.objects(node, SKOS.prefLabel) if isinstance(lit, Literal)}
    )
    name = local(node)
    return Labels(found.get("en", name), found.get("zh", found.get("en", name)))


def _members(g: Graph, node: Node | None) -> list[Node]:
    """A class or a property node, or the members of an owl:unionOf."""
    union = g.value(node, OWL.unionOf)
    if union is not None:
        return list(Collection(g, union))
    return [] if node is None else [node]


def _flag(g: Graph, node: Node, prop: URIRef) -> bool:
    value = g.value(node, prop)
    return bool(isinstance(value, Literal) and value.toPython() is True)


def _definition(g: Graph, node: Node) -> str:
    value = g.value(node, SKOS.definition)
    return str(value) if value is not None else ""


def _scheme_name(iri: Node | None) -> str:
    return str(iri)[len(VOCAB):]


def _one(g: Graph, node: Node, prop: URIRef) -> Node:
    """The one value of a property the ontology must give (a clear error if it does not)."""
    value = g.value(node, prop)
    if value is None:
        raise ValueError(f"the ontology gives {node} no {prop}")
    return value


def build(graph: Graph) -> Model:  # noqa: C901
    """Derive the model from an ontology graph."""
    g = graph
    classes = [c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(SKG))]
    class_names = {c: local(c) for c in classes}
    parents = {
        class_names[c]: tuple(class_names[p] for p in g.objects(c, RDFS.subClassOf) if p in class_names)
        for c in classes
    }
    ancestors: dict[str, frozenset[str]] = {}

    def ups(name: str) -> frozenset[str]:
        if name not in ancestors:
            ancestors[name] = frozenset({name}).union(*(ups(p) for p in parents[name]))
        return ancestors[name]

    for name in parents:
        ups(name)

    relation_iris = [p for p in g.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(str(SKG))]
    entity_props: dict[str, dict[str, Property]] = {name: {} for name in class_names.values()}
    relation_props: dict[str, dict[str, Property]] = {local(r): {} for r in relation_iris}

    for prop in g.subjects(RDF.type, OWL.DatatypeProperty):
        rng = g.value(prop, RDFS.range)
        p = Property(
            key=snake(local(prop)),
            iri=str(prop),
            datatype=_DATATYPES[rng],  # type: ignore[index]  # an undeclared range is a KeyError naming it
            labels=_labels(g, prop),
            required=_flag(g, prop, SKG.required),
            multiple=_flag(g, prop, SKG.multiple),
            schemes=tuple(sorted(_scheme_name(s) for s in g.objects(prop, SKG.scheme))),
            definition=_definition(g, prop),
        )
        for dom in _members(g, g.value(prop, RDFS.domain)):
            if dom in class_names:
                entity_props[class_names[dom]][p.key] = p
            else:
                relation_props[local(dom)][p.key] = p

    types = {}
    for c, name in class_names.items():
        props: dict[str, Property] = {}
        for anc in sorted(ancestors[name], key=lambda a: len(ancestors[a])):
            props.update(entity_props[anc])
        types[name] = EntityType(
            name=name,
            iri=str(c),
            labels=_labels(g, c),
            parents=parents[name],
            abstract=_flag(g, c, SKG.abstract),
            properties=props,
            definition=_definition(g, c),
        )

    relations = {}
    for r in relation_iris:
        name = local(r)
        rng_nodes = _members(g, g.value(r, RDFS.range))
        targets = tuple(_scheme_name(s) for s in g.objects(r, SKG.scheme))
        relations[name] = RelationType(
            name=name,
            iri=str(r),
            labels=_labels(g, r),
            domain=tuple(class_names[d] for d in _members(g, g.value(r, RDFS.domain))),
            range=tuple(class_names[x] for x in rng_nodes if x in class_names),
            schemes=tuple(sorted(targets, key=lambda s: (s != "portfolio", s))),
            temporal=_flag(g, r, SKG.temporal),
            properties=relation_props[name],
            definition=_definition(g, r),
        )

    schemes: dict[str, dict[str, Concept]] = {}
    scheme_labels = {}
    for s in g.subjects(RDF.type, SKOS.ConceptScheme):
        scheme_labels[_scheme_name(s)] = _labels(g, s)
        schemes[_scheme_name(s)] = {}
    for c in g.subjects(RDF.type, SKOS.Concept):
        scheme = _scheme_name(g.value(c, SKOS.inScheme))
        broader = g.value(c, SKOS.broader)
        data = _concept_data(g, c)
        schemes[scheme][local(c)] = Concept(
            scheme, local(c), str(c), _labels(g, c), local(broader) if broader else None, data
        )

    rules = {local(r): _rule(g, r) for r in g.subjects(RDF.type, SKG.Rule)}
    gaps = {local(k): _labels(g, k) for k in g.subjects(RDF.type, SKG.GapKind)}
    covers = {local(k): tuple(sorted(local(r) for r in g.objects(k, SKG.coveredBy))) for k in g.subjects(RDF.type, SKG.GapKind)}
    triggers = tuple(sorted((_trigger(g, t) for t in g.subjects(RDF.type, SKG.InterviewTrigger)),
                            key=lambda t: (t.level, -t.count, t.id)))
    return Model(types, relations, schemes, scheme_labels, rules, gaps, ancestors, covers, triggers)


def _concept_data(g: Graph, c: Node) -> dict[str, Any]:
    """A concept's skg: annotations; one given several times becomes a sorted tuple."""
    values: dict[str, list[Any]] = {}
    for pred, obj in g.predicate_objects(c):
        if str(pred).startswith(str(SKG)):
            value = local(obj) if isinstance(obj, URIRef) else obj.toPython() if isinstance(obj, Literal) else obj
            values.setdefault(local(str(pred)), []).append(value)
    return {k: (v[0] if len(v) == 1 else tuple(sorted(v, key=str))) for k, v in values.items()}


def _int(g: Graph, node: Node, prop: URIRef) -> int | None:
    value = g.value(node, prop)
    return int(value.toPython()) if isinstance(value, Literal) else None


def _rule(g: Graph, r: Node) -> Rule:
    return Rule(
        id=local(str(r)),
        layer=local(_one(g, r, SKG.layer)),
        responsibility=local(_one(g, r, SKG.responsibilityType)),
        labels=_labels(g, r),
        definition=_definition(g, r),
        legal_basis=tuple(sorted(str(b) for b in g.objects(r, SKG.legalBasis))),
        phase=_int(g, r, SKG.phase) or 1,
        depth=_int(g, r, SKG.depth),
        reads=tuple(sorted(local(str(x)) for x in g.objects(r, SKG.reads))),
        candidates=_flag(g, r, SKG.candidates),
        posts_certain=g.value(r, SKG.postsCertain) is None or _flag(g, r, SKG.postsCertain),
        posts_note=str(g.value(r, SKG.postsNote) or ""),
        editions=_editions(g, r),
        paths=tuple(sorted(tuple(str(p).split()) for p in g.objects(r, SKG.path))),
        target=tuple(sorted(local(str(t)) for t in g.objects(r, SKG.target))),
        select=tuple(sorted(str(x) for x in g.objects(r, SKG.select))),
        python_because=str(g.value(r, SKG.pythonBecause) or ""),
    )


def _trigger(g: Graph, t: Node) -> InterviewTrigger:
    return InterviewTrigger(
        local(str(t)), _labels(g, t), str(g.value(t, SKG.areaLevel)), str(g.value(t, SKG.grade)),
        _int(g, t, SKG["count"]) or 1, _int(g, t, SKG.withinDays), _flag(g, t, SKG.orMore), str(g.value(t, SKG.legalBasis)),
    )


def _editions(g: Graph, rule: Node) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The rule's Work Safety Law articles in each edition, oldest first (skg:LawEdition)."""
    out = []
    for ed in g.subjects(RDF.type, SKG.LawEdition):
        prop = g.value(ed, SKG.basisProperty)
        bases = tuple(sorted(str(b) for b in g.objects(rule, prop)))
        if prop == SKG.legalBasis:
            bases = tuple(b for b in bases if b.startswith("Work Safety Law"))
        if bases:
            out.append((str(g.value(ed, SKG.inForceFrom)), local(str(ed)), bases))
    return tuple(sorted(out))


def ontology_graph() -> Graph:
    """The ontology, vocabularies and rule catalogue as one rdflib graph."""
    g = Graph()
    root = resources.files("ontology")
    for name in ONTOLOGY_FILES:
        g.parse(data=root.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return g


@cache
def model() -> Model:
    """The model of this installation (parsed once per process)."""
    return build(ontology_graph())
