"""Facts of the Changsha "4·29" self-built house collapse (2022): the structure as it stood before the accident.

Run ``python tests/cases/changsha-2022-0429/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts and portfolios no source gives cite the establishment document.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "changsha-2022-0429"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    report = c.source("report", "湖南长沙“4·29”特别重大居民自建房倒塌事故调查报告(全文)",
                      url="https://news.sina.com.cn/zx/2023-05-21/doc-imyupuza9066797.shtml",
                      publisher="国务院调查组（新浪新闻转载全文）", issued_on="2023-05-21")
    xinhua = c.source("xinhua", "湖南长沙“4·29”特别重大居民自建房倒塌事故调查报告公布",
                      url="https://epaper.xmnn.cn/xmrb/20230522/202305/t20230522_5561448.htm",
                      publisher="新华社（厦门日报刊发）", issued_on="2023-05-22", kind="news_report")
    ycwb = c.source("ycwb", "湖南长沙“4·29”特别重大居民自建房倒塌事故调查报告公布 4名中管干部被问责",
                    url="http://ep.ycwb.com/epaper/ycwb/html/2023-05/22/content_3_574437.htm",
                    publisher="新华社（羊城晚报刊发）", issued_on="2023-05-22", kind="news_report")
    chinanews = c.source("chinanews", "湖南查处长沙居民自建房倒塌事故责任人 追责问责62名公职人员",
                         url="https://www.hn.chinanews.com.cn/news/hwmtkhn/2023/0530/473253.html",
                         publisher="中国新闻网（中新社长沙5月21日电）", issued_on="2023-05-30", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties (Work Safety Law Art. 10, 三管三必须), "
                              "not from a source about this case.")
    est = c.establishment

    # ------------------------------------------------------------------ areas
    cn = c.country()
    hunan = c.area("hunan", "湖南省", "Hunan Province", "provincial", cn, xinhua, code="430000")
    changsha = c.area("changsha", "长沙市", "Changsha", "prefectural", hunan, xinhua, code="430100")
    wangcheng = c.area("wangcheng", "长沙市望城区", "Wangcheng District", "county", changsha, xinhua, code="430112")
    jsq = c.area("jinshanqiao", "金山桥街道", "Jinshanqiao Sub-district", "township", wangcheng,
                 (xinhua, "湖南省长沙市望城区金山桥街道金坪社区盘树湾组发生一起特别重大居民自建房倒塌事故"))

    # ------------------------------------------------------------------ national level (investigates)
    nat = c.central_leadership(cn, est)
    c.relate("jurisdiction", nat["gov"], cn, report)
    for local, zh, en, kw in (
        ("mohurd", "住房和城乡建设部", "Ministry of Housing and Urban-Rural Development",
         {"industries": ("housing_municipal_construction",)}),
        ("mem", "应急管理部", "Ministry of Emergency Management", {"comprehensive": cn}),
        ("mnr", "自然资源部", "Ministry of Natural Resources", {}),
        ("samr", "国家市场监督管理总局", "State Administration for Market Regulation", {"activities": ("special_equipment",)}),
    ):
        c.department_with_posts(nat["gov"], f"cn-{local}", zh, en, est, area=cn, mandate_cite=duties,
                                principal=("部长", "Minister"), deputy=("副部长", "Vice Minister"), deputies=4, **kw)

    # two anonymous persons the sources follow across posts (one tenure in Changsha, a later one elsewhere)
    chen_quote = "2016年12月至2021年12月先后担任长沙市委副书记、市长和湖南省政府分管住房城乡建设工作的副省长"
    mayor_then_secretary = c.person()  # 市长 2013-12..2016-11, 市委书记 2017-07..2020-10
    mayor_then_vice_governor = c.person()  # 市长 2016-12..(2018-02), then 副省长 (分管住建) to 2021-12

    # ------------------------------------------------------------------ Hunan
    hn = c.territory(hunan, "hunan", ycwb, head_is_deputy_secretary=True,
                     party=("中共湖南省委员会", "Hunan Provincial Party Committee"),
                     government=("湖南省人民政府", "Hunan Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=1, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[
                         Deputy("常务副省长", "Executive vice governor"),
                         Deputy("副省长（分管住房城乡建设）", "Vice governor for housing and urban-rural development",
                                ("urban_construction",),
                                (ycwb, "湖南省政府分管住房城乡建设工作的副省长"), local="hunan-gov-deputy-zj",
                                holders=[Tenure(valid_from="2018-02-01", valid_to="2021-12-31",
                                                person=mayor_then_vice_governor,
                                                cite=(ycwb, chen_quote)),
                                         Tenure(valid_from="2021-12-31")]),
                         Deputy("副省长", "Vice governor"), Deputy("副省长", "Vice governor"),
                         Deputy("副省长", "Vice governor"), Deputy("副省长", "Vice governor")],
                     safety_committee=("湖南省安全生产委员会", "Hunan Work Safety Committee"))
    c.department_with_posts(hn["gov"], "hunan-zjt", "湖南省住房和城乡建设厅", "Hunan Department of Housing and Urban-Rural Development",
                            chinanews, area=hunan, industries=("housing_municipal_construction",), mandate_cite=duties,
                            principal=("厅长", "Director-general"), deputy=("副厅长", "Deputy director-general"), deputies=4)
    c.department_with_posts(hn["gov"], "hunan-zrt", "湖南省自然资源厅", "Hunan Department of Natural Resources", chinanews,
                            area=hunan, principal=("厅长", "Director-general"), deputy=("副厅长", "Deputy director-general"),
                            deputies=4)
    scj = c.department_with_posts(hn["gov"], "hunan-scj", "湖南省市场监督管理局", "Hunan Administration for Market Regulation",
                                  chinanews, area=hunan, activities=("special_equipment",), mandate_cite=duties, deputies=4)
    rzc = c.department(scj, "hunan-scj-rzc", "湖南省市场监督管理局认可与检验检测监督管理处",
                       "Accreditation, Inspection and Testing Supervision Division", chinanews,
                       description="supervises inspection and testing bodies (including house-safety testing firms)")
    c.standard_posts(rzc, "hunan-scj-rzc", ("处长", "Division chief"), [Deputy("副处长", "Deputy division chief")])
    c.post(rzc, "hunan-scj-rzc-staff1", "二级调研员", "Second-grade researcher (rank post)", "staff",
           (chinanews, "湖南省市场监督管理局认可与检验检测监督管理处二级调研员"))
    c.department_with_posts(hn["gov"], "hunan-yjt", "湖南省应急管理厅", "Hunan Department of Emergency Management", est,
                            area=hunan, comprehensive=hunan, mandate_cite=duties,
                            principal=("厅长", "Director-general"), deputy=("副厅长", "Deputy director-general"), deputies=4)

    # ------------------------------------------------------------------ Changsha city
    cs = c.territory(changsha, "changsha", chinanews, head_is_deputy_secretary=True,
                     party=("中共长沙市委员会", "Changsha Municipal Party Committee"),
                     government=("长沙市人民政府", "Changsha Municipal Government"),
                     secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                     party_deputies=1, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                     government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                     [Deputy("副市长", "Vice mayor") for _ in range(6)],
                     safety_committee=("长沙市安全生产委员会", "Changsha Work Safety Committee"),
                     secretary_holders=[
                         Tenure(valid_from="2017-07-01", valid_to="2020-10-01", person=mayor_then_secretary,
                                cite=(ycwb, "2017年7月至2020年10月担任长沙市委书记")),
                         Tenure(valid_from="2020-10-01", valid_to="2021-02-01", cite=est),
                         Tenure(valid_from="2021-02-01", cite=(ycwb, "自2021年2月担任长沙市委书记以来"))],
                     head_holders=[
                         Tenure(valid_from="2013-12-01", valid_to="2016-11-01", person=mayor_then_secretary,
                                cite=(ycwb, "2013年12月至2016年11月担任长沙市委副书记、代市长、市长")),
                         Tenure(valid_from="2016-12-01", valid_to="2018-02-01", person=mayor_then_vice_governor,
                                cite=(ycwb, "2016年12月至2021年12月先后担任长沙市委副书记、市长和湖南省政府分管住房城乡建设工作的副省长")),
                         Tenure(valid_from="2018-02-01", valid_to="2020-01-01",
                                cite=(ycwb, "2018年2月至2020年1月担任长沙市委副书记、代市长、市长")),
                         Tenure(valid_from="2020-01-01", cite=(chinanews, "长沙市委副书记、市长"))])
    c.department_with_posts(cs["gov"], "changsha-zjj", "长沙市住房和城乡建设局", "Changsha Housing and Urban-Rural Development Bureau",
                            chinanews, area=changsha, industries=("housing_municipal_construction",), mandate_cite=duties,
                            deputies=4)
    c.department_with_posts(cs["gov"], "changsha-zrgh", "长沙市自然资源和规划局", "Changsha Natural Resources and Planning Bureau",
                            est, area=changsha, deputies=4)
    c.department_with_posts(cs["gov"], "changsha-scj", "长沙市市场监督管理局", "Changsha Market Regulation Bureau", est,
                            area=changsha, activities=("special_equipment",), mandate_cite=duties, deputies=4)
    c.department_with_posts(cs["gov"], "changsha-yjj", "长沙市应急管理局", "Changsha Emergency Management Bureau", est,
                            area=changsha, comprehensive=changsha, mandate_cite=duties, deputies=3)
    c.department_with_posts(cs["gov"], "changsha-ga", "长沙市公安局", "Changsha Public Security Bureau", est, area=changsha,
                            deputies=4)

    # ------------------------------------------------------------------ Wangcheng district
    wc = c.territory(wangcheng, "wangcheng", chinanews, head_is_deputy_secretary=True,
                     party=("中共长沙市望城区委员会", "Wangcheng District Party Committee"),
                     government=("长沙市望城区人民政府", "Wangcheng District Government"),
                     secretary=("区委书记", "District party secretary"), head=("区长", "District head"),
                     party_deputies=1, party_deputy=("区委副书记", "Deputy district party secretary"),
                     government_deputies=[Deputy("副区长", "Deputy district head", local="wangcheng-gov-deputy1",
                                                 cite=(chinanews, "望城区政府原党组成员、副区长")),
                                          Deputy("常务副区长", "Executive deputy district head")] +
                     [Deputy("副区长", "Deputy district head") for _ in range(4)],
                     safety_committee=("长沙市望城区安全生产委员会", "Wangcheng Work Safety Committee"))
    c.department_with_posts(wc["gov"], "wangcheng-zjj", "长沙市望城区住房和城乡建设局", "Wangcheng Housing and Urban-Rural Development Bureau",
                            chinanews, area=wangcheng, industries=("housing_municipal_construction",), mandate_cite=duties,
                            deputies=3)
    cgj = c.department_with_posts(wc["gov"], "wangcheng-cgj", "长沙市望城区城市管理和综合执法局",
                                  "Wangcheng Urban Management and Law Enforcement Bureau", chinanews, area=wangcheng,
                                  activities=("construction_work",), mandate_cite=duties, deputies=3,
                                  description="enforces against illegal construction (违法建设查处)")
    jsq_sq = c.department(cgj, "wangcheng-cgj-jsq", "长沙市望城区城市管理和综合执法局金山桥中队", "Jinshanqiao enforcement squad",
                          (chinanews, "金山桥中队原中队长"), area=jsq)
    c.standard_posts(jsq_sq, "wangcheng-cgj-jsq", ("中队长", "Squad leader"), [Deputy("副中队长", "Deputy squad leader")])
    ga = c.department_with_posts(wc["gov"], "wangcheng-ga", "长沙市公安局望城分局", "Wangcheng Branch, Changsha Public Security Bureau",
                                 chinanews, area=wangcheng, deputies=4, principal=("分局局长", "Branch director"),
                                 deputy=("副局长", "Deputy director"), description="branch of the city bureau (分局)")
    c.relate("subunitOf", ga, c.id("dept", "changsha-ga"), est)
    zadd = c.department(ga, "wangcheng-ga-zadd", "长沙市公安局望城分局治安管理大队", "Public order brigade", chinanews,
                        area=wangcheng, description="public order (治安) supervision of rental housing")
    c.standard_posts(zadd, "wangcheng-ga-zadd", ("大队长", "Brigade leader"),
                     [Deputy("副大队长", "Deputy brigade leader", cite=(chinanews, "治安管理大队副大队长")),
                      Deputy("副大队长", "Deputy brigade leader")])
    c.department_with_posts(wc["gov"], "wangcheng-zrj", "长沙市自然资源局望城分局", "Wangcheng Natural Resources Branch", est,
                            area=wangcheng, deputies=3)
    c.department_with_posts(wc["gov"], "wangcheng-scj", "长沙市望城区市场监督管理局", "Wangcheng Market Regulation Bureau", est,
                            area=wangcheng, activities=("special_equipment",), mandate_cite=duties, deputies=3)
    c.department_with_posts(wc["gov"], "wangcheng-yjj", "长沙市望城区应急管理局", "Wangcheng Emergency Management Bureau", est,
                            area=wangcheng, comprehensive=wangcheng, mandate_cite=duties, deputies=3)

    # ------------------------------------------------------------------ Jinshanqiao sub-district
    c.territory(jsq, "jinshanqiao", xinhua, head_is_deputy_secretary=True,
                     party=("中共长沙市望城区金山桥街道工作委员会", "Jinshanqiao Sub-district Party Working Committee"),
                government=("长沙市望城区金山桥街道办事处", "Jinshanqiao Sub-district Office"),
                secretary=("党工委书记", "Party working committee secretary"), head=("办事处主任", "Office director"),
                party_deputies=0, party_deputy=("党工委副书记", "Deputy secretary"),
                government_deputies=3, government_deputy=("办事处副主任", "Deputy office director"),
                parent_government=wc["gov"])

    # ------------------------------------------------------------------ the building and the accident
    house = c.site("house", "金坪社区盘树湾组居民自建房", "Self-built residential building, Panshuwan group, Jinping community",
                   jsq, (xinhua, "违法违规建设的原五层（局部六层）房屋……违法违规加层扩建至八层（局部九层）"),
                   industry="housing_municipal_construction", kind="self-built house let for business")
    c.hazard("addition", "违法违规加层扩建，荷载大幅增加", "Illegal additional storeys, load greatly increased", house,
                   (xinhua, "违法违规加层扩建至八层（局部九层）后，荷载大幅增加"), found_on="2022-04-29", grade="major",
                   category="unsafe_condition", found_through="investigation",
                   description="the report states the building was extended illegally; "
                               "the date it could first have been found is not on the pages read")
    c.accident("湖南长沙“4·29”特别重大居民自建房倒塌事故", "Changsha Wangcheng self-built house collapse of 29 April 2022",
               house, nat["gov"], (xinhua, "造成54人死亡、9人受伤，直接经济损失9077.86万元"), occurred_on="2022-04-29",
               deaths=54, serious_injuries=0, direct_loss_cny=90778600, accident_type="collapse",
               industry="housing_municipal_construction", activities=("construction_work",),
               description="9 injured; serious injuries not stated on the pages read (recorded as 0)",
               investigation_cite=(xinhua, "经国务院事故调查组调查认定"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
