// Catalogs: submit a manifest (the same CSV or JSON as `spatialme catalog submit`), every catalog with its progress
// and counts, and one catalog's titles. Job events of a catalog's titles reload it; nothing polls.
import * as api from '../api.js';
import * as live from '../live.js';
import { el, fileName, stateBadge, progressBar, percent, when } from '../format.js';

const catalogPath = id => `/api/v1/catalogs/${encodeURIComponent(id)}`;

export async function render(main, notify) {
  const tbody = el('tbody');
  const form = el('form', { class: 'inline', 'aria-label': 'Submit a catalog' },
    el('label', {}, 'Catalog id', el('input', { name: 'id', required: true, placeholder: 'spring-2027' })),
    el('label', {}, 'Manifest (CSV with a header row, or a JSON array)',
      el('textarea', { name: 'manifest', required: true, rows: '4', cols: '80', spellcheck: 'false', placeholder: 'id,input,output,format\nfilm-1,/srv/films/a.mp4,/srv/films/a.sbs.mp4,full-sbs' })),
    el('label', {}, el('span', {}, 'Strict'), el('input', { type: 'checkbox', name: 'strict' })),
    el('button', { type: 'submit', class: 'primary' }, 'Submit catalog'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await api.send('POST', '/api/v1/catalogs', { id: data.get('id'), manifest: data.get('manifest'), strict: data.get('strict') === 'on' });
      notify(null);
      await load();
    } catch (err) {
      const rows = err.problem && err.problem.errors ? ' ' + err.problem.errors.map(r => `line ${r.line}: ${r.reason}`).join('; ') : '';
      notify(`Catalog refused: ${err.message}${rows}`);
    }
  });

  main.replaceChildren(
    el('h2', {}, 'Catalogs'),
    el('section', { class: 'card' }, el('h3', {}, 'Submit a catalog'), form),
    el('section', { class: 'card' }, el('table', { id: 'catalogs', 'aria-label': 'Catalogs' },
      el('thead', {}, el('tr', {}, ['Catalog', 'State', 'Progress', 'Titles', 'Done', 'Running', 'Queued', 'Failed', 'Submitted'].map(h => el('th', {}, h)))),
      tbody)));

  let jobIds = new Set();
  async function load() {
    try {
      const catalogs = await api.get('/api/v1/catalogs');
      jobIds = new Set(catalogs.flatMap(c => c.titles.map(t => t.jobId).filter(Boolean)));
      tbody.replaceChildren(...catalogs.map(c => el('tr', {},
        el('td', {}, el('a', { href: `#/catalogs/${encodeURIComponent(c.id)}` }, c.id)),
        el('td', {}, stateBadge(c.state)),
        el('td', {}, progressBar(c.progress, `Progress of catalog ${c.id}`), ' ', percent(c.progress)),
        ...[c.total, c.done, c.running, c.queued, c.failed].map(n => el('td', { class: 'num' }, String(n))),
        el('td', {}, when(c.submittedAt)))));
      notify(null);
    } catch (err) {
      notify(`Could not load catalogs: ${err.message}`);
    }
  }

  live.on('job', job => { if (job && jobIds.has(job.id) && job.state !== 'running') load(); });
  live.on('reset', load);
  await load();
}

export async function renderOne(main, notify, id) {
  const head = el('div');
  const tbody = el('tbody');
  main.replaceChildren(
    el('p', {}, el('a', { href: '#/catalogs' }, '← All catalogs')),
    head,
    el('section', { class: 'card' }, el('table', { id: 'titles', 'aria-label': 'Titles' },
      el('thead', {}, el('tr', {}, ['Title', 'Line', 'State', 'Progress', 'Frames', 'Output', 'Error'].map(h => el('th', {}, h)))),
      tbody)));

  const rows = new Map();
  let catalog = null;
  function draw() {
    head.replaceChildren(el('h2', {}, `Catalog ${catalog.id} `, stateBadge(catalog.state)),
      el('p', {}, progressBar(catalog.progress, 'Catalog progress'), ' ', percent(catalog.progress),
        el('span', { class: 'muted' }, `  ${catalog.done} of ${catalog.total} done, ${catalog.failed} failed`)));
    rows.clear();
    tbody.replaceChildren(...catalog.titles.map(t => {
      const row = el('tr', {},
        el('td', {}, t.jobId ? el('a', { href: `#/jobs/${encodeURIComponent(t.jobId)}` }, t.id) : t.id),
        el('td', { class: 'num' }, String(t.line)), el('td', {}, stateBadge(t.state)),
        el('td', {}, progressBar(t.progress, `Progress of ${t.id}`), ' ', percent(t.progress)),
        el('td', { class: 'num' }, `${t.framesDone} / ${t.framesTotal}`),
        el('td', { class: 'path' }, fileName(t.output || '')), el('td', { class: 'error' }, t.error || ''));
      if (t.jobId) rows.set(t.jobId, t);
      return row;
    }));
  }

  async function load() {
    try {
      catalog = await api.get(catalogPath(id));
      draw();
      notify(null);
    } catch (err) {
      notify(err.status === 404 ? `No catalog '${id}'.` : `Could not load the catalog: ${err.message}`);
    }
  }

  live.on('job', job => {
    const title = job && rows.get(job.id);
    if (!title) return;
    Object.assign(title, { state: job.state ?? title.state, progress: job.progress ?? title.progress, framesDone: job.framesDone ?? title.framesDone, framesTotal: job.framesTotal ?? title.framesTotal });
    draw();
  });
  live.on('reset', load);
  await load();
}
