// Every finding in one sortable table, exportable as CSV or JSON; "one case, three investigations"
// coverage and the gaps shown plainly above it.

import { h, clear, download } from "./dom.js";
import { t, pick, concept, gapLabel, short } from "./i18n.js";
import { nameOf } from "./names.js";
import { validity, showFact } from "./details.js";
import { LAYERS } from "./chain.js";

/** The table's columns: header key and the cell text of a finding (in the current language). */
const COLUMNS = [
  ["layer", (f) => short(concept("layer", f.layer))],
  ["responsibility", (f) => concept("responsibility", f.responsibility)],
  ["rule", (f) => pick(f.rule.label)],
  ["legalBasis", (f) => (f.rule.legal_basis || []).join("; ")],
  ["level", (f) => (f.level ? concept("adminLevel", f.level) : "")],
  ["person", (f) => (f.person ? nameOf(f.person) : `(${t("vacant")})`)],
  ["post", (f) => nameOf(f.post)],
  ["organisation", (f) => nameOf(f.organization)],
  ["valid", (f) => (f.valid_during ? validity(f.valid_during.from, f.valid_during.to) : "")],
  ["hazard", (f) => (f.hazard ? nameOf(f.hazard) : "")],
  ["notes", (f) => (f.notes || []).join("; ")],
  ["sources", (f) => [...new Set((f.sources || []).map((s) => pick(s.title) || s.id))].join("; ")],
];

let sortState = { col: null, dir: 1 };

function coverage(trace) {
  const c = trace.coverage || {};
  const cards = LAYERS.map((layer) => {
    const x = c[layer] || { covered: false, findings: 0, organizations: 0, persons: 0, vacant_posts: 0 };
    return h("div", { class: `coverage-card layer-${layer} ${x.covered ? "ok" : "missing"}`, dataset: { layer } },
      h("h4", {}, concept("layer", layer)),
      h("p", { class: "covered" }, x.covered ? `✔ ${t("covered")}` : `✘ ${t("notCovered")}`),
      h("p", {}, `${x.findings} ${t("nFindings")} · ${x.organizations} ${t("nOrganisations")} · ${x.persons} ${t("nPersons")}`),
      x.vacant_posts ? h("p", { class: "warn" }, `${x.vacant_posts} ${t("nVacant")}`) : null);
  });
  return h("section", { class: "coverage", "aria-label": t("coverage") },
    h("h3", {}, `${t("coverage")} — ${c.complete ? t("complete") : t("incomplete")}`),
    h("div", { class: "coverage-cards" }, cards));
}

function gaps(trace) {
  const list = trace.gaps || [];
  return h("section", { class: "gaps" },
    h("h3", {}, `${t("gaps")} (${list.length})`),
    list.length
      ? h("ul", {}, list.map((g) => h("li", { class: `gap gap-${g.kind}`, dataset: { subject: g.subject || "" } },
        h("strong", {}, pick(g.label) || gapLabel(g.kind)), ": ",
        [g.post && nameOf(g.post), g.organization && nameOf(g.organization), !g.post && !g.organization ? nameOf(g.subject) : null, g.detail]
          .filter(Boolean).join(" · "),
        g.subject ? [" ", h("button", { type: "button", class: "link", onclick: () => showFact(g.subject) }, t("details"))] : null)))
      : h("p", {}, t("noGaps")));
}

function rows(findings, filter) {
  let out = findings.map((f) => ({ f, cells: COLUMNS.map(([, fn]) => fn(f)) }));
  if (filter.layer) out = out.filter((r) => r.f.layer === filter.layer);
  if (filter.text) {
    const q = filter.text.toLowerCase();
    out = out.filter((r) => r.cells.some((c) => c.toLowerCase().includes(q)));
  }
  if (sortState.col !== null) {
    const i = sortState.col;
    out.sort((a, b) => sortState.dir * a.cells[i].localeCompare(b.cells[i], undefined, { numeric: true }));
  }
  return out;
}

function csv(table) {
  const quote = (v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\ufeff${table.map((r) => r.map((v) => quote(String(v ?? ""))).join(",")).join("\r\n")}\r\n`;
}

/** Draw coverage, gaps and the findings table of a trace. */
export function drawFindings(container, trace, onSelect) {
  const filter = { layer: "", text: "" };
  const tbody = h("tbody");
  const header = h("tr");
  const slug = `${trace.accident.id.replace(/[^\w-]+/g, "_")}_${trace.accident.at || trace.accident.occurred_on}`;
  const sort = (i) => { sortState = { col: i, dir: sortState.col === i ? -sortState.dir : 1 }; render(); };
  const render = () => {
    const shown = rows(trace.findings, filter);
    clear(tbody, shown.map(({ f, cells }) => h("tr", { class: `layer-${f.layer}`, dataset: { id: f.id }, tabindex: 0, onclick: () => onSelect && onSelect(f),
      onkeydown: (e) => { if (e.key === "Enter" && onSelect) onSelect(f); } },
      cells.map((c, i) => h("td", { class: `col-${COLUMNS[i][0]}` }, c)))));
    clear(header, COLUMNS.map(([key], i) => h("th", {
      scope: "col", tabindex: 0, "aria-sort": sortState.col === i ? (sortState.dir > 0 ? "ascending" : "descending") : "none",
      onclick: () => sort(i),
      onkeydown: (e) => { if (e.key === "Enter") sort(i); },
    }, t(key), sortState.col === i ? (sortState.dir > 0 ? " ▲" : " ▼") : "")));
    count.textContent = `${shown.length} / ${trace.findings.length}`;
  };
  const count = h("span", { class: "count", id: "findings-count" });
  const exportCsv = () => {
    const shown = rows(trace.findings, filter);
    const head = [...COLUMNS.map(([k]) => t(k)), "finding_id", "person_id", "post_id", "organization_id", "source_ids"];
    const body = shown.map(({ f, cells }) => [...cells, f.id, f.person ? f.person.id : "", f.post ? f.post.id : "", f.organization ? f.organization.id : "",
      [...new Set((f.sources || []).map((s) => s.id))].join(" ")]);
    download(`findings_${slug}.csv`, csv([head, ...body]), "text/csv;charset=utf-8");
  };
  const exportJson = () => {
    const shown = rows(trace.findings, filter).map((r) => r.f);
    download(`findings_${slug}.json`, JSON.stringify({ accident: trace.accident, coverage: trace.coverage, gaps: trace.gaps, findings: shown }, null, 1), "application/json");
  };
  const layerSelect = h("select", { id: "findings-layer", "aria-label": t("layer"), onchange: (e) => { filter.layer = e.target.value; render(); } },
    h("option", { value: "" }, t("allLayers")), LAYERS.map((l) => h("option", { value: l }, short(concept("layer", l)))));
  const text = h("input", { id: "findings-filter", type: "search", placeholder: t("filter"), oninput: (e) => { filter.text = e.target.value; render(); } });
  clear(container,
    coverage(trace),
    gaps(trace),
    h("div", { class: "toolbar" }, layerSelect, text, count,
      h("button", { type: "button", id: "export-csv", onclick: exportCsv }, t("exportCsv")),
      h("button", { type: "button", id: "export-json", onclick: exportJson }, t("exportJson"))),
    h("div", { class: "table-wrap" }, h("table", { id: "findings-table", class: "findings" }, h("thead", {}, header), tbody)));
  render();
}
