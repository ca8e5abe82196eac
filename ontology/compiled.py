"""Validators compiled once from the model, for the common case: a fact that is valid.

:func:`compiled` turns each concrete entity type and each relation type of a model into a
closure over precomputed tables (declared keys, required keys, value checkers, code sets,
the entity types each endpoint accepts). A checker returns the validated fact, exactly as
the detailed validator in :mod:`ontology.validation` builds it, or ``None`` as soon as
anything is unusual; the detailed validator then checks that item again and reports its
problems with file, line, pointer, field, reason and code. The checkers never report, so
they can only be faster, never different: a fact they accept is one the detailed path
accepts unchanged (``tests/test_compiled.py`` checks this on generated facts).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any, Callable, Mapping

from .facts import Entity, Relation, SourceRef
from .model import Model, Property

# id -> (entity | relation, type name): what the batch and the store know
Known = Mapping[str, tuple[str, str]]
EntityCheck = Callable[[dict[str, Any], Known], "Entity | None"]
RelationCheck = Callable[[dict[str, Any], Known], "Relation | None"]
_NOTHING = (None, None)
_SOURCE_KEYS = frozenset(("source", "quote", "locator"))
_URI = re.compile(r"^[a-z][a-z0-9+.\-]*:\S+$")
_CACHE_LIMIT = 1 << 18
_HUGE = 10**18


class Compiled:
    """The per-type checkers of one model."""

    def __init__(self, m: Model):
        from . import validation as v  # the rules the checkers mirror

        self.dates: dict[str, date] = {}
        self.langs: set[str] = set()
        self.refs: dict[Any, SourceRef] = {}
        self._v = v
        self.entities: dict[str, EntityCheck] = {
            name: self._entity(m, name) for name, t in m.types.items() if not t.abstract
        }
        self.relations: dict[str, RelationCheck] = {name: self._relation(m, name) for name in m.relations}

    # --- shared pieces --------------------------------------------------------------------

    def day(self, value: Any) -> date | None:
        """:func:`ontology.validation.parse_date`, remembered for the (few) valid dates."""
        found = self.dates.get(value) if value.__class__ is str else None
        if found is None:
            found = self._v.parse_date(value)
            if found is not None and value.__class__ is str and len(self.dates) < _CACHE_LIMIT:
                self.dates[value] = found
        return found

    def _lang(self, tag: str) -> bool:
        if tag in self.langs:
            return True
        if tag.__class__ is str and self._v.LANG_TAG.match(tag):
            if len(self.langs) < 1024:
                self.langs.add(tag)
            return True
        return False

    def _scalar(self, m: Model, prop: Property) -> Callable[[Any], Any]:  # noqa: C901
        """A checker of one value: the value as stored, or None when it is not plainly valid."""
        kind, max_text = prop.datatype, self._v.MAX_TEXT
        if kind == "text":
            lang, needs_name = self._lang, prop.key == "name"

            def text(value: Any) -> Any:
                if not isinstance(value, dict) or not value:
                    return None
                for k, t in value.items():
                    if t.__class__ is not str or not lang(k) or len(t) > max_text or not t or t.isspace():
                        return None
                if needs_name and "zh" not in value and "en" not in value:
                    return None
                return dict(value) if len(value) == 1 else {k: value[k] for k in sorted(value)}

            return text
        if kind in ("string", "uri"):
            uri = kind == "uri"

            def string(value: Any) -> Any:
                if value.__class__ is not str or len(value) > max_text or not value or value.isspace():
                    return None
                if uri and not _URI.match(value):
                    return None
                return value

            return string
        if kind == "date":
            day = self.day

            def a_date(value: Any) -> Any:
                return value if day(value) is not None else None

            return a_date
        if kind in ("count", "integer"):
            least = 0 if kind == "count" else -math.inf

            def whole(value: Any) -> Any:
                return value if value.__class__ is int and value >= least else None

            return whole
        if kind == "decimal":

            def number(value: Any) -> Any:
                if value.__class__ is int:  # (a huge int's str() raises in the detailed check: left to it)
                    return value if 0 <= value <= _HUGE else None
                if value.__class__ is float and math.isfinite(value):
                    return value if value >= 0 else None
                return None

            return number
        if kind == "boolean":
            return lambda value: value if value.__class__ is bool else None
        if kind == "concept":
            codes = frozenset(c for s in prop.schemes for c in m.schemes[s])
            return lambda value: value if value.__class__ is str and value in codes else None
        raise AssertionError(kind)  # pragma: no cover

    def _value(self, m: Model, prop: Property) -> Callable[[Any], Any]:
        one = self._scalar(m, prop)
        if not prop.multiple:
            return one

        def many(value: Any) -> Any:
            if value.__class__ is not list:
                return None
            out = [one(v) for v in value]
            return None if None in out else out

        return many

    def _properties(self, m: Model, declared: dict[str, Property], fixed: frozenset[str]) -> Callable[[dict[str, Any]], Any]:
        """Checker of an item's own properties: them in name order, or None.

        Items of a type come with few distinct key lists, so each key list is planned once:
        its properties in name order with their checkers, or ``False`` when a key is unknown
        or a required one is missing."""
        checks = {key: self._value(m, prop) for key, prop in declared.items()}
        required = frozenset(key for key, prop in declared.items() if prop.required)
        plans: dict[tuple[str, ...], Any] = {}

        def plan(keys: tuple[str, ...]) -> Any:
            own = [k for k in keys if k not in fixed]
            if not required.issubset(keys) or not all(k.__class__ is str and k in checks for k in own):
                return False
            return tuple((k, checks[k]) for k in sorted(own))

        def properties(item: dict[str, Any]) -> dict[str, Any] | None:
            keys = tuple(item)
            steps = plans.get(keys)
            if steps is None:
                steps = plan(keys)
                if len(plans) < 1024:
                    plans[keys] = steps
            if steps is False:
                return None
            props = {}
            for key, check in steps:
                checked = check(item[key])
                if checked is None:
                    return None
                props[key] = checked
            return props

        return properties

    def _content(self, properties: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any], Known], Any]:
        """A fact's properties and citations, or None unless both are plainly valid."""
        sources = self._sources

        def content(item: dict[str, Any], known: Known) -> tuple[dict[str, Any], tuple[SourceRef, ...]] | None:
            props = properties(item)
            if props is None:
                return None
            cited = sources(item, known)
            return None if cited is None else (props, cited)

        return content

    def _sources(self, item: dict[str, Any], known: Known) -> tuple[SourceRef, ...] | None:  # noqa: C901
        raw = item.get("sources")
        if raw is None:
            return None if "sources" in item else ()
        if raw.__class__ is not list:
            return None
        refs = self.refs
        out = []
        for src in raw:
            if src.__class__ is str:
                ref = refs.get(src)
                if ref is None:
                    ref = SourceRef(src)
            elif isinstance(src, dict) and src.get("source").__class__ is str and _SOURCE_KEYS.issuperset(src.keys()):
                quote, locator = src.get("quote"), src.get("locator")
                if ("quote" in src and (quote.__class__ is not str or not quote)) or (
                    "locator" in src and (locator.__class__ is not str or not locator)
                ):
                    return None
                key = (src["source"], quote, locator)
                ref = refs.get(key)
                if ref is None:
                    ref = SourceRef(*key)
            else:
                return None
            if known.get(ref.source, _NOTHING)[1] != "SourceDocument":
                return None
            if len(refs) < _CACHE_LIMIT:
                refs[src if src.__class__ is str else key] = ref
            out.append(ref)
        return tuple(out)

    # --- entities and relations -------------------------------------------------------------

    def _entity(self, m: Model, type_name: str) -> EntityCheck:
        declared = m.types[type_name].properties
        content = self._content(self._properties(m, declared, frozenset(self._v.ENTITY_KEYS)))
        orders = tuple((a, b) for a, b in self._v.DATE_ORDER if a in declared and b in declared)
        lifetime = "established_on" in declared and "dissolved_on" in declared

        def entity(item: dict[str, Any], known: Known) -> Entity | None:
            ident = item.get("id")
            if ident.__class__ is not str:
                return None
            found = content(item, known)
            if found is None:
                return None
            props, cited = found
            for earlier, later in orders:
                if earlier in props and later in props and props[later] < props[earlier]:
                    return None
            if lifetime:
                est, dis = props.get("established_on"), props.get("dissolved_on")
                if est and dis and dis <= est:
                    return None
            return Entity(ident, type_name, props, cited)

        return entity

    def _relation(self, m: Model, type_name: str) -> RelationCheck:  # noqa: C901
        rtype = m.relations[type_name]
        content = self._content(self._properties(m, rtype.properties, frozenset(self._v.RELATION_KEYS)))
        domain = frozenset(t for t in m.types if m.matches(t, rtype.domain))
        targets = frozenset(t for t in m.types if m.matches(t, rtype.range))
        scheme_of: dict[str, str] = {}
        for scheme in rtype.schemes:  # a code's scheme is the first of the relation's schemes holding it
            for code in m.schemes[scheme]:
                scheme_of.setdefault(code, scheme)
        coded, temporal, day = bool(rtype.schemes), rtype.temporal, self.day

        def relation(item: dict[str, Any], known: Known) -> Relation | None:  # noqa: C901
            ident, source, target = item.get("id"), item.get("from"), item.get("to")
            if ident.__class__ is not str or source.__class__ is not str or target.__class__ is not str or not source:
                return None
            kind, of = known.get(source, _NOTHING)
            if kind != "entity" or of not in domain:
                return None
            scheme = None
            if coded:
                scheme = scheme_of.get(target)
                if scheme is None:
                    return None
            else:
                kind, of = known.get(target, _NOTHING)
                if kind != "entity" or of not in targets:
                    return None
            valid_from, valid_to = item.get("valid_from"), item.get("valid_to")
            if valid_from is not None:
                if not temporal or (valid_from := day(valid_from)) is None:
                    return None
            if valid_to is not None:
                if not temporal or (valid_to := day(valid_to)) is None:
                    return None
                if valid_from is not None and valid_to <= valid_from:
                    return None
            found = content(item, known)
            if found is None:
                return None
            props, cited = found
            return Relation(ident, type_name, source, target, valid_from, valid_to, props, cited, scheme)

        return relation


_compiled: dict[int, tuple[Model, Compiled]] = {}


def compiled(m: Model) -> Compiled:
    """The checkers of this model, compiled on first use."""
    found = _compiled.get(id(m))
    if found is None or found[0] is not m:
        if len(_compiled) >= 8:
            _compiled.clear()
        found = _compiled[id(m)] = (m, Compiled(m))
    return found[1]
