"""What a trace reads: the evidence subgraph around an accident, declared as data.

Each step follows relations of some types from the node sets gathered so far, in one
direction, once or transitively, and adds what it reaches to a named set. A step may be
selective: it keeps only the nodes of some types or with an outgoing relation of some
types (a government's sub-units matter only when they are safety committees or hold a
supervisory mandate), so that a trace around a super-node touches only what its rules
read. The embedded engine interprets these steps over its typed adjacency; the Neo4j
backend runs the same steps as one Cypher statement. Collection ignores dates: the rules
decide what held on the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Step:
    into: str
    start: tuple[str, ...]
    relations: tuple[str, ...]
    direction: Literal["out", "in"]
    closure: bool = False
    only: tuple[str, ...] = ()  # keep a reached node if its type is one of these,
    having: tuple[str, ...] = ()  # or if it has an outgoing relation of one of these types,
    with_props: tuple[str, ...] = ()  # or if it has one of these properties

    def __post_init__(self) -> None:
        if self.closure and self.selective:
            raise ValueError(f"step {self.into!r}: a transitive step cannot be selective")

    @property
    def selective(self) -> bool:
        return bool(self.only or self.having or self.with_props)


MANDATES = ("supervisesIndustry", "supervisesActivity", "licenses")
ENTERPRISES = ("operators", "parents", "contractors", "intermediaries", "upstream", "creators")
SITE_SIDE = ("sites", "operators", "contractors")

PLAN: tuple[Step, ...] = (
    Step("sites", ("accident",), ("occurredAt",), "out"),
    Step("investigators", ("accident",), ("investigatedBy",), "out"),
    Step("operators", ("sites",), ("operates",), "in"),
    Step("areas", ("sites",), ("locatedIn",), "out"),
    Step("areas", ("operators",), ("domicile",), "out"),  # the operator's domicile answers too (属地管理)
    Step("areas", ("areas",), ("partOf",), "out", closure=True),
    Step("parents", ("operators",), ("subsidiaryOf",), "out", closure=True),
    Step("contractors", ("sites",), ("contractorAt",), "in"),
    Step("intermediaries", ("sites", "operators", "contractors", "parents"), ("intermediaryFor",), "in"),
    # the providers' own providers (rule intermediary, skg:depth 2)
    Step("upstream", ("intermediaries",), ("intermediaryFor",), "in"),
    Step("licensors", SITE_SIDE, ("approved",), "in"),
    Step("bodies", ("areas",), ("jurisdiction",), "in"),
    Step("comprehensive", ("areas",), ("comprehensiveSupervision",), "in"),
    # the rules read a government's departments only through their mandates or their kind (division of
    # duties), and its safety committee
    Step("units", ("bodies",), ("subunitOf",), "in", only=("SafetyCommittee",), having=MANDATES,
         with_props=("department_kind",)),
    # a department's own sub-departments, where their duty fits (rule sub-department)
    Step("subunits", ("units", "comprehensive"), ("subunitOf",), "in", having=MANDATES, with_props=("department_kind",)),
    Step("hierarchy", ("bodies",), ("subunitOf",), "out", closure=True),
    Step("regions", ("hierarchy",), ("jurisdiction",), "out"),
    Step("hazards", SITE_SIDE, ("hazardAt",), "in"),
    Step("creators", ("hazards",), ("hazardAt",), "out", only=("Enterprise",)),  # every enterprise a hazard is at
    Step("inspections", ("hazards",), ("foundIn",), "out"),
    Step("inspections", SITE_SIDE, ("inspected",), "in"),
    Step("inspecting", ("inspections",), ("inspectedBy",), "out"),
    Step("inspectors", ("inspections",), ("inspector",), "out"),
    Step("listing", ("hazards",), ("listedBy",), "out"),
    Step(
        "successors",
        ("licensors", "bodies", "comprehensive", "units", "subunits", "hierarchy", "inspecting", "listing"),
        ("succeededBy",),
        "out",
        closure=True,
    ),
    # a named body's level is its own region or that of the body it belongs to (context.org_level)
    Step("uplinks", ("licensors", "inspecting", "listing", "successors"), ("subunitOf",), "out", closure=True),
    Step("regions", ("licensors", "inspecting", "listing", "successors", "uplinks"), ("jurisdiction",), "out"),
    Step(
        "posts",
        ENTERPRISES + ("licensors", "bodies", "comprehensive", "units", "subunits", "hierarchy", "inspecting", "listing",
                       "successors"),
        ("postIn",),
        "in",
    ),
    Step("persons", ("posts",), ("holds",), "in"),
    Step("portfolios", ("posts",), ("portfolio",), "out"),
    Step(
        "mandates",
        ("units", "subunits", "comprehensive", "hierarchy", "inspecting", "successors", "licensors"),
        MANDATES,
        "out",
    ),
)
