// Live updates: one EventSource on /api/v1/events for the whole page (docs/api.md, "Live events"). EventSource cannot
// send a header, so with a token the page first asks POST /api/v1/events/session for the stream's cookie (HttpOnly;
// the token itself never goes into a URL). The browser reconnects by itself and sends Last-Event-ID, so the server
// resumes where the stream broke; a "reset" event (the gap was too long) makes every page reload its state over REST.
//
// Pages subscribe to these kinds, with the stream's events translated once here:
//   job     {id, state, stage, progress, framesDone, framesTotal, fps, eta, error}   from job.progress and job.state
//   segment {jobId, segment, shot, stage, silo, attempt, reason, failed}             from segment.stage and segment.failed
//   silo    {silo, joined, role, gpuSlots, version, reason}                           from silo.joined and silo.left
//   qc      {jobId, state, reason}                                                    from job.qc (the QC report is made or failed)
//   cluster {at, silos, gpuSilos, gpuSlots, busySlots, framesPerSecond, depthFramesPerSecond}
//                                                                                     from cluster.sample (as GET /api/v1/cluster/history)
//   reset   {}
import { token } from './api.js';

const handlers = new Map();
let source = null;

const translate = {
  'job.progress': e => ['job', Object.assign(job(e), { eta: e.eta ?? null })],
  'job.state': e => ['job', job(e)],
  'segment.stage': e => ['segment', segment(e, false)],
  'segment.failed': e => ['segment', segment(e, true)],
  'silo.joined': e => ['silo', silo(e, true)],
  'silo.left': e => ['silo', silo(e, false)],
  'job.qc': e => ['qc', { jobId: e.job, state: e.state, reason: e.reason }],
  'cluster.sample': e => ['cluster', {
    at: e.time, silos: e.silos, gpuSilos: e.gpuSilos, gpuSlots: e.gpuSlots, busySlots: e.busySlots,
    framesPerSecond: e.fps, depthFramesPerSecond: e.depthFps,
  }],
  'reset': () => ['reset', {}],
};

function job(e) {
  const view = { id: e.job };
  for (const key of ['state', 'stage', 'progress', 'framesDone', 'framesTotal', 'fps', 'eta']) if (e[key] !== undefined && e[key] !== null) view[key] = e[key];
  if (e.reason) view.error = e.reason;
  return view;
}

const segment = (e, failed) => ({ jobId: e.job, segment: e.segment, shot: e.shot, stage: e.stage, silo: e.silo, attempt: e.attempt, reason: e.reason, failed });
const silo = (e, joined) => ({ silo: e.silo, joined, role: e.role, gpuSlots: e.gpuSlots, version: e.version, reason: e.reason });

export function on(kind, handler) {
  if (!handlers.has(kind)) handlers.set(kind, new Set());
  handlers.get(kind).add(handler);
  return () => handlers.get(kind).delete(handler);
}

function dispatch(event) {
  let data = {};
  try { data = event.data ? JSON.parse(event.data) : {}; } catch { return; }
  const [kind, payload] = translate[event.type](data);
  for (const handler of handlers.get(kind) || []) handler(payload, event);
}

/** (Re)opens the stream: the cookie first where there is a token, then the EventSource. */
export async function connect() {
  if (source) source.close();
  source = null;
  const status = document.getElementById('live');
  const t = token();
  if (t) {
    const response = await fetch('/api/v1/events/session', { method: 'POST', headers: { 'Authorization': `Bearer ${t}` } });
    if (!response.ok) {
      status.textContent = response.status === 403 ? 'token refused' : 'offline';
      status.classList.remove('on');
      return;
    }
  }
  source = new EventSource('/api/v1/events');
  source.addEventListener('open', () => { status.textContent = 'live'; status.classList.add('on'); });
  source.addEventListener('error', () => { status.textContent = 'reconnecting…'; status.classList.remove('on'); });
  for (const type of Object.keys(translate)) source.addEventListener(type, dispatch);
}

/** Drops every page handler (the router calls it when the page changes). */
export function clearHandlers() {
  handlers.clear();
}
