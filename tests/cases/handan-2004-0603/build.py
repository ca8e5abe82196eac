"""Facts of the Handan County Hongda coal mine "6·3" gas burning (2004): the structure before the accident.

Run ``python tests/cases/handan-2004-0603/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts and portfolios no source gives cite the establishment document.
Bodies are those of 2004 (State Administration of Work Safety; coal mine safety supervision vertically managed;
Handan County was later merged into districts of Handan city, in 2016).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "handan-2004-0603"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    notice = c.source("notice", "邯郸县鸿达煤矿“6.3”特大瓦斯燃烧事故调查处理批复（中新网10月12日电，据河北日报报道）",
                      url="http://chinanews.com.cn/news/2004/2004-10-12/26/493248.shtml",
                      publisher="中国新闻网（据河北日报）；批复机关国家煤矿安全监察局", issued_on="2004-10-12",
                      kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties of 2004 (Work Safety Law 2002 Art. 9; "
                              "煤矿安全监察条例 Art. 2), not from a source about this case.")
    est = c.establishment

    cn = c.country()
    hebei = c.area("hebei", "河北省", "Hebei Province", "provincial", cn, notice, code="130000")
    handan = c.area("handan", "邯郸市", "Handan", "prefectural", hebei, est, code="130400")
    county = c.area("handan-county", "邯郸县", "Handan County", "county", handan, notice, code="130421",
                    description="a county until 2016, when it was merged into districts of Handan city")
    kz = c.area("kangzhuang", "邯郸县康庄乡", "Kangzhuang Township", "township", county, (notice, "邯郸县康庄乡停驷头村"))

    nat = c.central_leadership(cn, est)
    saws = c.department_with_posts(nat["gov"], "cn-saws", "国家安全生产监督管理局", "State Administration of Work Safety", est,
                                   area=cn, comprehensive=cn, mandate_cite=duties, principal=("局长", "Administrator"),
                                   deputy=("副局长", "Deputy administrator"), deputies=4)
    sacms = c.department_with_posts(saws, "cn-sacms", "国家煤矿安全监察局", "State Administration of Coal Mine Safety",
                                    (notice, "国家煤矿安全监察局对邯郸县鸿达煤矿“6.3”特大瓦斯燃烧事故的调查处理作出批复"),
                                    area=cn, vertical=True, industries=("coal_mining",), mandate_cite=duties,
                                    principal=("局长", "Administrator"), deputy=("副局长", "Deputy administrator"), deputies=3)
    c.department_with_posts(sacms, "hebei-cms", "河北煤矿安全监察局", "Hebei Coal Mine Safety Supervision Bureau", est,
                            area=hebei, vertical=True, industries=("coal_mining",), mandate_cite=duties, deputies=3)

    hb = c.territory(hebei, "hebei", est, head_is_deputy_secretary=True,
                     party=("中共河北省委员会", "Hebei Provincial Party Committee"),
                     government=("河北省人民政府", "Hebei Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=1, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                     [Deputy("副省长", "Vice governor") for _ in range(6)],
                     safety_committee=("河北省安全生产委员会", "Hebei Work Safety Committee"))
    c.department_with_posts(hb["gov"], "hebei-ajj", "河北省安全生产监督管理局", "Hebei Work Safety Bureau", est, area=hebei,
                            comprehensive=hebei, mandate_cite=duties, deputies=3)
    c.department_with_posts(hb["gov"], "hebei-coal", "河北省煤炭工业局", "Hebei Coal Industry Bureau", est, area=hebei,
                            industries=("coal_mining",), mandate_cite=duties, deputies=3)

    hd = c.territory(handan, "handan", est, head_is_deputy_secretary=True,
                     party=("中共邯郸市委员会", "Handan Municipal Party Committee"),
                     government=("邯郸市人民政府", "Handan Municipal Government"),
                     secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                     party_deputies=1, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                     government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                     [Deputy("副市长", "Vice mayor") for _ in range(5)],
                     safety_committee=("邯郸市安全生产委员会", "Handan Work Safety Committee"))
    c.department_with_posts(hd["gov"], "handan-ajj", "邯郸市安全生产监督管理局", "Handan Work Safety Bureau", est, area=handan,
                            comprehensive=handan, mandate_cite=duties, deputies=3)
    c.department_with_posts(hd["gov"], "handan-coal", "邯郸市煤炭工业局", "Handan Coal Industry Bureau", est, area=handan,
                            industries=("coal_mining",), mandate_cite=duties, deputies=3)

    hc = c.territory(county, "handan-county", notice, head_is_deputy_secretary=True,
                     party=("中共邯郸县委员会", "Handan County Party Committee"),
                     government=("邯郸县人民政府", "Handan County Government"),
                     secretary=("县委书记", "County party secretary"), head=("县长", "County head"),
                     party_deputies=1, party_deputy=("县委副书记", "Deputy county party secretary"),
                     government_deputies=[Deputy("副县长", "Deputy county head", cite=(notice, "邯郸县副县长")),
                                          Deputy("常务副县长", "Executive deputy county head")] +
                     [Deputy("副县长", "Deputy county head") for _ in range(3)],
                     safety_committee=("邯郸县安全生产委员会", "Handan County Work Safety Committee"))
    director = c.person()  # heads the work safety bureau and the coal office at once
    c.department_with_posts(hc["gov"], "county-ajj", "邯郸县安全生产监督管理局", "Handan County Work Safety Bureau",
                            (notice, "县安全生产监督管理局局长兼煤炭办公室主任"), area=county, comprehensive=county,
                            mandate_cite=duties, deputies=2, principal_holders=[Tenure(person=director)])
    c.department_with_posts(hc["gov"], "county-coal", "邯郸县煤炭行业办公室", "Handan County Coal Industry Office",
                            (notice, "邯郸县煤炭行业办公室"), area=county, industries=("coal_mining",), mandate_cite=duties,
                            principal=("主任", "Director"), deputy=("副主任", "Deputy director"), deputies=2,
                            principal_holders=[Tenure(person=director, cite=(notice, "局长兼煤炭办公室主任"))])
    c.department_with_posts(hc["gov"], "county-gtj", "邯郸县国土资源局", "Handan County Land and Resources Bureau",
                            (notice, "县国土资源局"), area=county, deputies=2)

    kzt = c.territory(kz, "kangzhuang", notice, head_is_deputy_secretary=True,
                      party=("中共邯郸县康庄乡委员会", "Kangzhuang Township Party Committee"),
                      government=("邯郸县康庄乡人民政府", "Kangzhuang Township Government"),
                      secretary=("乡党委书记", "Township party secretary"), head=("乡长", "Township head"),
                      party_deputies=0, party_deputy=("乡党委副书记", "Deputy secretary"),
                      government_deputies=[Deputy("副乡长", "Deputy township head", cite=(notice, "康庄乡副乡长"))] +
                      [Deputy("副乡长", "Deputy township head") for _ in range(2)])
    del kzt

    # ------------------------------------------------------------------ enterprises and the mine
    kzmt = c.enterprise("kzmt", "邯郸县康庄乡煤炭公司", "Kangzhuang Township Coal Company", (notice, "邯郸县康庄乡煤炭公司经理"),
                        industry="coal_mining", domicile=kz,
                        description="township-owned company managing the township's coal mines")
    c.standard_posts(kzmt, "kzmt", ("经理", "Manager"), [Deputy("副经理", "Deputy manager")],
                     principal_cite=(notice, "康庄乡煤炭公司经理"))
    hongda = c.enterprise("hongda", "邯郸县鸿达煤矿", "Handan County Hongda Coal Mine", notice, industry="coal_mining",
                          domicile=kz, parent=kzmt)
    c.standard_posts(hongda, "hongda", ("矿长（兼法人代表）", "Mine manager (legal representative)"),
                     [Deputy("副矿长", "Deputy mine manager", cite=(notice, "副矿长")),
                      Deputy("副矿长", "Deputy mine manager", cite=(notice, "副矿长"))],
                     principal_cite=(notice, "矿长兼法人代表"))
    c.post(hongda, "hongda-shareholder", "主要股东", "Main shareholder", "principal", (notice, "该矿主要股东之一"))
    c.post(hongda, "hongda-gas-night", "夜班瓦检员兼电工", "Night-shift gas inspector and electrician", "staff",
           (notice, "鸿达煤矿夜班瓦检员兼电工"))
    c.post(hongda, "hongda-gas-shaft", "副井瓦检员兼电工组组长", "Auxiliary-shaft gas inspector and electricians' leader", "staff",
           (notice, "副井瓦检员兼电工组组长"))
    c.post(hongda, "hongda-foreman", "副井生产系统包工头", "Labour foreman of the auxiliary-shaft production system", "staff",
           (notice, "副井生产系统包工头"))
    c.post(hongda, "hongda-safety", "安全管理人员", "Safety manager", "safety_manager")
    mine = c.site("mine", "鸿达煤矿", "Hongda coal mine", kz, notice, operator=hongda, industry="coal_mining",
                  kind="underground coal mine")

    c.accident("邯郸县鸿达煤矿“6·3”特大瓦斯燃烧事故", "Hongda coal mine gas burning of 3 June 2004", mine, nat["gov"],
               (notice, "当场死亡11人，伤23人，至6月21日经抢救无效死亡3人，共死亡14人，直接经济损失207万元"),
               occurred_on="2004-06-03", deaths=14, serious_injuries=0, direct_loss_cny=2070000,
               accident_type="gas_explosion", industry="coal_mining",
               description="a gas burning (瓦斯燃烧), recorded as gas_explosion; 23 injured, serious injuries not stated (0)",
               investigation_cite=(notice, "国家煤矿安全监察局对邯郸县鸿达煤矿“6.3”特大瓦斯燃烧事故的调查处理作出批复"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
