"""Facts of the Lulong (Qinhuangdao) "4·13" tourist boat capsizing (2024): the structure before the accident.

Run ``python tests/cases/lulong-2024-0413/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts, bodies and mandates no source gives cite the establishment or
duties documents. The stored sources are reproductions of reports on the Hebei report (no official page was stored).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy

SLUG = "lulong-2024-0413"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    rep = c.source("colamg", "河北省发布秦皇岛游船侧翻致12人死亡重大事故调查报告：6人被批准逮捕",
                   url="https://colamg.com/a/he-bei-sheng-fa-bu-qin-huang-dao-you-chuan-ce-fan-zhi-12ren-si-wang-"
                       "zhong-da-shi-gu-diao-cha-bao-gao-6ren-bei-pi-zhun-dai-bu.html",
                   publisher="转载页（报道河北省应急管理厅2024年10月13日发布的《卢龙“4·13”事故调查报告》；非官方站点）",
                   issued_on="2024-10-13", kind="news_report")
    hbr = c.source("haibeirui", "秦皇岛船舶倾覆致12死事故调查报告公布：24人建议追责",
                   url="http://haibeirui.com/xingwen/4964.html",
                   publisher="转载页（报道河北省应急管理厅发布的《卢龙“4·13”事故调查报告》；非官方站点）",
                   issued_on="2024-10-13", kind="news_report")
    nbd = c.source("nbd", "国务院安委会对秦皇岛游船侧翻致12人死亡重大事故挂牌督办",
                   url="https://m.nbd.com.cn/articles/2024-05-06/3376292.html",
                   publisher="每日经济新闻（转载央视新闻、应急管理部消息）", issued_on="2024-05-06", kind="news_report")
    cns = c.source("chinanews", "秦皇島翻船6失蹤者全獲救", url="http://mingpaocanada.com/TOR/htm/News/20240415/tcbi1_r.htm",
                   publisher="中新社电（明报加西版刊发）", issued_on="2024-04-15", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties (Work Safety Law Art. 10, Inland River "
                              "Traffic Safety Regulations, 三管三必须), not from a source about this case.")
    est = c.establishment
    ting: dict[str, Any] = {"principal": ("厅长", "Director-general"), "deputy": ("副厅长", "Deputy director-general"), "deputies": 3}

    # ------------------------------------------------------------------ areas
    cn = c.country()
    hebei = c.area("hebei", "河北省", "Hebei Province", "provincial", cn, rep, code="130000")
    qhd = c.area("qinhuangdao", "秦皇岛市", "Qinhuangdao", "prefectural", hebei, rep, code="130300")
    lulong = c.area("lulong", "卢龙县", "Lulong County", "county", qhd, rep, code="130324")
    ljy = c.area("liujiaying", "刘家营乡", "Liujiaying Township", "township", lulong,
                 (rep, "秦皇岛市卢龙县刘家营乡桃林口村青龙河水域"))

    # ------------------------------------------------------------------ national level
    nat = c.central_leadership(cn, est)
    for local, zh, en, kw in (
        ("mem", "应急管理部", "Ministry of Emergency Management", {"comprehensive": cn}),
        ("mot", "交通运输部", "Ministry of Transport", {"industries": ("waterway_transport",)}),
        ("mct", "文化和旅游部", "Ministry of Culture and Tourism", {}),
        ("moa", "农业农村部", "Ministry of Agriculture and Rural Affairs", {"industries": ("fishing",)}),
    ):
        c.department_with_posts(nat["gov"], f"cn-{local}", zh, en, est, area=cn, mandate_cite=duties,
                                principal=("部长", "Minister"), deputy=("副部长", "Vice Minister"), deputies=4, **kw)

    # ------------------------------------------------------------------ Hebei (investigates)
    hb = c.territory(hebei, "hebei", rep, party=("中共河北省委员会", "Hebei Provincial Party Committee"),
                     government=("河北省人民政府", "Hebei Provincial Government"),
                     secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                     party_deputies=2, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                     government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                     [Deputy("副省长", "Vice governor") for _ in range(6)],
                     safety_committee=("河北省安全生产委员会", "Hebei Work Safety Committee"))
    c.department_with_posts(hb["gov"], "hebei-yjt", "河北省应急管理厅", "Hebei Department of Emergency Management",
                            (rep, "河北省应急管理厅10月13日发布卢龙“4·13”事故调查报告"), area=hebei, comprehensive=hebei,
                            mandate_cite=duties, **ting)
    c.department_with_posts(hb["gov"], "hebei-jtt", "河北省交通运输厅", "Hebei Department of Transport", est, area=hebei,
                            industries=("waterway_transport",), activities=("goods_transport",), mandate_cite=duties,
                            **ting)
    c.department_with_posts(hb["gov"], "hebei-wlt", "河北省文化和旅游厅", "Hebei Department of Culture and Tourism", est,
                            area=hebei, **ting)
    c.department_with_posts(hb["gov"], "hebei-nyt", "河北省农业农村厅", "Hebei Department of Agriculture and Rural Affairs",
                            est, area=hebei, industries=("fishing",), mandate_cite=duties, **ting)
    c.department_with_posts(hb["gov"], "hebei-slt", "河北省水利厅", "Hebei Department of Water Resources", est,
                            area=hebei, **ting)

    # ------------------------------------------------------------------ Qinhuangdao city
    qh = c.territory(qhd, "qinhuangdao", rep, party=("中共秦皇岛市委员会", "Qinhuangdao Municipal Party Committee"),
                     government=("秦皇岛市人民政府", "Qinhuangdao Municipal Government"),
                     secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                     party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                     government_deputies=[
                         Deputy("常务副市长", "Executive vice mayor"),
                         Deputy("副市长（分管市海洋和渔业局）", "Vice mayor for the marine and fisheries bureau", ("fishing",),
                                (rep, "秦皇岛市政府分管市海洋和渔业局的副市长"), local="qhd-gov-deputy-fishery"),
                         Deputy("副市长（分管市林业局）", "Vice mayor for the forestry bureau", ("natural_resources",),
                                (rep, "分管市林业局的副市长"), local="qhd-gov-deputy-forestry")] +
                     [Deputy("副市长", "Vice mayor") for _ in range(4)],
                     safety_committee=("秦皇岛市安全生产委员会", "Qinhuangdao Work Safety Committee"))
    c.department_with_posts(qh["gov"], "qhd-yjj", "秦皇岛市应急管理局", "Qinhuangdao Emergency Management Bureau", est,
                            area=qhd, comprehensive=qhd, mandate_cite=duties, deputies=3)
    c.department_with_posts(qh["gov"], "qhd-jtj", "秦皇岛市交通运输局", "Qinhuangdao Transport Bureau", est, area=qhd,
                            industries=("waterway_transport",), activities=("goods_transport",), mandate_cite=duties,
                            deputies=3)
    c.department_with_posts(qh["gov"], "qhd-hyyy", "秦皇岛市海洋和渔业局", "Qinhuangdao Marine and Fisheries Bureau",
                            (rep, "秦皇岛市政府分管市海洋和渔业局的副市长"), area=qhd, industries=("fishing",),
                            mandate_cite=duties, deputies=3)
    c.department_with_posts(qh["gov"], "qhd-lyj", "秦皇岛市林业局", "Qinhuangdao Forestry Bureau",
                            (rep, "分管市林业局的副市长"), area=qhd, deputies=3)
    c.department_with_posts(qh["gov"], "qhd-wgl", "秦皇岛市文化广电和旅游局", "Qinhuangdao Culture, Radio, TV and Tourism Bureau",
                            est, area=qhd, deputies=3)
    c.department_with_posts(qh["gov"], "qhd-swj", "秦皇岛市水务局", "Qinhuangdao Water Affairs Bureau", est, area=qhd,
                            deputies=3)

    # ------------------------------------------------------------------ Lulong county
    ll = c.territory(lulong, "lulong", rep, party=("中共卢龙县委员会", "Lulong County Party Committee"),
                     government=("卢龙县人民政府", "Lulong County Government"),
                     secretary=("县委书记", "County party secretary"), head=("县长", "County head"),
                     party_deputies=2, party_deputy=("县委副书记", "Deputy county party secretary"),
                     government_deputies=[
                         Deputy("常务副县长", "Executive deputy county head"),
                         Deputy("副县长（分管县交通运输局）", "Deputy county head for the transport bureau",
                                ("waterway_transport",), (rep, "卢龙县政府分管县交通运输局的副县长"),
                                local="lulong-gov-deputy-transport"),
                         Deputy("副县长（分管县自然资源和规划局）", "Deputy county head for natural resources and planning",
                                ("natural_resources",), (rep, "分管县自然资源和规划局的副县长"),
                                local="lulong-gov-deputy-nr")] +
                     [Deputy("副县长", "Deputy county head") for _ in range(3)],
                     safety_committee=("卢龙县安全生产委员会", "Lulong Work Safety Committee"))
    c.department_with_posts(ll["gov"], "lulong-yjj", "卢龙县应急管理局", "Lulong Emergency Management Bureau", est,
                            area=lulong, comprehensive=lulong, mandate_cite=duties, deputies=2)
    c.department_with_posts(ll["gov"], "lulong-jtj", "卢龙县交通运输局", "Lulong Transport Bureau",
                            (rep, "卢龙县政府分管县交通运输局的副县长"), area=lulong, industries=("waterway_transport",),
                            activities=("goods_transport",), mandate_cite=duties, deputies=2)
    c.department_with_posts(ll["gov"], "lulong-zrgh", "卢龙县自然资源和规划局", "Lulong Natural Resources and Planning Bureau",
                            (rep, "分管县自然资源和规划局的副县长"), area=lulong, deputies=2)
    c.department_with_posts(ll["gov"], "lulong-wgl", "卢龙县文化广电和旅游局", "Lulong Culture, Radio, TV and Tourism Bureau",
                            est, area=lulong, deputies=2)
    c.department_with_posts(ll["gov"], "lulong-nyj", "卢龙县农业农村局", "Lulong Agriculture and Rural Affairs Bureau", est,
                            area=lulong, industries=("fishing",), mandate_cite=duties, deputies=2)
    c.department_with_posts(ll["gov"], "lulong-swj", "卢龙县水务局", "Lulong Water Affairs Bureau", est, area=lulong,
                            deputies=2)
    c.department_with_posts(ll["gov"], "lulong-gaj", "卢龙县公安局", "Lulong Public Security Bureau", est, area=lulong,
                            deputies=3)

    # ------------------------------------------------------------------ Liujiaying township
    c.territory(ljy, "liujiaying", rep, party=("中共卢龙县刘家营乡委员会", "Liujiaying Township Party Committee"),
                government=("卢龙县刘家营乡人民政府", "Liujiaying Township Government"),
                secretary=("乡党委书记", "Township party secretary"), head=("乡长", "Township head"),
                party_deputies=2, party_deputy=("乡党委副书记", "Deputy township party secretary"),
                government_deputies=3, government_deputy=("副乡长", "Deputy township head"))

    # ------------------------------------------------------------------ the boat, its owner, the travel agencies
    owner = c.enterprise("boat-owner", "事故船舶所有人（个人经营“三无”船舶）", "Owner of the boat (individual, unregistered boat)",
                         (rep, "这是一起个人使用“三无”船舶非法运营、违规载客导致的生产安全责任事故"),
                         industry="waterway_transport",
                         description="an individual operating an unregistered boat for tourists; modelled as an "
                                     "enterprise (model gap)")
    c.post(owner, "boat-owner-head", "船舶所有人", "Boat owner", "principal", (rep, "事故船舶所有人"))
    c.post(owner, "boat-owner-pilot", "船舶驾驶员", "Boat pilot", "staff", (rep, "事故船舶驾驶员"))
    c.post(owner, "boat-owner-boarding", "船舶及登船管理人员", "Boat and boarding manager", "staff",
           (rep, "事发当日负责管理船舶和游客登船"))
    boat = c.site("boat", "青龙河“三无”观光船（桃林口村水域）", "Unregistered sightseeing boat on the Qinglong River", ljy,
                  (rep, "秦皇岛市卢龙县刘家营乡桃林口村青龙河水域，一载有31名乘客的“三无”船舶"), operator=owner,
                  industry="waterway_transport", kind="unregistered passenger boat and its landing place")

    agencies = (
        ("haiyang", "唐山市海洋国际旅行社河北有限公司", "Tangshan Haiyang International Travel Service (Hebei)",
         (("hebeilu", "河北路营业部", "Hebei Road branch"), ("yongleyuan", "永乐园营业部", "Yongleyuan branch"))),
        ("huanxing", "唐山欢行国际旅游社有限公司", "Tangshan Huanxing International Travel Service",
         (("linxi", "古冶林西营业部", "Guye Linxi branch"),)),
        ("haiwai", "河北海外国际旅行社有限公司", "Hebei Overseas International Travel Service",
         (("weiguolu", "唐山卫国路营业部", "Tangshan Weiguo Road branch"),)),
    )
    for local, zh, en, branches in agencies:
        parent = c.enterprise(local, zh, en, rep,
                              description="travel agency whose branch offices sold the trip; no relation links an "
                                          "agency to the boat (model gap)")
        c.standard_posts(parent, local, ("法定代表人", "Legal representative"),
                         [Deputy("分管安全负责人", "Deputy in charge of safety")])
        for blocal, bzh, ben in branches:
            branch = c.enterprise(f"{local}-{blocal}", zh + bzh, f"{en}, {ben}", (rep, zh + bzh + "负责人"),
                                  parent=parent, description="branch office (营业部), modelled as a subsidiary")
            c.post(branch, f"{local}-{blocal}-head", "营业部负责人", "Head of the branch", "principal",
                   (rep, zh + bzh + "负责人"))

    c.accident("河北秦皇岛卢龙县“4·13”重大船舶倾覆事故", "Lulong tourist boat capsizing of 13 April 2024", boat, hb["gov"],
               (rep, "一载有31名乘客的“三无”船舶行驶途中倾覆，乘客全部落水，造成12人死亡、7人受伤"),
               occurred_on="2024-04-13", deaths=12, serious_injuries=0, direct_loss_cny=0,
               accident_type="drowning", industry="waterway_transport", activities=("goods_transport",),
               description="7 injured; serious injuries and direct economic loss not stated on the pages read "
                           "(both recorded as 0). Listed for supervision by the State Council Work Safety Committee.",
               investigation_cite=[(rep, "事故发生后，按照《生产安全事故报告和调查处理条例》等法律法规，省政府成立了事故调查组"),
                                   (nbd, "由河北省负责批复结案并向社会公布"),
                                   (cns, "河北省已成立事故調查組，對事故原因、性質、責任等進行調查認定"), hbr])
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
