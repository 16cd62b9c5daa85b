// The REST API as the pages use it: the bearer token (kept in this browser's localStorage, never in a URL except the
// event stream's, which EventSource cannot give a header), JSON in and out, problem details turned into errors.
const tokenKey = 'spatialme.token';

export function token() { return localStorage.getItem(tokenKey) || ''; }

export function setToken(value) {
  if (value) localStorage.setItem(tokenKey, value); else localStorage.removeItem(tokenKey);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra) {
  const h = Object.assign({ 'Accept': 'application/json' }, extra || {});
  const t = token();
  if (t) h['Authorization'] = `Bearer ${t}`;
  return h;
}

async function check(response) {
  if (response.ok) return response;
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  throw new ApiError(response.status, problem);
}

export async function get(path) {
  const response = await check(await fetch(path, { headers: headers() }));
  return response.json();
}

export async function send(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await check(await fetch(path, init));
  return response.status === 204 ? null : response.json();
}

/** A binary resource (a preview JPEG) as an object URL; the caller revokes it. */
export async function blobUrl(path) {
  const response = await check(await fetch(path, { headers: headers({ 'Accept': 'image/jpeg' }) }));
  return URL.createObjectURL(await response.blob());
}

export const jobPath = id => `/api/v1/jobs/${encodeURIComponent(id)}`;
