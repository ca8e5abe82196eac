// Names of the entities seen so far (from traces, facts and neighbourhoods), by id.

import { pick } from "./i18n.js";

const known = new Map();

/** Remember an entity's name (and type) from any JSON that has {id, name}. */
export function remember(entity) {
  if (entity && entity.id && (entity.name || entity.title)) {
    known.set(entity.id, { name: entity.name || entity.title, type: entity.type || (known.get(entity.id) || {}).type });
  }
}

/** Remember every {id, name} object of a trace. */
export function rememberTrace(trace) {
  const a = trace.accident;
  remember({ ...a, type: "Accident" });
  (a.sites || []).forEach(remember);
  (a.areas || []).forEach((x) => remember({ ...x, type: "AdministrativeArea" }));
  if (a.taken_over_by) remember(a.taken_over_by);
  for (const f of trace.findings) [f.organization, f.post, f.person].forEach(remember);
  (trace.hazards || []).forEach(remember);
  for (const g of trace.gaps || []) [g.organization, g.post].forEach(remember);
}

/** A display name for an id, or an object with a name, or a {en, zh} text; the id if unknown. */
export function nameOf(x) {
  if (x == null) return "";
  if (typeof x === "string") return known.has(x) ? pick(known.get(x).name) : x;
  if (x.name || x.title) return pick(x.name || x.title);
  if (x.id) return nameOf(x.id);
  return pick(x);
}

export function typeOf(id) { return (known.get(id) || {}).type; }

/** Look up the names of ids not seen yet (e.g. a predecessor in a post). */
export async function resolveNames(ids, fetchFact) {
  const missing = [...new Set(ids.filter((id) => typeof id === "string" && id && !known.has(id)))];
  await Promise.all(missing.map((id) => fetchFact(id).then(remember, () => null)));
}
