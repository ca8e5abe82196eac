"""A small builder for the real-accident cases under ``tests/cases/`` (format: CASES-FORMAT, docs/facts-format.md).

Each case's ``build.py`` makes one :class:`Case`, declares its sources, areas, bodies, posts, enterprises, hazards and
the accident, and writes ``facts.json`` beside itself. The kit only shapes facts; the product validates them.

Conventions it enforces so cases can be loaded together and never read backwards:

- every id is ``<kind>/<slug>-<local>`` (``kind`` as in the facts format: ``area``, ``pc``, ``gov``, ``dept``, ``sc``,
  ``ent``, ``site``, ``post``, ``person``, ``haz``, ``insp``, ``acc``, ``src``, ``rel``);
- every post is held by an anonymous person ``person/<slug>-pNNN`` (``人员NNN`` / ``Person NNN``);
- every fact cites a source; posts added from general establishment knowledge cite ``src/<slug>-establishment``
  (:attr:`Case.establishment`), whose title says so.

Stable API (other case builders use it): :class:`Case` and its methods, :class:`Deputy`, :class:`Tenure`,
:data:`Cite`. Extend only compatibly (new keyword arguments with defaults, new methods).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A citation: a source id, ``(source id, quote)``, ``(source id, quote, locator)``, or a list of those.
Cite = str | tuple[str, str] | tuple[str, str, str] | Sequence[str | tuple[str, str] | tuple[str, str, str]]

ESTABLISHMENT_TITLE = "按标准机构编制补充的职位（非来源记载）"


@dataclass(frozen=True)
class Tenure:
    """One holding of a post by one anonymous person: half-open ``[valid_from, valid_to)``; ``None`` = open."""

    valid_from: str | None = None
    valid_to: str | None = None
    cite: Cite | None = None
    acting: bool = False
    person: str | None = None  # an existing anonymous person (one holder of several posts); new one when None


@dataclass(frozen=True)
class Deputy:
    """A deputy post of a body: its title, and the portfolios (vocabulary codes) a source gives it, if any."""

    zh: str
    en: str
    portfolios: tuple[str, ...] = ()
    cite: Cite | None = None  # the source of the portfolio (and of the post); establishment when None
    local: str | None = None  # id tail; default ``<body>-deputyN``
    role: str = "deputy"
    holders: Sequence[Tenure] | None = None


@dataclass
class Case:
    """The facts of one case, built in order and written as one facts document."""

    slug: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)
    _people: int = 0

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*-\d{4}-\d{4}", self.slug):
            raise ValueError(f"slug {self.slug!r} is not <place-pinyin>-<yyyy>-<mmdd>")
        self.establishment = self.source(
            "establishment", ESTABLISHMENT_TITLE, kind="other", publisher="safetykg 案例构建（按一般机构设置）",
            description="Posts and bodies added from general establishment knowledge, not from a source about this case.")

    # ---------------------------------------------------------------- ids and citations
    def general_source(self, local: str, title: str, description: str | None = None) -> str:
        """A SourceDocument for facts taken from general knowledge of how bodies are set up (not about this case),
        e.g. ``general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）")``."""
        return self.source(local, title, kind="other", publisher="safetykg 案例构建（按一般职责分工）",
                           description=description)

    def id(self, kind: str, local: str) -> str:
        """The case-prefixed id ``kind/<slug>-<local>``."""
        return f"{kind}/{self.slug}-{local}"

    def _new(self, ident: str) -> str:
        if ident in self._ids:
            raise ValueError(f"duplicate id {ident!r}")
        self._ids.add(ident)
        return ident

    @staticmethod
    def cites(cite: Cite | None) -> list[Any]:
        """A citation in the facts format: ids stay ids, tuples become ``{source, quote[, locator]}``."""
        if cite is None:
            return []
        items = [cite] if isinstance(cite, (str, tuple)) else list(cite)
        out: list[Any] = []
        for c in items:
            if isinstance(c, str):
                out.append(c)
            else:
                ref: dict[str, str] = {"source": c[0], "quote": c[1]}
                if len(c) > 2:
                    ref["locator"] = c[2]  # type: ignore[misc]
                out.append(ref)
        return out

    def _tail(self, ident: str) -> str:
        tail = ident.split("/", 1)[-1]
        return tail[len(self.slug) + 1:] if tail.startswith(self.slug + "-") else tail

    # ---------------------------------------------------------------- generic facts
    def entity(self, kind: str, local: str, type_: str, zh: str, en: str | None, cite: Cite | None,
               **props: Any) -> str:
        """Add an entity ``kind/<slug>-<local>`` of ontology type ``type_``; ``None`` properties are left out."""
        ident = self._new(self.id(kind, local))
        name = {"zh": zh} | ({"en": en} if en else {})
        item: dict[str, Any] = {"id": ident, "type": type_, "name": name}
        item.update({k: v for k, v in props.items() if v is not None})
        if cite is not None:
            item["sources"] = self.cites(cite)
        self.entities.append(item)
        return ident

    def relate(self, type_: str, from_: str, to: str, cite: Cite | None, *, valid_from: str | None = None,
               valid_to: str | None = None, local: str | None = None, **props: Any) -> str:
        """Add a relation; its id is ``rel/<slug>-<from>-<type>-<to>`` unless ``local`` is given (numbered on clash)."""
        base = self.id("rel", local or f"{self._tail(from_)}-{type_}-{self._tail(to)}")
        ident, n = base, 1
        while ident in self._ids:
            n += 1
            ident = f"{base}-{n}"
        self._new(ident)
        item: dict[str, Any] = {"id": ident, "type": type_, "from": from_, "to": to}
        if valid_from:
            item["valid_from"] = valid_from
        if valid_to:
            item["valid_to"] = valid_to
        item.update({k: v for k, v in props.items() if v is not None})
        if cite is not None:
            item["sources"] = self.cites(cite)
        self.relations.append(item)
        return ident

    def source(self, local: str, title: str, *, url: str | None = None, publisher: str | None = None,
               issued_on: str | None = None, kind: str = "investigation_report",
               description: str | None = None) -> str:
        """A SourceDocument ``src/<slug>-<local>``."""
        return self.entity("src", local, "SourceDocument", title, None, None, title=title, url=url,
                           publisher=publisher, issued_on=issued_on, document_kind=kind, description=description)

    # ---------------------------------------------------------------- areas and bodies
    def area(self, local: str, zh: str, en: str, level: str, parent: str | None, cite: Cite, *,
             code: str | None = None, description: str | None = None) -> str:
        """An administrative area, ``partOf`` its parent (``None`` only for the country)."""
        ident = self.entity("area", local, "AdministrativeArea", zh, en, cite, level=level, division_code=code,
                            description=description)
        if parent:
            self.relate("partOf", ident, parent, cite)
        return ident

    def country(self) -> str:
        """The People's Republic of China, as this case's national area (every case has its own copy)."""
        return self.area("cn", "中华人民共和国", "People's Republic of China", "national", None, self.establishment,
                         code="100000")

    def party_committee(self, area: str, local: str, zh: str, en: str, cite: Cite) -> str:
        """A party committee with jurisdiction over ``area``."""
        ident = self.entity("pc", local, "PartyCommittee", zh, en, cite)
        self.relate("jurisdiction", ident, area, cite)
        return ident

    def government(self, area: str, local: str, zh: str, en: str, cite: Cite, *, parent: str | None = None,
                   description: str | None = None) -> str:
        """A people's government (or township government, sub-district office, zone committee) over ``area``.
        ``parent`` (a government) names the government it is an agency (派出机构) of: the ontology has no relation
        for that, so it is said in the description (a model gap)."""
        if parent:
            description = "; ".join(x for x in (description, f"agency (派出机构) of {parent}") if x)
        ident = self.entity("gov", local, "Government", zh, en, cite, description=description)
        self.relate("jurisdiction", ident, area, cite)
        return ident

    def safety_committee(self, gov: str, local: str, zh: str, en: str, cite: Cite) -> str:
        """The work safety committee of a government (``subunitOf`` it)."""
        ident = self.entity("sc", local, "SafetyCommittee", zh, en, cite)
        self.relate("subunitOf", ident, gov, cite)
        return ident

    def department(self, parent: str, local: str, zh: str, en: str, cite: Cite, *, area: str | None = None,
                   vertical: bool = False, industries: Iterable[str] = (), activities: Iterable[str] = (),
                   comprehensive: str | None = None, mandate_cite: Cite | None = None,
                   established_on: str | None = None, dissolved_on: str | None = None,
                   description: str | None = None) -> str:
        """A department ``subunitOf`` its parent (a government, or for vertical bodies the body above), with
        jurisdiction over ``area`` when given and its mandates (industry / activity codes; ``comprehensive`` = the
        area it supervises comprehensively), cited by ``mandate_cite`` (default ``cite``)."""
        ident = self.entity("dept", local, "Department", zh, en, cite, vertical=True if vertical else None,
                            established_on=established_on, dissolved_on=dissolved_on, description=description)
        self.relate("subunitOf", ident, parent, cite)
        if area:
            self.relate("jurisdiction", ident, area, cite)
        why = mandate_cite if mandate_cite is not None else cite
        for code in industries:
            self.relate("supervisesIndustry", ident, code, why)
        for code in activities:
            self.relate("supervisesActivity", ident, code, why)
        if comprehensive:
            self.relate("comprehensiveSupervision", ident, comprehensive, why)
        return ident

    def enterprise(self, local: str, zh: str, en: str, cite: Cite, *, industry: str | None = None,
                   domicile: str | None = None, parent: str | None = None, credit_code: str | None = None,
                   established_on: str | None = None, description: str | None = None) -> str:
        """An enterprise, domiciled in an area and ``subsidiaryOf`` a parent when given."""
        ident = self.entity("ent", local, "Enterprise", zh, en, cite, industry=industry, credit_code=credit_code,
                            established_on=established_on, description=description)
        if domicile:
            self.relate("domicile", ident, domicile, cite)
        if parent:
            self.relate("subsidiaryOf", ident, parent, cite)
        return ident

    def site(self, local: str, zh: str, en: str, area: str, cite: Cite, *, operator: str | None = None,
             industry: str | None = None, kind: str | None = None, operated_from: str | None = None,
             description: str | None = None) -> str:
        """A site located in an area, operated by ``operator`` when given."""
        ident = self.entity("site", local, "Site", zh, en, cite, industry=industry, site_kind=kind,
                            description=description)
        self.relate("locatedIn", ident, area, cite)
        if operator:
            self.relate("operates", operator, ident, cite, valid_from=operated_from)
        return ident

    # ---------------------------------------------------------------- posts and people
    def person(self) -> str:
        """A new anonymous person ``person/<slug>-pNNN``."""
        self._people += 1
        n = f"{self._people:03d}"
        return self.entity("person", f"p{n}", "Person", f"人员{n}", f"Person {n}", self.establishment,
                           description="anonymous holder of a post (the case is anonymised)")

    def post(self, org: str, local: str, zh: str, en: str, role: str, cite: Cite | None = None, *,
             portfolios: Iterable[str] = (), portfolio_cite: Cite | None = None,
             holders: Sequence[Tenure] | None = None, description: str | None = None) -> str:
        """A post in ``org`` with its role, portfolios, and anonymous holders (default: one open tenure)."""
        why = cite if cite is not None else self.establishment
        ident = self.entity("post", local, "Post", zh, en, why, role=role, description=description)
        self.relate("postIn", ident, org, why)
        for code in portfolios:
            self.relate("portfolio", ident, code, portfolio_cite if portfolio_cite is not None else why)
        for t in holders if holders is not None else (Tenure(),):
            extra: dict[str, Any] = {"acting": True} if t.acting else {}
            self.relate("holds", t.person or self.person(), ident, t.cite if t.cite is not None else why,
                        valid_from=t.valid_from, valid_to=t.valid_to, **extra)
        return ident

    def standard_posts(self, org: str, local: str, principal: tuple[str, str], deputies: Sequence[Deputy] = (), *,
                       principal_cite: Cite | None = None, principal_holders: Sequence[Tenure] | None = None,
                       extra_deputies: int = 0, extra_deputy: tuple[str, str] = ("副职", "Deputy")) -> dict[str, str]:
        """The principal and every deputy post of a body: ``{"principal": id, "deputy1": id, …}`` (keys also the
        ``Deputy.local`` given). ``extra_deputies`` adds that many further deputies with no portfolio (from the
        establishment). Posts without a source cite the establishment document."""
        made = {"principal": self.post(org, f"{local}-head", principal[0], principal[1], "principal",
                                       principal_cite, holders=principal_holders)}
        all_deputies = list(deputies) + [Deputy(*extra_deputy) for _ in range(extra_deputies)]
        for n, d in enumerate(all_deputies, 1):
            tail = d.local or f"{local}-deputy{n}"
            made[d.local or f"deputy{n}"] = self.post(org, tail, d.zh, d.en, d.role, d.cite, portfolios=d.portfolios,
                                                      holders=d.holders)
        return made

    def territory(self, area: str, local: str, cite: Cite, *, party: tuple[str, str], government: tuple[str, str],
                  secretary: tuple[str, str], head: tuple[str, str], party_deputies: Sequence[Deputy] | int = 2,
                  government_deputies: Sequence[Deputy] | int = 4,
                  party_deputy: tuple[str, str] = ("副书记", "Deputy secretary"),
                  government_deputy: tuple[str, str] = ("副职", "Deputy head"),
                  safety_committee: tuple[str, str] | None = None, parent_government: str | None = None,
                  secretary_holders: Sequence[Tenure] | None = None,
                  head_holders: Sequence[Tenure] | None = None,
                  head_is_deputy_secretary: bool = False) -> dict[str, str]:
        """The party committee and government of an area with their standard posts, and the work safety committee
        (chaired by the government head's holder, deputies from the establishment) when ``safety_committee`` is
        given. Ids: ``pc/<slug>-<local>``, ``gov/<slug>-<local>``, ``sc/<slug>-<local>``; posts
        ``post/<slug>-<local>-pc-head``, ``…-pc-deputyN``, ``…-gov-head``, ``…-gov-deputyN``, ``…-sc-head``.
        Returns those ids under ``pc``, ``gov``, ``sc`` and the post keys ``pc-head``, ``pc-deputy1``, ``gov-head``…
        ``head_is_deputy_secretary`` adds the party committee's deputy-secretary post that the government head holds
        (``…-pc-deputy-head``, key ``pc-deputy-head``: the same anonymous persons over the same tenures), as
        establishment practice has it (a mayor is deputy secretary of the city committee)."""
        out: dict[str, str] = {}
        out["pc"] = self.party_committee(area, local, party[0], party[1], cite)
        out["gov"] = self.government(area, local, government[0], government[1], cite, parent=parent_government)
        pd = list(party_deputies) if not isinstance(party_deputies, int) else [
            Deputy(*party_deputy) for _ in range(party_deputies)]
        gd = list(government_deputies) if not isinstance(government_deputies, int) else [
            Deputy(*government_deputy) for _ in range(government_deputies)]
        for key, posts in (("pc", self.standard_posts(out["pc"], f"{local}-pc", secretary, pd,
                                                         principal_holders=secretary_holders)),
                           ("gov", self.standard_posts(out["gov"], f"{local}-gov", head, gd,
                                                          principal_holders=head_holders))):
            for k, v in posts.items():
                out[f"{key}-{'head' if k == 'principal' else k}"] = v
        if head_is_deputy_secretary:
            mirror = [Tenure(valid_from=r.get("valid_from"), valid_to=r.get("valid_to"), person=str(r["from"]))
                      for r in self.relations if r["type"] == "holds" and r["to"] == out["gov-head"]]
            out["pc-deputy-head"] = self.post(out["pc"], f"{local}-pc-deputy-head", f"{party_deputy[0]}（{head[0]}兼）",
                                              f"{party_deputy[1]} (the {head[1].lower()})", "deputy", holders=mirror,
                                              description="held by the government head (establishment)")
        if safety_committee:
            out["sc"] = self.safety_committee(out["gov"], local, safety_committee[0], safety_committee[1], cite)
            head_person = self.holder_of(out["gov-head"])
            out["sc-head"] = self.post(out["sc"], f"{local}-sc-head", "主任", "Chair", "principal",
                                       holders=[Tenure(person=head_person)] if head_person else None,
                                       description="chaired by the government head (establishment)")
        return out

    def central_leadership(self, country: str, cite: Cite) -> dict[str, str]:
        """The CPC Central Committee, the State Council (four vice premiers) and its Work Safety Committee, with
        their standard posts: the national top of every case's territorial chain (``territory`` with local ``cn``)."""
        return self.territory(country, "cn", cite, party=("中国共产党中央委员会", "CPC Central Committee"),
                              government=("中华人民共和国国务院", "State Council"),
                              secretary=("总书记", "General Secretary"), head=("总理", "Premier"),
                              party_deputies=0, government_deputies=4, government_deputy=("副总理", "Vice Premier"),
                              safety_committee=("国务院安全生产委员会", "State Council Work Safety Committee"))

    def holder_of(self, post: str) -> str | None:
        """The person of the last open-ended ``holds`` of a post (the holder on the accident date), if any."""
        for r in reversed(self.relations):
            if r["type"] == "holds" and r["to"] == post and "valid_to" not in r:
                return str(r["from"])
        return None

    def department_with_posts(self, parent: str, local: str, zh: str, en: str, cite: Cite, *,
                              principal: tuple[str, str] = ("局长", "Director"),
                              deputies: Sequence[Deputy] | int = 3,
                              deputy: tuple[str, str] = ("副局长", "Deputy director"),
                              principal_holders: Sequence[Tenure] | None = None, **kwargs: Any) -> str:
        """:meth:`department` plus its principal and deputy posts (``post/<slug>-<local>-head``, ``…-deputyN``)."""
        ident = self.department(parent, local, zh, en, cite, **kwargs)
        ds = list(deputies) if not isinstance(deputies, int) else [Deputy(*deputy) for _ in range(deputies)]
        self.standard_posts(ident, local, principal, ds, principal_holders=principal_holders)
        return ident

    # ---------------------------------------------------------------- hazards, inspections, the accident
    def hazard(self, local: str, zh: str, en: str, at: str | Sequence[str], cite: Cite, *, found_on: str,
               grade: str = "general", category: str | None = None, **props: Any) -> str:
        """A hazard found on ``found_on`` at one or more sites or enterprises."""
        ident = self.entity("haz", local, "Hazard", zh, en, cite, found_on=found_on, hazard_grade=grade,
                            hazard_category=category, **props)
        for target in [at] if isinstance(at, str) else at:
            self.relate("hazardAt", ident, target, cite)
        return ident

    def inspection(self, local: str, zh: str, en: str, by: str, of: str | Sequence[str], cite: Cite, *, date: str,
                   enforcement: Sequence[str] = (), found: Sequence[str] = (),
                   description: str | None = None) -> str:
        """An inspection by a body of sites or enterprises on a date, with the hazards it found."""
        ident = self.entity("insp", local, "Inspection", zh, en, cite, date=date,
                            enforcement=list(enforcement) or None, description=description)
        self.relate("inspectedBy", ident, by, cite)
        for target in [of] if isinstance(of, str) else of:
            self.relate("inspected", ident, target, cite)
        for haz in found:
            self.relate("foundIn", haz, ident, cite)
        return ident

    def accident(self, zh: str, en: str, site: str, investigated_by: str, cite: Cite, *, occurred_on: str,
                 deaths: int, serious_injuries: int, direct_loss_cny: float, accident_type: str,
                 industry: str | None = None, activities: Sequence[str] = (), description: str | None = None,
                 investigation_cite: Cite | None = None) -> str:
        """The accident ``acc/<slug>``, where it occurred and which government organised the investigation."""
        ident = self._new(f"acc/{self.slug}")
        item: dict[str, Any] = {"id": ident, "type": "Accident", "name": {"zh": zh, "en": en},
                                "occurred_on": occurred_on, "deaths": deaths, "serious_injuries": serious_injuries,
                                "direct_loss_cny": direct_loss_cny, "accident_type": accident_type}
        if industry:
            item["industry"] = industry
        if activities:
            item["activities"] = list(activities)
        if description:
            item["description"] = description
        item["sources"] = self.cites(cite)
        self.entities.append(item)
        self.relate("occurredAt", ident, site, cite)
        self.relate("investigatedBy", ident, investigated_by, investigation_cite or cite)
        return ident

    # ---------------------------------------------------------------- output
    def document(self) -> dict[str, Any]:
        """The facts document."""
        return {"@context": "https://w3id.org/safetykg/context.jsonld", "safetykg": "1.0",
                "entities": self.entities, "relations": self.relations}

    def write(self, path: Path) -> Path:
        """Write the facts document (UTF-8, stable layout: one fact a line) and return the path."""
        lines = ["{", '  "@context": "https://w3id.org/safetykg/context.jsonld",', '  "safetykg": "1.0",']
        for key, items in (("entities", self.entities), ("relations", self.relations)):
            lines.append(f'  "{key}": [')
            body = [f"    {json.dumps(i, ensure_ascii=False)}" for i in items]
            lines.append(",\n".join(body))
            lines.append("  ]," if key == "entities" else "  ]")
        lines.append("}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
