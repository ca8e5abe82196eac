"""Facts of the Dongying Binyuan Chemical "8·31" explosion (2015): the structure as it stood before the accident.

Run ``python tests/cases/dongying-2015-0831/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts and portfolios no source gives cite the establishment document.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy

SLUG = "dongying-2015-0831"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    dzwww = c.source("dzwww", "山东东营市爆燃13死事故调查报告：建议对市委书记诫勉谈话",
                     url="http://zibo.dzwww.com/sdxw/201512/t20151204_13447976.htm",
                     publisher="大众网（综合；报告由山东省政府官网2015年12月2日发布）", issued_on="2015-12-04",
                     kind="news_report")
    iqilu = c.source("iqilu", "滨源公司8.31重大爆炸事故被认定为生产安全责任事故",
                     url="http://jinan.baogaosu.com/xinwen/%E4%BA%8B%E6%95%85%E8%A2%AB%E8%AE%A4%E5%AE%9A%E4%B8%BA"
                         "%E7%94%9F%E4%BA%A7%E5%AE%89%E5%85%A8%E8%B4%A3%E4%BB%BB%E4%BA%8B%E6%95%85/40043814/",
                     publisher="齐鲁网（山东广播电视台《山东新闻联播》；第三方网站转载）", issued_on="2015-11-11",
                     kind="news_report")
    chinanews = c.source("chinanews", "山东滨源化工“8·31”爆炸被认定为重大安全责任事故 东营市委市政府主要领导被诫勉谈话",
                         url="http://www.p146.com/news/b/2015-12-03/detail-ifxmifzh4329559.shtml?from=sd_cnxh",
                         publisher="中国新闻网（中新网济南12月3日电；第三方网站转载）", issued_on="2015-12-03",
                         kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties of 2015 (Work Safety Law 2014 Art. 9; "
                              "危险化学品安全管理条例 2011 Art. 6), not from a source about this case.")
    est = c.establishment

    cn = c.country()
    sd = c.area("shandong", "山东省", "Shandong Province", "provincial", cn, dzwww, code="370000")
    dy = c.area("dongying", "东营市", "Dongying", "prefectural", sd, dzwww, code="370500")
    lj = c.area("lijin", "东营市利津县", "Lijin County", "county", dy,
                (dzwww, "山东东营利津县滨源化学有限公司（以下简称“滨源公司”）发生爆燃事故"), code="370522")

    nat = c.central_leadership(cn, est)
    c.department_with_posts(nat["gov"], "cn-saws", "国家安全生产监督管理总局", "State Administration of Work Safety",
                            (dzwww, "国务院安全生产委员会决定对此次“8·31”重大爆炸事故查处实行挂牌督办"), area=cn,
                            comprehensive=cn, industries=("hazardous_chemicals",), mandate_cite=duties,
                            principal=("局长", "Administrator"), deputy=("副局长", "Deputy administrator"), deputies=4)

    sdt = c.territory(sd, "shandong", dzwww, head_is_deputy_secretary=True,
                      party=("中共山东省委员会", "Shandong Provincial Party Committee"),
                      government=("山东省人民政府", "Shandong Provincial Government"),
                      secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                      party_deputies=1, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                      government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                      [Deputy("副省长", "Vice governor") for _ in range(6)],
                      safety_committee=("山东省安全生产委员会", "Shandong Work Safety Committee"))
    c.department_with_posts(sdt["gov"], "shandong-ajj", "山东省安全生产监督管理局", "Shandong Work Safety Bureau",
                            (dzwww, "山东省政府成立了由省安监局……组成的……事故调查组"), area=sd, comprehensive=sd,
                            industries=("hazardous_chemicals",), mandate_cite=duties, deputies=4)
    c.department_with_posts(sdt["gov"], "shandong-jxw", "山东省经济和信息化委员会", "Shandong Economy and Information Commission",
                            est, area=sd, industries=("chemicals",), mandate_cite=duties, principal=("主任", "Chair"),
                            deputy=("副主任", "Deputy chair"), deputies=4)

    dyt = c.territory(dy, "dongying", dzwww, head_is_deputy_secretary=True,
                      party=("中共东营市委员会", "Dongying Municipal Party Committee"),
                      government=("东营市人民政府", "Dongying Municipal Government"),
                      secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                      party_deputies=1, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                      government_deputies=[Deputy("副市长（分管负责同志）", "Vice mayor in charge", local="dongying-gov-deputy1",
                                                  cite=(iqilu, "东营市政府分管负责同志"))] +
                      [Deputy("常务副市长", "Executive vice mayor")] + [Deputy("副市长", "Vice mayor") for _ in range(4)],
                      safety_committee=("东营市安全生产委员会", "Dongying Work Safety Committee"))
    c.department_with_posts(dyt["gov"], "dongying-ajj", "东营市安全生产监督管理局", "Dongying Work Safety Bureau", est, area=dy,
                            comprehensive=dy, industries=("hazardous_chemicals",), mandate_cite=duties, deputies=3)
    c.department_with_posts(dyt["gov"], "dongying-jxw", "东营市经济和信息化委员会", "Dongying Economy and Information Commission",
                            est, area=dy, industries=("chemicals",), mandate_cite=duties, principal=("主任", "Chair"),
                            deputy=("副主任", "Deputy chair"), deputies=3)

    ljt = c.territory(lj, "lijin", iqilu, head_is_deputy_secretary=True,
                      party=("中共利津县委员会", "Lijin County Party Committee"),
                      government=("利津县人民政府", "Lijin County Government"),
                      secretary=("县委书记", "County party secretary"), head=("县长", "County head"),
                      party_deputies=1, party_deputy=("县委副书记", "Deputy county party secretary"),
                      government_deputies=[Deputy("常务副县长", "Executive deputy county head")] +
                      [Deputy("副县长", "Deputy county head") for _ in range(4)],
                      safety_committee=("利津县安全生产委员会", "Lijin Work Safety Committee"))
    c.department_with_posts(ljt["gov"], "lijin-ajj", "利津县安全生产监督管理局", "Lijin Work Safety Bureau", est, area=lj,
                            comprehensive=lj, industries=("hazardous_chemicals",), mandate_cite=duties, deputies=2)
    c.department_with_posts(ljt["gov"], "lijin-jxj", "利津县经济和信息化局", "Lijin Economy and Information Bureau", est,
                            area=lj, industries=("chemicals",), mandate_cite=duties, deputies=2)

    # ------------------------------------------------------------------ the company, its sister, the plant
    by = c.enterprise("binyuan", "山东滨源化学有限公司", "Shandong Binyuan Chemical Co., Ltd.",
                      (iqilu, "东营市利津县山东滨源化学有限公司“8.31”重大爆炸事故"), industry="chemicals", domicile=lj)
    c.standard_posts(by, "binyuan", ("董事长兼总经理", "Chair and general manager"),
                     [Deputy("副总经理", "Deputy general manager", cite=(dzwww, "已在事故中死亡的滨源公司副总经理")),
                      Deputy("副总经理", "Deputy general manager")],
                     principal_cite=(chinanews, "濱源化學有限公司董事長兼總經理"))
    c.post(by, "binyuan-safety", "环境安全办公室主任", "Head of the environment and safety office", "safety_manager",
           (chinanews, "公司環境安全辦公室主任"))
    bynm = c.enterprise("bynm", "滨源新材料有限公司", "Binyuan New Materials Co., Ltd.",
                        (chinanews, "濱源新材料有限公司質量安全環保辦公室主任（借調濱源化學有限公司工作）"), domicile=lj)
    c.post(bynm, "bynm-head", "主要负责人", "Principal", "principal")
    c.post(bynm, "bynm-safety", "质量安全环保办公室主任", "Head of the quality, safety and environment office", "safety_manager",
           (chinanews, "濱源新材料有限公司質量安全環保辦公室主任"))
    plant = c.site("plant", "滨源公司二胺车间混二硝基苯装置", "Binyuan diamine workshop (mixed dinitrobenzene unit)", lj,
                   (chinanews, "發生爆炸的是濱源公司新建的年產2萬噸改性型膠粘新材料聯產項目二胺車間混二硝基苯裝置"),
                   operator=by, industry="chemicals", kind="new chemical plant on trial production")
    c.accident("东营市山东滨源化学有限公司“8·31”重大爆炸事故", "Binyuan Chemical explosion of 31 August 2015", plant, sdt["gov"],
               (dzwww, "造成13人死亡，25人受伤，直接经济损失4326万元"), occurred_on="2015-08-31", deaths=13,
               serious_injuries=0, direct_loss_cny=43260000, accident_type="other_explosion", industry="chemicals",
               activities=("hazardous_chemicals_handling", "fire_safety"),
               description="25 injured; serious injuries not stated on the pages read (recorded as 0)",
               investigation_cite=(dzwww, "山东省政府成立了……滨源公司“8·31”重大爆炸事故调查组"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
