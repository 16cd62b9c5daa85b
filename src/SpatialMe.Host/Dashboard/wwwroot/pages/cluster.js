// The cluster: every silo with its role, GPU slots in use and rate, and the farm's throughput over time as job
// events report it (kept while the page is open). Silo join/leave events reload the table.
import * as api from '../api.js';
import * as live from '../live.js';
import { el, fps, when } from '../format.js';

const windowSeconds = 600;

export async function render(main, notify) {
  const tbody = el('tbody');
  const canvas = el('canvas', { id: 'throughput-chart', role: 'img', 'aria-label': 'Frames per second of the farm over time' });
  main.replaceChildren(
    el('h2', {}, 'Cluster'),
    el('section', { class: 'card' }, el('table', { id: 'silos', 'aria-label': 'Silos' },
      el('thead', {}, el('tr', {}, ['Silo', 'Host', 'Role', 'Status', 'GPU slots', 'Busy', 'fps', 'Version', 'Started'].map(h => el('th', {}, h)))),
      tbody)),
    el('section', { class: 'card' }, el('h3', {}, 'Throughput (frames/s, all running jobs)'), el('div', { class: 'chart' }, canvas)));

  const rates = new Map();
  const chart = window.Chart ? new Chart(canvas, {
    type: 'line',
    data: { datasets: [{ label: 'frames/s', data: [], borderColor: '#1f6feb', pointRadius: 0, tension: 0.2 }] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'seconds ago' }, reverse: false }, y: { beginAtZero: true } },
    },
  }) : null;
  const started = Date.now();

  function sample() {
    if (!chart) return;
    const total = [...rates.values()].reduce((a, b) => a + b, 0);
    const data = chart.data.datasets[0].data;
    data.push({ x: (Date.now() - started) / 1000, y: total });
    while (data.length > 0 && data[0].x < data[data.length - 1].x - windowSeconds) data.shift();
    chart.options.scales.x.title.text = 'seconds since this page opened';
    chart.update('none');
  }

  async function load() {
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

  live.on('job', job => {
    if (!job || !job.id) return;
    if (job.state === 'running') rates.set(job.id, job.fps || 0); else rates.delete(job.id);
    sample();
  });
  live.on('silo', load);
  live.on('reset', load);
  await load();
  sample();
}
