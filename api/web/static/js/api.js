// The /v1 API, called with the key the investigator typed in (kept for this browser tab only).

const KEY = "safetykg.key";

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function getKey() { return sessionStorage.getItem(KEY); }
export function setKey(key) { sessionStorage.setItem(KEY, key); }
export function clearKey() { sessionStorage.removeItem(KEY); }

/** Path segments of an id that contains "/" (acc/songtai-2024-0918) are kept as they are. */
export function idPath(id) { return id.split("/").map(encodeURIComponent).join("/"); }

/** GET a /v1 resource as JSON; a non-2xx answer raises ApiError with its problem details. */
export async function get(path, params = {}, key = getKey()) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") query.set(k, v);
  const url = `/v1/${path}${query.toString() ? `?${query}` : ""}`;
  const headers = { Accept: "application/json" };
  if (key) headers["X-API-Key"] = key;
  const response = await fetch(url, { headers });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { detail: text }; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export const api = {
  accidents: (params) => get("accidents", params),
  entities: (params) => get("entities", params),
  fact: (id) => get(`facts/${idPath(id)}`),
  trace: (id, at) => get(`accidents/${idPath(id)}/trace`, { at }),
  timeline: (id, at) => get(`accidents/${idPath(id)}/timeline`, { at }),
  neighbourhood: (id, at) => get(`entities/${idPath(id)}/neighbourhood`, { depth: 1, at }),
};
