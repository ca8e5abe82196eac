"""Accident grade and investigating level (State Council Decree 493, Arts. 3 and 19).

The thresholds are declared in ``vocab/schemes.ttl`` (scheme ``accidentGrade``); a grade
is met when any one of its three criteria is met, and an accident takes the highest grade
it meets ("以上" includes the number, "以下" excludes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .errors import InvalidData, Problem
from .model import model


@dataclass(frozen=True)
class Grade:
    code: str  # especially_serious | major | larger | general
    investigating_level: str  # state_council | provincial | prefectural | county
    investigating_admin_level: str  # national | provincial | prefectural | county
    criteria: tuple[str, ...]  # which of deaths / serious_injuries / direct_loss_cny set the grade

    def as_dict(self) -> dict[str, object]:
        m = model()
        return {
            "grade": self.code,
            "grade_label": m.label("accidentGrade", self.code).as_dict(),
            "investigating_level": self.investigating_level,
            "criteria": list(self.criteria),
            "legal_basis": ["State Council Decree 493, Art. 3", "State Council Decree 493, Art. 19"],
        }


def grade(deaths: int, serious_injuries: int, direct_loss_cny: Decimal | int | float | str) -> Grade:
    """Grade an accident from its casualties and direct economic loss.

    >>> grade(3, 0, 0).code
    'larger'
    >>> grade(2, 9, "9999999.99").code
    'general'
    >>> grade(0, 0, 100_000_000).investigating_level
    'state_council'
    """
    loss = _decimal(direct_loss_cny)
    errors = [
        Problem("/deaths", "deaths", "must be a whole number of at least 0")
        for v in (deaths,)
        if not _count(v)
    ] + [
        Problem("/serious_injuries", "serious_injuries", "must be a whole number of at least 0")
        for v in (serious_injuries,)
        if not _count(v)
    ]
    if loss is None or loss < 0:
        errors.append(Problem("/direct_loss_cny", "direct_loss_cny", "must be an amount in yuan of at least 0"))
    if errors:
        raise InvalidData("the accident cannot be graded", errors)
    assert loss is not None  # refused above
    m = model()
    levels = m.schemes["adminLevel"]
    ranked = sorted(m.schemes["accidentGrade"].values(), key=lambda c: -int(c.data["rank"]))
    for concept in ranked:
        d = concept.data
        met = tuple(
            name
            for name, value, floor in (
                ("deaths", deaths, d["minDeaths"]),
                ("serious_injuries", serious_injuries, d["minSeriousInjuries"]),
                ("direct_loss_cny", loss, d["minDirectLossCny"]),
            )
            if int(floor) > 0 and value >= Decimal(int(floor))
        )
        if met or concept is ranked[-1]:
            admin = str(d["investigatedAt"])
            return Grade(concept.code, str(levels[admin].data["investigatingCode"]), admin, met)
    raise AssertionError("no accident grade is declared")  # pragma: no cover


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return None
    return amount if amount.is_finite() else None
