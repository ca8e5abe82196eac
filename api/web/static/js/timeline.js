// One time axis for the tenures of the posts in the chain, the hidden hazards and the inspections,
// with the accident date (and the "as of" date) marked: a handover or a hazard left open shows at a glance.

import { h, clear } from "./dom.js";
import { t, pick } from "./i18n.js";
import { nameOf } from "./names.js";
import { LEGEND } from "./chain.js";
import { showFact } from "./details.js";

const SVG = "http://www.w3.org/2000/svg"; // the SVG namespace name, not a fetched address
const DAY = 86400000;

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const ms = (d) => (d ? Date.parse(`${d}T00:00:00Z`) : null);
const iso = (m) => new Date(m).toISOString().slice(0, 10);
const idOf = (x) => (x == null ? null : typeof x === "string" ? x : x.id);

/** An event's label as {zh, en} (the API gives the Chinese label and label_en). */
const labelOf = (ev) => (ev.label_en ? { zh: ev.label, en: ev.label_en } : ev.label);

/** Dated steps of a hazard that arrive as their own events (id "<hazard>#<kind>"). */
const HAZARD_STEPS = new Set(["deadline", "rectification", "verification", "closure"]);

/** Lanes: one per post (its tenures), one per hazard, one per inspection, one per other event. */
export function lanes(timeline, trace) {
  const postLayer = new Map();
  const postOrg = new Map();
  for (const f of trace.findings) if (f.post) { postLayer.set(f.post.id, f.layer); if (f.organization) postOrg.set(f.post.id, f.organization); }
  const traced = new Map((trace.hazards || []).map((x) => [x.id, x]));
  const out = { tenure: new Map(), hazard: new Map(), inspection: [], other: [] };
  const steps = [];
  for (const ev of timeline.events || []) {
    const kind = ev.kind;
    if (kind === "tenure" || kind === "holds") {
      const post = idOf(ev.post) || idOf(ev.subject);
      if (!out.tenure.has(post)) {
        out.tenure.set(post, { id: post, label: nameOf(ev.post || post), org: ev.organization || postOrg.get(post), layer: ev.layer || postLayer.get(post) || "other", events: [] });
      }
      out.tenure.get(post).events.push(ev);
    } else if (kind === "hazard") {
      const id = idOf(ev.hazard) || ev.id;
      const hz = traced.get(id) || {};
      out.hazard.set(id, { ...ev, id, label: labelOf(ev) || hz.name, deadline: ev.deadline || hz.deadline, found: ev.start || hz.found_on, closed: ev.end || null, grade: ev.hazard_grade || hz.hazard_grade });
    } else if (HAZARD_STEPS.has(kind)) steps.push(ev);
    else if (kind === "inspection") out.inspection.push({ ...ev, label: labelOf(ev) });
    else if (kind !== "accident") out.other.push({ ...ev, label: labelOf(ev) });
  }
  for (const ev of steps) {
    const hz = out.hazard.get(idOf(ev.hazard) || ev.id.split("#")[0]);
    if (!hz) continue;
    hz[ev.kind] = ev.start;
  }
  for (const hz of out.hazard.values()) {
    hz.deadline = hz.deadline || null;
    hz.closed = hz.closure || hz.verification || hz.rectification || hz.closed || null;
  }
  for (const lane of out.tenure.values()) lane.events.sort((a, b) => (a.start || "").localeCompare(b.start || ""));
  // Posts in the order of the layers, then by organisation.
  const order = ["enterprise", "regulatory", "territorial", "other"];
  out.tenure = [...out.tenure.values()].sort((a, b) => order.indexOf(a.layer) - order.indexOf(b.layer) || nameOf(a.org).localeCompare(nameOf(b.org)));
  out.hazard = [...out.hazard.values()];
  return out;
}

function range(timeline, trace, span) {
  const acc = ms(timeline.accident && timeline.accident.date) || ms(trace.accident.occurred_on);
  const at = ms(trace.accident.at) || acc;
  const end = Math.max(acc, at) + 45 * DAY;
  if (span === "all") {
    const starts = (timeline.events || []).map((e) => ms(e.start)).filter((x) => x !== null);
    return [Math.min(end - 365 * DAY, ...starts) - 30 * DAY, end];
  }
  return [end - (span === "3y" ? 3 * 365 : 365) * DAY - 45 * DAY, end];
}

function ticks(start, end) {
  const out = [];
  const years = (end - start) / (365 * DAY);
  const step = years > 6 ? 12 : years > 2.5 ? 6 : years > 1.2 ? 3 : 1;
  const d = new Date(start);
  d.setUTCDate(1);
  d.setUTCMonth(Math.ceil(d.getUTCMonth() / step) * step);
  while (d.getTime() <= end) {
    if (d.getTime() >= start) out.push(d.getTime());
    d.setUTCMonth(d.getUTCMonth() + step);
  }
  return out;
}

/** Draw the timeline of an accident into the container. */
export function drawTimeline(container, timeline, trace, span = "1y") {
  const data = lanes(timeline, trace);
  const [start, end] = range(timeline, trace, span);
  const large = document.body.classList.contains("large");
  const font = large ? 17 : 14;
  const laneH = large ? 40 : 32;
  const labelW = large ? 400 : 330;
  const width = Math.max(container.clientWidth || 1000, 800);
  const plotW = width - labelW - 20;
  const x = (m) => labelW + Math.max(0, Math.min(1, (m - start) / (end - start))) * plotW;
  const rows = [];
  const group = (title) => rows.push({ group: title });
  if (data.tenure.length) { group(t("tenures")); data.tenure.forEach((l) => rows.push({ tenure: l })); }
  if (data.hazard.length) { group(t("hazards")); data.hazard.forEach((e) => rows.push({ hazard: e })); }
  if (data.inspection.length) { group(t("inspections")); data.inspection.forEach((e) => rows.push({ inspection: e })); }
  if (data.other.length) { group(t("other")); data.other.forEach((e) => rows.push({ other: e })); }
  const top = 36;
  const rowH = (r) => (r.group ? laneH * 0.9 : r.hazard ? laneH * 1.6 : laneH);
  const height = top + rows.reduce((n, r) => n + rowH(r), 0) + 30;
  const label = (yy, text, cls = "lane-label") => s("text", { x: 6, y: yy, class: cls, "clip-path": "url(#label-column)" }, text);
  const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "font-size": font, class: "timeline-svg" });
  svg.append(s("title", {}, `${t("timeline")}: ${nameOf(trace.accident)}`));
  // Axis.
  for (const tk of ticks(start, end)) {
    svg.append(s("line", { x1: x(tk), x2: x(tk), y1: top - 6, y2: height - 20, class: "grid" }));
    svg.append(s("text", { x: x(tk) + 3, y: top - 12, class: "tick" }, iso(tk).slice(0, 7)));
  }
  let y = top;
  const clipEnd = (m) => (m === null ? end : m);
  for (const row of rows) {
    if (row.group) {
      svg.append(s("text", { x: 6, y: y + laneH * 0.65, class: "group" }, row.group));
      y += laneH * 0.9;
      continue;
    }
    const mid = y + laneH / 2;
    svg.append(s("line", { x1: labelW, x2: width - 20, y1: y + rowH(row), y2: y + rowH(row), class: "lane" }));
    if (row.tenure) {
      const lane = row.tenure;
      const colour = LEGEND.COLOURS[lane.layer] || "#444";
      svg.append(label(mid + font / 3, `${nameOf(lane.label)} · ${nameOf(lane.org)}`));
      lane.events.forEach((ev, i) => {
        const a = ms(ev.start) ?? start;
        const b = clipEnd(ms(ev.end));
        if (b < start || a > end) return;
        const g = s("g", { class: "tenure", "data-id": ev.id, "data-post": lane.id, "data-person": idOf(ev.person) || "" });
        g.append(s("rect", { x: x(a), y: y + 4, width: Math.max(2, x(b) - x(a)), height: laneH - 8, rx: 4, fill: colour, "fill-opacity": i % 2 ? 0.55 : 0.85 }));
        g.append(s("title", {}, `${nameOf(ev.person)} — ${nameOf(lane.label)}: ${ev.start || "…"} → ${ev.end || t("openEnded")}`));
        g.append(s("text", { x: Math.max(x(a), labelW) + 6, y: mid + font / 3, class: "bar-label" }, nameOf(ev.person) || nameOf(ev.label)));
        svg.append(g);
        if (i > 0 && ev.start && ms(ev.start) >= start) {
          svg.append(s("text", { x: x(a) - 4, y: y - 1, class: "handover", "text-anchor": "end" }, `${t("handover")} ${ev.start}`));
        }
      });
    } else if (row.hazard) {
      const ev = row.hazard;
      const found = ms(ev.found) ?? start;
      const closed = ms(ev.closed);
      const deadline = ms(ev.deadline);
      svg.append(label(mid + font / 3, nameOf(ev.label || ev.id)));
      const g = s("g", { class: "hazard", "data-id": ev.id });
      const stop = closed ?? end;
      const late = deadline !== null && (closed === null || closed > deadline) ? deadline : null;
      g.append(s("rect", { x: x(found), y: y + 6, width: Math.max(2, x(late ?? stop) - x(found)), height: laneH - 12, fill: "#e0b400" }));
      if (late !== null) g.append(s("rect", { x: x(late), y: y + 6, width: Math.max(2, x(stop) - x(late)), height: laneH - 12, fill: "url(#overdue)" }));
      g.append(s("circle", { cx: x(found), cy: mid, r: 6, fill: "#6b5600" }));
      if (deadline !== null) g.append(s("line", { x1: x(deadline), x2: x(deadline), y1: y + 2, y2: y + laneH - 2, class: "deadline" }));
      if (closed !== null) g.append(s("circle", { cx: x(closed), cy: mid, r: 6, fill: "#1a7f37" }));
      const state = closed === null ? (late !== null ? `${t("stillOpen")}, ${t("overdue")}` : t("stillOpen")) : `${t("closed")} ${ev.closed}`;
      g.append(s("title", {}, `${nameOf(ev.label || ev.id)}: ${t("found")} ${ev.found || "?"}; ${t("deadline")} ${ev.deadline || "—"}; ${state}`));
      const right = x(found) > labelW + plotW / 2;
      g.append(s("text", { x: right ? x(stop) : x(found), y: y + laneH + font * 0.45, "text-anchor": right ? "end" : "start", class: `lane-label small${closed === null ? " open" : ""}` },
        `${t("found")} ${ev.found || "?"}${ev.deadline ? ` · ${t("deadline")} ${ev.deadline}` : ""} · ${state}`));
      svg.append(g);
    } else {
      const ev = row.inspection || row.other;
      svg.append(label(mid + font / 3, nameOf(ev.label || ev.id)));
      const a = ms(ev.start);
      if (a !== null) {
        const g = s("g", { class: row.inspection ? "inspection" : "event", "data-id": ev.id });
        const cx = x(a);
        g.append(s("path", { d: `M${cx} ${y + 4} L${cx + 9} ${mid} L${cx} ${y + laneH - 4} L${cx - 9} ${mid} Z`, fill: "#333" }));
        if (ev.end) g.append(s("rect", { x: cx, y: mid - 3, width: Math.max(0, x(ms(ev.end)) - cx), height: 6, fill: "#333" }));
        g.append(s("text", { x: cx + 14, y: mid + font / 3, class: "bar-label dark" }, ev.start));
        g.append(s("title", {}, `${nameOf(ev.label || ev.id)}: ${ev.start}`));
        svg.append(g);
      }
    }
    y += rowH(row);
  }
  // Overdue hatch.
  svg.prepend(s("defs", {}, s("clipPath", { id: "label-column" }, s("rect", { x: 0, y: 0, width: labelW - 10, height })), s("pattern", { id: "overdue", width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    s("rect", { width: 8, height: 8, fill: "#c62828" }), s("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: "#fff", "stroke-width": 3 }))));
  // The accident date and the "as of" date.
  const accDay = (timeline.accident && timeline.accident.date) || trace.accident.occurred_on;
  const mark = (day, cls, text) => {
    svg.append(s("line", { x1: x(ms(day)), x2: x(ms(day)), y1: top - 4, y2: height - 18, class: cls }));
    svg.append(s("text", { x: x(ms(day)) + 4, y: height - 4, class: `${cls}-label` }, `${text} ${day}`));
  };
  if (trace.accident.at && trace.accident.at !== accDay) mark(trace.accident.at, "asof", t("asOf"));
  mark(accDay, "accident-day", t("accidentDay"));
  // A click on a tenure, a hazard or an inspection shows its facts and sources.
  svg.addEventListener("click", (ev) => {
    const g = ev.target.closest("g[data-id]");
    if (g) showFact(g.dataset.id);
  });
  clear(container, rows.length ? svg : h("p", {}, t("noEvents")));
  return data;
}
