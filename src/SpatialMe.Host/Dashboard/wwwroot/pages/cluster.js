// The cluster: every silo with its role, GPU slots in use and rate, and two charts of the last hour — GPU slot use
// (busy against total) and throughput (rendered and depth frames/s). The farm samples itself every 5 s and keeps the
// hour (GET /api/v1/cluster/history), so the charts have their past when the page opens; each cluster.sample event
// then adds a point and the oldest fall off after an hour. Silo join/leave events reload the table; nothing polls.
import * as api from '../api.js';
import * as live from '../live.js';
import { el, fps, when, colours } from '../format.js';

const hour = 3600 * 1000;

export async function render(main, notify) {
  const tbody = el('tbody');
  const slotsCanvas = el('canvas', { id: 'slots-chart', role: 'img', 'aria-label': 'GPU slots of the cluster over the last hour: busy and total' });
  const throughputCanvas = el('canvas', { id: 'throughput-chart', role: 'img', 'aria-label': 'Frames per second of the cluster over the last hour: rendered and given depth' });
  main.replaceChildren(
    el('h2', {}, 'Cluster'),
    el('section', { class: 'card' }, el('table', { id: 'silos', 'aria-label': 'Silos' },
      el('thead', {}, el('tr', {}, ['Silo', 'Host', 'Role', 'Status', 'GPU slots', 'Busy', 'fps', 'Version', 'Started'].map(h => el('th', {}, h)))),
      tbody)),
    el('div', { class: 'charts' },
      el('section', { class: 'card' }, el('h3', {}, 'GPU slot use (all silos)'), el('div', { class: 'chart' }, slotsCanvas)),
      el('section', { class: 'card' }, el('h3', {}, 'Throughput (frames/s, all silos)'), el('div', { class: 'chart' }, throughputCanvas))));

  const charts = window.Chart ? [
    timeChart(slotsCanvas, 'GPU slots', true, [
      { label: 'busy', key: 'busySlots', colour: colours.render, fill: true },
      { label: 'total', key: 'gpuSlots', colour: colours.pending },
    ]),
    timeChart(throughputCanvas, 'frames/s', false, [
      { label: 'rendered', key: 'framesPerSecond', colour: colours.done },
      { label: 'depth', key: 'depthFramesPerSecond', colour: colours.depth },
    ]),
  ] : [];
  let latest = null; // the time of the newest sample drawn (ms since 1970)
  let early = []; // samples that came as events while the history was loading (null once it is drawn)

  function append(samples) {
    for (const s of samples) {
      const x = Date.parse(s.at);
      if (latest !== null && x <= latest) continue; // already in the history
      latest = x;
      for (const chart of charts) for (const d of chart.data.datasets) d.data.push({ x, y: s[d.key] ?? 0 });
    }
    for (const chart of charts) {
      for (const d of chart.data.datasets) while (d.data.length > 0 && d.data[0].x < latest - hour) d.data.shift();
      chart.update('none');
    }
  }

  async function loadHistory() {
    early = [];
    try {
      const history = await api.get('/api/v1/cluster/history');
      latest = null;
      for (const chart of charts) for (const d of chart.data.datasets) d.data = [];
      append(history.concat(early));
    } catch (err) {
      notify(`Could not load the cluster history: ${err.message}`);
    } finally {
      early = null;
    }
  }

  async function loadSilos() {
    try {
      const silos = await api.get('/api/v1/silos');
      tbody.replaceChildren(...silos.map(s => el('tr', {},
        el('td', {}, s.name || s.address), el('td', {}, s.hostName || '–'), el('td', {}, s.role || '–'), el('td', {}, s.status),
        el('td', { class: 'num' }, s.gpuSlots ?? '–'), el('td', { class: 'num' }, s.busySlots ?? '–'),
        el('td', { class: 'num' }, fps(s.framesPerSecond)), el('td', {}, s.version || '–'), el('td', {}, when(s.startedAt)))));
      notify(null);
    } catch (err) {
      notify(`Could not load the silos: ${err.message}`);
    }
  }

  live.on('cluster', sample => { if (early) early.push(sample); else append([sample]); });
  live.on('silo', loadSilos);
  live.on('reset', () => { loadSilos(); loadHistory(); });
  await loadSilos();
  await loadHistory();
}

/** A line chart over time of day, one line per series (each reads `key` of a sample); `whole` numbers draw as steps. */
function timeChart(canvas, unit, whole, series) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      datasets: series.map(s => ({
        label: s.label, key: s.key, data: [], borderColor: s.colour, backgroundColor: `${s.colour}33`,
        fill: s.fill ? 'origin' : false, pointRadius: 0, stepped: whole, tension: whole ? 0 : 0.2,
      })),
    },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'time of day' }, ticks: { callback(v) { return clock(v, this.max - this.min < 10 * 60 * 1000); }, maxTicksLimit: 8 } },
        y: { beginAtZero: true, title: { display: true, text: unit }, ticks: whole ? { precision: 0 } : {} },
      },
      plugins: { tooltip: { callbacks: { title: items => (items.length ? clock(items[0].parsed.x, true) : '') } } },
    },
  });
}

/** The time of day of `ms`, with seconds where the axis spans only a few minutes. */
function clock(ms, seconds) {
  return new Date(ms).toLocaleTimeString([], seconds ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
}
