// The web view: sign in with an API key, find an accident, explore its chain, timeline and findings.
//
// Routes (in the address's fragment, so a view can be shared):
//   #/                                   find
//   #/accident/<id>?at=YYYY-MM-DD&tab=…   one accident's trace as of a date

import { api, get, getKey, setKey, clearKey, ApiError } from "./api.js";
import { h, clear, $ } from "./dom.js";
import { t, pick, concept, short, setLang, getLang, setLabels, applyStatic, onLangChange } from "./i18n.js";
import { nameOf, rememberTrace, resolveNames } from "./names.js";
import { drawFind, focusSearch } from "./find.js";
import { draw as drawChain, focus as focusLayer, relayout, relabel, fit, resize, LAYERS, LEGEND } from "./chain.js";
import { drawTimeline } from "./timeline.js";
import { drawFindings } from "./findings.js";
import { showHint, showAccident, showFindings } from "./details.js";

const state = { route: null, trace: null, timeline: null, timelineError: null, tab: "chain" };

// ---- signing in -----------------------------------------------------------------------------

/** Check a key against the API: a reader may list accidents; anything else shows nothing. */
async function verify(key) {
  try {
    await get("accidents", { limit: 1 }, key);
    return null;
  } catch (err) {
    if (err instanceof ApiError) return err.status === 401 ? t("badKey") : err.status === 403 ? t("noReader") : `${t("error")}: ${err.message}`;
    return `${t("unreachable")}: ${err.message}`;
  }
}

function showLogin(message = "") {
  clearKey();
  state.trace = null;
  $("#app").hidden = true;
  $("#sign-out").hidden = true;
  $("#login").hidden = false;
  clear($("#details-body"));
  clear($("#find-view"));
  $("#login-error").textContent = message;
  $("#key-input").focus();
}

async function signIn(key) {
  const problem = await verify(key);
  if (problem) return showLogin(problem);
  setKey(key);
  $("#login").hidden = true;
  $("#key-input").value = "";
  $("#login-error").textContent = "";
  $("#app").hidden = false;
  $("#sign-out").hidden = false;
  route();
}

/** A 401/403 in the middle of a session sends the investigator back to the key box. */
function onAuthError(err) {
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) showLogin(err.status === 401 ? t("badKey") : t("noReader"));
  else throw err;
}

// ---- routing --------------------------------------------------------------------------------

function parseRoute() {
  const [path, query = ""] = (location.hash.slice(1) || "/").split("?");
  const params = new URLSearchParams(query);
  const m = path.match(/^\/accident\/(.+)$/);
  if (m) return { view: "accident", id: decodeURIComponent(m[1]), at: params.get("at") || null, tab: params.get("tab") || "chain" };
  return { view: "find" };
}

export function accidentHash(id, at, tab) {
  const q = new URLSearchParams();
  if (at) q.set("at", at);
  if (tab && tab !== "chain") q.set("tab", tab);
  return `#/accident/${encodeURIComponent(id)}${q.toString() ? `?${q}` : ""}`;
}

async function route() {
  if (!getKey()) return showLogin();
  const r = parseRoute();
  const previous = state.route;
  state.route = r;
  $("#find-view").hidden = r.view !== "find";
  $("#accident-view").hidden = r.view !== "accident";
  if (r.view === "find") {
    showHint();
    drawFind($("#find-view"), onAuthError);
    focusSearch();
    return;
  }
  const same = previous && previous.view === "accident" && previous.id === r.id && previous.at === r.at && state.trace;
  if (same) return showTab(r.tab);
  await openAccident(r.id, r.at, r.tab);
}

// ---- one accident ---------------------------------------------------------------------------

async function openAccident(id, at, tab) {
  const err = $("#accident-error");
  err.hidden = true;
  $("#accident-title").textContent = t("loading");
  $("#chain-status").textContent = t("loading");
  // The timeline is fetched alongside and drawn when it comes; the chain does not wait for it.
  const timeline = loadTimeline(id, at);
  let trace;
  try {
    trace = await api.trace(id, at);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return onAuthError(e);
    err.textContent = `${t("error")}: ${e.message}`;
    err.hidden = false;
    $("#accident-title").textContent = id;
    return;
  }
  state.trace = trace;
  state.timeline = null;
  state.timelineError = null;
  rememberTrace(trace);
  renderAccident();
  showTab(tab, true);
  const [loaded, problem] = await timeline;
  if (state.trace !== trace) return; // another date or accident was opened meanwhile
  if (problem instanceof ApiError && (problem.status === 401 || problem.status === 403)) return onAuthError(problem);
  state.timeline = loaded;
  state.timelineError = problem;
  renderTimeline();
}

/** The timeline and the names it needs (e.g. a post's earlier holders), as [timeline, error]. */
async function loadTimeline(id, at) {
  try {
    const timeline = await api.timeline(id, at);
    const ids = (timeline.events || []).flatMap((e) => [e.person, e.organization]).filter((x) => typeof x === "string");
    await resolveNames(ids, (x) => api.fact(x).then((r) => r.fact));
    return [timeline, null];
  } catch (e) {
    return [null, e];
  }
}

function renderAccident(redraw = true) {
  const trace = state.trace;
  const a = trace.accident;
  $("#accident-title").textContent = nameOf(a);
  const areas = (a.areas || []).filter((x) => x.in_scope).map(nameOf).join(" / ");
  $("#accident-meta").textContent = [`${t("occurredOn")} ${a.occurred_on}`, concept("accidentGrade", a.grade), areas,
    a.deaths != null ? `${a.deaths} ${t("deaths")}` : null].filter(Boolean).join(" · ");
  $("#asof").value = a.at || a.occurred_on;
  drawLegend();
  drawChainToolbar();
  if (redraw) drawChain($("#cy"), trace, a.at);
  else relabel(trace);
  $("#chain-status").textContent = `${trace.findings.length} ${t("nFindings")} · ${t("asOf")} ${a.at}`;
  drawFindings($("#findings"), trace, (f) => showFindings(pick(f.rule.label), [f]));
  renderTimeline();
  showAccident(trace);
}

function renderTimeline() {
  const box = $("#timeline");
  if (!state.timeline && !state.timelineError) {
    clear(box, h("p", { class: "hint" }, t("loading")));
  } else if (state.timelineError) {
    clear(box, h("p", { class: "error", role: "alert" }, `${t("error")}: ${state.timelineError.message}`));
  } else if (state.timeline) {
    drawTimeline(box, state.timeline, state.trace, $("#timeline-range").value);
  }
}

function drawLegend() {
  const item = (swatch, text) => h("span", { class: "legend-item" }, swatch, text);
  const layerSwatch = (layer) => h("span", { class: "swatch", style: `background:${LEGEND.TINTS[layer]};border:4px ${LEGEND.BORDERS[layer]} ${LEGEND.COLOURS[layer]}` });
  clear($("#legend"),
    LAYERS.map((l) => item(layerSwatch(l), concept("layer", l))),
    item(h("span", { class: "shape org" }), t("organisation")),
    item(h("span", { class: "shape post" }), t("post")),
    item(h("span", { class: "shape person" }), t("person")),
    item(h("span", { class: "shape vacant" }), t("vacant")),
    item(h("span", { class: "shape hazard" }), t("hazard")),
    item(h("span", { class: "shape accident" }, "★"), t("accident")));
}

function drawChainToolbar() {
  const button = (text, onclick, id) => h("button", { type: "button", id, onclick }, text);
  clear($("#chain-toolbar"),
    button(t("all"), () => focusLayer(null), "focus-all"),
    LAYERS.map((l) => button(short(concept("layer", l)), () => focusLayer(l), `focus-${l}`)),
    button(t("relayout"), () => relayout(), "relayout"));
}

function showTab(tab, fresh = false) {
  state.tab = ["chain", "timeline", "findings"].includes(tab) ? tab : "chain";
  for (const name of ["chain", "timeline", "findings"]) {
    $(`#tab-${name}`).hidden = name !== state.tab;
    $(`#tab-button-${name}`).setAttribute("aria-selected", String(name === state.tab));
  }
  if (state.tab === "chain" && !fresh) { resize(); fit(); }
  if (state.tab === "timeline") renderTimeline();
}

// ---- wiring ---------------------------------------------------------------------------------

function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }

async function boot() {
  document.documentElement.lang = getLang() === "zh" ? "zh-CN" : "en";
  if (localStorage.getItem("safetykg.large") === "1") document.body.classList.add("large");
  $("#large-toggle").setAttribute("aria-pressed", String(document.body.classList.contains("large")));
  try {
    const response = await fetch("labels.json");
    setLabels(await response.json());
  } catch { /* labels fall back to codes */ }
  applyStatic();
  $("#login-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const key = $("#key-input").value.trim();
    if (!key) return showLogin(t("noKey"));
    signIn(key);
  });
  $("#sign-out").addEventListener("click", () => { showLogin(); location.hash = "#/"; });
  $("#lang-toggle").addEventListener("click", () => setLang(getLang() === "zh" ? "en" : "zh"));
  $("#large-toggle").addEventListener("click", () => {
    const on = document.body.classList.toggle("large");
    localStorage.setItem("safetykg.large", on ? "1" : "0");
    $("#large-toggle").setAttribute("aria-pressed", String(on));
    if (state.trace && state.route && state.route.view === "accident") { relayout(); renderTimeline(); }
  });
  onLangChange(() => {
    if (!getKey() || $("#app").hidden) return;
    if (state.route && state.route.view === "accident" && state.trace) { renderAccident(false); showTab(state.tab, true); } else route();
  });
  $("#asof-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const r = state.route;
    go(accidentHash(r.id, $("#asof").value || null, state.tab));
  });
  $("#asof-reset").addEventListener("click", () => go(accidentHash(state.route.id, null, state.tab)));
  document.querySelectorAll("[data-tab]").forEach((b) => b.addEventListener("click", () => {
    const r = state.route;
    history.replaceState(null, "", accidentHash(r.id, r.at, b.dataset.tab));
    state.route = { ...r, tab: b.dataset.tab };
    showTab(b.dataset.tab);
  }));
  $("#timeline-range").addEventListener("change", renderTimeline);
  window.addEventListener("hashchange", route);
  window.addEventListener("resize", () => { if (state.tab === "timeline") renderTimeline(); });
  const key = getKey();
  if (key) await signIn(key);
  else showLogin();
  window.skg = Object.assign(window.skg || {}, { ready: true });
}

boot();
