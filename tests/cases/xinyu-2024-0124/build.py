"""Facts of the Xinyu Jialeyuan street-front shops "1·24" fire (2024): the structure before the accident.

Run ``python tests/cases/xinyu-2024-0124/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts, bodies and mandates no source gives cite the establishment or
duties documents. The stored sources are state-media summaries and a compiled list of the officials held accountable
(the full report was not readable here).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "xinyu-2024-0124"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    bjd = c.source("bjd", "致39人遇难！江西特别重大火灾事故调查报告公布，3名中管干部被问责——",
                   url="https://freewechat.com/a/MjM5NTE1OTQyMQ==/2651414280/1",
                   publisher="北京日报（据新华社；微信文章转载页）", issued_on="2024-10-02", kind="news_report")
    cn_ = c.source("china", "江西火灾事故55名公职人员被问责 高层领导承担失职责任",
                   url="https://news.china.com/socialgd/10000169/20240921/47252676.html",
                   publisher="中华网（转载极目新闻）", issued_on="2024-09-21", kind="news_report")
    lst = c.source("list", "新余火灾中住建、消防被追究17人，其中2人为刑事责任，责任重压力大啊……",
                   url="https://wxredian.com/art?id=fa7b8865782bdc6ee5d39458fa422e3e",
                   publisher="微信文章转载页（非官方站点；汇总已公布的追责人员名单）", issued_on="2024-10-29",
                   kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties (Work Safety Law Art. 10, Fire Protection "
                              "Law, 三管三必须), not from a source about this case.")
    est = c.establishment
    ting: dict[str, Any] = {"principal": ("厅长", "Director-general"), "deputy": ("副厅长", "Deputy director-general"),
                            "deputies": 3}
    fire: dict[str, Any] = {"vertical": True, "activities": ("fire_safety", "hot_work"), "mandate_cite": duties}
    housing: dict[str, Any] = {"industries": ("construction",), "activities": ("construction_work",),
                               "mandate_cite": duties}

    # ------------------------------------------------------------------ areas
    cn = c.country()
    jx = c.area("jiangxi", "江西省", "Jiangxi Province", "provincial", cn, bjd, code="360000")
    xy = c.area("xinyu", "新余市", "Xinyu", "prefectural", jx, bjd, code="360500")
    ys = c.area("yushui", "新余市渝水区", "Yushui District", "county", xy,
                (bjd, "江西省新余市渝水区佳乐苑小区临街商住综合楼"), code="360502")

    # ------------------------------------------------------------------ national level (investigates)
    pc_cn = c.party_committee(cn, "cn", "中国共产党中央委员会", "CPC Central Committee", est)
    c.standard_posts(pc_cn, "cn-pc", ("总书记", "General Secretary"))
    gov_cn = c.government(cn, "state-council", "中华人民共和国国务院", "State Council",
                          (bjd, "国务院常务会议审议通过了江西新余佳乐苑临街店铺“1·24”特别重大火灾事故调查报告"))
    c.standard_posts(gov_cn, "state-council", ("总理", "Premier"), [Deputy("副总理", "Vice Premier") for _ in range(4)])
    sc_cn = c.safety_committee(gov_cn, "cn", "国务院安全生产委员会", "State Council Work Safety Committee", est)
    c.post(sc_cn, "cn-sc-head", "主任", "Chair", "principal",
           holders=[Tenure(person=c.holder_of(c.id("post", "state-council-head")))],
           description="chaired by the government head (establishment)")
    bu: dict[str, Any] = {"principal": ("部长", "Minister"), "deputy": ("副部长", "Vice Minister"), "deputies": 4}
    c.department_with_posts(gov_cn, "cn-mem", "应急管理部", "Ministry of Emergency Management", (bjd, "由应急管理部牵头"),
                            area=cn, comprehensive=cn, mandate_cite=duties, **bu)
    c.department_with_posts(gov_cn, "cn-mohurd", "住房和城乡建设部", "Ministry of Housing and Urban-Rural Development",
                            (bjd, "住房城乡建设部"), area=cn, **housing, **bu)
    c.department_with_posts(gov_cn, "cn-moe", "教育部", "Ministry of Education", (bjd, "教育部"), area=cn, **bu)
    c.department_with_posts(gov_cn, "cn-samr", "国家市场监督管理总局", "State Administration for Market Regulation",
                            (bjd, "市场监管总局"), area=cn, activities=("special_equipment",), mandate_cite=duties, **bu)
    nfra = c.department_with_posts(gov_cn, "cn-fire", "国家消防救援局", "National Fire and Rescue Administration",
                                   (bjd, "国家消防救援局"), area=cn, principal=("局长", "Director"),
                                   deputy=("副局长", "Deputy director"), deputies=3, **fire)

    # ------------------------------------------------------------------ Jiangxi
    jxg = c.territory(jx, "jiangxi", bjd, party=("中共江西省委员会", "Jiangxi Provincial Party Committee"),
                      government=("江西省人民政府", "Jiangxi Provincial Government"),
                      secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                      party_deputies=2, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                      government_deputies=[
                          Deputy("常务副省长", "Executive vice governor"),
                          Deputy("副省长（负责安全生产，分管人防、消防）",
                                 "Vice governor for work safety, civil air defence and fire services",
                                 ("work_safety", "fire_safety"),
                                 (cn_, "作为负责安全生产及分管人防、消防工作的省委常委、副省长"),
                                 local="jiangxi-gov-deputy-safety"),
                          Deputy("副省长（分管住建）", "Vice governor for housing and urban-rural development",
                                 ("urban_construction",), (cn_, "在担任省政府党组成员、副省长期间，负责分管住建部门"),
                                 local="jiangxi-gov-deputy-housing"),
                          Deputy("副省长（分管教育）", "Vice governor for education", (),
                                 (cn_, "作为分管教育部门的省政府党组成员、副省长"), local="jiangxi-gov-deputy-education")] +
                      [Deputy("副省长", "Vice governor") for _ in range(3)],
                      safety_committee=("江西省安全生产委员会", "Jiangxi Work Safety Committee"))
    c.department_with_posts(jxg["gov"], "jiangxi-em", "江西省应急管理厅", "Jiangxi Department of Emergency Management", est,
                            area=jx, comprehensive=jx, mandate_cite=duties, **ting)
    c.department_with_posts(jxg["gov"], "jiangxi-housing", "江西省住房和城乡建设厅",
                            "Jiangxi Department of Housing and Urban-Rural Development",
                            (lst, "江西省住房和城乡建设厅党组书记、厅长"), area=jx, **housing,
                            principal=("厅长", "Director-general"),
                            deputies=[Deputy("副厅长", "Deputy director-general",
                                             cite=(lst, "曾任江西省住房和城乡建设厅党组成员、副厅长"))] +
                            [Deputy("副厅长", "Deputy director-general") for _ in range(3)])
    c.department_with_posts(jxg["gov"], "jiangxi-rf", "江西省人民防空办公室", "Jiangxi Civil Air Defence Office",
                            (lst, "曾任江西省人民防空办公室党组书记、主任"), area=jx, principal=("主任", "Director"),
                            deputy=("副主任", "Deputy director"), deputies=2,
                            description="supervises civil air defence works, including basements")
    c.department_with_posts(jxg["gov"], "jiangxi-edu", "江西省教育厅", "Jiangxi Department of Education", est, area=jx,
                            **ting)
    c.department_with_posts(jxg["gov"], "jiangxi-samr", "江西省市场监督管理局", "Jiangxi Administration for Market Regulation",
                            est, area=jx, activities=("special_equipment",), mandate_cite=duties, deputies=3)
    jx_fire = c.department_with_posts(nfra, "jiangxi-fire", "江西省消防救援总队", "Jiangxi Fire and Rescue Corps",
                                      (lst, "江西省消防救援总队原总队长"), area=jx,
                                      principal=("总队长", "Corps commander"),
                                      deputies=[Deputy("副总队长", "Deputy corps commander",
                                                       cite=(lst, "江西省消防救援总队副总队长")),
                                                Deputy("副总队长", "Deputy corps commander")], **fire)

    # ------------------------------------------------------------------ Xinyu city
    xyg = c.territory(xy, "xinyu", bjd, party=("中共新余市委员会", "Xinyu Municipal Party Committee"),
                      government=("新余市人民政府", "Xinyu Municipal Government"),
                      secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                      party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                      government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                      [Deputy("副市长", "Vice mayor") for _ in range(5)],
                      safety_committee=("新余市安全生产委员会", "Xinyu Work Safety Committee"))
    c.department_with_posts(xyg["gov"], "city-em", "新余市应急管理局", "Xinyu Emergency Management Bureau", est, area=xy,
                            comprehensive=xy, mandate_cite=duties, deputies=3)
    c.department_with_posts(xyg["gov"], "city-housing", "新余市住房和城乡建设局", "Xinyu Housing and Urban-Rural Development Bureau",
                            (lst, "新余市住房和城乡建设局党组书记、局长"), area=xy, **housing,
                            deputies=[Deputy("副局长", "Deputy director", cite=(lst, "新余市住房和城乡建设局党组成员、副局长"))
                                      for _ in range(2)] + [Deputy("副局长", "Deputy director")])
    c.department_with_posts(xyg["gov"], "city-edu", "新余市教育局", "Xinyu Education Bureau", est, area=xy, deputies=3)
    c.department_with_posts(xyg["gov"], "city-samr", "新余市市场监督管理局", "Xinyu Market Regulation Bureau", est, area=xy,
                            activities=("special_equipment",), mandate_cite=duties, deputies=3)
    city_fire = c.department_with_posts(jx_fire, "city-fire", "新余市消防救援支队", "Xinyu Fire and Rescue Detachment",
                                        (lst, "新余市消防救援支队支队长"), area=xy,
                                        principal=("支队长", "Detachment commander"),
                                        deputies=[Deputy("副支队长", "Deputy detachment commander",
                                                         cite=(lst, "新余市消防救援支队副支队长")),
                                                  Deputy("副支队长", "Deputy detachment commander")], **fire)

    # ------------------------------------------------------------------ Yushui district
    ysg = c.territory(ys, "yushui", bjd, party=("中共新余市渝水区委员会", "Yushui District Party Committee"),
                      government=("新余市渝水区人民政府", "Yushui District Government"),
                      secretary=("区委书记", "District party secretary"), head=("区长", "District head"),
                      party_deputies=2, party_deputy=("区委副书记", "Deputy district party secretary"),
                      government_deputies=[Deputy("常务副区长", "Executive deputy district head")] +
                      [Deputy("副区长", "Deputy district head") for _ in range(4)],
                      safety_committee=("新余市渝水区安全生产委员会", "Yushui Work Safety Committee"))
    c.department_with_posts(ysg["gov"], "yushui-em", "新余市渝水区应急管理局", "Yushui Emergency Management Bureau", est,
                            area=ys, comprehensive=ys, mandate_cite=duties, deputies=2)
    ysh = c.department_with_posts(ysg["gov"], "yushui-housing", "新余市渝水区住房和城乡建设局",
                                  "Yushui Housing and Urban-Rural Development Bureau", (lst, "渝水区住房和城乡建设局党组副书记"),
                                  area=ys, **housing, deputies=2)
    centre = c.department(ysh, "yushui-housing-centre", "渝水区住房保障和城镇发展服务中心",
                          "Yushui Housing Security and Urban Development Service Centre",
                          (lst, "渝水区住房和城乡建设局党组副书记、住房保障和城镇发展服务中心主任"), area=ys)
    c.standard_posts(centre, "yushui-housing-centre", ("主任", "Director"), [Deputy("副主任", "Deputy director")],
                     principal_cite=(lst, "住房保障和城镇发展服务中心主任"))
    c.department_with_posts(ysg["gov"], "yushui-edu", "新余市渝水区教育体育局", "Yushui Education and Sports Bureau", est,
                            area=ys, deputies=2)
    c.department_with_posts(city_fire, "yushui-fire", "新余市渝水区消防救援大队", "Yushui Fire and Rescue Brigade", est,
                            area=ys, principal=("大队长", "Brigade commander"),
                            deputy=("副大队长", "Deputy brigade commander"), deputies=2, **fire)

    # ------------------------------------------------------------------ the building and its users
    owner = c.enterprise("owner", "涉事房主（个人）", "Owner of the basement (individual)",
                         (bjd, "涉事房主违法违规改变商住综合楼地下一层用途用作出租经营"),
                         description="an individual letting the basement for business; modelled as an enterprise")
    c.post(owner, "owner-head", "房主", "Owner", "principal", est)
    bldg = c.site("building", "佳乐苑小区临街商住综合楼", "Jialeyuan street-front commercial and residential building", ys,
                  (bjd, "江西省新余市渝水区佳乐苑小区临街商住综合楼"), operator=owner, industry="hospitality",
                  kind="commercial-residential building: basement cold store under construction, training "
                       "institution and hotel on the second floor")
    builder = c.enterprise("coldstore-builder", "冷库建设施工单位", "Cold-store construction contractor",
                           (bjd, "冷库建设施工单位违规建设冷库时起火"), industry="construction",
                           description="not named on the pages read")
    c.post(builder, "coldstore-builder-head", "负责人", "Person in charge", "principal", est)
    c.relate("contractorAt", builder, bldg, (bjd, "冷库建设施工单位违规建设冷库时起火"), scope="地下一层冷库建设")
    boyi = c.enterprise("boyi", "涉事教育培训机构（二层）", "Training institution (second floor)",
                        (bjd, "教育培训机构和宾馆违规经营"), description="not named on the pages read")
    c.post(boyi, "boyi-head", "负责人", "Person in charge", "principal", est)
    c.relate("operates", boyi, bldg, (bjd, "教育培训机构和宾馆违规经营"))
    hotel = c.enterprise("hotel", "涉事宾馆（二层）", "Hotel (second floor)", (bjd, "教育培训机构和宾馆违规经营"),
                         industry="hospitality", description="not named on the pages read")
    c.post(hotel, "hotel-head", "负责人", "Person in charge", "principal", est)
    c.relate("operates", hotel, bldg, (bjd, "教育培训机构和宾馆违规经营"))

    c.accident("江西新余佳乐苑临街店铺“1·24”特别重大火灾事故", "Xinyu Jialeyuan street-front shops fire of 24 January 2024",
               bldg, gov_cn, (bjd, "造成39人死亡、9人受伤，直接经济损失4352.84万元"), occurred_on="2024-01-24",
               deaths=39, serious_injuries=0, direct_loss_cny=43528400, accident_type="fire", industry="hospitality",
               activities=("construction_work", "fire_safety"),
               description="9 injured; serious injuries not stated on the pages read (recorded as 0). The fire "
                           "started while a cold store was being built illegally in the basement.",
               investigation_cite=(bjd, "经国务院批准，成立了由应急管理部牵头……的国务院江西新余佳乐苑临街店铺“1·24”特别重大火灾事故调查组"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
