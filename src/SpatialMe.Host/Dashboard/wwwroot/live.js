// Live updates: one EventSource on /api/v1/events for the whole page. The browser reconnects by itself and sends
// Last-Event-ID, so the server resumes where the stream broke; a "reset" event (the gap was too long) makes every
// page reload its state over REST. Pages subscribe to event types and get the parsed JSON payloads.
import { token } from './api.js';

const handlers = new Map();
let source = null;

export function on(type, handler) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(handler);
  if (source) source.addEventListener(type, dispatch);
  return () => handlers.get(type).delete(handler);
}

function dispatch(event) {
  let data = null;
  try { data = event.data ? JSON.parse(event.data) : null; } catch { return; }
  for (const handler of handlers.get(event.type) || []) handler(data, event);
}

/** (Re)opens the stream, with the token as the one query parameter the API accepts for it. */
export function connect() {
  if (source) source.close();
  const t = token();
  source = new EventSource('/api/v1/events' + (t ? `?access_token=${encodeURIComponent(t)}` : ''));
  const status = document.getElementById('live');
  source.addEventListener('open', () => { status.textContent = 'live'; status.classList.add('on'); });
  source.addEventListener('error', () => { status.textContent = 'reconnecting…'; status.classList.remove('on'); });
  for (const type of handlers.keys()) source.addEventListener(type, dispatch);
}

/** Drops every page handler (the router calls it when the page changes). */
export function clearHandlers() {
  for (const type of handlers.keys()) {
    if (source) source.removeEventListener(type, dispatch);
  }
  handlers.clear();
}
