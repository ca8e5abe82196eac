// Find: accidents by name, area, date range and grade; any entity by name in Chinese or English.

import { api } from "./api.js";
import { h, clear, $ } from "./dom.js";
import { t, concept, schemeOptions, typeLabel, typeNames } from "./i18n.js";
import { nameOf, remember } from "./names.js";
import { showFact, showError } from "./details.js";

const HIDDEN_TYPES = new Set(["Entity", "RelationFact", "Finding"]);

function accidentRow(item) {
  const a = { ...item, name: item.names || (item.name_en ? { zh: item.name, en: item.name_en } : item.name) };
  remember({ ...a, type: "Accident" });
  const href = `#/accident/${encodeURIComponent(a.id)}`;
  return h("li", { class: "result accident-result", dataset: { id: a.id } },
    h("a", { href, class: "result-name" }, nameOf(a)),
    h("span", { class: "result-meta" }, [a.date || a.occurred_on, a.grade && concept("accidentGrade", a.grade), a.area && nameOf(a.area)].filter(Boolean).join(" · ")));
}

function entityRow(e) {
  remember(e);
  const open = () => showFact(e.id);
  const isAccident = e.type === "Accident";
  return h("li", { class: "result entity-result", dataset: { id: e.id } },
    h("button", { type: "button", class: "link result-name", onclick: open }, nameOf(e)),
    h("span", { class: "result-meta" }, `${typeLabel(e.type)} · ${e.id}`),
    isAccident ? h("a", { href: `#/accident/${encodeURIComponent(e.id)}` }, t("openTrace")) : null);
}

/** Run a paged search and render its results (with "more" while there is a next cursor). */
async function search(list, call, params, row) {
  clear(list, h("li", { class: "hint" }, t("loading")));
  try {
    let page = await call({ ...params, limit: 25 });
    clear(list);
    const more = h("button", { type: "button", class: "more" }, t("more"));
    const show = (p) => {
      p.items.forEach((item) => list.append(row(item)));
      more.remove();
      if (p.next_cursor) {
        more.onclick = async () => { page = await call({ ...params, limit: 25, cursor: p.next_cursor }); show(page); };
        list.append(h("li", {}, more));
      }
      if (!list.querySelector(".result")) list.append(h("li", { class: "hint" }, t("noResults")));
    };
    show(page);
  } catch (err) {
    clear(list, h("li", { class: "error", role: "alert" }, `${t("error")}: ${err.message}`));
    if (err.status === 401 || err.status === 403) throw err;
  }
}

async function fillAreas(select) {
  try {
    const page = await api.entities({ type: "AdministrativeArea", limit: 200 });
    const keep = select.value;
    clear(select, h("option", { value: "" }, t("anyArea")), page.items.map((a) => { remember(a); return h("option", { value: a.id }, nameOf(a)); }));
    select.value = keep;
  } catch (err) {
    showError(err);
  }
}

/** Build the find view into the container. */
export function drawFind(container, onAuthError) {
  const areas = h("select", { id: "acc-area", name: "area" }, h("option", { value: "" }, t("anyArea")));
  const accList = h("ul", { class: "results", id: "accident-results" });
  const entList = h("ul", { class: "results", id: "entity-results" });
  const guard = (p) => p.catch(onAuthError);
  const accForm = h("form", { id: "accident-search", class: "search-form", onsubmit: (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    guard(search(accList, api.accidents, { q: f.get("q"), area: f.get("area"), from: f.get("from"), to: f.get("to"), grade: f.get("grade") }, accidentRow));
  } },
  h("label", {}, t("query"), h("input", { name: "q", id: "acc-q", type: "search", autocomplete: "off" })),
  h("label", {}, t("area"), areas),
  h("label", {}, t("from"), h("input", { name: "from", id: "acc-from", type: "date" })),
  h("label", {}, t("to"), h("input", { name: "to", id: "acc-to", type: "date" })),
  h("label", {}, t("grade"), h("select", { name: "grade", id: "acc-grade" }, h("option", { value: "" }, t("anyGrade")),
    schemeOptions("accidentGrade").map(([code, label]) => h("option", { value: code }, label)))),
  h("button", { type: "submit", id: "acc-search-button" }, t("search")));
  const entForm = h("form", { id: "entity-search", class: "search-form", onsubmit: (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    guard(search(entList, api.entities, { q: f.get("q"), type: f.get("type") }, entityRow));
  } },
  h("label", {}, t("query"), h("input", { name: "q", id: "ent-q", type: "search", autocomplete: "off" })),
  h("label", {}, t("type"), h("select", { name: "type", id: "ent-type" }, h("option", { value: "" }, t("anyType")),
    typeNames().filter((n) => !HIDDEN_TYPES.has(n)).map((n) => h("option", { value: n }, typeLabel(n))))),
  h("button", { type: "submit", id: "ent-search-button" }, t("search")));
  clear(container,
    h("section", { class: "find-block" }, h("h2", {}, t("accidents")), accForm, accList),
    h("section", { class: "find-block" }, h("h2", {}, t("entities")), entForm, entList));
  // Show the latest accidents at once (area names first, so the list can name them).
  fillAreas(areas).then(() => guard(search(accList, api.accidents, {}, accidentRow)));
}

export const focusSearch = () => { const q = $("#acc-q"); if (q) q.focus(); };
