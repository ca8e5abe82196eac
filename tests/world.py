"""A small builder of facts documents, so that each test states its own world."""

from __future__ import annotations

from typing import Any


class World:
    def __init__(self) -> None:
        self.entities: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self._n = 0
        self.entity("src/notice", "SourceDocument", title="Notice", document_kind="appointment_notice")

    def entity(self, ident: str, type_name: str, name: str | None = None, sources: list | None = None, **props: Any) -> str:
        doc = {"id": ident, "type": type_name, "name": {"en": name or ident}, **props}
        doc["sources"] = ["src/notice"] if sources is None else sources
        if not doc["sources"]:
            del doc["sources"]
        self.entities.append(doc)
        return ident

    def rel(self, type_name: str, frm: str, to: str, valid_from: str | None = None, valid_to: str | None = None,
            ident: str | None = None, sources: list | None = None, **props: Any) -> str:
        self._n += 1
        ident = ident or f"rel/{type_name}-{self._n}"
        doc: dict[str, Any] = {"id": ident, "type": type_name, "from": frm, "to": to, **props}
        if valid_from:
            doc["valid_from"] = valid_from
        if valid_to:
            doc["valid_to"] = valid_to
        doc["sources"] = ["src/notice"] if sources is None else sources
        if not doc["sources"]:
            del doc["sources"]
        self.relations.append(doc)
        return ident

    def doc(self) -> dict[str, Any]:
        return {"safetykg": "1.0", "entities": list(self.entities), "relations": list(self.relations)}

    # --- the domain ----------------------------------------------------------------

    def area(self, ident: str, level: str, parent: str | None = None) -> str:
        self.entity(ident, "AdministrativeArea", level=level)
        if parent:
            self.rel("partOf", ident, parent)
        return ident

    def territorial(self, area: str) -> tuple[str, str]:
        """A party committee and a government for an area, each with its principal post."""
        pc = self.entity(f"pc/{area}", "PartyCommittee")
        gov = self.entity(f"gov/{area}", "Government")
        self.rel("jurisdiction", pc, area)
        self.rel("jurisdiction", gov, area)
        return pc, gov

    def dept(self, ident: str, parent: str, industries: tuple[str, ...] = (), activities: tuple[str, ...] = (),
             comprehensive: str | None = None, **props: Any) -> str:
        self.entity(ident, "Department", **props)
        self.rel("subunitOf", ident, parent)
        for code in industries:
            self.rel("supervisesIndustry", ident, code)
        for code in activities:
            self.rel("supervisesActivity", ident, code)
        if comprehensive:
            self.rel("comprehensiveSupervision", ident, comprehensive)
        return ident

    def post(self, ident: str, org: str, role: str = "principal", portfolio: tuple[str, ...] = ()) -> str:
        self.entity(ident, "Post", role=role)
        self.rel("postIn", ident, org)
        for code in portfolio:
            self.rel("portfolio", ident, code)
        return ident

    def tenure(self, person: str, post: str, start: str | None = None, end: str | None = None, **props: Any) -> str:
        if not any(e["id"] == person for e in self.entities):
            self.entity(person, "Person")
        return self.rel("holds", person, post, start, end, **props)

    def accident(self, ident: str, site: str, on: str, deaths: int = 1, serious_injuries: int = 0,
                 loss: float = 500_000, industry: str = "coal_mining", **props: Any) -> str:
        self.entity(ident, "Accident", occurred_on=on, deaths=deaths, serious_injuries=serious_injuries,
                    direct_loss_cny=loss, industry=industry, accident_type=props.pop("accident_type", "collapse"), **props)
        self.rel("occurredAt", ident, site)
        return ident


def county_world() -> World:
    """One county mine: a township in a county in a prefecture in a province, the county's
    government, party committee and bureaus, an operator with a general manager handed over
    on the accident day, and a general accident (one death) on 2024-05-10."""
    w = World()
    w.area("area/prov", "provincial")
    w.area("area/pref", "prefectural", "area/prov")
    w.area("area/county", "county", "area/pref")
    w.area("area/town", "township", "area/county")
    for a in ("area/town", "area/county", "area/pref", "area/prov"):
        pc, gov = w.territorial(a)
        w.post(f"post/{pc}/secretary", pc)
        w.tenure(f"person/secretary-{a.split('/')[1]}", f"post/{pc}/secretary", "2020-01-01")
        w.post(f"post/{gov}/head", gov)
        w.tenure(f"person/head-{a.split('/')[1]}", f"post/{gov}/head", "2020-01-01")
    w.post("post/gov/area/county/safety", "gov/area/county", "deputy", ("work_safety",))
    w.tenure("person/county-safety-deputy", "post/gov/area/county/safety", "2021-01-01")
    w.dept("dept/county-em", "gov/area/county", comprehensive="area/county")
    w.post("post/county-em/head", "dept/county-em")
    w.tenure("person/em-head", "post/county-em/head", "2019-01-01")
    w.dept("dept/county-energy", "gov/area/county", industries=("coal_mining",))
    w.post("post/county-energy/head", "dept/county-energy")
    w.tenure("person/energy-head", "post/county-energy/head", "2019-01-01")
    w.entity("ent/mine-co", "Enterprise", industry="coal_mining")
    w.entity("site/mine", "Site", industry="coal_mining")
    w.rel("locatedIn", "site/mine", "area/town")
    w.rel("operates", "ent/mine-co", "site/mine", "2015-01-01")
    w.post("post/mine-co/gm", "ent/mine-co")
    w.tenure("person/old-gm", "post/mine-co/gm", "2018-01-01", "2024-05-10")
    w.tenure("person/new-gm", "post/mine-co/gm", "2024-05-10")
    w.accident("acc/1", "site/mine", "2024-05-10")
    return w


def gm_world():
    """The county mine, whose new general manager also arrives from the company register
    under a second id (person/wang-gm), holding the same post from the same day."""
    w = county_world()
    w.entity("src/register", "SourceDocument", title="Company register", document_kind="business_registration")
    w.entity("person/wang-gm", "Person", name="Wang Gang", sources=["src/register"])
    w.rel("holds", "person/wang-gm", "post/mine-co/gm", "2024-05-10", sources=["src/register"], ident="ten/wang-register")
    return w
