// The details panel: an entity's or a relation's facts, validity dates and sources; findings with their path.

import { api } from "./api.js";
import { h, clear, $ } from "./dom.js";
import { t, pick, concept, typeLabel, relationLabel, propertyLabel } from "./i18n.js";
import { nameOf, remember } from "./names.js";

const sourceCache = new Map();

/** "2016-01-05 → open" (end dates are exclusive: the first day on which the fact no longer holds). */
export function validity(from, to) {
  if (!from && !to) return "";
  return `${from || "…"} → ${to || t("openEnded")}`;
}

function panel() { return $("#details-body"); }

export function showHint() {
  clear(panel(), h("p", { class: "hint" }, t("clickHint")));
}

export function showError(err) {
  clear(panel(), h("p", { class: "error", role: "alert" }, `${t("error")}: ${err.message}`));
}

/** A source document reference: an id string, {source, quote, locator}, or an expanded trace source. */
async function resolveSource(ref) {
  if (typeof ref === "string") ref = { id: ref };
  else if (ref.source && !ref.id) ref = { ...ref, id: ref.source };
  if (ref.title) return ref;
  if (!sourceCache.has(ref.id)) sourceCache.set(ref.id, api.fact(ref.id).then((r) => r.fact, () => ({ id: ref.id })));
  return { ...(await sourceCache.get(ref.id)), ...ref };
}

function sourceItem(src) {
  const meta = [src.publisher, src.issued_on, src.archive_id, src.document_kind && concept("documentKind", src.document_kind)].filter(Boolean).join(" · ");
  return h("li", { class: "source", dataset: { id: src.id } },
    h("span", { class: "source-title" }, pick(src.title) || nameOf(src) || src.id),
    meta ? h("span", { class: "source-meta" }, meta) : null,
    src.quote ? h("q", {}, src.quote) : null,
    src.locator ? h("span", { class: "source-meta" }, src.locator) : null,
    src.cites && src.cites.length ? h("span", { class: "source-cites" }, `↳ ${src.cites.join(", ")}`) : null);
}

/** Render sources into a list: one item per document, with the facts it is cited for. */
export async function sourceList(refs) {
  const list = h("ul", { class: "sources" });
  const byDocument = new Map();
  for (const src of await Promise.all((refs || []).map(resolveSource))) {
    if (!byDocument.has(src.id)) byDocument.set(src.id, { ...src, cites: [] });
    const cites = byDocument.get(src.id).cites;
    if (src.cites && !cites.includes(src.cites)) cites.push(src.cites);
  }
  byDocument.forEach((src) => list.append(sourceItem(src)));
  const resolved = [...byDocument.values()];
  if (!resolved.length) list.append(h("li", { class: "unsourced" }, t("noSource")));
  return list;
}

const SKIP = new Set(["id", "type", "name", "sources", "from", "to", "valid_from", "valid_to"]);

function propValue(key, value) {
  if (Array.isArray(value)) return value.map((v) => propValue(key, v)).join(", ");
  if (value && typeof value === "object") return pick(value) || JSON.stringify(value);
  if (typeof value === "string") {
    // A concept code shows its label when some scheme knows it under the property's name.
    const label = concept(key.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), value);
    return label !== value ? label : value;
  }
  return String(value);
}

function factTable(fact) {
  const rows = [];
  rows.push(["id", fact.id]);
  if (fact.from) rows.push([t("from"), nameOf(fact.from)], [t("to"), nameOf(fact.to)]);
  if (fact.from || fact.valid_from || fact.valid_to) rows.push([t("valid"), validity(fact.valid_from, fact.valid_to) || t("openEnded")]);
  for (const [k, v] of Object.entries(fact)) if (!SKIP.has(k) && v !== null && v !== "") rows.push([propertyLabel(k), propValue(k, v)]);
  const table = h("table", { class: "facts" }, h("tbody", {}, rows.map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v)))));
  return fact.valid_to ? [table, h("p", { class: "hint small" }, t("halfOpen"))] : table;
}

/** Sources of the findings' facts that touch this id (a person's tenure, a post's place in its body). */
function sourcesAbout(id, findings) {
  const facts = new Set([id]);
  for (const f of findings) for (const p of f.path || []) if (p.from === id || p.to === id) facts.add(p.id);
  return findings.flatMap((f) => (f.sources || []).filter((s) => facts.has(s.cites)));
}

/** The facts of an entity or relation fetched from /v1/facts, with the findings that involve it. */
export async function showFact(id, { findings = [], onExpand = null, title = null } = {}) {
  const body = panel();
  clear(body, h("p", { class: "hint" }, t("loading")));
  try {
    const answer = await api.fact(id);
    const fact = answer.fact || answer;
    const documents = new Map((answer.source_documents || []).map((d) => [d.id, d]));
    (answer.source_documents || []).forEach((d) => sourceCache.set(d.id, Promise.resolve(d)));
    remember(fact);
    const own = (fact.sources || []).map((ref) => {
      const r = typeof ref === "string" ? { id: ref } : { ...ref, id: ref.source || ref.id };
      return { ...(documents.get(r.id) || {}), ...r, cites: id };
    });
    const heading = title || nameOf(fact) || relationLabel(fact.type) || id;
    const kind = fact.from ? relationLabel(fact.type) : typeLabel(fact.type);
    clear(body,
      h("h3", { id: "details-title" }, heading),
      h("p", { class: "kind" }, kind),
      onExpand ? h("button", { id: "expand", type: "button", onclick: () => onExpand(id) }, t("expand")) : null,
      h("h4", {}, t("facts")), factTable(fact),
      h("h4", {}, t("sources")), h("div", { id: "details-sources" }, await sourceList([...own, ...sourcesAbout(id, findings)])),
      findings.length ? [h("h4", {}, t("findingsOf")), await findingList(findings)] : null);
  } catch (err) {
    showError(err);
  }
}

function pathList(path) {
  return h("ol", { class: "path" }, path.map((p) => h("li", { class: p.sourced ? "" : "unsourced", dataset: { id: p.id } },
    h("span", {}, `${nameOf(p.from)} —${relationLabel(p.type)}→ ${nameOf(p.to)}`),
    p.valid_from || p.valid_to ? h("span", { class: "source-meta" }, ` ${validity(p.valid_from, p.valid_to)}`) : null,
    p.sourced ? null : h("span", { class: "badge warn" }, t("unsourced")))));
}

/** Findings with rule, legal basis, validity, path and sources. */
export async function findingList(findings) {
  const out = h("div", { class: "finding-list" });
  for (const f of findings) {
    out.append(h("section", { class: `finding layer-${f.layer}` },
      h("h5", {}, pick(f.rule.label)),
      h("p", {}, [concept("layer", f.layer), concept("responsibility", f.responsibility), f.level && concept("adminLevel", f.level)].filter(Boolean).join(" · ")),
      h("p", {}, [f.person ? nameOf(f.person) : `(${t("vacant")})`, nameOf(f.post), nameOf(f.organization)].filter(Boolean).join(" · ")),
      f.valid_during ? h("p", {}, `${t("valid")}: ${validity(f.valid_during.from, f.valid_during.to)}`) : null,
      f.hazard ? h("p", {}, `${t("hazard")}: ${nameOf(f.hazard)}`) : null,
      f.notes && f.notes.length ? h("p", { class: "notes" }, f.notes.join("; ")) : null,
      h("p", { class: "legal" }, `${t("legalBasis")}: ${(f.rule.legal_basis || []).join("; ")}`),
      h("details", {}, h("summary", {}, `${t("path")} (${f.path.length})`), pathList(f.path)),
      h("h6", {}, t("sources")), await sourceList(f.sources)));
  }
  return out;
}

/** An edge of the chain: the findings it stands for. */
export async function showFindings(title, findings) {
  const body = panel();
  clear(body, h("h3", { id: "details-title" }, title), await findingList(findings));
}

/** The accident itself. */
export async function showAccident(trace) {
  const a = trace.accident;
  const rows = [
    [t("occurredOn"), a.occurred_on],
    [t("grade"), concept("accidentGrade", a.grade)],
    [t("deaths"), a.deaths], [t("seriousInjuries"), a.serious_injuries], [t("loss"), a.direct_loss_cny],
    [t("investigatedBy"), concept("adminLevel", a.investigating_level)],
    [t("area"), (a.areas || []).filter((x) => x.in_scope).map(nameOf).join(" / ")],
  ].filter(([, v]) => v !== undefined && v !== null && v !== "");
  clear(panel(),
    h("h3", { id: "details-title" }, nameOf(a)),
    h("table", { class: "facts" }, h("tbody", {}, rows.map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, String(v)))))),
    h("h4", {}, t("sources")), await sourceList(a.sources || []));
}
