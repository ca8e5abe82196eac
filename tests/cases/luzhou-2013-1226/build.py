"""Facts of the Luzhou Moore mall "12·26" natural-gas deflagration (2013): the structure before the accident.

Run ``python tests/cases/luzhou-2013-1226/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts and portfolios no source gives cite the establishment document.
Bodies are those of 2013 (before the 2018 institutional reform: work safety bureaus, not emergency management).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "luzhou-2013-1226"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    notice = c.source("notice", "四川泸州商场爆燃事故调查出炉 9名官员被处分",
                      url="http://district.ce.cn/newarea/roll/201403/14/t20140314_2485761.shtml",
                      publisher="中国新闻网（中国经济网转载）；消息来源泸州市安全生产监督管理局", issued_on="2014-03-14",
                      kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties of 2013 (Work Safety Law 2002 Art. 9; "
                              "城镇燃气管理条例 Art. 5), not from a source about this case.")
    est = c.establishment

    cn = c.country()
    sichuan = c.area("sichuan", "四川省", "Sichuan Province", "provincial", cn, notice, code="510000")
    luzhou = c.area("luzhou", "泸州市", "Luzhou", "prefectural", sichuan, notice, code="510500")
    jiangyang = c.area("jiangyang", "泸州市江阳区", "Jiangyang District", "county", luzhou,
                       (notice, "泸州市江阳区中城商厦（又称摩尔商场）"), code="510502")

    nat = c.central_leadership(cn, est)
    c.department_with_posts(nat["gov"], "cn-mohurd", "住房和城乡建设部", "Ministry of Housing and Urban-Rural Development", est,
                            area=cn, industries=("urban_gas",), mandate_cite=duties,
                            principal=("部长", "Minister"), deputy=("副部长", "Vice Minister"), deputies=4)
    c.department_with_posts(nat["gov"], "cn-saws", "国家安全生产监督管理总局", "State Administration of Work Safety", est,
                            area=cn, comprehensive=cn, mandate_cite=duties, dissolved_on="2018-04-16",
                            principal=("局长", "Administrator"), deputy=("副局长", "Deputy administrator"), deputies=4)

    sc = c.territory(sichuan, "sichuan", est, head_is_deputy_secretary=True,
                     party=("中共四川省委员会", "Sichuan Provincial Party Committee"),
                     government=("四川省人民政府", "Sichuan Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=1, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                     [Deputy("副省长", "Vice governor") for _ in range(6)],
                     safety_committee=("四川省安全生产委员会", "Sichuan Work Safety Committee"))
    c.department_with_posts(sc["gov"], "sichuan-zjt", "四川省住房和城乡建设厅", "Sichuan Department of Housing and Urban-Rural Development",
                            est, area=sichuan, industries=("urban_gas",), mandate_cite=duties,
                            principal=("厅长", "Director-general"), deputy=("副厅长", "Deputy director-general"), deputies=4)
    c.department_with_posts(sc["gov"], "sichuan-ajj", "四川省安全生产监督管理局", "Sichuan Work Safety Bureau", est,
                            area=sichuan, comprehensive=sichuan, mandate_cite=duties, deputies=4)

    lz = c.territory(luzhou, "luzhou", notice, head_is_deputy_secretary=True,
                     party=("中共泸州市委员会", "Luzhou Municipal Party Committee"),
                     government=("泸州市人民政府", "Luzhou Municipal Government"),
                     secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                     party_deputies=1, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                     government_deputies=[
                         Deputy("常务副市长", "Executive vice mayor"),
                         Deputy("副市长（分管住建）", "Vice mayor for housing and construction", ("urban_construction",),
                                (notice, "泸州市分管住建部门的副市长"), local="luzhou-gov-deputy-zj"),
                         Deputy("副市长（分管国资委）", "Vice mayor for state-owned assets", ("economy",),
                                (notice, "原分管国资委的副市长"), local="luzhou-gov-deputy-gzw"),
                         Deputy("副市长", "Vice mayor"), Deputy("副市长", "Vice mayor"), Deputy("副市长", "Vice mayor")],
                     safety_committee=("泸州市安全生产委员会", "Luzhou Work Safety Committee"))
    zjj = c.department_with_posts(lz["gov"], "luzhou-zjj", "泸州市住房和城乡建设局", "Luzhou Housing and Urban-Rural Development Bureau",
                                  (notice, "泸州市住建局副局长……总工程师……等9名政府官员被给予党纪政纪处分"), area=luzhou, industries=("urban_gas",),
                                  mandate_cite=duties, deputies=[Deputy("副局长", "Deputy director",
                                                                         cite=(notice, "泸州市住建局副局长")),
                                                                  Deputy("副局长", "Deputy director"),
                                                                  Deputy("副局长", "Deputy director")])
    c.post(zjj, "luzhou-zjj-chief-engineer", "总工程师", "Chief engineer", "deputy", (notice, "总工程师"))
    c.department_with_posts(lz["gov"], "luzhou-ajj", "泸州市安全生产监督管理局", "Luzhou Work Safety Bureau",
                            (notice, "记者今日从四川泸州市安监局获悉"), area=luzhou, comprehensive=luzhou, mandate_cite=duties,
                            deputies=3)
    c.department_with_posts(lz["gov"], "luzhou-gzw", "泸州市人民政府国有资产监督管理委员会", "Luzhou State-owned Assets Supervision Commission",
                            (notice, "原分管国资委的副市长"), area=luzhou, principal=("主任", "Chair"),
                            deputy=("副主任", "Deputy chair"), deputies=3)
    c.department_with_posts(lz["gov"], "luzhou-zjjd", "泸州市质量技术监督局", "Luzhou Quality and Technical Supervision Bureau", est,
                            area=luzhou, activities=("special_equipment",), mandate_cite=duties, deputies=3)
    c.department_with_posts(lz["gov"], "luzhou-xf", "泸州市公安消防支队", "Luzhou Fire Brigade", est, area=luzhou,
                            activities=("fire_safety",), mandate_cite=duties, principal=("支队长", "Brigade commander"),
                            deputy=("副支队长", "Deputy commander"), deputies=2)

    jy = c.territory(jiangyang, "jiangyang", est, head_is_deputy_secretary=True,
                     party=("中共泸州市江阳区委员会", "Jiangyang District Party Committee"),
                     government=("泸州市江阳区人民政府", "Jiangyang District Government"),
                     secretary=("区委书记", "District party secretary"), head=("区长", "District head"),
                     party_deputies=1, party_deputy=("区委副书记", "Deputy district party secretary"),
                     government_deputies=[Deputy("常务副区长", "Executive deputy district head")] +
                     [Deputy("副区长", "Deputy district head") for _ in range(4)],
                     safety_committee=("泸州市江阳区安全生产委员会", "Jiangyang Work Safety Committee"))
    c.department_with_posts(jy["gov"], "jiangyang-ajj", "泸州市江阳区安全生产监督管理局", "Jiangyang Work Safety Bureau", est,
                            area=jiangyang, comprehensive=jiangyang, mandate_cite=duties, deputies=2)

    # ------------------------------------------------------------------ enterprises
    group = c.enterprise("xinglu-group", "泸州市兴泸投资集团有限公司", "Luzhou Xinglu Investment Group",
                         (notice, "兴泸投资集团公司党委书记、董事长、总经理（兼任华润兴泸燃气有限公司董事长）"), domicile=luzhou)
    chair = c.person()
    c.standard_posts(group, "xinglu-group", ("董事长", "Chair of the board"),
                     [Deputy("副总经理", "Deputy general manager"), Deputy("副总经理", "Deputy general manager")],
                     principal_cite=(notice, "董事长"), principal_holders=[Tenure(person=chair)])
    c.post(group, "xinglu-group-gm", "总经理", "General manager", "principal", (notice, "总经理"),
           holders=[Tenure(person=chair)])
    c.post(group, "xinglu-group-party", "党委书记", "Party secretary", "principal", (notice, "党委书记"),
           holders=[Tenure(person=chair)])
    gas = c.enterprise("xinglu-gas", "泸州华润兴泸燃气有限公司", "Luzhou China Resources Xinglu Gas Co., Ltd.",
                       (notice, "泸州华润兴泸燃气有限公司3名责任人于今年1月移送司法机关批准逮捕"), industry="urban_gas",
                       domicile=luzhou)
    c.relate("subsidiaryOf", gas, group, (notice, "兼任华润兴泸燃气有限公司董事长"))
    c.standard_posts(gas, "xinglu-gas", ("董事长", "Chair of the board"),
                     [Deputy("副总经理", "Deputy general manager"), Deputy("副总经理", "Deputy general manager")],
                     principal_cite=(notice, "兼任华润兴泸燃气有限公司董事长"), principal_holders=[Tenure(person=chair)])
    c.post(gas, "xinglu-gas-gm", "总经理", "General manager", "principal")
    c.post(gas, "xinglu-gas-safety", "安全管理部门负责人", "Head of safety management", "safety_manager")

    mall = c.site("mall", "中城商厦（摩尔商场）", "Zhongcheng building (Moore mall)", jiangyang,
                  (notice, "泸州市江阳区中城商厦（又称摩尔商场）"), industry="commerce", kind="shopping mall")
    c.relate("intermediaryFor", gas, mall, (notice, "天然气爆燃"), service="supply")
    c.accident("泸州市江阳区摩尔商场“12·26”较大天然气爆燃事故", "Luzhou Moore mall natural-gas deflagration of 26 December 2013",
               mall, lz["gov"], (notice, "导致4人死亡、38人受伤（其中33人轻伤），过火面积约20000平方米，直接经济损失约4743万元"),
               occurred_on="2013-12-26", deaths=4, serious_injuries=5, direct_loss_cny=47430000,
               accident_type="other_explosion", industry="urban_gas", activities=("gas_supply", "fire_safety"),
               description="38 injured, 33 of them lightly: 5 recorded as serious (not stated as such)",
               investigation_cite=(notice, "泸州市政府依法成立了多部门组成的事故调查组"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
