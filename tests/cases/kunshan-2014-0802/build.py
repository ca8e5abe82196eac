"""Facts of the Kunshan Zhongrong "8·2" aluminium dust explosion (2014): the structure before the accident.

Run ``python tests/cases/kunshan-2014-0802/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts, bodies and mandates no source gives cite the establishment or
duties documents. Bodies are those of 2014 (work safety bureaus before the 2018 reform; fire service under public
security). The stored sources are Xinhua / People's Daily summaries (the full report was not readable here).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "kunshan-2014-0802"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    brief = c.source("xinhua-brief", "国务院对昆山“8·2”事故责任人作出处理",
                     url="http://news.sina.com.cn/c/2014-12-30/183331345361.shtml",
                     publisher="新华社（记者董峻、徐庆松；新浪网转载）", issued_on="2014-12-30", kind="news_report")
    lst = c.source("xinhua-list", "江苏昆山爆炸146人亡 副省长……被记过", url="https://caijingsc.com/news/show-4338.html",
                   publisher="新华社电（转载页，注明来源新浪财经；报道国务院对事故调查报告的批复）", issued_on="2014-12-30",
                   kind="news_report",
                   description="title shortened here: the person it names appears only in case.json")
    wire = c.source("xinhua-wire", "国务院处理江苏昆山特大爆炸事故 副省长被记过",
                    url="http://fzzx.org.cn/index.php?c=show&id=41199",
                    publisher="新华网北京12月30日电（记者徐庆松；转载页）", issued_on="2014-12-30", kind="news_report")
    verdict = c.source("verdict", "昆山“8.2”爆炸事故宣判 14名责任人一审获刑",
                       url="http://www.mkcnfr.com/c/2016-02-03/693795.shtml",
                       publisher="新华社（记者刘巍巍；转载页）", issued_on="2016-02-03", kind="news_report")
    spp = c.source("procuratorate", "昆山爆炸致146人死亡，查出7人重大受贿", url="https://www.bbaqw.com/wz/4257.htm",
                   publisher="人民网（转载页，报道最高人民检察院工作报告）", issued_on="2015-03-12", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（2014年机构，非来源记载）",
                              "Mandates from the division of duties as it stood in 2014 (Work Safety Law 2002/2009 "
                              "Art. 9, work safety bureaus supervising industry and trade), not from a source about "
                              "this case.")
    est = c.establishment
    ting: dict[str, Any] = {"principal": ("厅长", "Director-general"), "deputy": ("副厅长", "Deputy director-general"), "deputies": 3}

    # ------------------------------------------------------------------ areas
    cn = c.country()
    js = c.area("jiangsu", "江苏省", "Jiangsu Province", "provincial", cn, wire, code="320000")
    sz = c.area("suzhou", "苏州市", "Suzhou", "prefectural", js, wire, code="320500")
    ks = c.area("kunshan", "昆山市", "Kunshan (county-level city)", "county", sz, wire, code="320583")
    zone = c.area("zone", "昆山经济技术开发区", "Kunshan Economic and Technological Development Zone", "township", ks,
                  (wire, "位于江苏省苏州市昆山市昆山经济技术开发区的昆山中荣金属制品有限公司"),
                  description="state-level development zone with a party working committee and a management committee; "
                              "placed as township level (no zone level in adminLevel)")

    # ------------------------------------------------------------------ national level (investigates)
    # by hand, so that the investigating government's id reads gov/<slug>-state-council
    pc_cn = c.party_committee(cn, "cn", "中国共产党中央委员会", "CPC Central Committee", est)
    c.standard_posts(pc_cn, "cn-pc", ("总书记", "General Secretary"))
    gov_cn = c.government(cn, "state-council", "中华人民共和国国务院", "State Council",
                          (wire, "国务院日前对江苏昆山市中荣金属制品有限公司“8·2”特别重大铝粉尘爆炸事故调查报告作出批复"))
    c.standard_posts(gov_cn, "state-council", ("总理", "Premier"), [Deputy("副总理", "Vice Premier") for _ in range(4)])
    sc_cn = c.safety_committee(gov_cn, "cn", "国务院安全生产委员会", "State Council Work Safety Committee", est)
    c.post(sc_cn, "cn-sc-head", "主任", "Chair", "principal", holders=[Tenure(person=c.holder_of(c.id("post", "state-council-head")))],
           description="chaired by the government head (establishment)")
    nat = {"gov": gov_cn}
    bu: dict[str, Any] = {"principal": ("局长", "Director"), "deputy": ("副局长", "Deputy director"), "deputies": 4}
    c.department_with_posts(nat["gov"], "cn-saws", "国家安全生产监督管理总局", "State Administration of Work Safety",
                            (wire, "中国安监总局30日发布消息称"), area=cn, comprehensive=cn,
                            industries=("industry_trade",), mandate_cite=duties, **bu)
    c.department_with_posts(nat["gov"], "cn-mps", "公安部", "Ministry of Public Security", est, area=cn,
                            activities=("fire_safety",), mandate_cite=duties, principal=("部长", "Minister"),
                            deputy=("副部长", "Vice Minister"), deputies=4,
                            description="in 2014 the fire service was part of public security")
    c.department_with_posts(nat["gov"], "cn-miit", "工业和信息化部", "Ministry of Industry and Information Technology",
                            est, area=cn, industries=("machinery",), mandate_cite=duties, principal=("部长", "Minister"),
                            deputy=("副部长", "Vice Minister"), deputies=4)

    # ------------------------------------------------------------------ Jiangsu
    jsg = c.territory(js, "jiangsu", wire, party=("中共江苏省委员会", "Jiangsu Provincial Party Committee"),
                      government=("江苏省人民政府", "Jiangsu Provincial Government"),
                      secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                      party_deputies=2, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                      government_deputies=[Deputy("副省长", "Vice governor", cite=(wire, "江苏省政府党组成员、副省长"))] +
                      [Deputy("常务副省长", "Executive vice governor", local="jiangsu-gov-exec")] +
                      [Deputy("副省长", "Vice governor") for _ in range(5)],
                      safety_committee=("江苏省安全生产委员会", "Jiangsu Work Safety Committee"))
    c.department_with_posts(jsg["gov"], "jiangsu-saws", "江苏省安全生产监督管理局", "Jiangsu Work Safety Bureau",
                            (wire, "江苏省安全监管局党组书记、局长"), area=js, comprehensive=js,
                            industries=("industry_trade",), mandate_cite=duties, **bu)
    c.department_with_posts(jsg["gov"], "jiangsu-zjt", "江苏省住房和城乡建设厅",
                            "Jiangsu Department of Housing and Urban-Rural Development",
                            (lst, "由江苏省住房城乡建设、安全监管和环境保护部门……进行处罚"), area=js,
                            industries=("construction",), mandate_cite=duties, **ting)
    c.department_with_posts(jsg["gov"], "jiangsu-hbt", "江苏省环境保护厅", "Jiangsu Department of Environmental Protection",
                            (lst, "由江苏省住房城乡建设、安全监管和环境保护部门……进行处罚"), area=js, **ting)
    c.department_with_posts(jsg["gov"], "jiangsu-jxw", "江苏省经济和信息化委员会",
                            "Jiangsu Economic and Information Technology Commission", est, area=js,
                            industries=("machinery",), mandate_cite=duties, principal=("主任", "Director"),
                            deputy=("副主任", "Deputy director"), deputies=3)
    gat = c.department_with_posts(jsg["gov"], "jiangsu-gat", "江苏省公安厅", "Jiangsu Department of Public Security", est,
                                  area=js, **ting)
    c.department_with_posts(gat, "jiangsu-fire", "江苏省公安消防总队", "Jiangsu Public Security Fire Corps", est,
                            area=js, activities=("fire_safety",), mandate_cite=duties,
                            principal=("总队长", "Corps commander"), deputy=("副总队长", "Deputy corps commander"),
                            deputies=2)

    # ------------------------------------------------------------------ Suzhou
    szg = c.territory(sz, "suzhou", wire, party=("中共苏州市委员会", "Suzhou Municipal Party Committee"),
                      government=("苏州市人民政府", "Suzhou Municipal Government"),
                      secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                      party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                      government_deputies=[Deputy("副市长", "Vice mayor", cite=(wire, "苏州市政府党组成员、副市长……记大过处分"))
                                           for _ in range(2)] +
                      [Deputy("常务副市长", "Executive vice mayor", local="suzhou-gov-exec")] +
                      [Deputy("副市长", "Vice mayor") for _ in range(4)],
                      safety_committee=("苏州市安全生产委员会", "Suzhou Work Safety Committee"))
    c.department_with_posts(szg["gov"], "suzhou-saws", "苏州市安全生产监督管理局", "Suzhou Work Safety Bureau",
                            (wire, "苏州市安全监管局党组书记、局长"), area=sz, comprehensive=sz,
                            industries=("industry_trade",), mandate_cite=duties,
                            deputies=3)
    c.department_with_posts(szg["gov"], "suzhou-zjj", "苏州市住房和城乡建设局", "Suzhou Housing and Urban-Rural Development Bureau",
                            est, area=sz, industries=("construction",), mandate_cite=duties, deputies=3)
    c.department_with_posts(szg["gov"], "suzhou-hbj", "苏州市环境保护局", "Suzhou Environmental Protection Bureau", est,
                            area=sz, deputies=3)
    c.department_with_posts(szg["gov"], "suzhou-jxw", "苏州市经济和信息化委员会", "Suzhou Economic and Information Technology Commission",
                            est, area=sz, industries=("machinery",), mandate_cite=duties, principal=("主任", "Director"),
                            deputy=("副主任", "Deputy director"), deputies=3)
    c.department_with_posts(szg["gov"], "suzhou-fire", "苏州市公安消防支队", "Suzhou Public Security Fire Detachment", est,
                            area=sz, activities=("fire_safety",), mandate_cite=duties,
                            principal=("支队长", "Detachment commander"), deputy=("副支队长", "Deputy commander"),
                            deputies=2)

    # ------------------------------------------------------------------ Kunshan city
    ksg = c.territory(ks, "kunshan", lst, party=("中共昆山市委员会", "Kunshan Municipal Party Committee"),
                      government=("昆山市人民政府", "Kunshan Municipal Government"),
                      secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                      party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                      government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                      [Deputy("副市长", "Vice mayor") for _ in range(5)],
                      safety_committee=("昆山市安全生产委员会", "Kunshan Work Safety Committee"))
    c.department_with_posts(ksg["gov"], "kunshan-saws", "昆山市安全生产监督管理局", "Kunshan Work Safety Bureau",
                            (spp, "昆山市安监局副局长"), area=ks, comprehensive=ks, industries=("industry_trade",),
                            mandate_cite=duties,
                            deputies=[Deputy("副局长", "Deputy director", cite=(spp, "昆山市安监局副局长")),
                                      Deputy("副局长", "Deputy director")])
    c.department_with_posts(ksg["gov"], "kunshan-zjj", "昆山市住房和城乡建设局", "Kunshan Housing and Urban-Rural Development Bureau",
                            est, area=ks, industries=("construction",), mandate_cite=duties, deputies=3)
    c.department_with_posts(ksg["gov"], "kunshan-hbj", "昆山市环境保护局", "Kunshan Environmental Protection Bureau", est,
                            area=ks, deputies=3)
    c.department_with_posts(ksg["gov"], "kunshan-jxw", "昆山市经济和信息化委员会", "Kunshan Economic and Information Technology Commission",
                            est, area=ks, industries=("machinery",), mandate_cite=duties, principal=("主任", "Director"),
                            deputy=("副主任", "Deputy director"), deputies=3)
    c.department_with_posts(ksg["gov"], "kunshan-fire", "昆山市公安消防大队", "Kunshan Public Security Fire Brigade", est,
                            area=ks, activities=("fire_safety",), mandate_cite=duties,
                            principal=("大队长", "Brigade commander"), deputy=("副大队长", "Deputy commander"), deputies=2)

    # ------------------------------------------------------------------ the development zone: its party working
    # committee and management committee are headed by Kunshan's party secretary and mayor (one person each)
    zn = c.territory(zone, "zone", lst, party=("中共昆山经济技术开发区工作委员会", "Kunshan ETDZ Party Working Committee"),
                     government=("昆山经济技术开发区管理委员会", "Kunshan ETDZ Management Committee"),
                     secretary=("党工委书记", "Party working committee secretary"), head=("管委会主任", "Committee director"),
                     party_deputies=[Deputy("党工委副书记", "Deputy secretary",
                                            cite=(lst, "昆山市委常委、昆山市开发区党工委副书记、管委会副主任"))],
                     government_deputies=[
                         Deputy("管委会副主任", "Deputy committee director",
                                cite=(lst, "昆山市委常委、昆山市开发区党工委副书记、管委会副主任")),
                         Deputy("管委会副主任（分管安全生产）", "Deputy committee director for work safety", ("work_safety",),
                                (verdict, "……作为昆山开发区管委会分管安全生产工作的副主任"), local="zone-gov-deputy-safety")] +
                     [Deputy("管委会副主任", "Deputy committee director") for _ in range(2)],
                     safety_committee=("昆山经济技术开发区安全生产委员会", "Kunshan ETDZ Work Safety Committee"),
                     parent_government=ksg["gov"],
                     secretary_holders=[Tenure(person=c.holder_of(ksg["pc-head"]),
                                               cite=(lst, "昆山市委书记、昆山开发区党工委书记"))],
                     head_holders=[Tenure(person=c.holder_of(ksg["gov-head"]),
                                          cite=(lst, "昆山市市长、昆山开发区管委会主任"))])
    econ = c.department_with_posts(zn["gov"], "zone-econ", "昆山经济技术开发区经济发展和环境保护局",
                                   "ETDZ Economic Development and Environmental Protection Bureau",
                                   (verdict, "昆山开发区经济发展和环境保护局副局长、安全生产委员会副主任"), area=zone,
                                   comprehensive=zone, industries=("industry_trade",), mandate_cite=duties,
                                   deputies=[Deputy("副局长", "Deputy director",
                                                    cite=(verdict, "昆山开发区经济发展和环境保护局副局长")),
                                             Deputy("副局长", "Deputy director")],
                                   description="the zone's work safety supervisor (安全生产科)")
    c.post(econ, "zone-econ-safety-chief", "安全生产科科长", "Chief of the work safety section", "staff",
           (verdict, "昆山开发区经济发展和环境保护局安全生产科科长、安全委员会办公室主任"))
    c.post(zn["sc"], "zone-sc-deputy1", "副主任", "Vice chair", "deputy",
           (verdict, "昆山开发区经济发展和环境保护局副局长、安全生产委员会副主任"), portfolios=("work_safety",),
           holders=[Tenure(person=c.holder_of(c.id("post", "zone-econ-deputy1")))])

    # ------------------------------------------------------------------ the company, its workshop, its suppliers
    zr = c.enterprise("zhongrong", "昆山中荣金属制品有限公司", "Kunshan Zhongrong Metal Products Co., Ltd.",
                      (wire, "昆山中荣金属制品有限公司抛光二车间发生特别重大铝粉尘爆炸事故"), industry="machinery",
                      domicile=zone, description="wheel-hub polishing (aluminium dust)")
    who = (verdict, "中荣公司董事长……、总经理……、安全生产主管……")
    c.post(zr, "zhongrong-chair", "董事长", "Chair of the board", "principal", who)
    c.post(zr, "zhongrong-gm", "总经理", "General manager", "principal", who)
    c.post(zr, "zhongrong-deputy1", "副总经理", "Deputy general manager", "deputy", est)
    c.post(zr, "zhongrong-safety", "安全生产主管", "Work safety supervisor", "safety_manager", who)
    shop = c.site("workshop", "中荣公司抛光二车间（4号厂房）", "Zhongrong polishing workshop No. 2 (building 4)", zone,
                  (wire, "昆山中荣金属制品有限公司抛光二车间"), operator=zr, industry="machinery",
                  kind="aluminium wheel-hub polishing workshop with dust-removal system")
    for local, zh, en, service in (
        ("huaian-design", "江苏省淮安市建筑设计研究院", "Huai'an Architectural Design Institute", "design"),
        ("njtech", "南京工业大学", "Nanjing Tech University (safety assessment)", "safety_assessment"),
        ("laibo", "江苏莱博环境检测技术有限公司", "Jiangsu Laibo Environmental Testing Co., Ltd.", "testing_inspection"),
    ):
        firm = c.enterprise(local, zh, en, (lst, zh))
        c.post(firm, f"{local}-head", "法定代表人", "Legal representative", "principal", est)
        c.relate("intermediaryFor", firm, shop, (lst, zh + "等单位和有关人员的违法违规问题"), service=service)
    lz = c.enterprise("lingzheng", "昆山菱正机电环保设备有限公司", "Kunshan Lingzheng Electromechanical Environmental Equipment Co., Ltd.",
                      (lst, "昆山菱正机电环保设备有限公司"), description="altered the workshop's dust-removal system")
    c.post(lz, "lingzheng-head", "法定代表人", "Legal representative", "principal", est)
    c.relate("contractorAt", lz, shop, (lst, "昆山菱正机电环保设备有限公司等单位和有关人员的违法违规问题"),
             scope="除尘系统设计、制造、安装、改造")

    c.accident("江苏昆山市中荣金属制品有限公司“8·2”特别重大铝粉尘爆炸事故",
               "Kunshan Zhongrong aluminium dust explosion of 2 August 2014", shop, nat["gov"],
               (wire, "依照《生产安全事故报告和调查处理条例》规定的事故发生后30日报告期，共有97人死亡、163人受伤……直接经济损失3.51亿元"),
               occurred_on="2014-08-02", deaths=97, serious_injuries=0, direct_loss_cny=351000000,
               accident_type="other_explosion", industry="machinery",
               description="97 deaths in the 30-day reporting period (146 in the end); 163 injured, serious injuries "
                           "not stated on the pages read (recorded as 0). Aluminium dust in the dust-removal system "
                           "exploded.",
               investigation_cite=[(wire, "国务院日前对江苏昆山市中荣金属制品有限公司“8·2”特别重大铝粉尘爆炸事故调查报告作出批复"),
                                   brief])
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
