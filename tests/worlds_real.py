"""Small worlds with what real accidents have and the first model lacked (issue 13, section 2).

Each builder returns a :class:`tests.world.World`; the rules' tests and the plan-sufficiency
test both use them, so that a rule that reads something the plan does not collect fails."""

from __future__ import annotations

from tests.world import World


def town_hotel_fire() -> World:
    """A hotel fire in a town of a county investigated by the prefecture: the county's fire and rescue
    body supervises fire safety, its housing bureau holds the fire-acceptance power, its natural-resources
    bureau the mining rights; the county's deputies have a safety portfolio, an economy portfolio or none
    recorded; the county head also directs the safety committee; the hotel's actual controller, a
    renovation contractor with its site manager and supplier, and the supplier's own supplier; an
    earlier tenant left a hazard recorded against it; the general manager changed hands while it stood
    open; the serious injuries are not known."""
    w = World()
    w.area("area/prov", "provincial")
    w.area("area/pref", "prefectural", "area/prov")
    w.area("area/county", "county", "area/pref")
    w.area("area/town", "township", "area/county")
    for a in ("area/town", "area/county", "area/pref"):
        pc, gov = w.territorial(a)
        w.post(f"post/{pc}/secretary", pc)
        w.tenure(f"person/secretary-{a.split('/')[1]}", f"post/{pc}/secretary", "2020-01-01")
        w.post(f"post/{gov}/head", gov)
        w.tenure(f"person/head-{a.split('/')[1]}", f"post/{gov}/head", "2020-01-01")
    gov = "gov/area/county"
    w.post("post/county/deputy-safety", gov, "deputy", ("work_safety",))
    w.tenure("person/county-deputy-safety", "post/county/deputy-safety", "2021-01-01")
    w.post("post/county/deputy-economy", gov, "deputy", ("economy",))
    w.tenure("person/county-deputy-economy", "post/county/deputy-economy", "2021-01-01")
    w.post("post/county/deputy-unknown", gov, "deputy")
    w.tenure("person/county-deputy-unknown", "post/county/deputy-unknown", "2021-01-01")
    w.entity("sc/county", "SafetyCommittee")
    w.rel("subunitOf", "sc/county", gov)
    w.post("post/sc-county/director", "sc/county")
    w.tenure("person/head-county", "post/sc-county/director", "2020-01-01")
    w.dept("dept/county-fire", gov, activities=("fire_safety",))
    w.post("post/county-fire/head", "dept/county-fire")
    w.tenure("person/fire-head", "post/county-fire/head", "2019-01-01")
    w.post("post/county-fire/section-fire", "dept/county-fire", "section_chief", ("fire_safety",))
    w.tenure("person/fire-section", "post/county-fire/section-fire", "2019-01-01")
    w.post("post/county-fire/section-other", "dept/county-fire", "section_chief")
    w.tenure("person/fire-section-other", "post/county-fire/section-other", "2019-01-01")
    w.dept("dept/county-fire-prevention", "dept/county-fire", activities=("fire_safety",))
    w.post("post/county-fire-prevention/head", "dept/county-fire-prevention")
    w.tenure("person/fire-prevention-head", "post/county-fire-prevention/head", "2019-01-01")
    w.dept("dept/county-fire-logistics", "dept/county-fire")
    w.post("post/county-fire-logistics/head", "dept/county-fire-logistics")
    w.tenure("person/fire-logistics-head", "post/county-fire-logistics/head", "2019-01-01")
    w.dept("dept/county-housing", gov)
    w.rel("licenses", "dept/county-housing", "fire_acceptance")
    w.post("post/county-housing/head", "dept/county-housing")
    w.tenure("person/housing-head", "post/county-housing/head", "2019-01-01")
    w.dept("dept/county-nr", gov)
    w.rel("licenses", "dept/county-nr", "mining_rights")
    w.post("post/county-nr/head", "dept/county-nr")
    w.tenure("person/nr-head", "post/county-nr/head", "2019-01-01")
    w.dept("dept/county-tourism", gov, department_kind="culture_tourism")  # no mandate recorded, only its kind
    w.post("post/county-tourism/head", "dept/county-tourism")
    w.tenure("person/tourism-head", "post/county-tourism/head", "2019-01-01")
    w.dept("dept/county-water", gov, department_kind="water_resources")
    w.post("post/county-water/head", "dept/county-water")
    w.tenure("person/water-head", "post/county-water/head", "2019-01-01")
    w.dept("dept/county-commerce", gov, industries=("hospitality",), dissolved_on="2023-01-01")
    w.dept("dept/county-commerce-new", gov)
    w.rel("succeededBy", "dept/county-commerce", "dept/county-commerce-new", "2023-01-01")
    w.post("post/county-commerce-new/head", "dept/county-commerce-new")
    w.tenure("person/commerce-head", "post/county-commerce-new/head", "2023-01-01")

    w.entity("ent/hotel", "Enterprise", industry="hospitality")
    w.entity("site/hotel", "Site", industry="hospitality")
    w.rel("locatedIn", "site/hotel", "area/town")
    w.rel("operates", "ent/hotel", "site/hotel", "2018-01-01")
    w.post("post/hotel/gm", "ent/hotel")
    w.tenure("person/old-gm", "post/hotel/gm", "2018-01-01", "2024-03-01")
    w.tenure("person/new-gm", "post/hotel/gm", "2024-03-01")
    w.post("post/hotel/night-guard", "ent/hotel", "staff")
    w.tenure("person/night-guard", "post/hotel/night-guard", "2022-01-01")
    w.post("post/hotel/controller", "ent/hotel", "actual_controller")
    w.tenure("person/controller", "post/hotel/controller", "2018-01-01")
    w.entity("ent/renovator", "Enterprise")
    w.rel("contractorAt", "ent/renovator", "site/hotel", "2024-04-01")
    w.post("post/renovator/head", "ent/renovator")
    w.tenure("person/renovator-head", "post/renovator/head", "2015-01-01")
    w.post("post/renovator/site", "ent/renovator", "site_manager")
    w.tenure("person/renovator-site", "post/renovator/site", "2024-04-01")
    w.entity("ent/foam-seller", "Enterprise")
    w.rel("intermediaryFor", "ent/foam-seller", "ent/renovator", "2024-03-01", service="material_supply")
    w.post("post/foam-seller/head", "ent/foam-seller")
    w.tenure("person/foam-seller-head", "post/foam-seller/head", "2015-01-01")
    w.entity("ent/foam-maker", "Enterprise")
    w.rel("intermediaryFor", "ent/foam-maker", "ent/foam-seller", "2024-01-01", service="material_supply")
    w.post("post/foam-maker/head", "ent/foam-maker")
    w.tenure("person/foam-maker-head", "post/foam-maker/head", "2015-01-01")
    w.entity("ent/resin-plant", "Enterprise")
    w.rel("intermediaryFor", "ent/resin-plant", "ent/foam-maker", "2023-01-01", service="material_supply")
    w.post("post/resin-plant/head", "ent/resin-plant")
    w.tenure("person/resin-plant-head", "post/resin-plant/head", "2015-01-01")
    w.entity("ent/old-tenant", "Enterprise")
    w.post("post/old-tenant/head", "ent/old-tenant")
    w.tenure("person/old-tenant-head", "post/old-tenant/head", "2010-01-01")
    w.entity("haz/partition", "Hazard", hazard_grade="major", found_on="2023-06-01")
    w.rel("hazardAt", "haz/partition", "site/hotel")
    w.rel("hazardAt", "haz/partition", "ent/old-tenant")
    w.entity("haz/exit", "Hazard", hazard_grade="general")  # the report: it existed, since when unknown
    w.rel("hazardAt", "haz/exit", "site/hotel")
    w.entity("acc/fire", "Accident", occurred_on="2024-05-10", deaths=4, direct_loss_cny=2_000_000,
             accident_type="fire", total_injured=7)
    w.rel("occurredAt", "acc/fire", "site/hotel")
    w.rel("investigatedBy", "acc/fire", "gov/area/pref")
    return w


def gas_without_industry() -> World:
    """A gas explosion with gas supply recorded as the activity and no industry anywhere; the county's
    housing bureau supervises urban gas as an industry."""
    w = World()
    w.area("area/county", "county")
    pc, gov = w.territorial("area/county")
    w.post("post/county/head", gov)
    w.tenure("person/head", "post/county/head", "2020-01-01")
    w.dept("dept/county-housing", gov, industries=("urban_gas",))
    w.post("post/county-housing/head", "dept/county-housing")
    w.tenure("person/housing-head", "post/county-housing/head", "2019-01-01")
    w.entity("site/market", "Site")
    w.rel("locatedIn", "site/market", "area/county")
    w.entity("acc/gas", "Accident", occurred_on="2024-02-01", occurred_on_precision="month", deaths=1,
             serious_injuries=0, direct_loss_cny=100_000, accident_type="other_explosion", activities=["gas_supply"])
    w.rel("occurredAt", "acc/gas", "site/market")
    return w


WORLDS = {"town_hotel_fire": (town_hotel_fire, "acc/fire"), "gas_without_industry": (gas_without_industry, "acc/gas")}
