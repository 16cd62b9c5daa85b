// One job: its figures, progress, the latest rendered frame, a timeline of shots and segments (by frame, coloured by
// stage) and of work on silos (by time, one bar per attempt, coloured by outcome, so retries are visible), the
// failures with their reasons, and the stereo QC report as plots. Job and segment events redraw it; nothing polls.
import * as api from '../api.js';
import * as live from '../live.js';
import { el, duration, fps, fileName, stateBadge, progressBar, percent, when, colours } from '../format.js';
import { qcCharts } from './qc.js';

export async function render(main, notify, id) {
  const timelineCharts = [];
  const qcChartList = [];
  let job = null;
  let segments = [];
  let previewUrl = null;
  let refreshing = null;
  let qcDrawn = false;

  const head = el('div');
  const facts = el('dl', { class: 'facts' });
  const actions = el('div', { class: 'inline' });
  const progress = el('div');
  const preview = el('figure', { class: 'preview' });
  const frameChart = el('canvas', { id: 'segments-chart', role: 'img', 'aria-label': 'Segments by frame range, coloured by stage' });
  const siloChart = el('canvas', { id: 'silos-chart', role: 'img', 'aria-label': 'Attempts on each silo over time, coloured by outcome' });
  const failures = el('div');
  const segmentTable = el('tbody');
  const qc = el('div', { id: 'qc' });

  main.replaceChildren(
    el('p', {}, el('a', { href: '#/jobs' }, '← All jobs')),
    head,
    el('section', { class: 'card' }, progress, facts, actions),
    el('div', { class: 'charts' },
      el('section', { class: 'card' }, el('h3', {}, 'Latest rendered frame'), preview),
      el('section', { class: 'card' }, el('h3', {}, 'Shots and segments'), el('div', { class: 'chart' }, frameChart))),
    el('section', { class: 'card' }, el('h3', {}, 'Work on silos'), el('div', { class: 'chart' }, siloChart)),
    el('section', { class: 'card' }, el('h3', {}, 'Failures'), failures),
    el('section', { class: 'card' }, el('h3', {}, 'Segments'),
      el('table', { 'aria-label': 'Segments' },
        el('thead', {}, el('tr', {}, ['#', 'Shot', 'Frames', 'Stage', 'Silo', 'Attempts', 'Depth', 'Render', 'Error'].map(h => el('th', {}, h)))),
        segmentTable)),
    el('section', { class: 'card' }, el('h3', {}, 'Stereo QC'), qc));

  function drawJob() {
    head.replaceChildren(el('h2', {}, fileName(job.input), ' ', stateBadge(job.state)));
    progress.replaceChildren(progressBar(job.progress, 'Job progress'), ' ', el('span', { id: 'job-percent' }, percent(job.progress)),
      el('span', { class: 'muted' }, `  ${job.stage}`));
    const fact = (label, value) => el('div', {}, el('dt', {}, label), el('dd', {}, value));
    facts.replaceChildren(
      fact('Frames', `${job.framesDone} / ${job.framesTotal}`), fact('fps', fps(job.fps)),
      fact('ETA', job.state === 'running' ? duration(job.eta) : '–'), fact('Format', job.format),
      fact('Priority', String(job.priority)), fact('Shots / segments', `${job.shots} / ${job.segments}`),
      fact('Submitted', when(job.submittedAt)), fact('Finished', when(job.finishedAt)),
      fact('Output', job.output));
    actions.replaceChildren();
    if (job.state === 'queued' || job.state === 'running') actions.append(el('button', { class: 'danger', onclick: () => act('cancel') }, 'Cancel job'));
    if (job.state === 'failed') actions.append(el('button', { onclick: () => act('retry') }, 'Retry failed segments'));
    if (job.error) actions.append(el('p', { class: 'error' }, job.error));
  }

  function drawSegments() {
    segmentTable.replaceChildren(...segments.map(s => el('tr', {},
      el('td', {}, String(s.index)), el('td', {}, String(s.shot)), el('td', {}, `${s.start}–${s.end - 1}`),
      el('td', {}, s.stage), el('td', {}, s.silo || '–'), el('td', {}, `${s.attempts}${s.failedAttempts ? ` (${s.failedAttempts} failed)` : ''}`),
      el('td', {}, duration(s.depthSeconds)), el('td', {}, duration(s.renderSeconds)), el('td', { class: 'error' }, s.error || ''))));
    const failed = segments.flatMap(s => s.history.filter(a => a.outcome === 'failed' || a.outcome === 'lost' || a.outcome === 'unplaceable')
      .map(a => ({ segment: s, attempt: a })));
    failures.replaceChildren(failed.length === 0
      ? el('p', { class: 'muted' }, 'No failed attempts.')
      : el('ul', {}, failed.map(f => el('li', {},
        `Segment ${f.segment.index} (frames ${f.segment.start}–${f.segment.end - 1}), ${f.attempt.phase} attempt ${f.attempt.attempt} on ${f.attempt.silo || 'unknown silo'}: ${f.attempt.outcome}`,
        f.attempt.error ? ` — ${f.attempt.error}` : ''))));
    drawTimelines();
  }

  function drawTimelines() {
    for (const chart of timelineCharts.splice(0)) chart.destroy();
    if (!window.Chart || segments.length === 0) return;
    const stages = [...new Set(segments.map(s => s.stage))];
    timelineCharts.push(new Chart(frameChart, {
      type: 'bar',
      data: {
        datasets: stages.map(stage => ({
          label: stage, backgroundColor: colours[stage] || '#999',
          data: segments.filter(s => s.stage === stage).map(s => ({ x: [s.start, s.end], y: `shot ${s.shot}`, segment: s })),
        })),
      },
      options: {
        indexAxis: 'y', animation: false, maintainAspectRatio: false, grouped: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'input frame' } }, y: { type: 'category', stacked: true } },
        plugins: { tooltip: { callbacks: { label: c => `segment ${c.raw.segment.index}: frames ${c.raw.segment.start}–${c.raw.segment.end - 1}, ${c.raw.segment.stage}, ${c.raw.segment.silo || 'no silo yet'}` } } },
      },
    }));
    const attempts = segments.flatMap(s => s.history.map(a => ({ s, a })));
    const origin = Math.min(...attempts.map(x => Date.parse(x.a.startedAt)));
    const now = Date.now();
    const outcomes = [...new Set(attempts.map(x => x.a.outcome))];
    timelineCharts.push(new Chart(siloChart, {
      type: 'bar',
      data: {
        datasets: outcomes.map(outcome => ({
          label: outcome, backgroundColor: colours[outcome] || '#999', borderColor: '#fff', borderWidth: 1,
          data: attempts.filter(x => x.a.outcome === outcome).map(x => ({
            x: [(Date.parse(x.a.startedAt) - origin) / 1000, ((x.a.finishedAt ? Date.parse(x.a.finishedAt) : now) - origin) / 1000],
            y: x.a.silo || 'unassigned', item: x,
          })),
        })),
      },
      options: {
        indexAxis: 'y', animation: false, maintainAspectRatio: false, grouped: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'seconds since the first attempt' } }, y: { type: 'category' } },
        plugins: { tooltip: { callbacks: { label: c => `segment ${c.raw.item.s.index} ${c.raw.item.a.phase} #${c.raw.item.a.attempt}: ${c.raw.item.a.outcome}${c.raw.item.a.error ? ' — ' + c.raw.item.a.error : ''}` } } },
      },
    }));
  }

  async function drawPreview() {
    try {
      const url = await api.blobUrl(`${api.jobPath(id)}/preview?format=sbs&width=640`);
      if (previewUrl) URL.revokeObjectURL(previewUrl);
      previewUrl = url;
      preview.replaceChildren(el('img', { src: url, alt: `Latest rendered frame of ${fileName(job.input)}, side by side` }));
    } catch (err) {
      if (!previewUrl) preview.replaceChildren(el('p', { class: 'muted' }, err.status === 404 || err.status === 409 ? 'No frame rendered yet.' : `No preview: ${err.message}`));
    }
  }

  async function drawQc() {
    if (job.state !== 'done') {
      qc.replaceChildren(el('p', { class: 'muted' }, 'The QC report is made when the job is done.'));
      return;
    }
    if (!job.qc || job.qc.state !== 'done') {
      // Being made (its "job.qc" event draws it when ready), or its analysis failed.
      qc.replaceChildren(el('p', { class: job.qc && job.qc.state === 'failed' ? 'error' : 'muted' },
        job.qc && job.qc.state === 'failed' ? `The QC analysis failed: ${job.qc.error}` : 'The QC report is being made…'));
      return;
    }
    try {
      const report = await api.get(`${api.jobPath(id)}/qc`);
      for (const chart of qcChartList.splice(0)) chart.destroy();
      for (const chart of qcCharts(qc, report, id)) qcChartList.push(chart);
      qcDrawn = true;
    } catch (err) {
      // 409: the report is still being made; its "job.qc" event draws it when it is ready.
      qc.replaceChildren(el('p', { class: 'muted' }, err.status === 409 ? 'The QC report is being made…' : `No QC report: ${err.message}`));
    }
  }

  async function act(action) {
    try {
      job = await api.send('POST', `${api.jobPath(id)}/${action}`) || job;
      notify(null);
      await refresh();
    } catch (err) {
      notify(`${action === 'cancel' ? 'Cancel' : 'Retry'} refused: ${err.message}`);
    }
  }

  async function refresh() {
    try {
      job = await api.get(api.jobPath(id));
      drawJob();
      segments = await api.get(`${api.jobPath(id)}/segments`).catch(() => []);
      drawSegments();
      if (job.framesDone > 0) await drawPreview();
      if (!qcDrawn) await drawQc();
      notify(null);
    } catch (err) {
      notify(err.status === 404 ? `No job '${id}'.` : `Could not load the job: ${err.message}`);
    }
  }

  // Several events can arrive together (a progress event and segment changes): one refresh for the burst.
  function soon() {
    if (refreshing) return;
    refreshing = setTimeout(async () => { refreshing = null; await refresh(); }, 200);
  }

  live.on('job', data => {
    if (!data || data.id !== id || !job) return;
    const stateChanged = data.state && data.state !== job.state;
    job = Object.assign(job, data);
    drawJob();
    if (stateChanged) soon();
  });
  live.on('segment', data => { if (data && data.jobId === id) soon(); });
  live.on('qc', data => { if (data && data.jobId === id) soon(); });
  live.on('reset', soon);
  await refresh();
}
