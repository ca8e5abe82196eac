// Interface strings in Chinese and English; the ontology's own labels come from /ui/labels.json.

const STRINGS = {
  title: { en: "Accountability chain", zh: "事故责任链" },
  subtitle: { en: "who was responsible, when, and on what evidence", zh: "谁负责、何时在岗、依据何在" },
  keyLabel: { en: "API key", zh: "API 密钥" },
  keyHint: { en: "Ask your administrator for a key with the reader role.", zh: "请向管理员申请具有“读者”（reader）角色的密钥。" },
  signIn: { en: "Open", zh: "进入" },
  signOut: { en: "Sign out", zh: "退出" },
  badKey: { en: "This key is not recognised. Check it and try again.", zh: "密钥无效，请检查后重试。" },
  noReader: { en: "This key does not have the reader role: nothing can be shown.", zh: "该密钥没有“读者”（reader）角色，无法显示任何内容。" },
  noKey: { en: "Enter an API key.", zh: "请输入 API 密钥。" },
  unreachable: { en: "The server did not answer", zh: "服务器无响应" },
  projector: { en: "Large text", zh: "大字号" },
  find: { en: "Find", zh: "查找" },
  accidents: { en: "Accidents", zh: "事故" },
  accident: { en: "Accident", zh: "事故" },
  entities: { en: "People, posts and bodies", zh: "人员、职位与机构" },
  query: { en: "Name (Chinese or English)", zh: "名称（中文或英文）" },
  area: { en: "Area", zh: "地区" },
  anyArea: { en: "any area", zh: "全部地区" },
  from: { en: "From", zh: "起" },
  to: { en: "To", zh: "止" },
  grade: { en: "Grade", zh: "等级" },
  anyGrade: { en: "any grade", zh: "全部等级" },
  type: { en: "Type", zh: "类型" },
  anyType: { en: "any type", zh: "全部类型" },
  search: { en: "Search", zh: "搜索" },
  more: { en: "More results", zh: "更多结果" },
  noResults: { en: "Nothing found.", zh: "未找到。" },
  loading: { en: "Loading…", zh: "加载中…" },
  back: { en: "← Find", zh: "← 查找" },
  occurredOn: { en: "Occurred on", zh: "发生日期" },
  asOf: { en: "Trace as of", zh: "追溯日期" },
  rerun: { en: "Re-run", zh: "重新追溯" },
  accidentDay: { en: "Accident day", zh: "事故当日" },
  chain: { en: "Chain", zh: "责任链" },
  timeline: { en: "Timeline", zh: "时间线" },
  findings: { en: "Findings", zh: "认定清单" },
  organisation: { en: "Organisation", zh: "单位" },
  post: { en: "Post", zh: "职位" },
  person: { en: "Person", zh: "人员" },
  hazard: { en: "Hidden hazard", zh: "事故隐患" },
  vacant: { en: "vacant", zh: "空缺" },
  other: { en: "Other fact", zh: "其他事实" },
  relayout: { en: "Re-arrange", zh: "重新布局" },
  expand: { en: "Expand neighbourhood", zh: "展开关联" },
  expanded: { en: "added", zh: "已添加" },
  details: { en: "Details", zh: "详情" },
  clickHint: { en: "Click a node or an edge to see its facts, validity dates and sources.", zh: "点击节点或连线，查看事实、有效期和来源。" },
  facts: { en: "Facts", zh: "事实" },
  sources: { en: "Sources", zh: "来源" },
  noSource: { en: "no source recorded", zh: "未记录来源" },
  path: { en: "Path of facts", zh: "事实路径" },
  rule: { en: "Rule", zh: "规则" },
  legalBasis: { en: "Legal basis", zh: "法律依据" },
  responsibility: { en: "Responsibility", zh: "责任类型" },
  layer: { en: "Layer", zh: "责任层级" },
  level: { en: "Level", zh: "层级" },
  valid: { en: "Valid", zh: "有效期" },
  openEnded: { en: "open", zh: "至今" },
  halfOpen: { en: "An end date is the first day on which the fact no longer holds.", zh: "截止日期为该事实不再有效的第一天。" },
  notes: { en: "Notes", zh: "备注" },
  unsourced: { en: "no source", zh: "无来源" },
  findingsOf: { en: "Findings", zh: "相关认定" },
  coverage: { en: "One case, three investigations", zh: "一案三查" },
  covered: { en: "covered", zh: "已覆盖" },
  notCovered: { en: "NOT covered", zh: "未覆盖" },
  complete: { en: "All three layers are covered.", zh: "三个层级均已覆盖。" },
  incomplete: { en: "Not every layer is covered.", zh: "并非所有层级都已覆盖。" },
  nFindings: { en: "findings", zh: "项认定" },
  nOrganisations: { en: "organisations", zh: "个单位" },
  nPersons: { en: "persons", zh: "名人员" },
  nVacant: { en: "vacant posts", zh: "个空缺职位" },
  gaps: { en: "Gaps", zh: "缺口" },
  noGaps: { en: "No gaps.", zh: "无缺口。" },
  exportCsv: { en: "Export CSV", zh: "导出 CSV" },
  exportJson: { en: "Export JSON", zh: "导出 JSON" },
  filter: { en: "Filter", zh: "筛选" },
  allLayers: { en: "all layers", zh: "全部层级" },
  tenures: { en: "Tenures of the posts in the chain", zh: "责任链中职位的任职情况" },
  hazards: { en: "Hidden hazards", zh: "事故隐患" },
  inspections: { en: "Inspections", zh: "检查" },
  found: { en: "found", zh: "发现" },
  deadline: { en: "deadline", zh: "整改期限" },
  closed: { en: "closed", zh: "整改完成" },
  stillOpen: { en: "still open", zh: "仍未整改" },
  overdue: { en: "overdue", zh: "逾期" },
  range: { en: "Range", zh: "时间范围" },
  year1: { en: "1 year", zh: "1 年" },
  year3: { en: "3 years", zh: "3 年" },
  all: { en: "All", zh: "全部" },
  noEvents: { en: "No events.", zh: "无事件。" },
  handover: { en: "handover", zh: "交接" },
  deaths: { en: "deaths", zh: "死亡" },
  seriousInjuries: { en: "serious injuries", zh: "重伤" },
  loss: { en: "direct loss (CNY)", zh: "直接经济损失（元）" },
  investigatedBy: { en: "Investigating level", zh: "调查层级" },
  error: { en: "Error", zh: "错误" },
  openTrace: { en: "Open the chain", zh: "查看责任链" },
};

let lang = localStorage.getItem("safetykg.lang") || ((navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en");
let labels = { types: {}, relations: {}, properties: {}, schemes: {}, scheme_labels: {}, rules: {}, gaps: {} };
const listeners = [];

export function getLang() { return lang; }

export function setLang(value) {
  lang = value;
  localStorage.setItem("safetykg.lang", value);
  document.documentElement.lang = value === "zh" ? "zh-CN" : "en";
  applyStatic();
  listeners.forEach((fn) => fn(value));
}

export function onLangChange(fn) { listeners.push(fn); }

export function setLabels(value) { labels = value; }

/** An interface string. */
export function t(key) {
  const s = STRINGS[key];
  return s ? s[lang] : key;
}

/** A {en, zh} text in the current language, falling back to the other one. */
export function pick(text) {
  if (text == null) return "";
  if (typeof text === "string") return text;
  return text[lang] || text[lang === "zh" ? "en" : "zh"] || "";
}

/** Label of a concept code in a scheme (layer, responsibility, adminLevel, accidentGrade, …). */
export function concept(scheme, code) {
  if (code == null) return "";
  return pick((labels.schemes[scheme] || {})[code]) || String(code);
}

/** A label without its parenthesised gloss: "Enterprise (main responsibility)" → "Enterprise". */
export function short(text) { return String(text).split(/\s*[（(]/)[0]; }

export function typeLabel(name) { return pick(labels.types[name]) || name || ""; }
export function relationLabel(name) { return pick(labels.relations[name]) || name || ""; }
export function propertyLabel(key) { return pick(labels.properties[key]) || key; }
export function gapLabel(kind) { return pick(labels.gaps[kind]) || kind; }
export function schemeOptions(scheme) { return Object.entries(labels.schemes[scheme] || {}).map(([code, l]) => [code, pick(l)]); }
export function typeNames() { return Object.keys(labels.types); }

/** Fill every element marked data-i18n (text) or data-i18n-placeholder. */
export function applyStatic(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll("[data-i18n-title]").forEach((el) => { el.title = t(el.dataset.i18nTitle); });
}
