"""Validation of facts against the ontology.

:func:`validate` turns raw JSON values (dicts from any loader) into a :class:`Batch`, or
raises :class:`InvalidData` listing every problem found (up to a limit) with its file,
line, JSON pointer, field and reason. Nothing is written by validation; stores only ever
receive a batch that passed it whole.
"""

from __future__ import annotations

import itertools
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

import orjson

from .compiled import compiled
from .errors import InvalidData, Problem
from .facts import CONCEPT_PREFIX, Batch, Entity, Relation, SourceRef, gc_paused
from .model import Model, Property, model

ID_PATTERN = r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9_.:@/\-\u4e00-\u9fff]{0,199}$"
_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
MAX_PROBLEMS = 200
MAX_TEXT = 20_000
LARGE = 1_000  # items from which validation pauses the cyclic garbage collector
TOP_LEVEL = {"@context", "$schema", "safetykg", "entities", "relations"}
ENTITY_KEYS = {"id", "type", "sources"}
RELATION_KEYS = {"id", "type", "from", "to", "valid_from", "valid_to", "sources"}

# What a store knows of ids outside the batch: id -> ("entity" | "relation", type name).
Lookup = Callable[[Iterable[str]], Mapping[str, tuple[str, str]]]

# Date properties that must not come before another one on the same entity.
DATE_ORDER = (
    ("found_on", "deadline"),
    ("found_on", "rectified_on"),
    ("rectified_on", "verified_on"),
    ("found_on", "closed_on"),
    ("verified_on", "closed_on"),
)


class _TooMany(Exception):
    pass


@dataclass
class _Report:
    file: str | None
    problems: list[Problem] = field(default_factory=list)

    def add(self, doc: Any, pointer: str, fld: str | None, reason: str, code: str) -> None:
        line = getattr(doc, "line", None)
        self.problems.append(Problem(pointer, fld, reason, code, self.file, line))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany


def parse_date(value: Any) -> date | None:
    """A calendar date between 1900 and 2100 written YYYY-MM-DD, or None."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def _size(doc: Any) -> int:
    if not isinstance(doc, dict):
        return 0
    return sum(len(v) for v in (doc.get("entities"), doc.get("relations")) if isinstance(v, list))


def validate(
    doc: Any,
    lookup: Lookup | None = None,
    file: str | None = None,
    m: Model | None = None,
    *,
    fast: bool = True,
) -> Batch:
    """Validate a facts document (a dict with ``entities`` and ``relations``).

    ``fast`` lets the checkers compiled from the model (:mod:`ontology.compiled`) accept
    the facts that are plainly valid; every other fact goes through the detailed checks,
    which report its problems. The result and the problems are the same either way.
    """
    m = m or model()
    report = _Report(file)
    batch = Batch()
    try:
        with gc_paused() if _size(doc) >= LARGE else nullcontext():
            _check_document(doc, report)
            if not report.problems:
                _Validator(m, report, lookup, fast).run(doc, batch)
    except _TooMany:
        raise InvalidData(_summary(file, report.problems), report.problems, truncated=True) from None
    if report.problems:
        raise InvalidData(_summary(file, report.problems), report.problems)
    return batch


def _summary(file: str | None, problems: list[Problem]) -> str:
    where = f"{file}: " if file else ""
    n = len(problems)
    return f"{where}rejected, nothing written: {n} problem{'s' if n != 1 else ''}"


def _check_document(doc: Any, report: _Report) -> None:
    if not isinstance(doc, dict):
        report.add(doc, "", None, "a facts document must be a JSON object", "not-an-object")
        return
    _check_unicode(doc, report)
    if report.problems:
        return
    for key in doc:
        if key not in TOP_LEVEL:
            report.add(doc, f"/{key}", key, "unknown top-level key", "unknown-key")
    for key in ("entities", "relations"):
        if key in doc and not isinstance(doc[key], list):
            report.add(doc, f"/{key}", key, "must be a list", "wrong-type")
    version = doc.get("safetykg")
    if version is not None and version != "1.0":
        report.add(doc, "/safetykg", "safetykg", f"unsupported format version {version!r}", "unsupported-version")


def _check_unicode(doc: Any, report: _Report) -> None:
    """Every key and string must be Unicode text: a JSON escape like ``\\ud800`` (a lone
    surrogate) parses, but no store can hold it."""
    try:
        orjson.dumps(doc)  # in C, and refuses any lone surrogate in a key or a string
        return
    except (TypeError, orjson.JSONEncodeError):
        pass  # a surrogate, or anything else orjson refuses: walk the document to tell which
    stack: list[tuple[Any, str, Any]] = [(doc, "", doc)]
    while stack:
        value, pointer, owner = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                where = f"{pointer}/{_printable(key)}"
                if isinstance(key, str) and not _encodable(key):
                    report.add(value, where, None, "the key is not valid Unicode text (a lone surrogate escape)", "bad-text")
                stack.append((item, where, value))
        elif isinstance(value, list):
            stack.extend((item, f"{pointer}/{i}", owner) for i, item in enumerate(value))
        elif isinstance(value, str) and not _encodable(value):
            report.add(owner, pointer, None, "not valid Unicode text (a lone surrogate escape)", "bad-text")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(key: Any) -> str:
    return str(key).encode("utf-8", "backslashreplace").decode("utf-8")


class _Validator:
    def __init__(self, m: Model, report: _Report, lookup: Lookup | None, fast: bool = True):
        self.m = m
        self.report = report
        self.lookup = lookup
        self.seen: dict[str, tuple[str, str]] = {}
        self.fast = fast

    def add(self, doc: Any, pointer: str, fld: str | None, reason: str, code: str = "invalid") -> None:
        self.report.add(doc, pointer, fld, reason, code)

    def run(self, doc: dict[str, Any], batch: Batch) -> None:  # noqa: C901
        entities = doc.get("entities", [])
        relations = doc.get("relations", [])
        # First pass: ids and types, so that references can point forwards in the batch.
        seen, id_ok = self.seen, _ID.match
        tags: dict[tuple[str, str], tuple[str, str]] = {}  # one (kind, type) tuple per kind and type
        for kind, key, items in (("entity", "entities", entities), ("relation", "relations", relations)):
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    self.add(item, f"/{key}/{i}", None, f"each {kind} must be a JSON object", "not-an-object")
                    continue
                ident = item.get("id")
                if not isinstance(ident, str) or not id_ok(ident) or ident.startswith(CONCEPT_PREFIX):
                    self.add(
                        item, f"/{key}/{i}/id", "id",
                        "required: 1-200 letters, digits or _ . : @ / - (not starting with 'concept:')",
                        "bad-id",
                    )
                    continue
                if ident in seen:
                    self.add(item, f"/{key}/{i}/id", "id", f"duplicate id {ident!r} in this batch", "duplicate-id")
                    continue
                type_name = item.get("type")
                tag = (kind, type_name if isinstance(type_name, str) else "")
                seen[ident] = tags.setdefault(tag, tag)
        known = dict(seen)
        missing = self._referenced(entities, relations).difference(known)
        if missing and self.lookup is not None:
            known.update(self.lookup(sorted(missing)))
        self.known = known
        if self.lookup is not None:
            clashes = self.lookup(sorted(self.seen))
            for ident, (kind, type_name) in sorted(clashes.items()):
                mine = self.seen[ident]
                if mine[0] != kind or mine[1] != type_name:
                    items = entities if mine[0] == "entity" else relations
                    i = next(j for j, it in enumerate(items) if isinstance(it, dict) and it.get("id") == ident)
                    self.add(
                        items[i], f"/{'entities' if mine[0] == 'entity' else 'relations'}/{i}/type", "type",
                        f"id {ident!r} is already stored as a {type_name} {kind}; an id cannot change type",
                        "type-change",
                    )
        checks = compiled(self.m) if self.fast else None
        for key, items, out, detailed, fast in (
            ("entities", entities, batch.entities, self.entity, checks.entities if checks else {}),
            ("relations", relations, batch.relations, self.relation, checks.relations if checks else {}),
        ):
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                type_name = item.get("type")
                check = fast.get(type_name) if type_name.__class__ is str else None
                fact = None
                if check is not None:
                    try:
                        fact = check(item, known)
                    except Exception:  # anything odd is the detailed check's to report
                        fact = None
                if fact is None:
                    fact = detailed(item, f"/{key}/{i}")
                if fact is not None:
                    out.append(fact)  # type: ignore[arg-type]  # entities to batch.entities, relations to batch.relations

    @staticmethod
    def _referenced(entities: list[Any], relations: list[Any]) -> set[str]:
        refs: set[str] = set()
        for item in itertools.chain(entities, relations):
            if not isinstance(item, dict):
                continue
            for key in ("from", "to"):
                if isinstance(item.get(key), str):
                    refs.add(item[key])
            cited = item.get("sources")
            for src in cited if isinstance(cited, list) else ():
                if isinstance(src, str):
                    refs.add(src)
                elif isinstance(src, dict) and isinstance(src.get("source"), str):
                    refs.add(src["source"])
        return refs

    # --- entities ---------------------------------------------------------------

    def entity(self, item: dict[str, Any], pointer: str) -> Entity | None:
        before = len(self.report.problems)
        type_name: Any = item.get("type")
        etype = self.m.types.get(type_name) if isinstance(type_name, str) else None
        if etype is None or etype.abstract:
            choices = ", ".join(sorted(self.m.concrete_types()))
            self.add(item, f"{pointer}/type", "type", f"unknown entity type {type_name!r}; one of: {choices}", "unknown-type")
            return None
        props = self.properties(item, pointer, etype.properties, ENTITY_KEYS, type_name)
        sources = self.sources(item, pointer)
        if len(self.report.problems) > before or not isinstance(item.get("id"), str):
            return None
        self.entity_rules(item, pointer, type_name, props)
        if len(self.report.problems) > before:
            return None
        return Entity(item["id"], type_name, props, sources)

    def entity_rules(self, item: dict[str, Any], pointer: str, type_name: str, props: dict[str, Any]) -> None:
        for earlier, later in DATE_ORDER:
            if earlier in props and later in props and props[later] < props[earlier]:
                self.add(item, f"{pointer}/{later}", later, f"{later} {props[later]} is before {earlier} {props[earlier]}", "dates-out-of-order")
        est, dis = props.get("established_on"), props.get("dissolved_on")
        if est and dis and dis <= est:
            reason = f"dissolved on {dis}, not after it was established on {est}"
            self.add(item, f"{pointer}/dissolved_on", "dissolved_on", reason, "dates-out-of-order")

    def properties(
        self, item: dict[str, Any], pointer: str, declared: dict[str, Property], fixed: set[str], owner: str
    ) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for key, value in item.items():
            if key in fixed:
                continue
            prop = declared.get(key)
            if prop is None:
                allowed = ", ".join(sorted(declared))
                self.add(item, f"{pointer}/{key}", key, f"unknown property of {owner}; allowed: {allowed}", "unknown-property")
                continue
            checked = self.value(item, f"{pointer}/{key}", prop, value)
            if checked is not None:
                props[key] = checked
        for key, prop in declared.items():
            if prop.required and key not in item:
                self.add(item, f"{pointer}/{key}", key, f"required for {owner}", "required")
        return _in_name_order(props)

    def value(self, item: Any, pointer: str, prop: Property, value: Any) -> Any:
        if prop.multiple:
            if not isinstance(value, list):
                self.add(item, pointer, prop.key, "must be a list", "wrong-type")
                return None
            out = [self.scalar(item, f"{pointer}/{i}", prop, v) for i, v in enumerate(value)]
            return None if any(v is None for v in out) else out
        return self.scalar(item, pointer, prop, value)

    def scalar(self, item: Any, pointer: str, prop: Property, value: Any) -> Any:  # noqa: C901
        kind = prop.datatype
        fld = prop.key
        if kind == "text":
            if not isinstance(value, dict) or not value:
                self.add(item, pointer, fld, 'must be an object of names by language, e.g. {"zh": "…", "en": "…"}', "wrong-type")
                return None
            bad = [k for k, v in value.items() if not LANG_TAG.match(k) or not isinstance(v, str) or not v.strip() or len(v) > MAX_TEXT]
            if bad:
                self.add(item, pointer, fld, f"language tags must map to non-empty text: {', '.join(map(str, bad))}", "wrong-type")
                return None
            if fld == "name" and not ({"zh", "en"} & set(value)):
                self.add(item, pointer, fld, "needs at least a zh or an en name", "required")
                return None
            return dict(value)
        if kind in ("string", "uri"):
            if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
                self.add(item, pointer, fld, f"must be non-empty text of at most {MAX_TEXT} characters", "wrong-type")
                return None
            if kind == "uri" and not re.match(r"^[a-z][a-z0-9+.\-]*:\S+$", value):
                self.add(item, pointer, fld, "must be an absolute URI", "wrong-type")
                return None
            return value
        if kind == "date":
            if parse_date(value) is None:
                self.add(item, pointer, fld, f"must be a date YYYY-MM-DD between {EARLIEST} and {LATEST}, got {value!r}", "bad-date")
                return None
            return value
        if kind in ("count", "integer"):
            if not isinstance(value, int) or isinstance(value, bool) or (kind == "count" and value < 0):
                self.add(item, pointer, fld, "must be a whole number of at least 0" if kind == "count" else "must be a whole number", "wrong-type")
                return None
            return value
        if kind == "decimal":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not ok or not Decimal(str(value)).is_finite() or value < 0:
                self.add(item, pointer, fld, "must be a number of at least 0", "wrong-type")
                return None
            return value
        if kind == "boolean":
            if not isinstance(value, bool):
                self.add(item, pointer, fld, "must be true or false", "wrong-type")
                return None
            return value
        if kind == "concept":
            if not isinstance(value, str) or self.m.find_concept(prop.schemes, value) is None:
                codes = ", ".join(sorted(c for s in prop.schemes for c in self.m.schemes[s]))
                self.add(item, pointer, fld, f"unknown code {value!r}; one of: {codes}", "unknown-code")
                return None
            return value
        raise AssertionError(kind)  # pragma: no cover

    def sources(self, item: dict[str, Any], pointer: str) -> tuple[SourceRef, ...]:
        raw = item.get("sources", [])
        if not isinstance(raw, list):
            self.add(item, f"{pointer}/sources", "sources", "must be a list of source ids or {source, quote, locator}", "wrong-type")
            return ()
        out = []
        for i, src in enumerate(raw):
            p = f"{pointer}/sources/{i}"
            if isinstance(src, str):
                ref = SourceRef(src)
            elif isinstance(src, dict) and isinstance(src.get("source"), str):
                extra = set(src) - {"source", "quote", "locator"}
                texts = [src.get(k) for k in ("quote", "locator") if k in src]
                if extra or not all(isinstance(t, str) and t for t in texts):
                    self.add(item, p, "sources", "a citation has source, and optionally quote and locator (text)", "wrong-type")
                    continue
                ref = SourceRef(src["source"], src.get("quote"), src.get("locator"))
            else:
                self.add(item, p, "sources", "must be a source id or {source, quote, locator}", "wrong-type")
                continue
            kind, type_name = self.known.get(ref.source, (None, None))
            if kind is None:
                self.add(item, p, "sources", f"unknown source {ref.source!r}: not in this batch nor in the store", "unknown-reference")
            elif type_name != "SourceDocument":
                self.add(item, p, "sources", f"{ref.source!r} is a {type_name}, not a SourceDocument", "wrong-reference")
            else:
                out.append(ref)
        return tuple(out)

    # --- relations --------------------------------------------------------------

    def relation(self, item: dict[str, Any], pointer: str) -> Relation | None:
        before = len(self.report.problems)
        type_name: Any = item.get("type")
        rtype = self.m.relations.get(type_name) if isinstance(type_name, str) else None
        if rtype is None:
            choices = ", ".join(sorted(self.m.relations))
            self.add(item, f"{pointer}/type", "type", f"unknown relation type {type_name!r}; one of: {choices}", "unknown-type")
            return None
        source = self.endpoint(item, pointer, "from", rtype.domain, (), type_name)
        target = self.endpoint(item, pointer, "to", rtype.range, rtype.schemes, type_name)
        valid_from = self.validity(item, pointer, "valid_from", rtype.temporal, type_name)
        valid_to = self.validity(item, pointer, "valid_to", rtype.temporal, type_name)
        if valid_from and valid_to and valid_to <= valid_from:
            self.add(
                item, f"{pointer}/valid_to", "valid_to",
                f"ends on {valid_to}, on or before it starts on {valid_from} (valid_to is the first day it no longer holds)",
                "ends-before-start",
            )
        props = self.properties(item, pointer, rtype.properties, RELATION_KEYS, type_name)
        sources = self.sources(item, pointer)
        if len(self.report.problems) > before or not isinstance(item.get("id"), str):
            return None
        scheme = None
        if rtype.schemes:
            concept = self.m.find_concept(rtype.schemes, target)  # known: endpoint() refused an unknown code
            scheme = concept.scheme if concept else None
        return Relation(item["id"], type_name, source, target, valid_from, valid_to, props, sources, scheme)

    def endpoint(
        self, item: dict[str, Any], pointer: str, key: str, allowed: tuple[str, ...], schemes: tuple[str, ...], rel: str
    ) -> str:
        value = item.get(key)
        if not isinstance(value, str) or not value:
            self.add(item, f"{pointer}/{key}", key, "required: an id", "required")
            return ""
        if schemes:
            if self.m.find_concept(schemes, value) is None:
                codes = ", ".join(sorted(c for s in schemes for c in self.m.schemes[s]))
                self.add(item, f"{pointer}/{key}", key, f"unknown code {value!r} for {rel}; one of: {codes}", "unknown-code")
            return value
        kind, type_name = self.known.get(value, (None, None))
        if kind is None:
            self.add(item, f"{pointer}/{key}", key, f"unknown id {value!r}: not in this batch nor in the store", "unknown-reference")
        elif kind == "entity" and type_name not in self.m.types:
            pass  # the entity's own unknown type is reported where it stands
        elif kind != "entity" or not self.m.matches(type_name or "", allowed):
            self.add(
                item, f"{pointer}/{key}", key,
                f"{value!r} is a {type_name or kind}; {rel} {key} must be a {' or '.join(allowed)}",
                "wrong-reference",
            )
        return value

    def validity(self, item: dict[str, Any], pointer: str, key: str, temporal: bool, rel: str) -> date | None:
        if key not in item or item[key] is None:
            return None
        if not temporal:
            self.add(item, f"{pointer}/{key}", key, f"{rel} has no validity dates", "not-temporal")
            return None
        day = parse_date(item[key])
        if day is None:
            self.add(item, f"{pointer}/{key}", key, f"must be a date YYYY-MM-DD between {EARLIEST} and {LATEST}, got {item[key]!r}", "bad-date")
        return day


def _in_name_order(value: Any) -> Any:
    """Mappings in key order, all the way down, so a fact reads the same whichever file,
    request or backend it came from (``{"zh": …, "en": …}`` and ``{"en": …, "zh": …}`` alike)."""
    if isinstance(value, dict):
        return {k: _in_name_order(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_in_name_order(v) for v in value]
    return value
