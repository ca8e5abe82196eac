"""Findings of accountability and the one comparison between two sets of them.

A :class:`Finding` says that a unit (an organisation) or one of its posts answers for an
accident at a layer (enterprise, regulatory, territorial). The same format holds what a
trace names (:func:`trace_findings`) and what an investigation report holds accountable
(:func:`expected_findings`, from a real case's ``case.json``, see ``CASES-FORMAT.md``), so
``safetykg evaluate`` and the report check of the documents issue share :func:`compare`.

Matching is by identity, never by name: a unit matches by organisation id and layer, a
post by post id (the body and the role it belongs to). Candidates (a trace's uncertain
posts, e.g. deputies whose portfolio is unknown) are counted apart and never toward recall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Mapping, Sequence

Layer = Literal["enterprise", "regulatory", "territorial"]
LAYERS: tuple[Layer, ...] = ("enterprise", "regulatory", "territorial")


@dataclass(frozen=True)
class Finding:
    """One holding: ``org`` (and ``post``, when a post is meant) answers at ``layer``."""

    layer: Layer
    org: str
    post: str | None = None
    role: str | None = None
    certain: bool = True
    rule: str | None = None  # the trace rule that named it (trace findings only)
    words: str | None = None  # the responsibility words of the report (expected findings only)
    handling: str | None = None
    source: str | None = None
    person: str | None = None  # a trace's person id, or the name a report prints for the post

    @property
    def unit(self) -> tuple[str, str]:
        return (self.org, self.layer)


def trace_findings(trace: Mapping[str, Any]) -> list[Finding]:
    """The findings of a trace document (``graph.trace.explain``), one per finding it lists."""
    out = [
        Finding(layer=u["layer"], org=u["organization"]["id"], certain=u["certainty"] == "certain", rule=u["rules"][0])
        for u in trace.get("units", ())
    ]
    for f in trace["findings"]:
        certain = f.get("certainty", "certain") == "certain"
        person = f["person"]["id"] if f.get("person") else None
        # a finding with several grounds (a government head who also directs the safety committee) names each post
        for ground in [f, *f.get("also", ())]:
            post = ground.get("post") or None
            out.append(
                Finding(
                    layer=f["layer"],
                    org=ground["organization"]["id"],
                    post=post["id"] if post else None,
                    role=post.get("role") if post else None,
                    certain=certain,
                    rule=ground["rule"]["id"],
                    person=person,
                )
            )
    return out


def expected_findings(case: Mapping[str, Any]) -> tuple[list[Finding], list[Finding]]:
    """(units, posts) that a real case's report holds accountable (``case.json``'s ``expected``)."""
    expected = case.get("expected") or {}
    units = [
        Finding(layer=u["layer"], org=u["org"], words=u.get("words"), handling=u.get("handling"), source=u.get("source"))
        for u in expected.get("units", ())
    ]
    posts = [
        Finding(
            layer=p["layer"], org=p["org"], post=p["post"], role=p.get("role"), words=p.get("words"),
            handling=p.get("handling"), source=p.get("source"), person=p.get("person_as_named"),
        )
        for p in expected.get("posts", ())
    ]
    return units, posts


@dataclass(frozen=True)
class Ratio:
    """``hit`` of ``of``; ``value`` is None when there is nothing to measure."""

    hit: int = 0
    of: int = 0

    @property
    def value(self) -> float | None:
        return self.hit / self.of if self.of else None

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(self.hit + other.hit, self.of + other.of)

    def as_dict(self) -> dict[str, Any]:
        return {"hit": self.hit, "of": self.of, "value": None if self.value is None else round(self.value, 4)}


@dataclass(frozen=True)
class Comparison:
    """How the findings of a trace meet the findings of a report."""

    unit_recall: dict[str, Ratio]  # by layer, and "all": expected units named at the right layer
    post_recall: Ratio  # expected posts the trace names with certainty
    certain_precision: Ratio  # certain posts the trace names that the report holds accountable
    candidates: Ratio  # candidate posts the trace names that the report holds accountable (apart)
    candidate_recall: Ratio  # expected posts named only as candidates
    investigating_leaders: tuple[Finding, ...] = ()  # findings on the investigating government's own leaders
    missed_units: tuple[Finding, ...] = ()
    missed_posts: tuple[Finding, ...] = ()
    wrong_layer: tuple[Finding, ...] = ()  # expected units the trace names, but at another layer

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_recall": {k: v.as_dict() for k, v in self.unit_recall.items()},
            "post_recall": self.post_recall.as_dict(),
            "certain_precision": self.certain_precision.as_dict(),
            "candidates": self.candidates.as_dict(),
            "candidate_recall": self.candidate_recall.as_dict(),
            "investigating_leaders": [_brief(f) for f in self.investigating_leaders],
            "missed_units": [_brief(f) for f in self.missed_units],
            "missed_posts": [_brief(f) for f in self.missed_posts],
            "wrong_layer": [_brief(f) for f in self.wrong_layer],
        }


def _brief(f: Finding) -> dict[str, Any]:
    return {k: v for k, v in (("layer", f.layer), ("org", f.org), ("post", f.post), ("role", f.role), ("rule", f.rule)) if v}


def compare(
    units: Sequence[Finding],
    posts: Sequence[Finding],
    found: Sequence[Finding],
    investigating: Iterable[str] = (),
) -> Comparison:
    """Compare a report's ``units`` and ``posts`` with the findings ``found`` of a trace.

    ``investigating`` holds the ids of the investigating government's own leading bodies
    (the government, the party committee of its area, its safety committee): any post the
    trace names in them is a finding the report cannot make.

    >>> exp = [Finding("regulatory", "dept/a")]
    >>> c = compare(exp, [], [Finding("regulatory", "dept/a", "post/a1", "principal")])
    >>> c.unit_recall["all"].value
    1.0
    """
    certain_units = {f.unit for f in found if f.certain}
    named_orgs = {f.org: f.layer for f in found if f.certain}
    unit_recall: dict[str, Ratio] = {}
    missed_units: list[Finding] = []
    wrong_layer: list[Finding] = []
    for layer in LAYERS:
        mine = _unique(u for u in units if u.layer == layer)
        hit = [u for u in mine if u.unit in certain_units]
        unit_recall[layer] = Ratio(len(hit), len(mine))
        for u in mine:
            if u.unit not in certain_units:
                (wrong_layer if u.org in named_orgs else missed_units).append(u)
    unit_recall["all"] = sum((unit_recall[layer] for layer in LAYERS), Ratio())

    expected_posts = {p.post for p in posts if p.post}
    certain_posts = {f.post for f in found if f.certain and f.post}
    candidate_posts = {f.post for f in found if not f.certain and f.post} - certain_posts
    post_recall = Ratio(len(expected_posts & certain_posts), len(expected_posts))
    precision = Ratio(len(certain_posts & expected_posts), len(certain_posts))
    candidates = Ratio(len(candidate_posts & expected_posts), len(candidate_posts))
    candidate_recall = Ratio(len(expected_posts & candidate_posts), len(expected_posts))
    missed_posts = tuple(p for p in _unique(posts) if p.post not in certain_posts)
    leaders = frozenset(investigating)
    on_leaders = tuple(f for f in found if f.org in leaders and f.post)
    return Comparison(
        unit_recall, post_recall, precision, candidates, candidate_recall, on_leaders,
        tuple(missed_units), missed_posts, tuple(wrong_layer),
    )


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str | None, ...]] = set()
    out = []
    for f in findings:
        key = (f.post or f.org, f.layer)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@dataclass
class Pooled:
    """Figures summed over cases (each case's counts added, not its ratios averaged)."""

    cases: int = 0
    unit_recall: dict[str, Ratio] = field(default_factory=lambda: {k: Ratio() for k in (*LAYERS, "all")})
    post_recall: Ratio = Ratio()
    certain_precision: Ratio = Ratio()
    candidates: Ratio = Ratio()
    candidate_recall: Ratio = Ratio()
    investigating_leaders: int = 0

    def add(self, c: Comparison) -> None:
        self.cases += 1
        for k, v in c.unit_recall.items():
            self.unit_recall[k] = self.unit_recall[k] + v
        self.post_recall += c.post_recall
        self.certain_precision += c.certain_precision
        self.candidates += c.candidates
        self.candidate_recall += c.candidate_recall
        self.investigating_leaders += len(c.investigating_leaders)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "unit_recall": {k: v.as_dict() for k, v in self.unit_recall.items()},
            "post_recall": self.post_recall.as_dict(),
            "certain_precision": self.certain_precision.as_dict(),
            "candidates": self.candidates.as_dict(),
            "candidate_recall": self.candidate_recall.as_dict(),
            "investigating_leaders": self.investigating_leaders,
        }
