"""Accident grades and investigating levels at the exact boundaries of Decree 493 Art. 3."""

import pytest

from ontology.errors import InvalidData
from ontology.grading import grade

# (deaths, serious injuries, direct loss in yuan) -> (grade, investigating level)
BOUNDARIES = [
    ((0, 0, 0), "general", "county"),
    ((2, 9, 9_999_999.99), "general", "county"),
    ((3, 0, 0), "larger", "prefectural"),
    ((0, 10, 0), "larger", "prefectural"),
    ((0, 0, 10_000_000), "larger", "prefectural"),
    ((9, 49, 49_999_999), "larger", "prefectural"),
    ((10, 0, 0), "major", "provincial"),
    ((0, 50, 0), "major", "provincial"),
    ((0, 0, 50_000_000), "major", "provincial"),
    ((29, 99, 99_999_999), "major", "provincial"),
    ((30, 0, 0), "especially_serious", "state_council"),
    ((0, 100, 0), "especially_serious", "state_council"),
    ((0, 0, 100_000_000), "especially_serious", "state_council"),
    ((1, 0, 120_000_000), "especially_serious", "state_council"),
]


@pytest.mark.parametrize(("counts", "code", "level"), BOUNDARIES)
def test_grade_boundaries(counts, code, level):
    g = grade(*counts)
    assert (g.code, g.investigating_level) == (code, level)


def test_the_highest_criterion_met_decides_and_is_named():
    g = grade(2, 12, 60_000_000)
    assert g.code == "major"
    assert g.criteria == ("direct_loss_cny",)


def test_loss_given_as_decimal_text_is_exact():
    assert grade(0, 0, "9999999.99").code == "general"
    assert grade(0, 0, "10000000.00").code == "larger"


@pytest.mark.parametrize(
    ("counts", "field"),
    [((-1, 0, 0), "deaths"), ((0, -3, 0), "serious_injuries"), ((0, 0, -1), "direct_loss_cny"),
     ((1.5, 0, 0), "deaths"), ((0, 0, "lots"), "direct_loss_cny"), ((0, 0, "NaN"), "direct_loss_cny")],
)
def test_impossible_casualties_are_refused_with_the_field(counts, field):
    with pytest.raises(InvalidData) as exc:
        grade(*counts)
    assert [p.field for p in exc.value.problems] == [field]
