"""Facts of the Chongqing Tianyuan Chemical Works "4·16" chlorine leak and explosion (2004): the structure before it.

Run ``python tests/cases/chongqing-2004-0416/build.py`` to rewrite ``facts.json`` beside this file.
Every post is held by an anonymous person; posts and portfolios no source gives cite the establishment document.
Bodies are those of 2004 (work safety bureaus; quality and technical supervision for pressure vessels).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import Case, Deputy, Tenure

SLUG = "chongqing-2004-0416"


def build() -> Case:
    """Build the case's facts."""
    c = Case(SLUG)
    notice = c.source("notice", "重庆“4·16”氯气泄漏事故是一起责任事故 有关责任人受处分（中新网10月23日电，据重庆晨报）",
                      url="http://xieliaobaba.com/news/2004/2004-10-23/26/497840.shtml",
                      publisher="中国新闻网（据重庆晨报；第三方网站转载）；处分决定机关重庆市纪委、监察局",
                      issued_on="2004-10-23", kind="news_report")
    duties = c.general_source("duties", "按法定职责分工补充的部门监管职责（非来源记载）",
                              "Mandates from the general division of duties of 2004 (Work Safety Law 2002 Art. 9; "
                              "危险化学品安全管理条例 2002 Art. 5; 特种设备安全监察条例 2003), not from a source about this case.")
    est = c.establishment

    cn = c.country()
    cq = c.area("chongqing", "重庆市", "Chongqing Municipality", "provincial", cn, notice, code="500000")
    jb = c.area("jiangbei", "重庆市江北区", "Jiangbei District", "county", cq, est, code="500105",
                description="the works' district, from general knowledge (the page read does not say)")

    nat = c.central_leadership(cn, est)
    c.department_with_posts(nat["gov"], "cn-saws", "国家安全生产监督管理局", "State Administration of Work Safety", est,
                            area=cn, comprehensive=cn, industries=("hazardous_chemicals",), mandate_cite=duties,
                            principal=("局长", "Administrator"), deputy=("副局长", "Deputy administrator"), deputies=4)
    c.department_with_posts(nat["gov"], "cn-aqsiq", "国家质量监督检验检疫总局", "General Administration of Quality Supervision", est,
                            area=cn, activities=("special_equipment",), mandate_cite=duties,
                            principal=("局长", "Administrator"), deputy=("副局长", "Deputy administrator"), deputies=4)

    cqt = c.territory(cq, "chongqing", notice, head_is_deputy_secretary=True,
                      party=("中共重庆市委员会", "Chongqing Municipal Party Committee"),
                      government=("重庆市人民政府", "Chongqing Municipal Government"),
                      secretary=("市委书记", "Municipal party secretary"), head=("市长", "Mayor"),
                      party_deputies=1, party_deputy=("市委副书记", "Deputy municipal party secretary"),
                      government_deputies=[Deputy("常务副市长", "Executive vice mayor")] +
                      [Deputy("副市长", "Vice mayor") for _ in range(6)],
                      safety_committee=("重庆市安全生产委员会", "Chongqing Work Safety Committee"))
    c.department_with_posts(cqt["gov"], "chongqing-ajj", "重庆市安全生产监督管理局", "Chongqing Work Safety Bureau", est,
                            area=cq, comprehensive=cq, industries=("hazardous_chemicals",), mandate_cite=duties, deputies=3)
    c.department_with_posts(cqt["gov"], "chongqing-zjj", "重庆市质量技术监督局", "Chongqing Quality and Technical Supervision Bureau",
                            est, area=cq, activities=("special_equipment",), mandate_cite=duties, deputies=3)
    c.department_with_posts(cqt["gov"], "chongqing-jw", "重庆市经济委员会", "Chongqing Economic Commission", est, area=cq,
                            industries=("chemicals",), mandate_cite=duties, principal=("主任", "Chair"),
                            deputy=("副主任", "Deputy chair"), deputies=4)
    c.department_with_posts(cqt["gov"], "chongqing-gzw", "重庆市国有资产监督管理委员会", "Chongqing State-owned Assets Supervision Commission",
                            est, area=cq, principal=("主任", "Chair"), deputy=("副主任", "Deputy chair"), deputies=3)

    jbt = c.territory(jb, "jiangbei", est, head_is_deputy_secretary=True,
                      party=("中共重庆市江北区委员会", "Jiangbei District Party Committee"),
                      government=("重庆市江北区人民政府", "Jiangbei District Government"),
                      secretary=("区委书记", "District party secretary"), head=("区长", "District head"),
                      party_deputies=1, party_deputy=("区委副书记", "Deputy district party secretary"),
                      government_deputies=[Deputy("常务副区长", "Executive deputy district head")] +
                      [Deputy("副区长", "Deputy district head") for _ in range(4)],
                      safety_committee=("重庆市江北区安全生产委员会", "Jiangbei Work Safety Committee"))
    c.department_with_posts(jbt["gov"], "jiangbei-ajj", "重庆市江北区安全生产监督管理局", "Jiangbei Work Safety Bureau", est,
                            area=jb, comprehensive=jb, mandate_cite=duties, deputies=2)

    # ------------------------------------------------------------------ the group, the works, the testing institute
    huayi = c.enterprise("huayi", "重庆化医控股（集团）公司", "Chongqing Chemical and Pharmaceutical Holding (Group)",
                         (notice, "化医控股集团公司董事长、党委书记"), industry="chemicals", domicile=cq)
    chair = c.person()
    c.standard_posts(huayi, "huayi", ("董事长", "Chair of the board"),
                     [Deputy("副总经理", "Deputy general manager"), Deputy("副总经理", "Deputy general manager")],
                     principal_cite=(notice, "化医控股集团公司董事长"), principal_holders=[Tenure(person=chair)])
    c.post(huayi, "huayi-party", "党委书记", "Party secretary", "principal", (notice, "党委书记"),
           holders=[Tenure(person=chair)])
    c.post(huayi, "huayi-gm", "总经理", "General manager", "principal")
    c.post(huayi, "huayi-ops", "经济运行部部长", "Head of the economic operations department", "staff",
           (notice, "化医控股集团公司经济运行部部长"))

    works = c.enterprise("tianyuan", "重庆天原化工总厂", "Chongqing Tianyuan Chemical Works", (notice, "重庆天原化工总厂厂长"),
                         industry="hazardous_chemicals", domicile=jb, parent=huayi)
    secretary = c.person()
    c.standard_posts(works, "tianyuan", ("厂长", "Works director"),
                     [Deputy("副厂长", "Deputy director", cite=(notice, "党委书记兼副厂长"), holders=[Tenure(person=secretary)]),
                      Deputy("副厂长", "Deputy director", cite=(notice, "重庆天原化工总厂副厂长")),
                      Deputy("副厂长", "Deputy director")],
                     principal_cite=(notice, "重庆天原化工总厂厂长"))
    c.post(works, "tianyuan-party", "党委书记", "Party secretary", "principal", (notice, "重庆天原化工总厂党委书记兼副厂长"),
           holders=[Tenure(person=secretary)])
    c.post(works, "tianyuan-power-deputy", "动力分厂代理副主任", "Acting deputy head of the power branch works", "staff",
           (notice, "重庆天原化工总厂动力分厂代理副主任"), holders=[Tenure(acting=True)])
    c.post(works, "tianyuan-safety", "安全管理部门负责人", "Head of safety management", "safety_manager")
    plant = c.site("plant", "重庆天原化工总厂厂区", "Tianyuan chemical works", jb, (notice, "重庆天原化工总厂"), operator=works,
                   industry="hazardous_chemicals", kind="chlor-alkali works")

    testing = c.enterprise("testing", "重庆化工节能计量压力容器检测所",
                           "Chongqing Chemical Energy-saving, Metering and Pressure Vessel Testing Institute",
                           (notice, "重庆化工节能计量压力容器检测所"))
    c.post(testing, "testing-head", "所长", "Director", "principal", (notice, "副所长……（主持工作）"), holders=[],
           description="vacant: the deputy director ran the institute (主持工作)")
    c.post(testing, "testing-deputy1", "副所长（主持工作）", "Deputy director (in charge)", "deputy",
           (notice, "重庆化工节能计量压力容器检测所副所长（主持工作）"))
    c.post(testing, "testing-section", "所长助理兼压力容器检测科科长", "Director's assistant and head of pressure-vessel testing",
           "staff", (notice, "所长助理兼压力容器检测科科长、技术负责人、检验师"))
    c.relate("intermediaryFor", testing, plant, (notice, "压力容器监测科科长、技术负责人、检验师"), service="testing_inspection")

    c.accident("重庆天原化工总厂“4·16”氯气泄漏爆炸事故", "Tianyuan chemical works chlorine leak and explosion of 16 April 2004",
               plant, cqt["gov"], (notice, "造成死亡失踪9人，15万人撤离的重庆“4·16”氯气泄漏事故是一起责任事故"),
               occurred_on="2004-04-16", deaths=9, serious_injuries=0, direct_loss_cny=0, accident_type="vessel_explosion",
               industry="hazardous_chemicals", activities=("hazardous_chemicals_handling", "special_equipment"),
               description="9 dead or missing; injuries and direct loss not stated on the page read (recorded as 0)",
               investigation_cite=(notice, "经重庆市委、市政府批准，市纪委、监察局决定对事故有关责任人给予以下处分"))
    return c


if __name__ == "__main__":
    build().write(Path(__file__).resolve().parent / "facts.json")
