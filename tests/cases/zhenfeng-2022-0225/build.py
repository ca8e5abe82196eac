"""Facts of the Zhenfeng Sanhe Shunxun coal mine "2·25" roof fall (2022): the structure before the accident.

Run ``python tests/cases/zhenfeng-2022-0225/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts and portfolios no source gives cite the establishment document.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "zhenfeng-2022-0225"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    report = c.source("report", "贵州省黔西南州贞丰县三河顺勋煤矿“2•25”重大顶板事故调查报告",
                      url="http://www.safehoo.com/Case/Case/Mine/202208/5681978.shtml",
                      publisher="国家矿山安全监察局贵州局（安全管理网转载，注明来源）", issued_on="2022-08-26")
    news = c.source("news", "煤矿事故致14人死亡，正厅级被建议诫勉", url="https://xny365.com/news/article-238463.html",
                    publisher="新能源网（转述国家矿山安全监察局贵州局发布的调查报告）", issued_on="2022-08-29",
                    kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties (Work Safety Law 2021 Art. 10; "
                              "煤矿安全监察条例), not from a source about this case.")
    est = c.establishment

    cn = c.country()
    guizhou = c.area("guizhou", "贵州省", "Guizhou Province", "provincial", cn, report, code="520000")
    qxn = c.area("qxn", "黔西南布依族苗族自治州", "Qianxinan Prefecture", "prefectural", guizhou, report, code="522300")
    zhenfeng = c.area("zhenfeng", "贞丰县", "Zhenfeng County", "county", qxn, report, code="522325")

    nat = c.central_leadership(cn, est)
    c.department_with_posts(nat["gov"], "cn-mem", "应急管理部", "Ministry of Emergency Management", report, area=cn,
                            comprehensive=cn, mandate_cite=duties, principal=("部长", "Minister"),
                            deputy=("副部长", "Vice Minister"), deputies=4)
    nmsa = c.department_with_posts(c.id("dept", "cn-mem"), "cn-nmsa", "国家矿山安全监察局", "National Mine Safety Administration",
                                   report, area=cn, vertical=True, industries=("mining",), mandate_cite=duties,
                                   principal=("局长", "Administrator"), deputy=("副局长", "Deputy administrator"),
                                   deputies=[Deputy("副局长", "Deputy administrator", cite=(report, "副局长")),
                                             Deputy("副局长", "Deputy administrator", cite=(report, "国家矿山安全监察局副局长")),
                                             Deputy("副局长", "Deputy administrator", cite=(report, "副局长……到现场指导事故调查"))])
    c.department_with_posts(nmsa, "guizhou-nmsa", "国家矿山安全监察局贵州局", "NMSA Guizhou Bureau",
                            (report, "由国家矿山安全监察局贵州局牵头"), area=guizhou, vertical=True,
                            industries=("coal_mining",), mandate_cite=duties, deputies=3)

    gz = c.territory(guizhou, "guizhou", report, head_is_deputy_secretary=True,
                     party=("中共贵州省委员会", "Guizhou Provincial Party Committee"),
                     government=("贵州省人民政府", "Guizhou Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=1, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[Deputy("常务副省长", "Executive vice governor", cite=(report, "常务副省长")),
                                          Deputy("副省长", "Vice governor", cite=(report, "副省长")),
                                          Deputy("副省长", "Vice governor", cite=(report, "副省长")),
                                          Deputy("副省长", "Vice governor", cite=(report, "副省长")),
                                          Deputy("副省长", "Vice governor"), Deputy("副省长", "Vice governor")],
                     safety_committee=("贵州省安全生产委员会", "Guizhou Work Safety Committee"))
    c.department_with_posts(gz["gov"], "guizhou-nyj", "贵州省能源局", "Guizhou Energy Administration", (report, "省能源局"),
                            area=guizhou, industries=("coal_mining",), mandate_cite=duties, deputies=4)
    c.department_with_posts(gz["gov"], "guizhou-yjt", "贵州省应急管理厅", "Guizhou Department of Emergency Management",
                            (report, "省应急厅"), area=guizhou, comprehensive=guizhou, mandate_cite=duties,
                            principal=("厅长", "Director-general"), deputy=("副厅长", "Deputy director-general"), deputies=4)
    c.department_with_posts(gz["gov"], "guizhou-zrt", "贵州省自然资源厅", "Guizhou Department of Natural Resources", est,
                            area=guizhou, principal=("厅长", "Director-general"), deputy=("副厅长", "Deputy director-general"),
                            deputies=4)

    # a county party secretary who is also a deputy secretary of the prefectural committee (one person, two posts)
    secretary = c.person()
    qx = c.territory(qxn, "qxn", news, head_is_deputy_secretary=True,
                     party=("中共黔西南布依族苗族自治州委员会", "Qianxinan Prefectural Party Committee"),
                     government=("黔西南布依族苗族自治州人民政府", "Qianxinan Prefectural Government"),
                     secretary=("州委书记", "Prefectural party secretary"), head=("州长", "Prefect"),
                     party_deputies=[Deputy("州委副书记（兼贞丰县委书记）", "Deputy prefectural party secretary",
                                            cite=(news, "黔西南州委副书记、贞丰县委书记（保留正厅长级）"), local="qxn-pc-deputy-zf",
                                            holders=[Tenure(person=secretary)]),
                                     Deputy("州委副书记", "Deputy prefectural party secretary")],
                     government_deputies=[Deputy("常务副州长", "Executive deputy prefect")] +
                     [Deputy("副州长", "Deputy prefect") for _ in range(5)],
                     safety_committee=("黔西南州安全生产委员会", "Qianxinan Work Safety Committee"))
    c.department_with_posts(qx["gov"], "qxn-nyj", "黔西南州能源局", "Qianxinan Energy Bureau", news, area=qxn,
                            industries=("coal_mining",), mandate_cite=duties, deputies=3)
    c.department_with_posts(qx["gov"], "qxn-zrj", "黔西南州自然资源局", "Qianxinan Natural Resources Bureau", news, area=qxn,
                            deputies=3)
    c.department_with_posts(qx["gov"], "qxn-yjj", "黔西南州应急管理局", "Qianxinan Emergency Management Bureau", est, area=qxn,
                            comprehensive=qxn, mandate_cite=duties, deputies=3)

    zf = c.territory(zhenfeng, "zhenfeng", news, head_is_deputy_secretary=True,
                     party=("中共贞丰县委员会", "Zhenfeng County Party Committee"),
                     government=("贞丰县人民政府", "Zhenfeng County Government"),
                     secretary=("县委书记", "County party secretary"), head=("县长", "County head"),
                     party_deputies=1, party_deputy=("县委副书记", "Deputy county party secretary"),
                     government_deputies=[Deputy("常务副县长", "Executive deputy county head")] +
                     [Deputy("副县长", "Deputy county head") for _ in range(5)],
                     safety_committee=("贞丰县安全生产委员会", "Zhenfeng Work Safety Committee"),
                     secretary_holders=[Tenure(person=secretary, cite=(news, "黔西南州委副书记、贞丰县委书记"))])
    c.department_with_posts(zf["gov"], "zhenfeng-gkj", "贞丰县工业和科技局", "Zhenfeng Industry and Technology Bureau",
                            (news, "贞丰县自然资源局、工科局履职不到位"), area=zhenfeng, industries=("coal_mining",),
                            mandate_cite=duties, deputies=3, description="county body for coal mines (工科局)")
    c.department_with_posts(zf["gov"], "zhenfeng-zrj", "贞丰县自然资源局", "Zhenfeng Natural Resources Bureau",
                            (news, "贞丰县自然资源局、工科局履职不到位"), area=zhenfeng, deputies=3)
    c.department_with_posts(zf["gov"], "zhenfeng-yjj", "贞丰县应急管理局", "Zhenfeng Emergency Management Bureau", est,
                            area=zhenfeng, comprehensive=zhenfeng, mandate_cite=duties, deputies=3)

    # ------------------------------------------------------------------ the mine
    mine_ent = c.enterprise("shunxun", "贞丰县三河顺勋煤矿", "Zhenfeng Sanhe Shunxun Coal Mine", report,
                            industry="coal_mining", domicile=zhenfeng)
    c.standard_posts(mine_ent, "shunxun", ("矿长", "Mine manager"),
                     [Deputy("安全副矿长", "Deputy manager for safety"), Deputy("生产副矿长", "Deputy manager for production"),
                      Deputy("机电副矿长", "Deputy manager for electromechanics"), Deputy("总工程师", "Chief engineer")])
    c.post(mine_ent, "shunxun-owner", "法定代表人（投资人）", "Legal representative (investor)", "principal")
    c.post(mine_ent, "shunxun-safety", "安全科科长", "Head of the safety section", "safety_manager")
    mine = c.site("mine", "三河顺勋煤矿", "Sanhe Shunxun coal mine", zhenfeng, report, operator=mine_ent,
                  industry="coal_mining", kind="underground coal mine")
    c.hazard("hidden-face", "越界布置隐蔽采煤点非法组织采煤", "Hidden working face outside the licensed boundary", [mine, mine_ent],
             [(news, "越界盗采国家资源、蓄意逃避安全监管、布置隐蔽非法采煤点"),
              (news, "1月13日，该矿隐蔽采面发生一起顶板事故，造成采煤队员1人死亡……煤矿瞒报事故")],
             found_on="2022-01-13", grade="major", category="management_defect", found_through="investigation",
             description="the mine knew of its hidden face at the latest on 13 January 2022 (a concealed fatal roof fall); "
                         "the authorities learnt of it in the investigation")
    c.accident("贵州省黔西南州贞丰县三河顺勋煤矿“2·25”重大顶板事故", "Zhenfeng Sanhe Shunxun coal mine roof fall of 25 February 2022",
               mine, gz["gov"], (report, "发生一起重大顶板事故，造成14人死亡，直接经济损失2288.47万元"), occurred_on="2022-02-25",
               deaths=14, serious_injuries=0, direct_loss_cny=22884700, accident_type="roof_fall", industry="coal_mining",
               description="serious injuries not stated on the pages read (recorded as 0)",
               investigation_cite=(report, "经省人民政府批准，成立了……事故调查组……由国家矿山安全监察局贵州局牵头"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
