"""A seeded, deterministic generator of realistic (fictional) safetykg worlds, streamed in chunks.

    python -m bench.generate --size small|province|national [--seed 7] [--out DIR]

Sizes:
- ``small``: one county (one province, one prefecture, 12 townships, ~150 enterprises).
- ``province``: one province of 12 prefectures, ~110 counties, ~1,500 townships: ~1M entities.
- ``national``: the real counts of China's divisions (34 provincial, 333 prefectural, 2,800
  county, 39,000 township level), fewer enterprises per county: ~10M entities.

Every area has its party committee and government (county and above: a safety committee and
~25 departments with industry or activity mandates, plus institutions without mandates); posts
carry ten years of tenures with rotation of cadres between posts; enterprises (skewed sizes,
industries weighted like a real county) operate sites, which carry hazards with lifecycles,
inspections with named inspectors, licences, contractors, assessment firms and accidents of
every grade, each investigated by the government of the level its grade calls for (sometimes
taken over by the level above). Super-nodes as in reality: the provincial government has
thousands of subordinate bodies, the provincial emergency-management department licenses
thousands of sites, a few provincial groups own hundreds of subsidiaries.

The generator yields facts documents (dicts) one chunk at a time: the national and
provincial level, each prefecture, each county. A chunk refers only to facts of earlier
chunks, so each can be validated against a store holding the earlier ones and written as
one batch. Names are generated from syllables: every person and company is fictional.
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

import orjson

START = date(2015, 1, 1)  # ten years of tenures
END = date(2025, 1, 1)
ACCIDENTS_FROM = date(2016, 1, 1)


@dataclass(frozen=True)
class Shape:
    provinces: int
    prefectures: int
    counties: int
    townships: int
    enterprises: float  # mean enterprises per county (lognormal spread)
    accidents: float  # mean accidents per county
    institutions: tuple[int, int, int]  # bodies without mandates under a provincial / prefectural / county government


SIZES: dict[str, Shape] = {
    "small": Shape(1, 1, 1, 12, 150, 80, (60, 20, 10)),
    "province": Shape(1, 12, 110, 1500, 380, 12, (2000, 150, 25)),
    "national": Shape(34, 333, 2800, 39000, 118, 1.5, (600, 60, 10)),
}

# Departments of a government: key, zh, en, industries, activities, comprehensive supervision.
DEPARTMENTS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], bool], ...] = (
    ("em", "应急管理局", "Emergency Management Bureau", ("chemicals", "fireworks", "industry_trade", "metal_nonmetal_mining"), (), True),
    ("energy", "能源局", "Energy Bureau", ("coal_mining", "power"), (), False),
    ("housing", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau", ("housing_municipal_construction", "urban_gas"), ("construction_work", "gas_supply"), False),
    ("transport", "交通运输局", "Transport Bureau", ("transport_construction", "road_transport", "waterway_transport"), ("goods_transport",), False),
    ("water", "水利局", "Water Resources Bureau", ("water_construction",), (), False),
    ("market", "市场监督管理局", "Market Regulation Bureau", (), ("special_equipment",), False),
    ("ps", "公安局", "Public Security Bureau", ("civil_explosives",), ("blasting",), False),
    ("fire", "消防救援局", "Fire and Rescue Bureau", (), ("fire_safety", "hot_work"), False),
    ("agri", "农业农村局", "Agriculture and Rural Affairs Bureau", ("fishing",), (), False),
    ("commerce", "商务局", "Commerce Bureau", ("commerce",), (), False),
    ("culture", "文化和旅游局", "Culture and Tourism Bureau", ("hospitality",), (), False),
    ("miit", "工业和信息化局", "Industry and Information Technology Bureau", (), ("hazardous_chemicals_handling",), False),
    ("eco", "生态环境局", "Ecology and Environment Bureau", (), ("confined_space_work",), False),
    ("nr", "自然资源局", "Natural Resources Bureau", (), (), False),
    ("dev", "发展和改革局", "Development and Reform Bureau", (), (), False),
    ("finance", "财政局", "Finance Bureau", (), (), False),
    ("edu", "教育局", "Education Bureau", (), (), False),
    ("health", "卫生健康局", "Health Commission", (), (), False),
    ("civil", "民政局", "Civil Affairs Bureau", (), (), False),
    ("justice", "司法局", "Justice Bureau", (), (), False),
    ("hr", "人力资源和社会保障局", "Human Resources and Social Security Bureau", (), (), False),
    ("audit", "审计局", "Audit Bureau", (), (), False),
    ("stats", "统计局", "Statistics Bureau", (), (), False),
    ("sasac", "国有资产监督管理委员会", "State Assets Commission", (), (), False),
)

# Industries of enterprises, weighted like a county's register (many shops, few mines).
INDUSTRIES: tuple[tuple[str, float], ...] = (
    ("commerce", 24), ("hospitality", 14), ("light_industry", 9), ("textiles", 5), ("machinery", 8),
    ("building_materials", 5), ("metallurgy", 2), ("nonferrous", 1), ("housing_municipal_construction", 9),
    ("transport_construction", 2), ("water_construction", 1), ("road_transport", 6), ("waterway_transport", 1),
    ("hazardous_chemicals", 3), ("chemicals", 2), ("fireworks", 0.5), ("civil_explosives", 0.3),
    ("coal_mining", 1.2), ("metal_nonmetal_mining", 1.5), ("urban_gas", 0.6), ("power", 0.8), ("fishing", 1),
)
RISK = {  # relative accident risk of an industry
    "coal_mining": 30, "metal_nonmetal_mining": 20, "housing_municipal_construction": 15, "transport_construction": 12,
    "water_construction": 8, "hazardous_chemicals": 12, "chemicals": 10, "fireworks": 15, "civil_explosives": 10,
    "road_transport": 10, "waterway_transport": 8, "urban_gas": 6, "metallurgy": 6, "nonferrous": 5, "power": 4,
    "building_materials": 3, "machinery": 2, "light_industry": 1, "textiles": 1, "commerce": 0.5, "hospitality": 0.7, "fishing": 4,
}
ACCIDENT_TYPES = {
    "coal_mining": ("roof_fall", "gas_explosion", "flooding", "collapse"),
    "metal_nonmetal_mining": ("roof_fall", "collapse", "blasting_injury", "flooding"),
    "housing_municipal_construction": ("fall_from_height", "collapse", "object_strike", "lifting_injury"),
    "transport_construction": ("collapse", "vehicle_injury", "object_strike"),
    "water_construction": ("drowning", "collapse"),
    "hazardous_chemicals": ("fire", "poisoning_asphyxiation", "vessel_explosion"),
    "chemicals": ("fire", "poisoning_asphyxiation", "other_explosion"),
    "fireworks": ("explosive_explosion", "fire"),
    "civil_explosives": ("explosive_explosion",),
    "road_transport": ("vehicle_injury",),
    "waterway_transport": ("drowning",),
    "urban_gas": ("other_explosion", "fire"),
    "metallurgy": ("scald", "boiler_explosion", "lifting_injury"),
    "power": ("electrocution",),
    "fishing": ("drowning",),
}
ACTIVITIES = {
    "coal_mining": ("blasting",), "metal_nonmetal_mining": ("blasting", "earthwork_stripping"),
    "housing_municipal_construction": ("construction_work", "special_equipment"), "transport_construction": ("earthwork_stripping",),
    "hazardous_chemicals": ("hazardous_chemicals_handling", "confined_space_work"), "chemicals": ("hot_work", "confined_space_work"),
    "metallurgy": ("hot_work", "special_equipment"), "urban_gas": ("gas_supply",), "road_transport": ("goods_transport",),
}
# Grades: weight, deaths range, serious injuries range, loss range (yuan), met by deaths.
GRADES = (
    ("general", 80, (1, 2), (0, 5), (200_000, 5_000_000)),
    ("larger", 15, (3, 9), (0, 9), (2_000_000, 9_000_000)),
    ("major", 4, (10, 29), (0, 40), (10_000_000, 40_000_000)),
    ("especially_serious", 1, (30, 60), (0, 90), (50_000_000, 99_000_000)),
)
LEVEL_OF_GRADE = {"general": 3, "larger": 2, "major": 1, "especially_serious": 0}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边"
GIVEN = "伟芳娜敏静秀丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红鹏辉建国志宏海波斌宇浩凯峰林鑫健俊帆雪婷琳晨阳欣怡佳然子轩梓涵博文思远德全立新永利春生振东卫东小龙世杰家豪嘉怡雨萱"
PLACE = "青松云河山川泉石岭峰江湖林平安宁泰和丰溪源阳明光华兴隆昌盛东西南北中新长永清景德瑞祥福寿康乐"
PINYIN = ("qing", "song", "yun", "he", "shan", "chuan", "quan", "shi", "ling", "feng", "jiang", "hu", "lin", "ping",
          "an", "ning", "tai", "he", "feng", "xi", "yuan", "yang", "ming", "guang", "hua", "xing", "long", "chang", "sheng",
          "dong", "xi", "nan", "bei", "zhong", "xin", "chang", "yong", "qing", "jing", "de", "rui", "xiang", "fu", "shou", "kang", "le")
COMPANY = ("建材", "机械", "化工", "矿业", "商贸", "运输", "建设", "能源", "纺织", "食品", "酒店", "燃气", "电力", "渔业", "冶金", "烟花")


def day(d: date) -> str:
    return d.isoformat()


class Chunk:
    """The facts of one chunk, with the relation-id counter and the chunk's source documents."""

    def __init__(self, key: str):
        self.key = key
        self.entities: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self.n = 0

    def entity(self, ident: str, type_name: str, zh: str, en: str | None = None, src: str | None = None, **props: Any) -> str:
        name = {"zh": zh, "en": en} if en else {"zh": zh}
        doc: dict[str, Any] = {"id": ident, "type": type_name, "name": name, **props}
        if src:
            doc["sources"] = [src]
        self.entities.append(doc)
        return ident

    def rel(self, type_name: str, frm: str, to: str, start: date | None = None, end: date | None = None,
            src: str | None = None, **props: Any) -> str:
        self.n += 1
        ident = f"r/{self.key}/{self.n}"
        doc: dict[str, Any] = {"id": ident, "type": type_name, "from": frm, "to": to, **props}
        if start:
            doc["valid_from"] = day(start)
        if end:
            doc["valid_to"] = day(end)
        if src:
            doc["sources"] = [src]
        self.relations.append(doc)
        return ident

    def doc(self) -> dict[str, Any]:
        return {"safetykg": "1.0", "entities": self.entities, "relations": self.relations}

    def __len__(self) -> int:
        return len(self.entities) + len(self.relations)


class World:
    """Deterministic world building: every choice comes from one seeded RNG, in a fixed order."""

    def __init__(self, size: str, seed: int = 7):
        self.size = size
        self.shape = SIZES[size]
        self.rng = random.Random(f"{size}:{seed}")
        self.person_n = 0

    # --- names ------------------------------------------------------------------------

    def place(self) -> tuple[str, str]:
        i, j = self.rng.randrange(len(PLACE)), self.rng.randrange(len(PLACE))
        return PLACE[i] + PLACE[j], (PINYIN[i] + PINYIN[j]).capitalize()

    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))

    def date_between(self, a: date, b: date) -> date:
        return a + timedelta(days=self.rng.randrange(max(1, (b - a).days)))

    def split(self, total: int, parts: int) -> list[int]:
        """``total`` split into ``parts`` skewed shares of at least one each."""
        weights = [self.rng.lognormvariate(0, 0.5) for _ in range(parts)]
        scale = (total - parts) / sum(weights)
        out = [1 + int(w * scale) for w in weights]
        for i in range(total - sum(out)):
            out[i % parts] += 1
        return out

    # --- people and posts ---------------------------------------------------------------

    def person(self, c: Chunk, pool: list[str], src: str) -> str:
        self.person_n += 1
        ident = f"per/{c.key}/{self.person_n}"
        c.entity(ident, "Person", self.person_name(), src=src)
        pool.append(ident)
        return ident

    def post(self, c: Chunk, org: str, key: str, zh: str, role: str, pool: list[str], src: str,
             portfolio: tuple[str, ...] = (), rotate: float = 0.8, since: date = START) -> tuple[str, list]:
        """A post with its tenures from ``since`` to now: rotation from the pool or a new person."""
        post = c.entity(f"post/{org}/{key}", "Post", zh, role=role, src=src)
        c.rel("postIn", post, org, src=src)
        for code in portfolio:
            c.rel("portfolio", post, code, since, src=src)
        tenures = []
        start = since - timedelta(days=self.rng.randrange(0, 1500))
        while start < END:
            length = int(self.rng.lognormvariate(math.log(1100), 0.6))
            end = start + timedelta(days=max(60, length))
            who = self.rng.choice(pool) if pool and self.rng.random() < rotate else self.person(c, pool, src)
            acting = {"acting": True} if self.rng.random() < 0.03 else {}
            c.rel("holds", who, post, start, end if end < END else None, src=src, **acting)
            tenures.append((who, start, end))
            start = end if self.rng.random() < 0.9 else end + timedelta(days=self.rng.randrange(20, 200))  # some vacancies
        return post, tenures

    def holder(self, tenures: list, on: date) -> str | None:
        for who, a, b in tenures:
            if a <= on < b:
                return who
        return None

    # --- bodies -------------------------------------------------------------------------

    def territorial(self, c: Chunk, code: str, area: str, zh: str, level: int, pool: list[str], src: str) -> dict[str, Any]:
        """Party committee, government, and (county and above) safety committee and departments."""
        body: dict[str, Any] = {"depts": {}, "staff": {}}
        pc = c.entity(f"pc/{code}", "PartyCommittee", f"中共{zh}委员会", src=src)
        gov = c.entity(f"gov/{code}", "Government", f"{zh}人民政府", src=src)
        body["pc"], body["gov"] = pc, gov
        c.rel("jurisdiction", pc, area, src=src)
        c.rel("jurisdiction", gov, area, src=src)
        self.post(c, pc, "secretary", "书记", "principal", pool, src)
        self.post(c, pc, "deputy", "副书记", "deputy", pool, src, ("economy",))
        self.post(c, gov, "head", "长", "principal", pool, src)
        self.post(c, gov, "safety", "分管安全生产副职", "deputy", pool, src, ("work_safety", "emergency_rescue"))
        self.post(c, gov, "industry", "分管工业副职", "deputy", pool, src, ("mining", "chemicals", "industry_trade", "power"))
        if level == 4:
            return body
        self.post(c, gov, "exec", "常务副职", "deputy", pool, src, ("economy",))
        self.post(c, gov, "build", "分管城建副职", "deputy", pool, src, ("construction", "urban_construction", "transport"))
        self.post(c, pc, "member", "常委", "member", pool, src)
        sc = c.entity(f"sc/{code}", "SafetyCommittee", f"{zh}安全生产委员会", src=src)
        c.rel("subunitOf", sc, gov, src=src)
        self.post(c, sc, "chair", "主任", "principal", pool, src)
        for key, dzh, den, inds, acts, comprehensive in DEPARTMENTS:
            dept = c.entity(f"dept/{code}/{key}", "Department", f"{zh}{dzh}", den, src=src, established_on="2010-01-01")
            c.rel("subunitOf", dept, gov, src=src)
            for ind in inds:
                c.rel("supervisesIndustry", dept, ind, START, src=src)
            for act in acts:
                c.rel("supervisesActivity", dept, act, START, src=src)
            if comprehensive:
                c.rel("comprehensiveSupervision", dept, area, START, src=src)
            self.post(c, dept, "head", "局长", "principal", pool, src)
            if inds or acts or comprehensive:
                self.post(c, dept, "deputy", "副局长", "deputy", pool, src, ("work_safety",) + inds[:1] + acts[:1])
                staff = [self.post(c, dept, f"staff{i}", "执法人员", "staff", pool, src, rotate=0.2)[1] for i in range(2)]
                body["staff"][dept] = staff
            body["depts"][key] = dept
        institutions = self.shape.institutions[level - 1]
        for i in range(institutions):
            inst = c.entity(f"inst/{code}/{i}", "Department", f"{zh}直属事业单位{i}", src=src)
            c.rel("subunitOf", inst, gov, src=src)
            if i % 4 == 0:
                self.post(c, inst, "head", "主任", "principal", pool, src, rotate=0.3)
        return body

    # --- the world ----------------------------------------------------------------------

    def chunks(self) -> Iterator[dict[str, Any]]:
        s = self.shape
        c = Chunk("cn")
        src = c.entity("src/cn/orgchart", "SourceDocument", "国家机构设置（虚构）", title="国家机构设置（虚构）", document_kind="organisation_notice")
        cn = c.entity("area/cn", "AdministrativeArea", "全国（虚构）", "The country (fictional)", level="national", division_code="100000")
        pool: list[str] = []
        national = {"pc": c.entity("pc/cn", "PartyCommittee", "中央（虚构）", src=src),
                    "gov": c.entity("gov/cn", "Government", "国务院（虚构）", src=src)}
        c.rel("jurisdiction", "pc/cn", cn, src=src)
        c.rel("jurisdiction", "gov/cn", cn, src=src)
        self.post(c, "pc/cn", "secretary", "总书记", "principal", pool, src)
        self.post(c, "gov/cn", "head", "总理", "principal", pool, src)
        self.post(c, "gov/cn", "safety", "分管安全生产副总理", "deputy", pool, src, ("work_safety",))
        nmsa = c.entity("dept/cn/nmsa", "Department", "国家矿山安全监察局（虚构）", src=src, vertical=True)
        c.rel("jurisdiction", nmsa, cn, src=src)
        c.rel("supervisesIndustry", nmsa, "mining", START, src=src)
        self.post(c, nmsa, "head", "局长", "principal", pool, src)
        yield c.doc()

        prefectures = self.split(s.prefectures, s.provinces)
        counties = self.split(s.counties, s.prefectures)
        townships = self.split(s.townships, s.counties)
        pref_i = county_i = 0
        for p in range(s.provinces):
            pcode = f"{11 + p:02d}"
            c = Chunk(pcode)
            zh, en = self.place()
            zh += "省"
            src = c.entity(f"src/{pcode}/orgchart", "SourceDocument", f"{zh}机构设置（虚构）", title=f"{zh}机构设置（虚构）", document_kind="organisation_notice")
            lic = c.entity(f"src/{pcode}/licences", "SourceDocument", f"{zh}许可证登记（虚构）", title=f"{zh}许可证登记（虚构）", document_kind="licence")
            area = c.entity(f"area/{pcode}", "AdministrativeArea", zh, f"{en} Province (fictional)", level="provincial", division_code=f"{pcode}0000")
            c.rel("partOf", area, cn, src=src)
            pool = []
            prov = self.territorial(c, pcode, area, zh, 1, pool, src)
            bureau = c.entity(f"dept/{pcode}/mine-safety", "Department", f"国家矿山安全监察局{zh}局", src=src, vertical=True)
            c.rel("subunitOf", bureau, nmsa, src=src)
            c.rel("jurisdiction", bureau, area, src=src)
            c.rel("supervisesIndustry", bureau, "mining", START, src=src)
            self.post(c, bureau, "head", "局长", "principal", pool, src)
            groups = []
            for g in range(30):
                ind = self.industry()
                grp = c.entity(f"ent/{pcode}/group{g}", "Enterprise", f"{zh}{self.place()[0]}{COMPANY[g % len(COMPANY)]}集团有限公司", src=src, industry=ind)
                self.post(c, grp, "chair", "董事长", "principal", pool, src)
                groups.append(grp)
            yield c.doc()
            province = {"code": pcode, "area": area, "body": prov, "groups": groups, "lic": lic, "zh": zh}
            for f in range(prefectures[p]):
                fcode = f"{pcode}{f + 1:02d}"
                c = Chunk(fcode)
                fzh = self.place()[0] + "市"
                src = c.entity(f"src/{fcode}/orgchart", "SourceDocument", f"{fzh}机构设置（虚构）", title=f"{fzh}机构设置（虚构）", document_kind="organisation_notice")
                farea = c.entity(f"area/{fcode}", "AdministrativeArea", fzh, level="prefectural", division_code=f"{fcode}00")
                c.rel("partOf", farea, area, src=src)
                pool = []
                pref = self.territorial(c, fcode, farea, fzh, 2, pool, src)
                firms = []
                for k in range(3):
                    firm = c.entity(f"ent/{fcode}/assess{k}", "Enterprise", f"{fzh}{self.place()[0]}安全评价有限公司", src=src, industry="commerce")
                    self.post(c, firm, "gm", "总经理", "principal", pool, src)
                    firms.append(firm)
                yield c.doc()
                prefecture = {"code": fcode, "area": farea, "body": pref, "firms": firms, "zh": fzh}
                for k in range(counties[pref_i]):
                    ccode = f"{fcode}{k + 1:02d}"
                    yield self.county(ccode, townships[county_i], province, prefecture)
                    county_i += 1
                pref_i += 1

    def industry(self) -> str:
        return self.rng.choices([i for i, _ in INDUSTRIES], [w for _, w in INDUSTRIES])[0]

    def county(self, ccode: str, n_towns: int, province: dict, prefecture: dict) -> dict[str, Any]:
        s, rng = self.shape, self.rng
        c = Chunk(ccode)
        czh = self.place()[0] + "县"
        docs = {}
        for key, kind, title in (
            ("orgchart", "organisation_notice", "机构设置"), ("appointments", "appointment_notice", "干部任免文件汇编"),
            ("registry", "business_registration", "企业登记信息"), ("inspections", "inspection_record", "执法检查记录"),
            ("hazards", "hazard_register", "隐患排查治理台账"), ("accidents", "investigation_report", "事故调查报告汇编"),
        ):
            docs[key] = c.entity(f"src/{ccode}/{key}", "SourceDocument", f"{czh}{title}（虚构）", title=f"{czh}{title}（虚构）",
                                 document_kind=kind, publisher=f"{czh}人民政府", issued_on="2024-12-31")
        src, appt, reg = docs["orgchart"], docs["appointments"], docs["registry"]
        carea = c.entity(f"area/{ccode}", "AdministrativeArea", czh, level="county", division_code=ccode)
        c.rel("partOf", carea, prefecture["area"], src=src)
        pool: list[str] = []
        county = self.territorial(c, ccode, carea, czh, 3, pool, appt)
        towns = []
        for t in range(n_towns):
            tcode = f"{ccode}{t + 1:03d}"
            tzh = self.place()[0] + "镇"
            tarea = c.entity(f"area/{tcode}", "AdministrativeArea", tzh, level="township", division_code=tcode)
            c.rel("partOf", tarea, carea, src=src)
            self.territorial(c, tcode, tarea, czh + tzh, 4, pool, appt)
            towns.append(tarea)
        # enterprises, sites, hazards, inspections
        epool: list[str] = []
        n_ent = max(5, int(rng.lognormvariate(math.log(s.enterprises), 0.35)))
        sites: list[tuple[str, str, str, list]] = []  # site, industry, operator, principal tenures
        construction = []
        inspecting = [(d, county["staff"][d]) for d in county["depts"].values() if d in county["staff"]]
        em = county["depts"]["em"]
        for e in range(n_ent):
            ind = self.industry()
            size = min(40, int(rng.paretovariate(1.6)))  # most enterprises are small, a few are large
            ent = c.entity(f"ent/{ccode}/{e}", "Enterprise", f"{czh}{self.place()[0]}{rng.choice(COMPANY)}有限公司", src=reg,
                           industry=ind, credit_code=f"91{ccode}MA{e:07d}", established_on=day(self.date_between(date(2000, 1, 1), START)))
            c.rel("domicile", ent, rng.choice(towns), src=reg)
            if rng.random() < 0.05:  # skewed: a few groups own most subsidiaries
                grp = province["groups"][min(29, int(rng.paretovariate(1.2)) - 1)]
                c.rel("subsidiaryOf", ent, grp, date(2012, 1, 1), src=reg)
            _, principal = self.post(c, ent, "gm", "总经理", "principal", epool, reg, rotate=0.6)
            self.post(c, ent, "safety", "安全管理人员", "safety_manager", epool, reg, rotate=0.6)
            if size >= 2:
                self.post(c, ent, "vp", "分管安全副总经理", "deputy", epool, reg, ("work_safety",), rotate=0.6)
            if ind.endswith("construction"):
                construction.append(ent)
            for k in range(max(1, size // 3)):
                site = c.entity(f"site/{ccode}/{e}-{k}", "Site", f"{czh}{self.place()[0]}作业场所", src=reg, industry=ind)
                c.rel("locatedIn", site, rng.choice(towns), src=reg)
                c.rel("operates", ent, site, START - timedelta(days=rng.randrange(0, 3000)), src=reg)
                sites.append((site, ind, ent, principal))
                if ind in ("coal_mining", "metal_nonmetal_mining", "hazardous_chemicals", "fireworks", "civil_explosives"):
                    if ind.endswith("mining"):
                        c.rel("approved", province["body"]["depts"]["nr"], site, date(2014, 1, 1), date(2029, 1, 1), src=province["lic"], scope="mining licence")
                    c.rel("approved", province["body"]["depts"]["em"], site, date(2019, 1, 1), date(2028, 1, 1), src=province["lic"], scope="safety production licence")
                    c.rel("intermediaryFor", rng.choice(prefecture["firms"]), site, date(2020, 1, 1), src=reg, service="safety_assessment")
                for _ in range(int(rng.expovariate(1 / (1 + size)))):
                    self.hazard(c, site, ent, rng.choice(inspecting), em, prefecture, docs)
                for _ in range(rng.randrange(1, 10)):
                    self.inspection(c, site, rng.choice(inspecting), self.date_between(START, END), docs)
        for site, ind, ent, _ in sites:
            if construction and rng.random() < 0.08:
                c.rel("contractorAt", rng.choice(construction), site, date(2020, 1, 1), date(2026, 1, 1), src=reg,
                      qualified=rng.random() < 0.8, scope="subcontracted works")
        # accidents across grades, at sites weighted by their industry's risk
        weights = [RISK.get(ind, 1) for _, ind, _, _ in sites]
        n_acc = max(1, int(rng.expovariate(1 / s.accidents))) if s.accidents < 20 else int(s.accidents)
        for a in range(n_acc):
            site, ind, ent, _ = rng.choices(sites, weights)[0]
            if a < 4 and self.size == "small":
                grade = GRADES[a]  # a small world still has every grade
            else:
                grade = rng.choices(GRADES, [g[1] for g in GRADES])[0]
            self.accident(c, f"acc/{ccode}/{a}", site, ind, grade, county, prefecture, province, docs)
        return c.doc()

    def hazard(self, c: Chunk, site: str, ent: str, inspecting: tuple, em: str, prefecture: dict, docs: dict) -> None:
        rng = self.rng
        found = self.date_between(START, END)
        major = rng.random() < 0.06
        props: dict[str, Any] = {"hazard_grade": "major" if major else "general", "found_on": day(found),
                                 "hazard_category": rng.choice(("unsafe_condition", "unsafe_behaviour", "management_defect"))}
        through = "inspection" if rng.random() < 0.4 else "self_inspection"
        props["found_through"] = through
        fate = rng.random()
        deadline = found + timedelta(days=rng.randrange(7, 90))
        if fate < 0.75:
            rect = found + timedelta(days=rng.randrange(3, 80))
            props.update(deadline=day(deadline), rectified_on=day(rect), verified_on=day(rect + timedelta(days=5)),
                         closed_on=day(rect + timedelta(days=10)))
        elif fate < 0.9:
            props.update(deadline=day(deadline), rectified_on=day(found + timedelta(days=rng.randrange(3, 80))))
        elif fate < 0.97:
            props["deadline"] = day(deadline)
        c.n += 1
        hz = c.entity(f"hz/{c.key}/{c.n}", "Hazard", "隐患", src=docs["hazards"], **props)
        c.rel("hazardAt", hz, site if rng.random() < 0.9 else ent, src=docs["hazards"])
        if through == "inspection":
            ins = self.inspection(c, site, inspecting, found, docs)
            c.rel("foundIn", hz, ins, src=docs["inspections"])
        if major:
            c.rel("listedBy", hz, prefecture["body"]["depts"]["em"], found + timedelta(days=15), src=docs["hazards"])

    def inspection(self, c: Chunk, site: str, inspecting: tuple, on: date, docs: dict) -> str:
        dept, staff = inspecting
        c.n += 1
        ins = c.entity(f"ins/{c.key}/{c.n}", "Inspection", "执法检查", src=docs["inspections"], date=day(on),
                       enforcement=[self.rng.choice(("none", "order_rectification", "fine"))])
        c.rel("inspected", ins, site, src=docs["inspections"])
        c.rel("inspectedBy", ins, dept, src=docs["inspections"])
        for tenures in staff:
            who = self.holder(tenures, on)
            if who:
                c.rel("inspector", ins, who, src=docs["inspections"])
        return ins

    def accident(self, c: Chunk, ident: str, site: str, ind: str, grade: tuple, county: dict, prefecture: dict,
                 province: dict, docs: dict) -> None:
        rng = self.rng
        code, _, deaths, injuries, loss = grade
        on = self.date_between(ACCIDENTS_FROM, END)
        props: dict[str, Any] = {
            "occurred_on": day(on), "deaths": rng.randint(*deaths), "serious_injuries": rng.randint(*injuries),
            "direct_loss_cny": rng.randrange(*loss), "industry": ind,
            "accident_type": rng.choice(ACCIDENT_TYPES.get(ind, ("object_strike", "machinery_injury", "fire", "other_injury"))),
        }
        if ind in ACTIVITIES and rng.random() < 0.5:
            props["activities"] = [rng.choice(ACTIVITIES[ind])]
        c.entity(ident, "Accident", f"{code}事故{ident}（虚构）", src=docs["accidents"], **props)
        c.rel("occurredAt", ident, site, src=docs["accidents"])
        level = LEVEL_OF_GRADE[code]
        if level > 0 and rng.random() < 0.05:
            level -= 1  # taken over by the level above
        gov = ("gov/cn", province["body"]["gov"], prefecture["body"]["gov"], county["gov"])[level]
        c.rel("investigatedBy", ident, gov, src=docs["accidents"])


def chunks(size: str, seed: int = 7) -> Iterator[dict[str, Any]]:
    """The facts documents of a world of this size, one chunk at a time."""
    return World(size, seed).chunks()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, help="write each chunk as DIR/NNNNN.facts.json (else only count)")
    args = ap.parse_args()
    entities = relations = n = 0
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for n, doc in enumerate(chunks(args.size, args.seed), 1):
        entities += len(doc["entities"])
        relations += len(doc["relations"])
        if args.out:
            (args.out / f"{n:05d}.facts.json").write_bytes(orjson.dumps(doc))
    print(orjson.dumps({"size": args.size, "seed": args.seed, "chunks": n, "entities": entities, "relations": relations}).decode())


if __name__ == "__main__":
    main()
