"""Analytics over the whole graph: accident counts and interview triggers, repeat offenders,
persons and posts named across accidents, and the centrality of organisations.

Pure functions of the graph of a read view (and, for findings, of the traces), so every backend
gives the same answers. What the API asks goes through the functions at the end, which run on
the store's read view (no lock of the store: writes and reads go on meanwhile), within a work
budget and a time limit, and keep their results for the version of the store they were made at.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any, Mapping

import networkx as nx

from ontology.grading import grade
from ontology.model import model

from .cache import derived
from .context import hazard_status
from .duties import overdue
from .factgraph import entity, in_rels, out_rels
from .limits import Deadline, check_budget, in_child
from .search import areas_of
from .store import Store
from .trace import explain

GRADES = ("general", "larger", "major", "especially_serious")

# The State Council Work Safety Committee's interview triggers are declared in ontology/rules.ttl (model().triggers).


def _accidents(g: nx.MultiDiGraph, start: date | None, end: date | None) -> list[tuple[Any, date, str, list[str]]]:
    out = []
    for node, data in sorted(g.nodes(data=True), key=lambda nd: nd[0]):
        e = data.get("fact")
        if e is None or e.type != "Accident":
            continue
        day = date.fromisoformat(e.props["occurred_on"])
        if (start and day < start) or (end and day > end):
            continue
        code = grade(e.props["deaths"], e.props.get("serious_injuries") or 0, e.props["direct_loss_cny"]).code
        out.append((e, day, code, areas_of(g, node)))
    return out


def _at_least(rank_of: dict[str, int], code: str, floor: str) -> bool:
    return rank_of[code] >= rank_of[floor]


def accidents_by_area(g: nx.MultiDiGraph, start: date | None = None, end: date | None = None) -> dict[str, Any]:
    """Accidents per area (every area containing the site) and grade in a window, and which
    governments meet an interview trigger of the State Council Work Safety Committee."""
    m = model()
    rank_of = {c: int(m.schemes["accidentGrade"][c].data["rank"]) for c in GRADES}
    rows = _accidents(g, start, end)
    per_area: dict[str, dict[str, Any]] = {}
    for e, _day, code, areas in rows:
        for area in areas:
            a = entity(g, area)
            slot = per_area.setdefault(area, {"area": area, "name": a.name if a else {}, "level": a.props.get("level") if a else None,
                                              "total": 0, "deaths": 0, **{gr: 0 for gr in GRADES}, "accidents": []})
            slot["total"] += 1
            slot[code] += 1
            slot["deaths"] += e.props["deaths"]
            slot["accidents"].append(e.id)
    triggers = []
    for area, slot in sorted(per_area.items()):
        dated = sorted((day, e.id, code) for e, day, code, areas in rows if area in areas)
        for trig in m.triggers:
            if slot["level"] != trig.level:
                continue
            hits = [(d, i) for d, i, c in dated if c == trig.grade or (trig.or_more and _at_least(rank_of, c, trig.grade))]
            for window in _windows(hits, trig.count, trig.days):
                triggers.append({"area": area, "name": slot["name"], "interviewee": trig.labels.en, "basis": trig.basis,
                                 "trigger": trig.id,
                                 "governments": [j.source for j in in_rels(g, area, "jurisdiction")
                                                 if (gov := entity(g, j.source)) is not None and gov.type == "Government"],
                                 "accidents": window})
    return {"from": _iso(start), "to": _iso(end), "areas": [per_area[k] for k in sorted(per_area)], "interview_triggers": triggers}


def _windows(hits: list[tuple[date, str]], count: int, days: int | None) -> list[list[str]]:
    """Every run of ``count`` accidents within ``days`` of each other, runs not overlapping (each accident
    on its own when ``days`` is None): every occurrence of a trigger, not only the first."""
    if days is None:
        return [[i for _, i in hits[k : k + count]] for k in range(0, len(hits) - count + 1, count)]
    out, k = [], 0
    while k + count <= len(hits):
        if hits[k + count - 1][0] - hits[k][0] <= timedelta(days=days):
            out.append([i for _, i in hits[k : k + count]])
            k += count
        else:
            k += 1
    return out


def repeat_enterprises(g: nx.MultiDiGraph, start: date | None = None, end: date | None = None, on: date | None = None,  # noqa: C901
                       min_accidents: int = 2) -> list[dict[str, Any]]:
    """Enterprises operating the sites of at least ``min_accidents`` accidents in the window, or with an
    overdue major hazard open on ``on`` (default ``end`` or today)."""
    on = on or end or date.today()
    hits: dict[str, list[str]] = defaultdict(list)
    for e, day, _, _ in _accidents(g, start, end):
        for site in out_rels(g, e.id, "occurredAt"):
            for op in in_rels(g, site.target, "operates", day):
                if e.id not in hits[op.source]:
                    hits[op.source].append(e.id)
    late: dict[str, list[str]] = defaultdict(list)
    for node, data in sorted(g.nodes(data=True), key=lambda nd: nd[0]):
        h = data.get("fact")
        if h is None or h.type != "Hazard" or h.props.get("hazard_grade") != "major":
            continue
        if hazard_status(h.props, on) in (None, "verified") or not overdue(h.props, on):
            continue
        for r in out_rels(g, node, "hazardAt"):
            t = entity(g, r.target)
            owners = [r.target] if t and t.type == "Enterprise" else [o.source for o in in_rels(g, r.target, "operates", on)]
            for o in owners:
                late[o].append(node)
    out = []
    for org in sorted(set(hits) | set(late)):
        n = len(hits.get(org, []))
        if n >= min_accidents or late.get(org):
            out.append({**_ref(g, org), "accidents": hits.get(org, []), "overdue_major_hazards": late.get(org, []),
                        "repeated": n >= min_accidents})
    return out


def all_findings(store: Store, timeout_s: float | None = None) -> list[dict[str, Any]]:
    """The findings of every accident's trace (each on its own date), tagged with the accident;
    computed once per version of the store (within ``timeout_s`` when given)."""
    deadline = Deadline(timeout_s, "the findings of every accident") if timeout_s is not None else None
    return derived(store, "findings", lambda: _all_findings(store, deadline))


def _all_findings(store: Store, deadline: Deadline | None = None) -> list[dict[str, Any]]:
    g = store.view().graph
    accident_ids = [n for n, d in g.nodes(data=True) if d.get("fact") is not None and d["fact"].type == "Accident"]
    out = []
    for acc in sorted(accident_ids):
        if deadline is not None:
            deadline.check()
        for f in explain(store.trace_context(acc), acc)["findings"]:
            out.append({**f, "accident": acc})
    return out


def repeat_persons(findings: list[dict[str, Any]], min_accidents: int = 2) -> dict[str, list[dict[str, Any]]]:
    """Persons and posts named by findings of at least ``min_accidents`` different accidents."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key in ("person", "post"):
        named: dict[str, dict[str, Any]] = {}
        for f in findings:
            ref = f.get(key)
            if not ref:
                continue
            slot = named.setdefault(ref["id"], {**ref, "accidents": [], "findings": []})
            if f["accident"] not in slot["accidents"]:
                slot["accidents"].append(f["accident"])
            slot["findings"].append({"accident": f["accident"], "rule": f["rule"]["id"], "organization": f["organization"]["id"]})
        out[key + "s"] = [v for k, v in sorted(named.items()) if len(v["accidents"]) >= min_accidents]
    return out


# The responsibility network: organisations and what links them (structure, places, mandates, sites).
NETWORK_RELATIONS = (
    "subunitOf", "succeededBy", "subsidiaryOf", "jurisdiction", "comprehensiveSupervision", "partOf",
    "operates", "contractorAt", "intermediaryFor", "approved", "locatedIn", "domicile", "inspected", "inspectedBy",
    "listedBy", "hazardAt", "occurredAt", "investigatedBy",
)
ALGORITHMS = ("betweenness", "degree", "closeness", "harmonic")


def responsibility_network(g: nx.MultiDiGraph, on: date | None = None) -> nx.Graph:
    """An undirected simple graph of the entities linked by responsibility relations valid on ``on``."""
    net: nx.Graph = nx.Graph()
    edges = []
    for u, v, d in g.edges(data=True):
        r = d["fact"]
        if d["type"] in NETWORK_RELATIONS and (on is None or r.valid_on(on)) and entity(g, u) and entity(g, v):
            edges.append(tuple(sorted((u, v))))
    net.add_nodes_from(sorted({n for e in edges for n in e}))
    net.add_edges_from(sorted(set(edges)))
    return net


def centrality(g: nx.MultiDiGraph, algorithm: str = "betweenness", on: date | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Organisations ranked by their centrality in the responsibility network."""
    net = responsibility_network(g, on)
    scores: Mapping[str, float]
    if algorithm == "betweenness":
        scores = nx.betweenness_centrality(net, normalized=True)
    elif algorithm == "degree":
        scores = nx.degree_centrality(net)
    elif algorithm == "harmonic":
        scores = nx.harmonic_centrality(net)
    elif algorithm == "closeness":
        scores = nx.closeness_centrality(net)
    else:
        raise ValueError(f"unknown algorithm {algorithm!r}; one of {', '.join(ALGORITHMS)}")
    m = model()
    orgs = [(round(s, 9), n) for n, s in scores.items() if (e := entity(g, n)) is not None and m.is_a(e.type, "Organization")]
    orgs.sort(key=lambda x: (-x[0], x[1]))
    return [{**_ref(g, n), "score": s, "rank": i + 1} for i, (s, n) in enumerate(orgs[:limit])]


def _ref(g: nx.MultiDiGraph, ident: str) -> dict[str, Any]:
    e = entity(g, ident)
    return {"id": ident, "type": e.type if e else None, "name": e.name if e else {}}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- what the API asks: on the read view, bounded, cached by version -----------------------------


def centrality_steps(net: nx.Graph, algorithm: str) -> float:
    """The work of a centrality on a network, in steps: a pass over it for degree, a breadth-first
    search from every node for the others."""
    n, m = net.number_of_nodes(), net.number_of_edges()
    return float(n + m) if algorithm == "degree" else float(n) * (n + m)


def store_centrality(store: Store, algorithm: str, on: date | None, limit: int, timeout_s: float,
                     budget: float) -> list[dict[str, Any]]:
    """:func:`centrality` on the store's read view: refused over ``budget`` steps, stopped at ``timeout_s``."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; one of {', '.join(ALGORITHMS)}")

    def make() -> list[dict[str, Any]]:
        g = store.view().graph
        net = responsibility_network(g, on)
        check_budget(f"{algorithm} centrality over {net.number_of_nodes():,} organisations, places and sites "
                     f"and {net.number_of_edges():,} links", centrality_steps(net, algorithm), budget,
                     "ask for degree centrality, or for an `at` date (fewer links valid)")
        result: list[dict[str, Any]] = in_child(centrality, g, algorithm, on, limit, timeout_s=timeout_s,
                                                what=f"the {algorithm} centrality")
        return result

    return derived(store, ("centrality", algorithm, on, limit), make)


def store_accidents_by_area(store: Store, start: date | None, end: date | None) -> dict[str, Any]:
    """:func:`accidents_by_area` on the store's read view, once per version."""
    return derived(store, ("accidents", start, end), lambda: accidents_by_area(store.view().graph, start, end))


def store_repeat_enterprises(store: Store, start: date | None, end: date | None, on: date | None,
                             min_accidents: int) -> list[dict[str, Any]]:
    """:func:`repeat_enterprises` on the store's read view, once per version."""
    on = on or end or date.today()  # the default fixed here, so that the cache key says it
    return derived(store, ("enterprises", start, end, on, min_accidents),
                   lambda: repeat_enterprises(store.view().graph, start, end, on, min_accidents))
