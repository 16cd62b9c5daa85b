// Small formatting helpers shared by the pages. Everything user-visible goes through text nodes, never innerHTML
// with data, so a title's name cannot inject markup.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '–';
  seconds = Math.max(0, Math.round(seconds));
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}

export const percent = p => `${Math.round((p || 0) * 1000) / 10}%`;
export const fps = f => (f ? f.toFixed(1) : '–');
export const when = t => (t ? new Date(t).toLocaleString() : '–');
export const fileName = p => (p || '').split(/[\\/]/).filter(Boolean).pop() || p;

export function stateBadge(state) {
  return el('span', { class: `state ${state}` }, state);
}

export function progressBar(progress, label) {
  const value = Math.round((progress || 0) * 1000) / 10;
  return el('progress', { max: '100', value: String(value), 'aria-label': label }, `${value}%`);
}

/** Stage and state colours, the same in every chart. */
export const colours = {
  pending: '#8c959f', depth: '#8250df', 'depth-done': '#bf8700', render: '#1f6feb', done: '#1a7f37', failed: '#cf222e',
  queued: '#8c959f', running: '#1f6feb', cancelled: '#9a6700',
  succeeded: '#1a7f37', lost: '#9a6700', unplaceable: '#cf222e', stopped: '#8c959f',
};
