"""Facts of the Anyang Kaixinda Trading "11·21" warehouse fire (2022): the structure before the accident.

Run ``python tests/cases/anyang-2022-1121/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts, bodies and mandates no source gives cite the establishment or
duties documents. The stored sources are Xinhua wire copy on third-party pages (the full report was not readable).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "anyang-2022-1121"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    henan = c.source("xinhua-henan", "河南严肃查处安阳“11·21”特别重大火灾事故相关责任人员 公安机关对8名涉案人员立案侦查"
                     "并采取刑事强制措施 纪检监察机关严肃问责58名公职人员", url="http://hunanyuer.com/news/jiaodian/358923.html",
                     publisher="新华社郑州8月29日电（转载页）", issued_on="2023-08-29", kind="news_report")
    report = c.source("xinhua-report", "新华社北京8月29日消息：国务院常务会议审议通过了河南安阳市凯信达商贸有限公司“11·21”"
                      "特别重大火灾事故调查报告（页面标题未见，按正文首句著录）",
                      url="http://acronyms.dizo.com.cn/acronyms/2023/0829/84262.html",
                      publisher="新华社北京8月29日消息（转载页）", issued_on="2023-08-29", kind="news_report")
    stcn = c.source("stcn", "证券时报网讯：国务院决定成立调查组对河南安阳市凯信达商贸有限公司“11·21”特别重大火灾事故进行调查"
                    "（页面标题未见，按正文首句著录）", url="http://m.lautan.net/2022-11-23/207161278.html",
                    publisher="证券时报网（据央视新闻；转载页）", issued_on="2022-11-23", kind="news_report")
    ccdi = c.source("ccdi", "新华社北京8月29日电：中央纪委对河南省委常委、副省长在河南安阳“11·21”特别重大火灾事故中的违纪问题"
                    "立案审查（页面标题未见，按正文首句著录）", url="https://qiwuyouxuan.com/52371.html",
                    publisher="新华社（转载页）", issued_on="2023-08-29", kind="news_report")
    legal = c.source("legaldaily", "国务院成立安阳“11·21”特别重大火灾事故调查组",
                     url="http://epaper.legaldaily.com.cn/fzrb/content/20221124/Articel01004GN.htm", publisher="法治日报",
                     issued_on="2022-11-24", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties (Work Safety Law Art. 10, Fire Protection "
                              "Law Art. 53 on police stations, 三管三必须), not from a source about this case.")
    est = c.establishment
    ting: dict[str, Any] = {"principal": ("厅长", "Director-general"), "deputy": ("副厅长", "Deputy director-general"),
                            "deputies": 3}
    fire: dict[str, Any] = {"vertical": True, "activities": ("fire_safety", "hot_work"), "mandate_cite": duties}

    # ------------------------------------------------------------------ areas
    cn = c.country()
    ha = c.area("henan", "河南省", "Henan Province", "provincial", cn, henan, code="410000")
    ay = c.area("anyang", "安阳市", "Anyang", "prefectural", ha, henan, code="410500")
    wf = c.area("wenfeng", "安阳市文峰区", "Wenfeng District", "county", ay, (report, "河南省安阳市文峰区安阳市凯信达商贸有限公司"),
                code="410502", description="the district is also the Anyang high-tech zone (not modelled)")
    bls = c.area("baolian", "宝莲寺镇", "Baoliansi Town", "township", wf, (henan, "安阳市公安局文峰分局宝莲寺派出所"))

    # ------------------------------------------------------------------ national level (investigates)
    pc_cn = c.party_committee(cn, "cn", "中国共产党中央委员会", "CPC Central Committee", est)
    c.standard_posts(pc_cn, "cn-pc", ("总书记", "General Secretary"))
    gov_cn = c.government(cn, "state-council", "中华人民共和国国务院", "State Council",
                          (report, "国务院常务会议审议通过了河南安阳市凯信达商贸有限公司“11·21”特别重大火灾事故调查报告"))
    c.standard_posts(gov_cn, "state-council", ("总理", "Premier"), [Deputy("副总理", "Vice Premier") for _ in range(4)])
    sc_cn = c.safety_committee(gov_cn, "cn", "国务院安全生产委员会", "State Council Work Safety Committee", est)
    c.post(sc_cn, "cn-sc-head", "主任", "Chair", "principal",
           holders=[Tenure(person=c.holder_of(c.id("post", "state-council-head")))],
           description="chaired by the government head (establishment)")
    bu: dict[str, Any] = {"principal": ("部长", "Minister"), "deputy": ("副部长", "Vice Minister"), "deputies": 4}
    c.department_with_posts(gov_cn, "cn-mem", "应急管理部", "Ministry of Emergency Management",
                            (stcn, "由应急管理部牵头"), area=cn, comprehensive=cn, mandate_cite=duties, **bu)
    c.department_with_posts(gov_cn, "cn-mofcom", "商务部", "Ministry of Commerce", est, area=cn, industries=("commerce",),
                            mandate_cite=duties, **bu)
    c.department_with_posts(gov_cn, "cn-mps", "公安部", "Ministry of Public Security", (stcn, "公安部"), area=cn, **bu)
    nfra = c.department_with_posts(gov_cn, "cn-fire", "国家消防救援局", "National Fire and Rescue Administration",
                                   (report, "国家消防救援局（原应急管理部消防救援局）"), area=cn,
                                   principal=("局长", "Director"), deputy=("副局长", "Deputy director"), deputies=3, **fire)

    # ------------------------------------------------------------------ Henan
    hn = c.territory(ha, "henan", henan, party=("中共河南省委员会", "Henan Provincial Party Committee"),
                     government=("河南省人民政府", "Henan Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=2, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[
                         Deputy("常务副省长", "Executive vice governor"),
                         Deputy("副省长（分管应急管理、联系消防救援）",
                                "Vice governor for emergency management and liaison with fire rescue",
                                ("work_safety", "emergency_rescue", "fire_safety"),
                                (ccdi, "作为河南省委常委、副省长，分管应急管理、联系消防救援工作"),
                                local="henan-gov-deputy-safety")] +
                     [Deputy("副省长", "Vice governor") for _ in range(5)],
                     safety_committee=("河南省安全生产委员会", "Henan Work Safety Committee"))
    c.department_with_posts(hn["gov"], "henan-yjt", "河南省应急管理厅", "Henan Department of Emergency Management", est,
                            area=ha, comprehensive=ha, mandate_cite=duties, **ting)
    c.department_with_posts(hn["gov"], "henan-swt", "河南省商务厅", "Henan Department of Commerce", est, area=ha,
                            industries=("commerce",), mandate_cite=duties, **ting)
    c.department_with_posts(hn["gov"], "henan-gat", "河南省公安厅", "Henan Department of Public Security", est, area=ha,
                            **ting)
    hn_fire = c.department_with_posts(nfra, "henan-fire", "河南省消防救援总队", "Henan Fire and Rescue Corps", est,
                                      area=ha, principal=("总队长", "Corps commander"),
                                      deputy=("副总队长", "Deputy corps commander"), deputies=3, **fire)

    # ------------------------------------------------------------------ Anyang city
    ayg = c.territory(ay, "anyang", henan, party=("中共安阳市委员会", "Anyang Municipal Party Committee"),
                      government=("安阳市人民政府", "Anyang Municipal Government"),
                      secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                      party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                      government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                      [Deputy("副市长", "Vice mayor") for _ in range(5)],
                      safety_committee=("安阳市安全生产委员会", "Anyang Work Safety Committee"))
    c.department_with_posts(ayg["gov"], "city-em", "安阳市应急管理局", "Anyang Emergency Management Bureau", est, area=ay,
                            comprehensive=ay, mandate_cite=duties, deputies=3)
    c.department_with_posts(ayg["gov"], "city-commerce", "安阳市商务局", "Anyang Commerce Bureau", est, area=ay,
                            industries=("commerce",), mandate_cite=duties, deputies=3)
    city_ps = c.department_with_posts(ayg["gov"], "city-ps", "安阳市公安局", "Anyang Public Security Bureau",
                                      (henan, "安阳市公安局文峰分局"), area=ay, deputies=4)
    c.department_with_posts(ayg["gov"], "city-housing", "安阳市住房和城乡建设局", "Anyang Housing and Urban-Rural Development Bureau",
                            est, area=ay, industries=("construction",), activities=("construction_work",),
                            mandate_cite=duties, deputies=3)
    city_fire = c.department_with_posts(hn_fire, "city-fire", "安阳市消防救援支队", "Anyang Fire and Rescue Detachment",
                                        (henan, "安阳市消防救援支队防火监督科科长"), area=ay,
                                        principal=("支队长", "Detachment commander"),
                                        deputy=("副支队长", "Deputy detachment commander"), deputies=3, **fire)
    fmk = c.department(city_fire, "city-fire-fmk", "安阳市消防救援支队防火监督科", "Fire Prevention Supervision Section",
                       (henan, "安阳市消防救援支队防火监督科科长"), area=ay, activities=("fire_safety",),
                       mandate_cite=duties)
    c.standard_posts(fmk, "city-fire-fmk", ("科长", "Section chief"), [Deputy("副科长", "Deputy section chief")],
                     principal_cite=(henan, "安阳市消防救援支队防火监督科科长"))

    # ------------------------------------------------------------------ Wenfeng district
    wfg = c.territory(wf, "wenfeng", henan, party=("中共安阳市文峰区委员会", "Wenfeng District Party Committee"),
                      government=("安阳市文峰区人民政府", "Wenfeng District Government"),
                      secretary=("区委书记", "District party secretary"), head=("区长", "District head"),
                      party_deputies=2, party_deputy=("区委副书记", "Deputy district party secretary"),
                      government_deputies=[Deputy("常务副区长", "Executive deputy district head")] +
                      [Deputy("副区长", "Deputy district head") for _ in range(4)],
                      safety_committee=("安阳市文峰区安全生产委员会", "Wenfeng Work Safety Committee"))
    c.department_with_posts(wfg["gov"], "wenfeng-em", "安阳市文峰区应急管理局", "Wenfeng Emergency Management Bureau", est,
                            area=wf, comprehensive=wf, mandate_cite=duties, deputies=2)
    c.department_with_posts(wfg["gov"], "wenfeng-commerce", "安阳市文峰区商务局", "Wenfeng Commerce Bureau", est, area=wf,
                            industries=("commerce",), mandate_cite=duties, deputies=2)
    branch = c.department_with_posts(city_ps, "wenfeng-ps", "安阳市公安局文峰分局", "Wenfeng Branch, Anyang Public Security Bureau",
                                     (henan, "安阳市公安局文峰分局"), area=wf, principal=("分局局长", "Branch director"),
                                     deputies=3, description="branch of the city bureau (分局)")
    station = c.department(branch, "baolian-police", "安阳市公安局文峰分局宝莲寺派出所", "Baoliansi Police Station",
                           (henan, "安阳市公安局文峰分局宝莲寺派出所民警"), area=bls, activities=("fire_safety",),
                           mandate_cite=duties,
                           description="police station; daily fire-safety inspection of small premises in its area")
    c.standard_posts(station, "baolian-police", ("所长", "Station chief"),
                     [Deputy("副所长", "Deputy station chief"), Deputy("教导员", "Political instructor")])
    c.post(station, "baolian-police-officer", "民警", "Police officer", "staff", (henan, "宝莲寺派出所民警"))
    wf_fire = c.department_with_posts(city_fire, "wenfeng-fire", "安阳市文峰区消防救援大队", "Wenfeng Fire and Rescue Brigade",
                                      (henan, "安阳市文峰区消防救援大队政治指导员"), area=wf,
                                      principal=("大队长", "Brigade commander"),
                                      deputy=("副大队长", "Deputy brigade commander"), deputies=1, **fire)
    c.post(wf_fire, "wenfeng-fire-instructor", "政治指导员", "Political instructor", "deputy",
           (henan, "安阳市文峰区消防救援大队政治指导员"))

    # ------------------------------------------------------------------ Baoliansi town
    c.territory(bls, "baolian", est, party=("中共安阳市文峰区宝莲寺镇委员会", "Baoliansi Town Party Committee"),
                government=("安阳市文峰区宝莲寺镇人民政府", "Baoliansi Town Government"),
                secretary=("镇党委书记", "Town party secretary"), head=("镇长", "Town head"),
                party_deputies=2, party_deputy=("镇党委副书记", "Deputy town party secretary"),
                government_deputies=3, government_deputy=("副镇长", "Deputy town head"))

    # ------------------------------------------------------------------ the two companies and the building
    kxd = c.enterprise("kaixinda", "安阳市凯信达商贸有限公司", "Anyang Kaixinda Trading Co., Ltd.",
                       (henan, "安阳市凯信达商贸有限公司实际控制人……、法定代表人……"), industry="commerce", domicile=wf)
    c.post(kxd, "kaixinda-controller", "实际控制人", "Actual controller", "principal", (henan, "凯信达商贸有限公司实际控制人"),
           description="actual controller (实际控制人) recorded as principal (model gap)")
    c.post(kxd, "kaixinda-head", "法定代表人", "Legal representative", "principal", (henan, "凯信达商贸有限公司……法定代表人"))
    c.post(kxd, "kaixinda-deputy1", "分管安全负责人", "Deputy in charge of safety", "deputy", est)
    sx = c.enterprise("shangxin", "安阳市尚鑫服装有限公司", "Anyang Shangxin Garment Co., Ltd.",
                      (henan, "安阳市尚鑫服装有限公司实际控制人"), industry="textiles", domicile=wf,
                      description="garment workshop on the building's upper floor")
    c.post(sx, "shangxin-controller", "实际控制人", "Actual controller", "principal", (henan, "安阳市尚鑫服装有限公司实际控制人"),
           description="actual controller (实际控制人) recorded as principal (model gap)")
    c.post(sx, "shangxin-head", "法定代表人", "Legal representative", "principal", est)
    plant = c.site("plant", "凯信达公司厂房（一层仓库，二层服装车间）", "Kaixinda building (ground-floor store, upper-floor garment workshop)",
                   bls, (report, "事故的直接原因是凯信达公司负责人在一层仓库内违法违规电焊作业"), operator=kxd,
                   industry="commerce", kind="warehouse with a garment workshop above")
    c.relate("operates", sx, plant, (henan, "安阳市尚鑫服装有限公司"))

    c.accident("河南安阳市凯信达商贸有限公司“11·21”特别重大火灾事故", "Anyang Kaixinda warehouse fire of 21 November 2022",
               plant, gov_cn, (report, "造成42人死亡、2人受伤，直接经济损失12311万元"), occurred_on="2022-11-21",
               deaths=42, serious_injuries=0, direct_loss_cny=123110000, accident_type="fire", industry="commerce",
               activities=("hot_work", "fire_safety"),
               description="2 injured; serious injuries not stated on the pages read (recorded as 0). Welding slag "
                           "ignited cartons in the ground-floor store; the smoke reached the garment workshop.",
               investigation_cite=[(legal, "国务院决定成立调查组，由应急管理部牵头"), (report, "经国务院事故调查组调查认定"),
                                   (stcn, "国务院决定成立调查组")])
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
