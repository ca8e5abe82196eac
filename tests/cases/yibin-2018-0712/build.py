"""Facts of the Yibin Hengda "7·12" explosion and fire (2018): the structure as it stood before the accident.

Run ``python tests/cases/yibin-2018-0712/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts and portfolios no source gives cite the establishment document.
In July 2018 the local work safety bureaus still existed (emergency management bureaus were set up in late 2018).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy

SLUG = "yibin-2018-0712"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    xinhua = c.source("xinhua", "四川省应急管理厅发布宜宾恒达科技有限公司“7·12”重大爆炸着火事故调查报告（新华社成都2月13日电）",
                      url="http://xgmlfb.com/post/5/93758", publisher="新华社（第三方网站转载）；报告发布机关四川省应急管理厅",
                      issued_on="2019-02-13", kind="news_report")
    chinanews = c.source("chinanews", "四川通报宜宾恒达公司“7·12”爆燃事故调查结果 15人被移送司法（二）",
                         url="http://m.jiangsulong.com/a/2019/0213/1550068406_2.html",
                         publisher="中国新闻网电讯（第三方网站转载）", issued_on="2019-02-13", kind="news_report")
    ccats = c.source("ccats", "四川公布“7•12”重大事故调查报告 | 环评单位违法违规开展评价，限期整改！",
                     url="https://ccats.org.cn/hanye/4777.html", publisher="中国化学品安全协会（摘录调查报告）",
                     issued_on="2019-02-14")
    cctv = c.source("cctv", "江安恒达爆燃事故续：企业违建试生产 责任人已被控制",
                    url="http://news.fjsen.com/2018-07/16/content_21263035.htm", publisher="央视网（东南网转载）",
                    issued_on="2018-07-16", kind="news_report")
    xhmr = c.source("xhmr", "四川江安重大爆燃事故致19人死亡12人受伤 涉事企业违法建设，责任人已被控制",
                    url="http://203.192.15.131/content/20180714/Articel02006BB.htm", publisher="新华每日电讯",
                    issued_on="2018-07-14", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties of 2018 (Work Safety Law 2014 Art. 9; "
                              "危险化学品安全管理条例 Art. 6), not from a source about this case.")
    est = c.establishment

    cn = c.country()
    sichuan = c.area("sichuan", "四川省", "Sichuan Province", "provincial", cn, xinhua, code="510000")
    yibin = c.area("yibin", "宜宾市", "Yibin", "prefectural", sichuan, xinhua, code="511500")
    jiangan = c.area("jiangan", "宜宾市江安县", "Jiang'an County", "county", yibin, xinhua, code="511523")
    park = c.area("park", "江安县阳春工业园区", "Jiang'an Yangchun Industrial Park", "township", jiangan,
                  (xinhua, "位于宜宾市江安县阳春工业园区内的宜宾恒达科技有限公司"),
                  description="industrial park (development zone) with its own management committee")

    nat = c.central_leadership(cn, est)
    c.department_with_posts(nat["gov"], "cn-mem", "应急管理部", "Ministry of Emergency Management", est, area=cn,
                            comprehensive=cn, industries=("hazardous_chemicals",), mandate_cite=duties,
                            established_on="2018-04-16", principal=("部长", "Minister"), deputy=("副部长", "Vice Minister"),
                            deputies=4)

    sc = c.territory(sichuan, "sichuan", xinhua, head_is_deputy_secretary=True,
                     party=("中共四川省委员会", "Sichuan Provincial Party Committee"),
                     government=("四川省人民政府", "Sichuan Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=1, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                     [Deputy("副省长", "Vice governor") for _ in range(6)],
                     safety_committee=("四川省安全生产委员会", "Sichuan Work Safety Committee"))
    sajj = c.department_with_posts(sc["gov"], "sichuan-ajj", "四川省安全生产监督管理局", "Sichuan Work Safety Bureau",
                                   (cctv, "调查组由四川省安全监管局牵头"), area=sichuan, comprehensive=sichuan,
                                   industries=("hazardous_chemicals",), mandate_cite=duties, deputies=4)

    yb = c.territory(yibin, "yibin", est, head_is_deputy_secretary=True,
                     party=("中共宜宾市委员会", "Yibin Municipal Party Committee"),
                     government=("宜宾市人民政府", "Yibin Municipal Government"),
                     secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                     party_deputies=1, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                     government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                     [Deputy("副市长", "Vice mayor") for _ in range(5)],
                     safety_committee=("宜宾市安全生产委员会", "Yibin Work Safety Committee"))
    c.department_with_posts(yb["gov"], "yibin-ajj", "宜宾市安全生产监督管理局", "Yibin Work Safety Bureau", est, area=yibin,
                            comprehensive=yibin, industries=("hazardous_chemicals",), mandate_cite=duties, deputies=3)

    ja = c.territory(jiangan, "jiangan", chinanews, head_is_deputy_secretary=True,
                     party=("中共江安县委员会", "Jiang'an County Party Committee"),
                     government=("江安县人民政府", "Jiang'an County Government"),
                     secretary=("县委书记", "County party secretary"), head=("县长", "County head"),
                     party_deputies=1, party_deputy=("县委副书记", "Deputy county party secretary"),
                     government_deputies=[Deputy("常务副县长", "Executive deputy county head")] +
                     [Deputy("副县长", "Deputy county head") for _ in range(4)],
                     safety_committee=("江安县安全生产委员会", "Jiang'an Work Safety Committee"))
    jajj = c.department_with_posts(ja["gov"], "jiangan-ajj", "江安县安全生产监督管理局", "Jiang'an Work Safety Bureau",
                                   (cctv, "江安县安监局副局长……介绍"), area=jiangan, comprehensive=jiangan,
                                   industries=("hazardous_chemicals",), mandate_cite=duties, deputies=3)
    c.department_with_posts(ja["gov"], "jiangan-ga", "江安县公安局", "Jiang'an Public Security Bureau", est, area=jiangan,
                            activities=("hazardous_chemicals_handling",), mandate_cite=duties, deputies=3,
                            description="public security controls explosive precursors (易制爆危险化学品)")
    c.department_with_posts(ja["gov"], "jiangan-jxj", "江安县经济商务和信息化局", "Jiang'an Economy and Information Bureau", est,
                            area=jiangan, industries=("chemicals",), mandate_cite=duties, deputies=3)
    c.department_with_posts(ja["gov"], "jiangan-hbj", "江安县环境保护局", "Jiang'an Environmental Protection Bureau",
                            (ccats, "江安县环境保护局以宜宾恒达公司为中心……开展无组织废气监测"), area=jiangan, deputies=2)
    c.department_with_posts(ja["gov"], "jiangan-xf", "江安县公安消防大队", "Jiang'an Fire Brigade", est, area=jiangan,
                            activities=("fire_safety",), mandate_cite=duties, principal=("大队长", "Brigade commander"),
                            deputy=("副大队长", "Deputy commander"), deputies=1)

    # the park: management committee (a government over the zone), party working committee, its bureau
    pk = c.territory(park, "park", chinanews, head_is_deputy_secretary=True,
                     party=("中共江安县工业园区工作委员会", "Jiang'an Industrial Park Party Working Committee"),
                     government=("江安县工业园区管理委员会", "Jiang'an Industrial Park Management Committee"),
                     secretary=("党工委书记", "Party working committee secretary"), head=("管委会主任", "Committee director"),
                     party_deputies=0, party_deputy=("党工委副书记", "Deputy secretary"),
                     government_deputies=[Deputy("管委会副主任（执行主任）", "Deputy director (executive director)",
                                                 cite=(chinanews, "江安县工业园区党工委委员、管委会副主任、执行主任"),
                                                 local="park-gov-exec"),
                                          Deputy("管委会副主任", "Deputy director"), Deputy("管委会副主任", "Deputy director")],
                     parent_government=ja["gov"])
    c.department_with_posts(pk["gov"], "park-ahj", "江安县工业园区安环局", "Park Safety and Environment Bureau",
                            (chinanews, "江安县工业园区安环局局长"), area=park, comprehensive=park,
                            industries=("chemicals", "hazardous_chemicals"), mandate_cite=duties, deputies=2)

    # ------------------------------------------------------------------ enterprises and the plant
    hengda = c.enterprise("hengda", "宜宾恒达科技有限公司", "Yibin Hengda Technology Co., Ltd.",
                          (chinanews, "宜宾恒达公司未批先建、违法建设，非法生产"), industry="chemicals", domicile=jiangan)
    c.standard_posts(hengda, "hengda", ("法定代表人", "Legal representative"),
                     [Deputy("副总经理", "Deputy general manager"), Deputy("副总经理", "Deputy general manager")],
                     principal_cite=(chinanews, "宜宾恒达公司法定代表人"))
    c.post(hengda, "hengda-safety", "安全管理人员", "Safety manager", "safety_manager")
    plant = c.site("plant", "宜宾恒达科技有限公司厂区", "Hengda plant", park, xinhua, operator=hengda, industry="chemicals",
                   kind="chemical plant (pharmaceutical intermediates)")
    hky = c.enterprise("hkyuan", "四川省环科源科技有限公司", "Sichuan Huankeyuan Technology Co., Ltd.",
                       (ccats, "该公司为宜宾恒达公司2300吨化工体中间项目环境影响报告编制单位"), credit_code="91510100MA61T42C93",
                       established_on="2015-12-29")
    c.post(hky, "hkyuan-head", "法定代表人", "Legal representative", "principal", (ccats, "法定代表人"))
    c.relate("intermediaryFor", hky, plant, (ccats, "该项目的环境影响报告书由四川省环科源科技有限公司于2017年2月完成编制"),
             valid_from="2017-02-01", service="safety_assessment")
    anxin = c.enterprise("anxin", "四川省安信科技有限责任公司", "Sichuan Anxin Technology Co., Ltd.",
                         (ccats, "该公司为宜宾恒达公司年产2300吨化工中间体项目安全预评价单位"), credit_code="91510107749749603G",
                         established_on="2003-07-25")
    c.post(anxin, "anxin-head", "法定代表人", "Legal representative", "principal", (ccats, "法定代表人"))
    c.relate("intermediaryFor", anxin, plant, (ccats, "安全预评价报告由四川省安信科技有限责任公司于2017年8月完成编制"),
             valid_from="2017-08-01", service="safety_assessment")
    c.relate("approved", sajj, anxin, (ccats, "2017年2月22日换证取得《安全评价机构资质证书》……发证机关为原四川省安全生产监督管理局"),
             valid_from="2017-02-22", valid_to="2020-02-22", scope="安全评价机构资质（乙级）")

    # ------------------------------------------------------------------ the hazard the authorities knew of
    haz = c.hazard("sanshitongshi", "未取得安全生产“三同时”手续即施工建设并进入调试生产",
                   "Built and trial-run without the safety 'three simultaneities' approvals", [plant, hengda],
                   [(cctv, "2016年恒达科技在未取得安全生产“三同时”手续的情况下就开始施工建设"),
                    (xhmr, "在安全设施设计评价和消防手续不齐备的情况进入调试生产阶段")],
                   found_on="2016-01-01", grade="major", category="management_defect", found_through="inspection",
                   description="found in 2016 (year only; recorded on 1 January)")
    c.inspection("2016", "相关部门对恒达科技违法施工建设的执法检查", "Enforcement against Hengda's illegal construction", jajj,
                 hengda, [(cctv, "相关部门发现这一情况后，先后向其下达过责令停止施工建设的执法文书，也给予过行政处罚"),
                          (xhmr, "两次被相关部门处罚")],
                 date="2016-01-01", enforcement=("order_suspension", "fine"), found=(haz,),
                 description="the source says 'relevant departments' (相关部门); attributed to the county work safety bureau, "
                             "whose deputy director gave the account; date known to the year only")

    c.accident("宜宾恒达科技有限公司“7·12”重大爆炸着火事故", "Yibin Hengda Technology explosion and fire of 12 July 2018",
               plant, sc["gov"], (xinhua, "造成19人死亡、12人受伤，直接经济损失约4142万元"), occurred_on="2018-07-12",
               deaths=19, serious_injuries=1, direct_loss_cny=41420000, accident_type="other_explosion",
               industry="chemicals", activities=("hazardous_chemicals_handling", "fire_safety"),
               description="12 injured, all lightly but one (a fractured humerus, recorded as serious)",
               investigation_cite=(cctv, "四川省政府“7.12”江安恒达爆燃重大事故调查组已成立"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
