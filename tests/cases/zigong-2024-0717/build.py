"""Facts of the Zigong Jiuding Building "7·17" fire (2024): the structure as it stood before the accident.

Run ``python tests/cases/zigong-2024-0717/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts, bodies and mandates no source gives cite the establishment or
duties documents. The stored sources are summaries of the Sichuan report (the full report was not readable here).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy

SLUG = "zigong-2024-0717"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    gmw = c.source("gmw", "四川自贡“7·17”重大火灾原因查明 32名公职人员被追责问责",
                   url="https://m.gmw.cn/2025-04/09/content_1304011450.htm",
                   publisher="光明网（转载央视新闻，报道四川省人民政府批准的事故调查报告）", issued_on="2025-04-09",
                   kind="news_report")
    tdg = c.source("timedg", "16死39伤，调查报告公布！32名公职人员被追责问责",
                   url="https://pub.timedg.com:443/a/2025-04/29/AP6810586de4b0e3c4116bea1c.html",
                   publisher="东莞时间网（东莞应急管理 转载四川自贡九鼎大楼“7·17”重大火灾事故调查报告要点）",
                   issued_on="2025-04-29", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties (Work Safety Law Art. 10, Fire Protection "
                              "Law, 三管三必须), not from a source about this case.")
    est = c.establishment

    # ------------------------------------------------------------------ areas
    cn = c.country()
    sichuan = c.area("sichuan", "四川省", "Sichuan Province", "provincial", cn, gmw, code="510000")
    zigong = c.area("zigong", "自贡市", "Zigong", "prefectural", sichuan, gmw, code="510300")
    zone = c.area("zone", "自贡高新技术产业开发区", "Zigong High-tech Industrial Development Zone", "township", zigong,
                  (gmw, "四川省自贡高新技术产业开发区九鼎川南书城"),
                  description="development zone with a party working committee and a management committee; "
                              "placed as township level (no zone level in adminLevel)")
    dangui = c.area("dangui", "丹桂街道", "Dangui Sub-district", "township", zone,
                    (tdg, "自贡高新区丹桂街道党工委副书记、办事处主任"),
                    description="sub-district administered by the zone (its statutory district is not modelled)")

    # ------------------------------------------------------------------ national level
    nat = c.central_leadership(cn, est)
    c.department_with_posts(nat["gov"], "cn-mem", "应急管理部", "Ministry of Emergency Management", est, area=cn,
                            comprehensive=cn, mandate_cite=duties, principal=("部长", "Minister"),
                            deputy=("副部长", "Vice Minister"), deputies=4)
    nfra = c.department_with_posts(nat["gov"], "cn-fire", "国家消防救援局", "National Fire and Rescue Administration",
                                   est, area=cn, vertical=True, activities=("fire_safety", "hot_work"),
                                   mandate_cite=duties, principal=("局长", "Director"), deputy=("副局长", "Deputy director"),
                                   deputies=3, description="vertically managed fire and rescue service")

    # ------------------------------------------------------------------ Sichuan (investigates)
    sc = c.territory(sichuan, "sichuan", gmw, party=("中共四川省委员会", "Sichuan Provincial Party Committee"),
                     government=("四川省人民政府", "Sichuan Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=2, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                     [Deputy("副省长", "Vice governor") for _ in range(6)],
                     safety_committee=("四川省安全生产委员会", "Sichuan Work Safety Committee"))
    yjt: dict[str, Any] = {"principal": ("厅长", "Director-general"), "deputy": ("副厅长", "Deputy director-general"), "deputies": 3}
    c.department_with_posts(sc["gov"], "sichuan-yjt", "四川省应急管理厅", "Sichuan Department of Emergency Management",
                            est, area=sichuan, comprehensive=sichuan, mandate_cite=duties, **yjt)
    c.department_with_posts(sc["gov"], "sichuan-zjt", "四川省住房和城乡建设厅",
                            "Sichuan Department of Housing and Urban-Rural Development", est, area=sichuan,
                            industries=("construction",), activities=("construction_work",), mandate_cite=duties, **yjt)
    c.department_with_posts(sc["gov"], "sichuan-swt", "四川省商务厅", "Sichuan Department of Commerce", est,
                            area=sichuan, industries=("commerce",), mandate_cite=duties, **yjt)
    c.department_with_posts(sc["gov"], "sichuan-scj", "四川省市场监督管理局", "Sichuan Administration for Market Regulation",
                            est, area=sichuan, activities=("special_equipment",), mandate_cite=duties, deputies=3)
    sc_fire = c.department_with_posts(nfra, "sichuan-fire", "四川省消防救援总队", "Sichuan Fire and Rescue Corps", est,
                                      area=sichuan, vertical=True, activities=("fire_safety", "hot_work"),
                                      mandate_cite=duties, principal=("总队长", "Corps commander"),
                                      deputy=("副总队长", "Deputy corps commander"), deputies=3)

    # ------------------------------------------------------------------ Zigong city
    zg = c.territory(zigong, "zigong", tdg, party=("中共自贡市委员会", "Zigong Municipal Party Committee"),
                     government=("自贡市人民政府", "Zigong Municipal Government"),
                     secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                     party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                     government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                     [Deputy("副市长", "Vice mayor") for _ in range(5)],
                     safety_committee=("自贡市安全生产委员会", "Zigong Work Safety Committee"))
    c.department_with_posts(zg["gov"], "city-em", "自贡市应急管理局", "Zigong Emergency Management Bureau", est,
                            area=zigong, comprehensive=zigong, mandate_cite=duties, deputies=3)
    c.department_with_posts(zg["gov"], "city-housing", "自贡市住房和城乡建设局",
                            "Zigong Housing and Urban-Rural Development Bureau",
                            (tdg, "自贡市住房和城乡建设局党组书记、局长"), area=zigong,
                            industries=("construction",), activities=("construction_work",), mandate_cite=duties,
                            deputies=3)
    c.department_with_posts(zg["gov"], "city-commerce", "自贡市商务局", "Zigong Commerce Bureau", est, area=zigong,
                            industries=("commerce",), mandate_cite=duties, deputies=3)
    c.department_with_posts(zg["gov"], "city-samr", "自贡市市场监督管理局", "Zigong Market Regulation Bureau", est,
                            area=zigong, activities=("special_equipment",), mandate_cite=duties, deputies=3)
    city_fire = c.department_with_posts(sc_fire, "city-fire", "自贡市消防救援支队", "Zigong Fire and Rescue Detachment",
                                        (tdg, "自贡市消防救援支队支队长"), area=zigong, vertical=True,
                                        activities=("fire_safety", "hot_work"), mandate_cite=duties,
                                        principal=("支队长", "Detachment commander"),
                                        deputy=("副支队长", "Deputy detachment commander"), deputies=3)
    c.post(city_fire, "city-fire-commissar", "政治委员", "Political commissar", "deputy", est)

    # ------------------------------------------------------------------ the high-tech zone
    zn = c.territory(zone, "zone", tdg, party=("中共自贡高新区工作委员会", "Zigong High-tech Zone Party Working Committee"),
                     government=("自贡高新区管理委员会", "Zigong High-tech Zone Management Committee"),
                     secretary=("党工委书记", "Party working committee secretary"), head=("管委会主任", "Committee director"),
                     party_deputies=2, party_deputy=("党工委副书记", "Deputy secretary"),
                     government_deputies=[Deputy("管委会副主任", "Deputy committee director",
                                                 cite=(tdg, "自贡高新区党工委委员、管委会副主任"))] +
                     [Deputy("管委会副主任", "Deputy committee director") for _ in range(3)],
                     safety_committee=("自贡高新区安全生产委员会", "Zone Work Safety Committee"),
                     parent_government=zg["gov"])
    c.department_with_posts(zn["gov"], "zone-em", "自贡高新区生态环境和应急管理局",
                            "Zone Ecology, Environment and Emergency Management Bureau", est, area=zone,
                            comprehensive=zone, mandate_cite=duties, deputies=2)
    c.department_with_posts(zn["gov"], "zone-urban", "自贡高新区城市建设和管理执法局",
                            "Zone Urban Construction, Management and Enforcement Bureau",
                            (tdg, "自贡高新区城市建设和管理执法局副局长"), area=zone,
                            industries=("construction",), activities=("construction_work",), mandate_cite=duties,
                            deputies=[Deputy("副局长", "Deputy director", cite=(tdg, "自贡高新区城市建设和管理执法局副局长")),
                                      Deputy("副局长", "Deputy director")])
    c.department_with_posts(zn["gov"], "zone-projects", "自贡高新区建设工程项目服务中心",
                            "Zone Construction Project Service Centre", (tdg, "自贡高新区建设工程项目服务中心副主任"),
                            area=zone, activities=("construction_work",), mandate_cite=duties,
                            principal=("主任", "Director"),
                            deputies=[Deputy("副主任", "Deputy director", cite=(tdg, "自贡高新区建设工程项目服务中心副主任")),
                                      Deputy("副主任", "Deputy director")],
                            description="public service centre (事业单位) with construction-project duties")
    zone_fire = c.department_with_posts(city_fire, "zone-fire", "自贡高新区消防救援大队",
                                        "Zone Fire and Rescue Brigade", (tdg, "自贡高新区消防救援大队原干部"), area=zone,
                                        vertical=True, activities=("fire_safety", "hot_work"), mandate_cite=duties,
                                        principal=("大队长", "Brigade commander"),
                                        deputy=("副大队长", "Deputy brigade commander"), deputies=2)
    c.post(zone_fire, "zone-fire-instructor", "教导员", "Political instructor", "deputy", est)
    for n in (1, 2):
        c.post(zone_fire, f"zone-fire-officer{n}", "消防监督检查干部", "Fire supervision officer", "staff",
               (tdg, "自贡高新区消防救援大队原干部"))

    # ------------------------------------------------------------------ Dangui sub-district (by hand: its office
    # director's post id is -dangui-office-head)
    pc_dg = c.party_committee(dangui, "dangui", "中共自贡高新区丹桂街道工作委员会",
                              "Dangui Sub-district Party Working Committee", tdg)
    c.standard_posts(pc_dg, "dangui-pc", ("党工委书记", "Party working committee secretary"),
                     [Deputy("党工委副书记", "Deputy secretary", cite=(tdg, "丹桂街道党工委副书记、办事处主任")),
                      Deputy("党工委副书记", "Deputy secretary")], principal_cite=(tdg, "自贡高新区丹桂街道原党工委书记"))
    gov_dg = c.government(dangui, "dangui", "自贡高新区丹桂街道办事处", "Dangui Sub-district Office", tdg,
                          parent=zn["gov"])
    c.standard_posts(gov_dg, "dangui-office", ("办事处主任", "Office director"),
                     [Deputy("办事处副主任", "Deputy office director") for _ in range(3)],
                     principal_cite=(tdg, "丹桂街道党工委副书记、办事处主任"))

    # ------------------------------------------------------------------ the building, its users, the work
    jd = c.enterprise("jiuding", "九鼎集团", "Jiuding Group", (gmw, "九鼎集团违规组织无气割作业资格人员气割拆除自动扶梯"),
                      industry="commerce", domicile=zone,
                      description="owner and manager of the Jiuding Building (九鼎川南书城)")
    c.standard_posts(jd, "jiuding", ("董事长", "Chair of the board"),
                     [Deputy("总经理", "General manager", role="principal", local="jiuding-gm"),
                      Deputy("分管安全副总经理", "Deputy general manager for safety"),
                      Deputy("安全管理负责人", "Head of safety management", role="safety_manager",
                             local="jiuding-safety")])
    bldg = c.site("building", "九鼎大楼（九鼎川南书城）", "Jiuding Building (Jiuding Chuannan Book City)", dangui,
                  (gmw, "四川省自贡高新技术产业开发区九鼎川南书城（以下简称九鼎大楼）"), operator=jd, industry="commerce",
                  kind="commercial building (supermarket, billiards club, offices)",
                  description="placed in Dangui sub-district, whose officials the report holds accountable")
    bfj = c.enterprise("baifujia", "百福佳超市", "Baifujia Supermarket",
                       (gmw, "负一层中庭步梯、自动扶梯下方百福佳超市库房（杂物间）"), industry="commerce",
                       description="tenant supermarket on the basement floor")
    c.post(bfj, "baifujia-head", "负责人", "Person in charge", "principal", est)
    c.relate("operates", bfj, bldg, (gmw, "百福佳超市库房"))
    ss = c.enterprise("shengshi", "圣士台球会所", "Shengshi Billiards Club",
                      (gmw, "位于五层的圣士台球会所与中庭之间的防火卷帘顶部未封堵"), industry="hospitality",
                      description="tenant billiards club on the fifth floor")
    c.post(ss, "shengshi-head", "负责人", "Person in charge", "principal", est)
    c.relate("operates", ss, bldg, (gmw, "位于五层的圣士台球会所"))
    cutter = c.enterprise("cutter", "自动扶梯拆除作业承揽人（个人）", "Escalator dismantling contractor (individual)",
                          (gmw, "九鼎集团违规组织无资格人员拆除自动扶梯，未对动用明火实行安全管理，作业人员野蛮施工"),
                          description="an individual engaged to dismantle disused escalators by gas cutting; "
                                      "modelled as an enterprise (model gap)")
    c.post(cutter, "cutter-head", "承揽人", "Contractor (individual)", "principal", est)
    c.relate("contractorAt", cutter, bldg, (gmw, "违规组织无气割作业资格人员气割拆除自动扶梯"),
             qualified=False, scope="气割拆除停用自动扶梯")

    c.accident("四川自贡九鼎大楼“7·17”重大火灾事故", "Zigong Jiuding Building fire of 17 July 2024", bldg, sc["gov"],
               (gmw, "造成16人死亡，39人受伤，直接经济损失2670.18万元"), occurred_on="2024-07-17", deaths=16,
               serious_injuries=0, direct_loss_cny=26701800, accident_type="fire", industry="commerce",
               activities=("hot_work", "construction_work", "fire_safety"),
               description="39 injured; serious injuries not stated on the pages read (recorded as 0). Gas-cutting "
                           "slag ignited combustibles in the supermarket storeroom below.",
               investigation_cite=(gmw, "四川省人民政府常务会议审议通过了四川自贡九鼎大楼“7·17”重大火灾事故调查报告"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
