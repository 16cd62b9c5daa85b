// The jobs page: submit a conversion, and every job with its state, progress bar, rate, ETA and actions. Rows change
// in place as job events arrive; nothing polls.
import * as api from '../api.js';
import * as live from '../live.js';
import { el, duration, fps, fileName, stateBadge, progressBar, percent } from '../format.js';

const formats = ['full-sbs', 'half-sbs', 'full-tb', 'half-tb', 'cross-eyed', 'anaglyph', 'anaglyph-half-colour', 'anaglyph-grey', 'right', 'disparity'];
const states = ['', 'queued', 'running', 'done', 'failed', 'cancelled'];

export async function render(main, notify) {
  let filter = '';
  let page = 1;
  const pageSize = 50;
  const rows = new Map();
  const tbody = el('tbody');
  const pager = el('div', { class: 'pager' });

  const form = el('form', { class: 'inline', 'aria-label': 'Submit a job' },
    el('label', {}, 'Input', el('input', { name: 'input', class: 'wide', required: true, placeholder: '/srv/films/title.mp4' })),
    el('label', {}, 'Output', el('input', { name: 'output', class: 'wide', required: true, placeholder: '/srv/films/title.sbs.mp4' })),
    el('label', {}, 'Format', el('select', { name: 'format' }, formats.map(f => el('option', { value: f }, f)))),
    el('label', {}, 'Priority', el('input', { name: 'priority', type: 'number', value: '0', step: '1', style: null, size: '4' })),
    el('button', { type: 'submit', class: 'primary' }, 'Submit'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      const job = await api.send('POST', '/api/v1/jobs', {
        input: data.get('input'), output: data.get('output'), format: data.get('format'), priority: Number(data.get('priority') || 0),
      });
      notify(null);
      upsert(job, true);
    } catch (err) {
      notify(`Submit refused: ${err.message}`);
    }
  });

  const stateSelect = el('select', { id: 'state-filter' }, states.map(s => el('option', { value: s }, s || 'all')));
  stateSelect.addEventListener('change', () => { filter = stateSelect.value; page = 1; load(); });

  main.replaceChildren(
    el('h2', {}, 'Jobs'),
    el('section', { class: 'card' }, el('h3', {}, 'Submit a conversion'), form),
    el('section', { class: 'card' },
      el('div', { class: 'inline' }, el('label', { for: 'state-filter' }, 'Show '), stateSelect),
      el('table', { id: 'jobs', 'aria-label': 'Jobs' },
        el('thead', {}, el('tr', {},
          el('th', {}, 'Title'), el('th', {}, 'State'), el('th', {}, 'Progress'), el('th', { class: 'num' }, 'Frames'),
          el('th', { class: 'num' }, 'fps'), el('th', { class: 'num' }, 'ETA'), el('th', { class: 'num' }, 'Priority'), el('th', {}, 'Actions'))),
        tbody),
      pager));

  function row(job) {
    const title = el('a', { href: `#/jobs/${encodeURIComponent(job.id)}`, title: job.input }, fileName(job.input));
    const actions = el('td', {});
    if (job.state === 'queued' || job.state === 'running') {
      actions.append(el('button', { class: 'danger', 'aria-label': `Cancel ${fileName(job.input)}`, onclick: () => act('cancel', job) }, 'Cancel'));
    }
    if (job.state === 'failed') {
      actions.append(el('button', { 'aria-label': `Retry ${fileName(job.input)}`, onclick: () => act('retry', job) }, 'Retry'));
    }
    return el('tr', { 'data-job': job.id, 'data-state': job.state },
      el('td', { class: 'path' }, title, job.error ? el('div', { class: 'error' }, job.error) : null),
      el('td', {}, stateBadge(job.state), job.state === 'running' ? el('span', { class: 'muted' }, ` ${job.stage}`) : null),
      el('td', {}, progressBar(job.progress, `Progress of ${fileName(job.input)}`), ' ', el('span', { class: 'pct' }, percent(job.progress))),
      el('td', { class: 'num' }, `${job.framesDone} / ${job.framesTotal}`),
      el('td', { class: 'num' }, fps(job.fps)),
      el('td', { class: 'num' }, job.state === 'running' ? duration(job.eta) : '–'),
      el('td', { class: 'num' }, String(job.priority)),
      actions);
  }

  /** Shows a job (a whole view, or an event's changed fields merged into the row's view) in its row. */
  function upsert(change, prepend) {
    const old = rows.get(change.id);
    const job = Object.assign({}, old?.job || {}, change);
    if (filter && job.state !== filter) {
      old?.remove();
      rows.delete(job.id);
      return;
    }
    const next = row(job);
    next.job = job;
    if (old) old.replaceWith(next);
    else if (prepend) tbody.prepend(next);
    else tbody.append(next);
    rows.set(job.id, next);
  }

  async function act(action, job) {
    try {
      const updated = await api.send('POST', `${api.jobPath(job.id)}/${action}`);
      notify(null);
      if (updated) upsert(updated);
    } catch (err) {
      notify(`${action === 'cancel' ? 'Cancel' : 'Retry'} refused: ${err.message}`);
    }
  }

  async function load() {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (filter) query.set('state', filter);
    try {
      const result = await api.get(`/api/v1/jobs?${query}`);
      tbody.replaceChildren();
      rows.clear();
      for (const job of result.items) upsert(job);
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
      pager.replaceChildren(
        el('button', { disabled: page <= 1, onclick: () => { page--; load(); } }, 'Previous'),
        el('span', {}, `Page ${result.page} of ${pages} (${result.total} jobs)`),
        el('button', { disabled: page >= pages, onclick: () => { page++; load(); } }, 'Next'));
      notify(null);
    } catch (err) {
      notify(`Could not load jobs: ${err.message}`);
    }
  }

  // A job this page has not shown yet (submitted elsewhere) brings the list up to date once.
  let reloading = null;
  live.on('job', job => {
    if (!job || !job.id) return;
    if (rows.has(job.id)) upsert(job);
    else if (page === 1 && (!filter || job.state === filter) && !reloading) reloading = setTimeout(() => { reloading = null; load(); }, 300);
  });
  live.on('reset', load);
  await load();
}
