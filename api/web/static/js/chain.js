// The accountability chain as an interactive graph (Cytoscape.js with the dagre layout).
//
// One column per layer (enterprise, regulatory, territorial), each a left-to-right tree:
// layer → organisation → post → person (or "vacant"), and posts → hidden hazards they left open.
// Edges carry the rule that put the post in the chain; a click shows facts, validity and sources.

import cytoscape from "../vendor/cytoscape.esm.min.mjs";
import dagre from "../vendor/cytoscape-dagre.min.mjs";
import { api } from "./api.js";
import { showAccident, showFact, showFindings, showError, validity } from "./details.js";
import { t, pick, concept, relationLabel, typeLabel } from "./i18n.js";
import { nameOf, remember, typeOf } from "./names.js";

cytoscape.use(dagre);

export const LAYERS = ["enterprise", "regulatory", "territorial"];
const COLOURS = { enterprise: "#b35900", regulatory: "#1f5fbf", territorial: "#b0103a", other: "#4d4d4d" };
const TINTS = { enterprise: "#fff1e3", regulatory: "#e6efff", territorial: "#ffe8ee", other: "#f2f2f2" };
const BORDERS = { enterprise: "solid", regulatory: "double", territorial: "dashed", other: "dotted" };
const FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

let cy = null;
let current = null; // {trace, at, findingsById}

function scale() { return document.body.classList.contains("large") ? 1.3 : 1; }

function style() {
  const s = scale();
  const rules = [
    { selector: "node", style: {
      label: "data(label)", "font-family": FONT, "font-size": 15 * s, color: "#111", "text-wrap": "wrap",
      "text-max-width": 165 * s, "text-valign": "center", "text-halign": "center",
      width: 180 * s, height: 44 * s, "background-color": "#fff", "border-width": 3, "border-color": "#555" } },
    { selector: "node.accident", style: { shape: "star", width: 90 * s, height: 90 * s, "background-color": "#d40000", "border-color": "#600",
      "text-valign": "bottom", "text-margin-y": 6, "font-weight": "bold", "font-size": 17 * s, "text-max-width": 260 * s } },
    { selector: "node.hub", style: { shape: "round-rectangle", "font-size": 18 * s, "font-weight": "bold", color: "#fff", width: 210 * s, height: 70 * s } },
    { selector: "node.org", style: { shape: "round-rectangle" } },
    { selector: "node.post", style: { shape: "cut-rectangle", "font-size": 14 * s } },
    { selector: "node.person", style: { shape: "ellipse", width: 150 * s, "font-weight": "bold" } },
    { selector: "node.vacant", style: { "border-style": "dotted", "border-color": "#777", color: "#555", "font-style": "italic" } },
    { selector: "node.hazard", style: { shape: "tag", width: 200 * s, height: 56 * s, "background-color": "#ffd400",
      "border-color": "#6b5600", "border-style": "solid", "font-size": 13 * s, "text-max-width": 175 * s } },
    { selector: "node.extra", style: { shape: "round-rectangle", "border-style": "dotted", "font-size": 13 * s } },
    { selector: "edge", style: {
      width: 2.5, "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#888", "target-arrow-color": "#888",
      label: "data(label)", "font-family": FONT, "font-size": 12 * s, "text-wrap": "wrap", "text-max-width": 150 * s,
      "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 2, color: "#222" } },
    { selector: "edge.fact", style: { "line-style": "dashed", "line-color": "#999", color: "#444" } },
    { selector: "edge.hazardlink", style: { "line-color": "#a68400", "target-arrow-color": "#a68400" } },
    { selector: ":selected", style: { "overlay-color": "#000", "overlay-opacity": 0.18, "overlay-padding": 6 } },
  ];
  for (const layer of [...LAYERS, "other"]) {
    rules.push({ selector: `node.${layer}`, style: { "border-color": COLOURS[layer], "border-style": BORDERS[layer], "background-color": TINTS[layer] } });
    rules.push({ selector: `node.hub.${layer}`, style: { "background-color": COLOURS[layer] } });
    rules.push({ selector: `edge.${layer}`, style: { "line-color": COLOURS[layer], "target-arrow-color": COLOURS[layer] } });
  }
  // Kind styles win over layer tints for these.
  rules.push({ selector: "node.hazard", style: { "background-color": "#ffd400", "border-color": "#6b5600", "border-style": "solid" } });
  rules.push({ selector: "node.vacant", style: { "background-color": "#fff", "border-color": "#777" } });
  return rules;
}

/** Nodes and edges of a trace: accident, layer hubs, organisations, posts, persons, hazards. */
export function elements(trace) {
  const nodes = new Map();
  const edges = new Map();
  const node = (id, label, classes, layer, extra = {}) => {
    if (!nodes.has(id)) nodes.set(id, { data: { id, label, layer, kind: classes.split(" ")[0], findings: [], ...extra }, classes: `${classes} ${layer}` });
    return nodes.get(id);
  };
  const edge = (from, to, layer, classes = "") => {
    const id = `chain:${from}>${to}`;
    if (!edges.has(id)) edges.set(id, { data: { id, source: from, target: to, layer, findings: [], labels: [] }, classes: `${layer} ${classes}` });
    return edges.get(id);
  };
  const acc = trace.accident;
  node(acc.id, nameOf(acc), "accident", "other");
  for (const layer of LAYERS) {
    const count = trace.findings.filter((f) => f.layer === layer).length;
    if (!count) continue;
    node(`layer:${layer}`, `${concept("layer", layer)}\n(${count})`, "hub", layer, { layerCode: layer });
    edge(acc.id, `layer:${layer}`, layer).data.labels.push("");
  }
  for (const f of trace.findings) {
    const layer = f.layer;
    const hub = `layer:${layer}`;
    const org = f.organization;
    const post = f.post;
    if (org) {
      node(org.id, nameOf(org), "org", layer).data.findings.push(f.id);
      const e = edge(hub, org.id, layer);
      e.data.findings.push(f.id);
      if (f.level) e.data.labels.push(concept("adminLevel", f.level));
    }
    if (post) {
      node(post.id, nameOf(post), "post", layer).data.findings.push(f.id);
      const e = org ? edge(org.id, post.id, layer) : edge(hub, post.id, layer);
      e.data.findings.push(f.id);
      if (!f.hazard) e.data.labels.push(pick(f.rule.label));
      const personId = f.person ? f.person.id : `vacant:${post.id}`;
      node(personId, f.person ? nameOf(f.person) : `(${t("vacant")})`, f.person ? "person" : "vacant", layer, { post: post.id }).data.findings.push(f.id);
      const tenure = edge(post.id, personId, layer);
      tenure.data.findings.push(f.id);
      tenure.data.tenure = (f.path || []).find((p) => p.type === "holds" && p.to === post.id && (!f.person || p.from === f.person.id)) || null;
      const since = f.valid_during && validity(f.valid_during.from, f.valid_during.to);
      tenure.data.labels.push(f.person ? since : t("vacant"));
      if (f.hazard) {
        const hz = typeof f.hazard === "string" ? { id: f.hazard } : f.hazard;
        node(hz.id, nameOf(hz), "hazard", layer).data.findings.push(f.id);
        const he = edge(post.id, hz.id, layer, "hazardlink");
        he.data.findings.push(f.id);
        he.data.labels.push(pick(f.rule.label));
      }
    }
  }
  for (const e of edges.values()) {
    const labels = [...new Set(e.data.labels.filter(Boolean))];
    // A post that is in the chain only through hazards still shows its rule on the way in.
    if (!labels.length && e.data.findings.length && !e.data.source.startsWith("acc")) {
      const f = trace.findings.find((x) => x.id === e.data.findings[0]);
      if (f && !e.data.source.startsWith("layer:") && f.post && e.data.target === f.post.id) labels.push(pick(f.rule.label));
    }
    e.data.label = labels.join("\n");
  }
  return [...nodes.values(), ...edges.values()];
}

/** Lay the graph out: one left-to-right dagre tree per layer column, the accident above them. */
function arrange() {
  const s = scale();
  const gap = 120 * s;
  let x = 0;
  const columns = [...LAYERS, "other"];
  const acc = cy.nodes(".accident");
  for (const layer of columns) {
    const nodes = cy.nodes(`[layer = "${layer}"]`).not(acc);
    if (!nodes.length) continue;
    nodes.union(nodes.edgesWith(nodes)).layout({ name: "dagre", rankDir: "LR", nodeSep: 12 * s, rankSep: 150 * s, edgeSep: 8, fit: false, animate: false }).run();
    // The layer's hub stays left of its organisations but moves up to the top of the column,
    // under the accident, so that no edge crosses another column or runs through a node.
    const hub = nodes.filter(".hub");
    const rest = nodes.not(hub);
    const all = nodes.boundingBox({ includeLabels: true });
    const top = (rest.nonempty() ? rest : nodes).boundingBox({ includeLabels: true }).y1;
    nodes.shift({ x: x - all.x1, y: -top });
    hub.forEach((n) => { n.position({ x: n.position("x"), y: -n.outerHeight() }); });
    x += all.w + gap;
  }
  acc.position({ x: (x - gap) / 2, y: -190 * s });
  cy.fit(undefined, 30);
}

function findingsOf(ids) { return ids.map((id) => current.findingsById.get(id)).filter(Boolean); }

function onTapNode(n) {
  const d = n.data();
  const trace = current.trace;
  if (d.kind === "accident") return showAccident(trace);
  if (d.kind === "hub") return showFindings(concept("layer", d.layerCode), trace.findings.filter((f) => f.layer === d.layerCode));
  if (d.kind === "vacant") return showFindings(`${nameOf(d.post)} (${t("vacant")})`, findingsOf(d.findings));
  return showFact(d.id, { findings: findingsOf(d.findings), onExpand: expand });
}

function onTapEdge(e) {
  const d = e.data();
  if (d.fact) return showFact(d.id, {});
  if (d.tenure) return showFact(d.tenure.id, { findings: findingsOf(d.findings) });
  const title = d.label || `${nameOf(d.source)} → ${nameOf(d.target)}`;
  return showFindings(title, findingsOf(d.findings));
}

/** Add an entity's neighbourhood (its relations on the trace date) to the graph. */
export async function expand(id) {
  try {
    const hood = await api.neighbourhood(id, current.at);
    const layer = cy.getElementById(id).data("layer") || "other";
    cy.batch(() => {
      for (const e of hood.entities || []) {
        remember(e);
        if (cy.getElementById(e.id).nonempty()) continue;
        cy.add({ data: { id: e.id, label: `${nameOf(e)}\n[${typeLabel(e.type)}]`, layer, kind: "extra", findings: [] }, classes: `extra ${layer}` });
      }
      for (const r of hood.relations || []) {
        const a = cy.getElementById(r.from);
        const b = cy.getElementById(r.to);
        if (a.empty() || b.empty() || cy.getElementById(r.id).nonempty()) continue;
        if (a.edgesWith(b).nonempty()) continue; // the chain already links them
        const label = relationLabel(r.type) + (r.valid_from || r.valid_to ? `\n${validity(r.valid_from, r.valid_to)}` : "");
        cy.add({ data: { id: r.id, source: r.from, target: r.to, label, fact: true, rtype: r.type, valid: validity(r.valid_from, r.valid_to), layer }, classes: "fact" });
      }
    });
    arrange();
    const status = document.getElementById("chain-status");
    if (status) status.textContent = `${nameOf(id)}: +${(hood.entities || []).length} ${t("expanded")}`;
  } catch (err) {
    showError(err);
  }
}

/** Draw a trace into the container; returns the Cytoscape instance. */
export function draw(container, trace, at) {
  current = { trace, at, findingsById: new Map(trace.findings.map((f) => [f.id, f])) };
  if (cy) cy.destroy();
  cy = cytoscape({ container, elements: elements(trace), style: style(), minZoom: 0.05, maxZoom: 3,
    boxSelectionEnabled: false, autoungrabify: false });
  cy.on("tap", "node", (ev) => onTapNode(ev.target));
  cy.on("tap", "edge", (ev) => onTapEdge(ev.target));
  arrange();
  window.skg = Object.assign(window.skg || {}, { cy });
  return cy;
}

/** Zoom to one layer's column (or everything). */
export function focus(layer) {
  if (!cy) return;
  const eles = layer ? cy.nodes(`[layer = "${layer}"]`) : cy.elements();
  cy.animate({ fit: { eles, padding: 30 }, duration: 250 });
}

export function relayout() { if (cy) { cy.style(style()); arrange(); } }
export function fit() { if (cy) cy.fit(undefined, 30); }
export function resize() { if (cy) cy.resize(); }

/** Re-label after a language change (keeps the graph and its expansions). */
export function relabel(trace) {
  if (!cy || !current) return;
  const fresh = new Map(elements(trace).map((e) => [e.data.id, e.data.label]));
  cy.batch(() => cy.elements().forEach((el) => {
    if (fresh.has(el.id())) el.data("label", fresh.get(el.id()));
    else if (el.isEdge() && el.data("fact")) el.data("label", [relationLabel(el.data("rtype")), el.data("valid")].filter(Boolean).join("\n"));
    else if (el.isNode()) el.data("label", `${nameOf(el.id())}\n[${typeLabel(typeOf(el.id()))}]`);
  }));
}

export const LEGEND = { COLOURS, TINTS, BORDERS };
