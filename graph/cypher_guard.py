"""What an analyst's Cypher may do, judged on the plan Neo4j itself made of it.

The query text is never inspected: the server parses and plans it (``EXPLAIN``, nothing runs),
and :func:`refusal` walks the plan it returns. A plan passes only if every operator is a
read operator of the allow-list below, every procedure call is one of the schema listings in
:data:`PROCEDURES`, no operator belongs to the system database (administration commands), no
call to a function outside the server's built-ins appears in any operator's arguments, and no
subquery expression hides in an argument (Neo4j plans some ``EXISTS``/``COUNT``/``COLLECT``
subqueries as a nested plan that shows only as text in ``Details``; such a plan cannot be
checked, so it is refused). Anything unknown is refused: a new operator kind is a refusal
naming it, never a pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Read-only operators of Neo4j 5 plans (operator names without their "(All)"-style variant and
# "@database" suffix). Updating operators, LoadCSV, Foreach, TransactionApply/TransactionForeach
# (CALL … IN TRANSACTIONS), Show*/Terminate* commands and anything not named here are refused.
READ_OPERATORS: frozenset[str] = frozenset({
    # leaves
    "AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
    "SubtractionNodeByLabelsScan", "NodeByIdSeek", "NodeByElementIdSeek", "NodeIndexSeek",
    "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange", "NodeIndexScan",
    "NodeIndexContainsScan", "NodeIndexEndsWithScan", "MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek",
    "DirectedRelationshipByIdSeek", "UndirectedRelationshipByIdSeek", "DirectedRelationshipByElementIdSeek",
    "UndirectedRelationshipByElementIdSeek", "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek",
    "DirectedRelationshipUniqueIndexSeek", "UndirectedRelationshipUniqueIndexSeek",
    "DirectedRelationshipIndexSeekByRange", "UndirectedRelationshipIndexSeekByRange",
    "DirectedRelationshipUniqueIndexSeekByRange", "UndirectedRelationshipUniqueIndexSeekByRange",
    "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan", "DirectedRelationshipIndexContainsScan",
    "UndirectedRelationshipIndexContainsScan", "DirectedRelationshipIndexEndsWithScan",
    "UndirectedRelationshipIndexEndsWithScan", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
    "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan", "DirectedUnionRelationshipTypesScan",
    "UndirectedUnionRelationshipTypesScan", "NodeCountFromCountStore", "RelationshipCountFromCountStore",
    "Argument", "ArgumentTracker", "EmptyRow", "Input",
    # expanding and path finding
    "Expand", "OptionalExpand", "VarLengthExpand", "BFSPruningVarExpand", "ShortestPath", "StatefulShortestPath",
    "Repeat", "NullifyMetadata", "ProjectEndpoints", "TriadicSelection", "TriadicBuild", "TriadicFilter",
    "AssertSameNode", "AssertSameRelationship",
    # rows
    "ProduceResults", "Projection", "Filter", "CacheProperties", "Aggregation", "EagerAggregation",
    "OrderedAggregation", "Distinct", "OrderedDistinct", "Sort", "PartialSort", "Top", "PartialTop", "Limit",
    "ExhaustiveLimit", "Skip", "Unwind", "Eager", "EmptyResult", "Optional", "Union", "OrderedUnion",
    "CartesianProduct", "NodeHashJoin", "ValueHashJoin", "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin",
    # nested loops (subqueries planned as operators are walked like the rest of the plan)
    "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply", "SelectOrSemiApply",
    "SelectOrAntiSemiApply", "LetSelectOrSemiApply", "LetSelectOrAntiSemiApply", "RollUpApply",
    "ConditionalApply", "AntiConditionalApply",
    # checked one by one below
    "ProcedureCall",
})

#: Procedures an analyst may call: read-only listings of the schema.
PROCEDURES: frozenset[str] = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})

_UPDATING = ("Create", "Merge", "Delete", "DetachDelete", "Set", "Remove", "Foreach", "Transaction", "Lock")
# A subquery expression left as text in an argument (a nested plan the walk cannot see into),
# or a procedure call resolved inside one.
_NESTED = re.compile(r"\b(?:EXISTS|COUNT|COLLECT)\s*\{|ResolvedCall\(|\bLOAD\s+CSV\b", re.IGNORECASE)
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*\(")


@dataclass(frozen=True)
class Refusal:
    """Why a plan is refused: a stable code and a sentence for the analyst."""

    code: str
    reason: str
    write: bool = False


def _operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children") or ():
        yield from _operators(child)


def _texts(args: Mapping[str, Any]) -> Iterator[str]:
    for value in args.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (v for v in value if isinstance(v, str))


def _operator_name(op: Mapping[str, Any]) -> tuple[str, str]:
    """(``Expand``, ``neo4j``) from ``Expand(All)@neo4j``."""
    full = str(op.get("operatorType") or op.get("operator_type") or "")
    name, _, database = full.partition("@")
    return name.split("(", 1)[0].strip(), database


def refusal(plan: Mapping[str, Any], user_functions: frozenset[str] = frozenset()) -> Refusal | None:
    """Why the plan may not run, or None when it only reads the graph.

    ``plan`` is the driver's ``ResultSummary.plan`` of an ``EXPLAIN``; ``user_functions`` are the
    lower-cased names of the server's non-built-in functions (all refused)."""
    for op in _operators(plan):
        refused = _operator_refusal(op, user_functions)
        if refused is not None:
            return refused
    return None


def _operator_refusal(op: Mapping[str, Any], user_functions: frozenset[str]) -> Refusal | None:
    """Why this one plan operator may not run, or None."""
    name, database = _operator_name(op)
    args: Mapping[str, Any] = op.get("args") or op.get("arguments") or {}
    if database == "system" or args.get("planner") == "ADMINISTRATION" or args.get("runtime") == "SYSTEM":
        return Refusal("cypher-administration", f"administration commands are refused ({name})")
    if name == "LoadCSV":
        return Refusal("cypher-load-csv", "LOAD CSV is refused: analyst queries read the graph only, never files or URLs")
    if name.startswith(("Show", "Terminate")):
        return Refusal("cypher-administration", f"administration commands are refused ({name})")
    if name.startswith(_UPDATING) and name not in READ_OPERATORS:
        return Refusal("cypher-write", f"writes are refused: this endpoint runs Cypher read-only ({name})", write=True)
    if name not in READ_OPERATORS:
        return Refusal("cypher-operator", f"the plan uses {name or 'an unnamed operator'}, which is not on the read-only allow-list")
    if name == "ProcedureCall":
        called = str(args.get("Details", "")).split("(", 1)[0].strip()
        if called not in PROCEDURES:
            return Refusal("cypher-procedure", f"the procedure {called or '?'} is refused: only {', '.join(sorted(PROCEDURES))} may be called")
    return _argument_refusal(args, user_functions)


def _argument_refusal(args: Mapping[str, Any], user_functions: frozenset[str]) -> Refusal | None:
    """Why an operator's planned expressions may not run (an unplanned subquery, a non-built-in function), or None."""
    for text in _texts(args):
        if _NESTED.search(text):
            return Refusal("cypher-subquery-expression", "a subquery expression Neo4j cannot plan as operators (EXISTS/COUNT/COLLECT "
                           "inside a list, reduce or path predicate) cannot be checked and is refused: write it as a CALL subquery or MATCH")
        for m in _CALL.finditer(text):
            fn = re.sub(r"\s+", "", m.group(1)).lower()
            if fn in user_functions:
                return Refusal("cypher-function", f"the function {m.group(1)} is refused: only Neo4j's built-in functions may be used")
    return None
