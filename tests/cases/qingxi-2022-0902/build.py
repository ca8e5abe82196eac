"""Facts of the Qingxi (Dongguan) "9·2" idle-factory fire (2022): the structure as it stood before the accident.

Run ``python tests/cases/qingxi-2022-0902/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts, bodies and mandates no source gives cite the establishment or
duties documents. The stored sources are the Dongguan discipline-inspection release and reproductions of it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy

SLUG = "qingxi-2022-0902"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    dgjj = c.source("dgjj", "东莞市清溪镇“9·2”较大火灾事故调查报告及处理结果公布",
                    url="https://dgjj.dg.gov.cn/dgjj/wzqk/202309/bcd372aa0fcd48b8af5714684cb4a084.shtml",
                    publisher="东莞纪检监察网（中共东莞市纪委、东莞市监委；莞纪宣）", issued_on="2023-09-12",
                    kind="investigation_report")
    wy = c.source("163", "造成7死5伤，东莞公布清溪“9·2”较大火灾事故调查报告",
                  url="https://www.163.com/dy/article/IEF3G45L05129QAF.html",
                  publisher="网易号（转载东莞市应急管理局网站公布的调查报告要点）", issued_on="2023-09-12",
                  kind="news_report")
    cctv = c.source("cctv", "东莞市清溪镇“9.2”较大火灾事故调查报告公布 清溪镇党委书记等25人被追责问责",
                    url="http://greees.com/dianshiji/weixiuzixun/350035.html", publisher="央视网消息（转载页）",
                    issued_on="2023-09-12", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties (Work Safety Law Art. 10, Fire Protection "
                              "Law, 三管三必须), not from a source about this case.")
    est = c.establishment
    ting: dict[str, Any] = {"principal": ("厅长", "Director-general"), "deputy": ("副厅长", "Deputy director-general"), "deputies": 3}

    # ------------------------------------------------------------------ areas
    cn = c.country()
    gd = c.area("guangdong", "广东省", "Guangdong Province", "provincial", cn, est, code="440000")
    dg = c.area("dongguan", "东莞市", "Dongguan", "prefectural", gd, dgjj, code="441900",
                description="prefecture-level city without counties: towns sit directly under the city")
    qx = c.area("qingxi", "清溪镇", "Qingxi Town", "township", dg,
                (dgjj, "位于东莞市清溪镇长山头村红门山工业区一处旧的闲置厂房发生一起较大火灾事故"))

    # ------------------------------------------------------------------ national level
    nat = c.central_leadership(cn, est)
    c.department_with_posts(nat["gov"], "cn-mem", "应急管理部", "Ministry of Emergency Management", est, area=cn,
                            comprehensive=cn, mandate_cite=duties, principal=("部长", "Minister"),
                            deputy=("副部长", "Vice Minister"), deputies=4)
    c.department_with_posts(nat["gov"], "cn-mohurd", "住房和城乡建设部", "Ministry of Housing and Urban-Rural Development",
                            est, area=cn, industries=("construction",), activities=("construction_work",),
                            mandate_cite=duties, principal=("部长", "Minister"), deputy=("副部长", "Vice Minister"),
                            deputies=4)
    nfra = c.department_with_posts(nat["gov"], "cn-fire", "国家消防救援局", "National Fire and Rescue Administration",
                                   est, area=cn, vertical=True, activities=("fire_safety", "hot_work"),
                                   mandate_cite=duties, principal=("局长", "Director"), deputy=("副局长", "Deputy director"),
                                   deputies=3)

    # ------------------------------------------------------------------ Guangdong
    gdg = c.territory(gd, "guangdong", est, party=("中共广东省委员会", "Guangdong Provincial Party Committee"),
                      government=("广东省人民政府", "Guangdong Provincial Government"),
                      secretary=("省委书记", "Provincial party secretary"), head=("省长", "Governor"),
                      party_deputies=2, party_deputy=("省委副书记", "Deputy provincial party secretary"),
                      government_deputies=[Deputy("常务副省长", "Executive vice governor")] +
                      [Deputy("副省长", "Vice governor") for _ in range(6)],
                      safety_committee=("广东省安全生产委员会", "Guangdong Work Safety Committee"))
    c.department_with_posts(gdg["gov"], "guangdong-yjt", "广东省应急管理厅", "Guangdong Department of Emergency Management",
                            est, area=gd, comprehensive=gd, mandate_cite=duties, **ting)
    c.department_with_posts(gdg["gov"], "guangdong-zjt", "广东省住房和城乡建设厅",
                            "Guangdong Department of Housing and Urban-Rural Development", est, area=gd,
                            industries=("construction",), activities=("construction_work",), mandate_cite=duties, **ting)
    c.department_with_posts(gdg["gov"], "guangdong-swt", "广东省商务厅", "Guangdong Department of Commerce", est, area=gd,
                            industries=("commerce",), mandate_cite=duties, **ting)
    gd_fire = c.department_with_posts(nfra, "guangdong-fire", "广东省消防救援总队", "Guangdong Fire and Rescue Corps", est,
                                      area=gd, vertical=True, activities=("fire_safety", "hot_work"),
                                      mandate_cite=duties, principal=("总队长", "Corps commander"),
                                      deputy=("副总队长", "Deputy corps commander"), deputies=3)

    # ------------------------------------------------------------------ Dongguan (investigates)
    dgg = c.territory(dg, "dongguan", dgjj, party=("中共东莞市委员会", "Dongguan Municipal Party Committee"),
                      government=("东莞市人民政府", "Dongguan Municipal Government"),
                      secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                      party_deputies=2, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                      government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                      [Deputy("副市长", "Vice mayor") for _ in range(6)],
                      safety_committee=("东莞市安全生产委员会", "Dongguan Work Safety Committee"))
    team = (dgjj, "市应急管理局、市住房城乡建设局、市城市管理综合执法局、市自然资源局、市公安局、市市场监管局、市农业农村局、市消防救援支队")
    c.department_with_posts(dgg["gov"], "dongguan-yjj", "东莞市应急管理局", "Dongguan Emergency Management Bureau", team,
                            area=dg, comprehensive=dg, mandate_cite=duties, deputies=3)
    c.department_with_posts(dgg["gov"], "dongguan-zjj", "东莞市住房和城乡建设局", "Dongguan Housing and Urban-Rural Development Bureau",
                            team, area=dg, industries=("construction",), activities=("construction_work",),
                            mandate_cite=duties, deputies=3,
                            description="also fire-protection design review and acceptance of construction projects")
    c.department_with_posts(dgg["gov"], "dongguan-cgj", "东莞市城市管理和综合执法局", "Dongguan Urban Management and Law Enforcement Bureau",
                            team, area=dg, deputies=3)
    c.department_with_posts(dgg["gov"], "dongguan-zrj", "东莞市自然资源局", "Dongguan Natural Resources Bureau", team,
                            area=dg, deputies=3)
    c.department_with_posts(dgg["gov"], "dongguan-gaj", "东莞市公安局", "Dongguan Public Security Bureau", team, area=dg,
                            deputies=4)
    c.department_with_posts(dgg["gov"], "dongguan-scj", "东莞市市场监督管理局", "Dongguan Market Regulation Bureau", team,
                            area=dg, activities=("special_equipment",), mandate_cite=duties, deputies=3)
    c.department_with_posts(dgg["gov"], "dongguan-nyj", "东莞市农业农村局", "Dongguan Agriculture and Rural Affairs Bureau",
                            team, area=dg, deputies=3)
    c.department_with_posts(dgg["gov"], "dongguan-swj", "东莞市商务局", "Dongguan Commerce Bureau", est, area=dg,
                            industries=("commerce",), mandate_cite=duties, deputies=3)
    dg_fire = c.department_with_posts(gd_fire, "dongguan-fire", "东莞市消防救援支队", "Dongguan Fire and Rescue Detachment",
                                      team, area=dg, vertical=True, activities=("fire_safety", "hot_work"),
                                      mandate_cite=duties, principal=("支队长", "Detachment commander"),
                                      deputy=("副支队长", "Deputy detachment commander"), deputies=3)

    # ------------------------------------------------------------------ Qingxi town
    qxt = c.territory(qx, "qingxi", cctv, party=("中共东莞市清溪镇委员会", "Qingxi Town Party Committee"),
                      government=("东莞市清溪镇人民政府", "Qingxi Town Government"),
                      secretary=("镇党委书记", "Town party secretary"), head=("镇长", "Town head"),
                      party_deputies=[Deputy("镇党委副书记", "Deputy town party secretary",
                                             cite=(cctv, "东莞市清溪镇党委副书记、镇长")),
                                      Deputy("镇党委副书记", "Deputy town party secretary")],
                      government_deputies=5, government_deputy=("副镇长", "Deputy town head"),
                      safety_committee=("东莞市清溪镇安全生产委员会", "Qingxi Town Work Safety Committee"))
    c.department_with_posts(c.id("dept", "dongguan-yjj"), "qingxi-yj", "东莞市应急管理局清溪分局",
                            "Qingxi Branch, Dongguan Emergency Management Bureau", est, area=qx, comprehensive=qx,
                            mandate_cite=duties, principal=("分局局长", "Branch director"), deputies=2,
                            description="town-level branch of the city bureau (establishment)")
    c.department_with_posts(dg_fire, "qingxi-fire", "东莞市清溪消防救援大队", "Qingxi Fire and Rescue Brigade", est,
                            area=qx, vertical=True, activities=("fire_safety", "hot_work"), mandate_cite=duties,
                            principal=("大队长", "Brigade commander"), deputy=("副大队长", "Deputy brigade commander"),
                            deputies=2)
    del qxt

    # ------------------------------------------------------------------ the building, its owner and users
    cst = c.enterprise("changshantou", "东莞市清溪镇长山头股份经济联合社", "Changshantou Joint Stock Economic Cooperative, Qingxi",
                       (wy, "业主单位东莞市清溪镇长山头股份经济联合社"), domicile=qx,
                       description="village collective economic organisation owning the building (业主单位)")
    c.post(cst, "changshantou-head", "社长", "Head of the cooperative", "principal", est)
    plant = c.site("plant", "红门山工业区旧闲置厂房（厂房A）", "Idle old factory building A, Hongmenshan industrial area", qx,
                   (dgjj, "位于东莞市清溪镇长山头村红门山工业区一处旧的闲置厂房"), operator=cst,
                   kind="idle factory building with polyurethane foam insulation",
                   description="ownership recorded as 'operates' (no ownership or lease relation)")
    yzs = c.enterprise("yuanzaishan", "东莞市园仔山食用菌有限公司", "Dongguan Yuanzaishan Edible Fungus Co., Ltd.",
                       (wy, "东莞市园仔山食用菌有限公司（以下简称“园仔山公司”）厂房A"), domicile=qx)
    c.standard_posts(yzs, "yuanzaishan", ("法定代表人", "Legal representative"),
                     [Deputy("行政经理", "Administrative manager", local="yuanzaishan-admin",
                             cite=(cctv, "园仔山公司法定代表人……、行政经理……、保安队长……"))],
                     principal_cite=(cctv, "园仔山公司法定代表人"))
    c.post(yzs, "yuanzaishan-security", "保安队长", "Security team leader", "staff", (cctv, "园仔山公司……保安队长"))
    c.relate("operates", yzs, plant, (wy, "在东莞市园仔山食用菌有限公司（以下简称“园仔山公司”）厂房A第二层中部区域"))
    gs = c.enterprise("guishun", "东莞市桂顺再生资源回收有限公司", "Dongguan Guishun Renewable Resources Recycling Co., Ltd.",
                      (wy, "东莞市桂顺再生资源回收有限公司（以下简称“桂顺公司”）雇用无特种作业操作证人员"),
                      industry="commerce")
    c.post(gs, "guishun-head", "法定代表人", "Legal representative", "principal", (cctv, "桂顺公司法定代表人"))
    c.relate("contractorAt", gs, plant, (wy, "违规使用射吸式割炬（气割枪）……对金属管道吊架进行切割作业"),
             scope="切割拆除金属管道吊架（雇用无特种作业操作证人员）")
    gc = c.enterprise("guochuang", "东莞市国创物业管理有限公司", "Dongguan Guochuang Property Management Co., Ltd.",
                      (wy, "东莞市国创物业管理有限公司存在未对施工方进行统一协调管理等问题"))
    c.post(gc, "guochuang-head", "法定代表人", "Legal representative", "principal", est)
    c.relate("contractorAt", gc, plant, (wy, "未对施工方进行统一协调管理"), scope="物业管理（施工方统一协调管理）")
    ac = c.enterprise("actual-contractor", "保温材料拆除及墙面修复工程实际承包方", "Actual contractor of the insulation removal and wall repair",
                      (wy, "涉事保温材料拆除及墙面修复工程实际承包方存在现场消防安全管理、教育培训缺失等问题"),
                      description="not named in the pages read")
    c.post(ac, "actual-contractor-head", "负责人", "Person in charge", "principal", est)
    c.relate("contractorAt", ac, plant, (wy, "涉事保温材料拆除及墙面修复工程实际承包方"), qualified=False,
             scope="保温材料拆除及墙面修复工程（借用他人资质）")
    ys = c.enterprise("yushi", "东莞市余氏装饰有限公司", "Dongguan Yushi Decoration Co., Ltd.",
                      (wy, "东莞市余氏装饰有限公司存在违规出借公司资质及营业执照等问题"))
    c.post(ys, "yushi-head", "法定代表人", "Legal representative", "principal", est)
    c.relate("contractorAt", ys, plant, (wy, "违规出借公司资质及营业执照"),
             scope="保温材料拆除及墙面修复工程（名义承包，出借资质及营业执照）")
    xh = c.enterprise("xinghe", "广东星河生物科技股份有限公司", "Guangdong Xinghe Biotechnology Co., Ltd.",
                      (wy, "广东星河生物科技股份有限公司存在改变厂房使用用途后未取得消防验收及备案等问题"))
    c.standard_posts(xh, "xinghe", ("董事长", "Chair of the board"),
                     [Deputy("总经理", "General manager", role="principal", local="xinghe-gm")])
    c.hazard("use-change", "改变厂房使用用途后未取得消防验收及备案", "Change of the building's use without fire acceptance or filing",
             [plant, xh], (wy, "改变厂房使用用途后未取得消防验收及备案"), found_on="2022-09-02",
             category="management_defect", found_through="investigation",
             description="found by the investigation; when the use was changed is not on the pages read")

    c.accident("东莞市清溪镇“9·2”较大火灾事故", "Qingxi idle-factory fire of 2 September 2022", plant, dgg["gov"],
               (dgjj, "过火面积约14600平方米，造成7人死亡，5人受伤……直接经济损失约1048.39万元"),
               occurred_on="2022-09-02", deaths=7, serious_injuries=0, direct_loss_cny=10483956,
               accident_type="fire", activities=("hot_work", "construction_work", "fire_safety"),
               description="5 injured; serious injuries not stated on the pages read (recorded as 0). A gas-cutting "
                           "torch ignited polyurethane foam insulation during dismantling work. No industry recorded "
                           "(edible-fungus plant, idle).",
               investigation_cite=(dgjj, "东莞市人民政府依法成立了东莞市清溪镇“9·2”较大火灾事故调查组"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
