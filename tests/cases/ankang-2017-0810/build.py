"""Facts of the Ankang Beijing–Kunming expressway "8·10" coach crash (2017): the structure before the accident.

Run ``python tests/cases/ankang-2017-0810/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts, bodies and mandates no source gives cite the establishment or
duties documents. Bodies are those of 2017 (work safety bureaus). The stored sources are People's Daily, Xinhua and
Beijing News summaries of the State Council's decision (the full report was not readable here).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "ankang-2017-0810"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    rmrb = c.source("peoples", "京昆高速致36死特大交通事故：28人被立案", url="http://www.suiw.cn/portal.php?aid=140675&mod=view",
                    publisher="人民日报（本报北京1月31日电，记者丁怡婷；随州新闻网转载，注明来自人民网）", issued_on="2018-01-31",
                    kind="news_report")
    xh = c.source("xinhua", "国务院批复同意京昆高速“8·10”特别重大道路交通事故调查报告",
                  url="http://zhtxs.com/shizhengyaowen/2018-01-31/69554.html",
                  publisher="新华社北京1月31日电（记者叶昊鸣；转载页，注明来源新华网）", issued_on="2018-01-31",
                  kind="news_report")
    bj = c.source("bjnews", "京昆高速“8·10”特别重大道路交通事故调查报告要点（页面标题未见，按正文著录）",
                  url="https://m.yd166.com/jingyan/5612411626_3.html",
                  publisher="新京报（记者赵凯迪、王煜、王梦遥、林斐然；转载页）", issued_on="2018-01-31", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（2017年机构，非来源记载）",
                              "Mandates from the division of duties as it stood in 2017 (Work Safety Law 2014 Art. 9, "
                              "Road Transport Regulations), not from a source about this case.")
    est = c.establishment
    ting: dict[str, Any] = {"principal": ("厅长", "Director-general"), "deputy": ("副厅长", "Deputy director-general"),
                            "deputies": 3}
    road: dict[str, Any] = {"industries": ("road_transport",), "activities": ("goods_transport",), "mandate_cite": duties}
    groups = (bj, "成都、德阳、绵阳等事故车辆发车及途经地区交通运输管理部门")

    # ------------------------------------------------------------------ areas
    cn = c.country()
    sx = c.area("shaanxi", "陕西省", "Shaanxi Province", "provincial", cn, xh, code="610000")
    ak = c.area("ankang", "安康市", "Ankang", "prefectural", sx, xh, code="610900")
    ha = c.area("henan", "河南省", "Henan Province", "provincial", cn, xh, code="410000")
    ly = c.area("luoyang", "洛阳市", "Luoyang", "prefectural", ha, rmrb, code="410300")
    scp = c.area("sichuan", "四川省", "Sichuan Province", "provincial", cn, xh, code="510000")
    cities = {local: c.area(local, zh, en, "prefectural", scp, groups, code=code)
              for local, zh, en, code in (("chengdu", "成都市", "Chengdu", "510100"), ("deyang", "德阳市", "Deyang", "510600"),
                                          ("mianyang", "绵阳市", "Mianyang", "510700"))}

    # ------------------------------------------------------------------ national level (investigates)
    pc_cn = c.party_committee(cn, "cn", "中国共产党中央委员会", "CPC Central Committee", est)
    c.standard_posts(pc_cn, "cn-pc", ("总书记", "General Secretary"))
    gov_cn = c.government(cn, "state-council", "中华人民共和国国务院", "State Council",
                          (xh, "国务院近日批复同意《陕西安康京昆高速“8·10”特别重大道路交通事故调查报告》"))
    c.standard_posts(gov_cn, "state-council", ("总理", "Premier"), [Deputy("副总理", "Vice Premier") for _ in range(4)])
    sc_cn = c.safety_committee(gov_cn, "cn", "国务院安全生产委员会", "State Council Work Safety Committee", est)
    c.post(sc_cn, "cn-sc-head", "主任", "Chair", "principal",
           holders=[Tenure(person=c.holder_of(c.id("post", "state-council-head")))],
           description="chaired by the government head (establishment)")
    bu: dict[str, Any] = {"principal": ("部长", "Minister"), "deputy": ("副部长", "Vice Minister"), "deputies": 4}
    c.department_with_posts(gov_cn, "cn-saws", "国家安全生产监督管理总局", "State Administration of Work Safety",
                            (xh, "记者31日从国家安全生产监督管理总局获悉"), area=cn, comprehensive=cn, mandate_cite=duties,
                            principal=("局长", "Director"), deputy=("副局长", "Deputy director"), deputies=4)
    c.department_with_posts(gov_cn, "cn-mot", "交通运输部", "Ministry of Transport", (xh, "交通运输部"), area=cn, **road, **bu)
    c.department_with_posts(gov_cn, "cn-mps", "公安部", "Ministry of Public Security", (xh, "公安部"), area=cn, **bu)

    def tier(area: str, local: str, zh: str, en: str, prov: bool, cite: Any) -> dict[str, str]:
        """Party committee, government and safety committee of a province or city (standard posts)."""
        if prov:
            return c.territory(area, local, cite, party=(f"中共{zh}委员会", f"{en} Provincial Party Committee"),
                               government=(f"{zh}人民政府", f"{en} Provincial Government"),
                               secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                               party_deputies=2, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                               government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                               [Deputy("副省长", "Vice governor") for _ in range(6)],
                               safety_committee=(f"{zh}安全生产委员会", f"{en} Work Safety Committee"))
        return c.territory(area, local, cite, party=(f"中共{zh}委员会", f"{en} Municipal Party Committee"),
                           government=(f"{zh}人民政府", f"{en} Municipal Government"),
                           secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                           party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                           government_deputies=[Deputy("副市长", "Vice mayor", cite=(rmrb, "洛阳市副市长"))
                                                if local == "luoyang" else Deputy("副市长", "Vice mayor")] +
                           [Deputy("常务副市长", "Executive vice mayor", local=f"{local}-gov-exec")] +
                           [Deputy("副市长", "Vice mayor") for _ in range(4)],
                           safety_committee=(f"{zh}安全生产委员会", f"{en} Work Safety Committee"))

    # ------------------------------------------------------------------ Shaanxi and Ankang (where it happened)
    sxg = tier(sx, "shaanxi", "陕西省", "Shaanxi", True, (bj, "责成两地省政府向国务院作出深刻检查"))
    c.department_with_posts(sxg["gov"], "shaanxi-saws", "陕西省安全生产监督管理局", "Shaanxi Work Safety Bureau", est,
                            area=sx, comprehensive=sx, mandate_cite=duties, principal=("局长", "Director"),
                            deputy=("副局长", "Deputy director"), deputies=3)
    jtt = c.department_with_posts(sxg["gov"], "shaanxi-transport", "陕西省交通运输厅", "Shaanxi Department of Transport", est,
                                  area=sx, **road, **ting)
    c.department_with_posts(jtt, "shaanxi-highway", "陕西省公路局", "Shaanxi Highway Administration",
                            (bj, "陕西省公路局"), area=sx, industries=("transport_construction",), mandate_cite=duties,
                            deputies=3, description="highway administration under the provincial transport department")
    c.department_with_posts(sxg["gov"], "shaanxi-ps", "陕西省公安厅", "Shaanxi Department of Public Security", est,
                            area=sx, **ting)
    akg = tier(ak, "ankang", "安康市", "Ankang", False, xh)
    c.department_with_posts(akg["gov"], "ankang-saws", "安康市安全生产监督管理局", "Ankang Work Safety Bureau", est,
                            area=ak, comprehensive=ak, mandate_cite=duties, deputies=3)
    c.department_with_posts(akg["gov"], "ankang-transport", "安康市交通运输局", "Ankang Transport Bureau", est, area=ak,
                            **road, deputies=3)
    akps = c.department_with_posts(akg["gov"], "ankang-ps", "安康市公安局", "Ankang Public Security Bureau", est, area=ak,
                                   deputies=4)
    tp = c.department(akps, "ankang-traffic-police", "安康市公安局交通警察支队", "Ankang Traffic Police Detachment",
                      (bj, "安康市公安局交通警察支队高速公路交通警察大队"), area=ak)
    c.standard_posts(tp, "ankang-traffic-police", ("支队长", "Detachment commander"),
                     [Deputy("副支队长", "Deputy commander") for _ in range(2)])
    xp = c.department(tp, "ankang-expressway-police", "安康市公安局交通警察支队高速公路交通警察大队",
                      "Ankang Expressway Traffic Police Brigade", (bj, "安康市公安局交通警察支队高速公路交通警察大队"),
                      area=ak, description="patrols the expressway where the coach crashed")
    c.standard_posts(xp, "ankang-expressway-police", ("大队长", "Brigade commander"),
                     [Deputy("副大队长", "Deputy brigade commander") for _ in range(2)])

    # ------------------------------------------------------------------ Henan and Luoyang (the coach's home)
    hag = tier(ha, "henan", "河南省", "Henan", True, (bj, "鉴于河南省对事故发生负有主要责任"))
    c.department_with_posts(hag["gov"], "henan-saws", "河南省安全生产监督管理局", "Henan Work Safety Bureau", est, area=ha,
                            comprehensive=ha, mandate_cite=duties, principal=("局长", "Director"),
                            deputy=("副局长", "Deputy director"), deputies=3)
    c.department_with_posts(hag["gov"], "henan-transport", "河南省交通运输厅", "Henan Department of Transport", est, area=ha,
                            **road, **ting)
    lyg = tier(ly, "luoyang", "洛阳市", "Luoyang", False, (rmrb, "洛阳市人民政府落实道路运输安全领导责任不到位"))
    c.department_with_posts(lyg["gov"], "luoyang-transport", "洛阳市交通运输局", "Luoyang Transport Bureau",
                            (bj, "没有有效督促指导洛阳市交通运输部门依法履行道路运输安全监管职责"), area=ly, **road,
                            deputies=3)
    c.department_with_posts(lyg["gov"], "luoyang-saws", "洛阳市安全生产监督管理局", "Luoyang Work Safety Bureau", est,
                            area=ly, comprehensive=ly, mandate_cite=duties, deputies=3)
    c.department_with_posts(lyg["gov"], "luoyang-ps", "洛阳市公安局", "Luoyang Public Security Bureau", est, area=ly,
                            deputies=4)

    # ------------------------------------------------------------------ Sichuan and the cities of departure / passage
    scg = tier(scp, "sichuan", "四川省", "Sichuan", True, est)
    c.department_with_posts(scg["gov"], "sichuan-transport", "四川省交通运输厅", "Sichuan Department of Transport", est,
                            area=scp, **road, **ting)
    for local, zh, en in (("chengdu", "成都市", "Chengdu"), ("deyang", "德阳市", "Deyang"), ("mianyang", "绵阳市", "Mianyang")):
        g = tier(cities[local], local, zh, en, False, groups)
        c.department_with_posts(g["gov"], f"{local}-transport", f"{zh}交通运输局", f"{en} Transport Bureau", groups,
                                area=cities[local], **road, deputies=3,
                                description="transport administration of a place the coach departed from or passed")

    # ------------------------------------------------------------------ the coach, its company and contractor
    bus_co = c.enterprise("bus-company", "事故大客车所属客运企业（洛阳）", "Passenger transport company owning the coach (Luoyang)",
                          (rmrb, "有关企业安全生产主体责任不落实"), industry="road_transport", domicile=ly,
                          description="not named on the pages read; its home city follows from the findings on Luoyang")
    c.standard_posts(bus_co, "bus-company", ("董事长", "Chair of the board"),
                     [Deputy("总经理", "General manager", role="principal", local="bus-company-gm"),
                      Deputy("分管安全副总经理", "Deputy general manager for safety"),
                      Deputy("安全管理负责人", "Head of safety management", role="safety_manager", local="bus-company-safety")])
    contractor = c.enterprise("bus-contractor", "事故客车承包经营人（个人）", "Contractor-operator of the coach (individual)",
                              (rmrb, "肇事客车主要承包人"), industry="road_transport", parent=bus_co,
                              description="an individual operating the coach under contract with the company (承包经营)")
    c.post(contractor, "bus-contractor-head", "客车主要承包人", "Main contractor of the coach", "principal",
           (rmrb, "肇事客车主要承包人"))
    coach = c.site("coach", "事故大客车（营运客车）", "The coach (scheduled passenger service)", ak,
                   (xh, "陕西省安康市境内京昆高速公路秦岭1号隧道南口处发生一起大客车碰撞隧道洞口端墙的特别重大道路交通事故"),
                   operator=bus_co, industry="road_transport", kind="scheduled passenger coach (the place of the crash)")
    c.relate("operates", contractor, coach, (rmrb, "肇事客车主要承包人"))

    expressway = c.enterprise("shaanxi-expressway", "陕西省高速公路建设集团", "Shaanxi Expressway Construction Group",
                              (rmrb, "陕西省高速公路建设集团原总经理"), industry="transport_construction",
                              description="builder and operator of the expressway section")
    c.standard_posts(expressway, "shaanxi-expressway", ("董事长", "Chair of the board"),
                     [Deputy("总经理", "General manager", role="principal", local="shaanxi-expressway-gm",
                             cite=(rmrb, "陕西省高速公路建设集团原总经理")),
                      Deputy("副总经理", "Deputy general manager"), Deputy("副总经理", "Deputy general manager")])
    tunnel = c.site("tunnel", "京昆高速公路秦岭1号隧道南口", "South portal of Qinling tunnel No. 1, Beijing–Kunming expressway",
                    ak, (xh, "京昆高速公路秦岭1号隧道南口处"), operator=expressway, industry="transport_construction",
                    kind="expressway tunnel portal",
                    description="where the coach struck the portal wall; the accident can occur at one site only (the coach)")
    inst = c.enterprise("xa-institute", "西安公路研究院", "Xi'an Highway Research Institute", (bj, "西安公路研究院"))
    c.post(inst, "xa-institute-head", "院长", "Director", "principal", est)
    c.relate("intermediaryFor", inst, tunnel, (bj, "西安公路研究院"), service="design")

    c.accident("陕西安康京昆高速“8·10”特别重大道路交通事故", "Ankang expressway coach crash of 10 August 2017", coach, gov_cn,
               (xh, "造成36人死亡、13人受伤，直接经济损失3533万余元"), occurred_on="2017-08-10", deaths=36,
               serious_injuries=0, direct_loss_cny=35330000, accident_type="vehicle_injury", industry="road_transport",
               activities=("goods_transport",),
               description="13 injured; serious injuries not stated on the pages read (recorded as 0). The coach, "
                           "speeding with a fatigued driver, struck the tunnel portal wall.",
               investigation_cite=(xh, "国务院批准成立事故调查组，由安监总局牵头"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
