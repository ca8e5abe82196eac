"""The peers' version of the trace question, for benchmarks that compare like with like.

The question (the core of every trace, in all three layers): *on the day of the accident,
who held the principal posts of the enterprises operating its sites, of the party
committees and governments with jurisdiction over the areas containing the site (or the
operator's domicile) at the
levels below the government that investigates (which does not investigate its own
leaders; the grade's level when none is recorded), of the governments' departments, up to
the investigating level, supervising the accident's industry (or a broader one), and of the
comprehensive supervisors of those areas?* Its answer is a set of (person, post) pairs.

Our trace answers it with rules ``operator-principal``, ``party-secretary``,
``government-head``, ``industry-supervisor`` and ``comprehensive-supervisor`` (principal
posts); :func:`trace_answer` reads that set off a trace. :data:`CYPHER` asks it as one
hand-written Cypher query through the driver, :func:`sparql` as one SPARQL query over the
RDF export (rdflib or pyoxigraph). Grade thresholds and level ranks come from the ontology.
"""

from __future__ import annotations

from typing import Any

from ontology.model import model

RULES = ("operator-principal", "party-secretary", "government-head", "industry-supervisor", "comprehensive-supervisor")
Answer = frozenset[tuple[str, str]]


def trace_answer(result: dict[str, Any]) -> Answer:
    """The (person, post) pairs a trace gives to the question."""
    return frozenset(
        (f["person"]["id"], f["post"]["id"])
        for f in result["findings"]
        if f["rule"]["id"] in RULES and f["person"] and f["post"] and f["post"].get("role") == "principal"
    )


def _grades() -> list[tuple[int, int, int, int]]:
    """(min deaths, min serious injuries, min loss, investigating rank), most serious first."""
    m = model()
    levels = m.schemes["adminLevel"]
    out = []
    for c in sorted(m.schemes["accidentGrade"].values(), key=lambda c: -int(c.data["rank"])):
        d = c.data
        out.append((int(d["minDeaths"]), int(d["minSeriousInjuries"]), int(d["minDirectLossCny"]),
                    int(levels[str(d["investigatedAt"])].data["rank"])))
    return out


def level_ranks() -> dict[str, int]:
    return {code: int(c.data["rank"]) for code, c in model().schemes["adminLevel"].items()}


def cypher_params() -> dict[str, Any]:
    grades = _grades()
    return {"grades": [list(g) for g in grades[:-1]], "lowest": grades[-1][3], "ranks": level_ranks()}


# --- Cypher (our Neo4j layout, with the entities' scalar properties projected onto the nodes) ---

_VALID = "({r}.valid_from IS NULL OR {r}.valid_from <= day) AND ({r}.valid_to IS NULL OR day < {r}.valid_to)"
_ALIVE = "(({o}.established_on IS NULL OR date({o}.established_on) <= day) AND ({o}.dissolved_on IS NULL OR day < date({o}.dissolved_on)))"


def _v(r: str) -> str:
    return _VALID.format(r=r)


CYPHER = f"""
MATCH (a:Accident {{id: $accident}})
WITH a, date(a.occurred_on) AS day,
     head([g IN $grades WHERE a.deaths >= g[0] OR a.serious_injuries >= g[1] OR a.direct_loss_cny >= g[2] | g[3]] + [$lowest]) AS graded
OPTIONAL MATCH (a)-[:investigatedBy]->(:Government)-[:jurisdiction]->(ia:AdministrativeArea)
WITH a, day, graded, min($ranks[ia.level]) AS inv
WITH a, day, CASE WHEN inv IS NOT NULL AND inv < graded THEN inv ELSE graded END AS scope, coalesce(inv, graded) AS terr
MATCH (a)-[:occurredAt]->(s:Site)
CALL (a, s, day, scope, terr) {{
  MATCH (e:Enterprise)-[o:operates]->(s) WHERE {_v('o')}
  RETURN e AS org
  UNION
  CALL (s, day) {{
    MATCH (s)-[l:locatedIn]->(x:AdministrativeArea) WHERE {_v('l')} RETURN x
    UNION
    MATCH (e:Enterprise)-[o:operates]->(s) WHERE {_v('o')}
    MATCH (e)-[dm:domicile]->(x:AdministrativeArea) WHERE {_v('dm')} RETURN x
  }}
  MATCH (x)-[p:partOf*0..]->(ar:AdministrativeArea)
  WHERE all(y IN p WHERE {_v('y')}) AND $ranks[ar.level] > terr
  MATCH (b)-[j:jurisdiction]->(ar) WHERE (b:PartyCommittee OR b:Government) AND {_v('j')} AND {_ALIVE.format(o='b')}
  RETURN b AS org
  UNION
  CALL (s, day) {{
    MATCH (s)-[l:locatedIn]->(x:AdministrativeArea) WHERE {_v('l')} RETURN x
    UNION
    MATCH (e:Enterprise)-[o:operates]->(s) WHERE {_v('o')}
    MATCH (e)-[dm:domicile]->(x:AdministrativeArea) WHERE {_v('dm')} RETURN x
  }}
  MATCH (x)-[p:partOf*0..]->(ar:AdministrativeArea)
  WHERE all(y IN p WHERE {_v('y')}) AND $ranks[ar.level] >= scope
  MATCH (g:Government)-[j:jurisdiction]->(ar) WHERE {_v('j')} AND {_ALIVE.format(o='g')}
  MATCH (d:Department)-[u:subunitOf]->(g) WHERE {_v('u')} AND NOT coalesce(d.vertical, false) AND {_ALIVE.format(o='d')}
  MATCH (:Concept {{id: 'concept:industry/' + a.industry}})-[:BROADER*0..]->(c:Concept)<-[m:supervisesIndustry]-(d)
  WHERE {_v('m')}
  RETURN DISTINCT d AS org
  UNION
  CALL (s, day) {{
    MATCH (s)-[l:locatedIn]->(x:AdministrativeArea) WHERE {_v('l')} RETURN x
    UNION
    MATCH (e:Enterprise)-[o:operates]->(s) WHERE {_v('o')}
    MATCH (e)-[dm:domicile]->(x:AdministrativeArea) WHERE {_v('dm')} RETURN x
  }}
  MATCH (x)-[p:partOf*0..]->(ar:AdministrativeArea)
  WHERE all(y IN p WHERE {_v('y')}) AND $ranks[ar.level] >= scope
  MATCH (d:Department)-[cs:comprehensiveSupervision]->(ar) WHERE {_v('cs')} AND {_ALIVE.format(o='d')}
  RETURN d AS org
}}
MATCH (post:Post {{role: 'principal'}})-[pi:postIn]->(org) WHERE {_v('pi')}
MATCH (person:Person)-[h:holds]->(post) WHERE {_v('h')}
RETURN DISTINCT person.id AS person, post.id AS post
"""

# Scalar properties the hand-written query reads, projected from each fact's JSON document.
PROJECTED = ("level", "role", "occurred_on", "deaths", "serious_injuries", "direct_loss_cny", "industry",
             "vertical", "established_on", "dissolved_on")


def project_neo4j(store, entities) -> int:
    """Give the Neo4j nodes their scalar properties and the industry hierarchy as BROADER edges
    (the modelling a user writing Cypher directly would have); returns the nodes touched."""
    rows = []
    for e in entities:
        props = {k: e.props[k] for k in PROJECTED if k in e.props}
        if "direct_loss_cny" in props:
            props["direct_loss_cny"] = float(props["direct_loss_cny"])
        if props:
            rows.append({"id": e.id, "props": props})
    m = model()
    broader = [
        {"c": f"concept:industry/{code}", "b": f"concept:industry/{up}"}
        for code, concept in m.schemes["industry"].items()
        if (up := concept.broader)
    ]
    concepts = [f"concept:industry/{code}" for code in m.schemes["industry"]]
    with store.driver.session(database=store.database) as session:
        for i in range(0, len(rows), 20_000):
            session.run("UNWIND $rows AS row MATCH (n:Fact {id: row.id}) SET n += row.props", rows=rows[i : i + 20_000]).consume()
        session.run("UNWIND $ids AS id MERGE (:Concept {id: id})", ids=concepts).consume()
        session.run(
            "UNWIND $rows AS row MATCH (c:Concept {id: row.c}), (b:Concept {id: row.b}) MERGE (c)-[:BROADER]->(b)", rows=broader
        ).consume()
        session.run("CREATE INDEX bench_post_role IF NOT EXISTS FOR (p:Post) ON (p.role)").consume()
    return len(rows)


def cypher_answer(store, accident: str) -> Answer:
    params = cypher_params()
    with store.driver.session(database=store.database) as session:
        rows = session.run(CYPHER, accident=accident, **params)
        return frozenset((r["person"], r["post"]) for r in rows)


# --- SPARQL over the RDF export (the facts' JSON-LD, with the vocabulary) -------------------

NS = "https://w3id.org/safetykg/"
PREFIXES = f"""PREFIX skg: <{NS}ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _hop(rel: str, s: str, o: str, var: str) -> str:
    """A relation holding on ?day, through its reification (where the validity dates are)."""
    return (
        f"{s} skg:{rel} {o} . ?{var} rdf:subject {s} ; rdf:object {o} ; a skg:{rel} . "
        f"OPTIONAL {{ ?{var} skg:validFrom ?{var}f }} OPTIONAL {{ ?{var} skg:validTo ?{var}t }} "
        f"FILTER ((!BOUND(?{var}f) || ?{var}f <= ?day) && (!BOUND(?{var}t) || ?day < ?{var}t))\n"
    )


def _alive(o: str) -> str:
    v = o[1:]
    return (
        f"OPTIONAL {{ {o} skg:establishedOn ?{v}e }} OPTIONAL {{ {o} skg:dissolvedOn ?{v}d }} "
        f"FILTER ((!BOUND(?{v}e) || ?{v}e <= ?day) && (!BOUND(?{v}d) || ?day < ?{v}d))\n"
    )


def sparql(accident_iri: str) -> str:
    """One SELECT; each UNION branch is self-contained (SPARQL evaluates groups bottom-up)."""
    grades = _grades()
    graded = str(grades[-1][3])
    for d, i, loss, rank in reversed(grades[:-1]):
        graded = f"IF(?d >= {d} || ?i >= {i} || ?loss >= {loss}, {rank}, {graded})"
    head = (
        f"<{accident_iri}> skg:occurredOn ?day ; skg:deaths ?d ; skg:seriousInjuries ?i ; skg:directLossCny ?loss ; "
        f"skg:industry ?ind ; skg:occurredAt ?s .\n"
        f"OPTIONAL {{ <{accident_iri}> skg:investigatedBy/skg:jurisdiction/skg:level/skg:rank ?ir }}\n"
        f"BIND ({graded} AS ?graded) BIND (IF(BOUND(?ir) && ?ir < ?graded, ?ir, ?graded) AS ?scope)\n"
        f"BIND (IF(BOUND(?ir), ?ir, ?graded) AS ?terr)\n"
    )
    # the areas containing the site, or the operator's domicile (属地管理), and every area above them; one set of
    # branches for each, since a group nested in a branch could not see ?day
    starts = (_hop("locatedIn", "?s", "?t", "l"), _hop("operates", "?e", "?s", "o") + _hop("domicile", "?e", "?t", "dm"))
    above = "?t skg:partOf* ?ar . ?ar skg:level/skg:rank ?rank . FILTER (?rank >= ?scope)\n"
    tail = (
        _hop("postIn", "?post", "?org", "pi")
        + f"?post skg:role ?role . FILTER (?role = <{NS}vocab/role/principal>)\n"
        + _hop("holds", "?person", "?post", "h")
    )
    branches = [_hop("operates", "?org", "?s", "o")]
    for start in starts:
        areas = start + above
        branches += [
            areas + "FILTER (?rank > ?terr)\n{ ?org a skg:PartyCommittee } UNION { ?org a skg:Government }\n"
            + _hop("jurisdiction", "?org", "?ar", "j") + _alive("?org"),
            areas + "?g a skg:Government . " + _hop("jurisdiction", "?g", "?ar", "j") + _alive("?g")
            + "?org a skg:Department . " + _hop("subunitOf", "?org", "?g", "u")
            + "FILTER NOT EXISTS { ?org skg:vertical true }\n" + _alive("?org")
            + "?ind skos:broader* ?c . " + _hop("supervisesIndustry", "?org", "?c", "m"),
            areas + _hop("comprehensiveSupervision", "?org", "?ar", "cs") + _alive("?org"),
        ]
    body = "\n  UNION\n".join("  {\n" + head + b + tail + "  }" for b in branches)
    return PREFIXES + "SELECT DISTINCT ?person ?post WHERE {\n" + body + "\n}"


def iri(ident: str) -> str:
    return f"{NS}id/{ident}"


def local(term: Any) -> str:
    text = str(term.value if hasattr(term, "value") else term)
    return text[len(f"{NS}id/") :] if text.startswith(f"{NS}id/") else text
