// The stereo QC report of a job (GET /api/v1/jobs/{id}/qc, docs/qc.md) as plots: parallax near/far over time against
// the limits, stereo window violations at each edge, disocclusion and flicker, then the violations and the shots.
import * as api from '../api.js';
import { el } from '../format.js';

const round = (v, d = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));

function line(label, data, colour, extra) {
  return Object.assign({ label, data, borderColor: colour, backgroundColor: colour, pointRadius: 0, borderWidth: 1.5, tension: 0 }, extra || {});
}

function limit(label, frames, value, colour) {
  return line(label, frames.map(f => ({ x: f.frame, y: value })), colour, { borderDash: [6, 4], borderWidth: 1 });
}

function chart(canvas, datasets, yTitle) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false, interaction: { mode: 'nearest', intersect: false },
      scales: { x: { type: 'linear', title: { display: true, text: 'frame' } }, y: { title: { display: true, text: yTitle } } },
    },
  });
}

/** Draws the report into <paramref name="container"/>; returns the charts (the page destroys them on redraw). */
export function qcCharts(container, report, jobId) {
  const frames = report.frames;
  const t = report.thresholds;
  const title = report.title;
  const canvases = {
    parallax: el('canvas', { id: 'qc-parallax', role: 'img', 'aria-label': 'Near and far parallax over time, % of width' }),
    window: el('canvas', { id: 'qc-window', role: 'img', 'aria-label': 'Share of each edge band in front of the screen window over time' }),
    holes: el('canvas', { id: 'qc-disocclusion', role: 'img', 'aria-label': 'Disoccluded area and right-view flicker over time' }),
  };
  const download = el('button', { type: 'button' }, 'Open the HTML report');
  download.addEventListener('click', async () => {
    const url = await api.blobUrl(`${api.jobPath(jobId)}/qc.html`);
    window.open(url, '_blank', 'noopener');
  });
  container.replaceChildren(
    el('p', { class: report.flagged ? 'error' : 'muted' },
      report.flagged ? `Flagged: ${report.violations.length} violation(s) (${title.violationKinds.join(', ')}).` : 'No violations.',
      ` Parallax ${round(title.nearPercent)}% to ${round(title.farPercent)}% of width, largest budget ${round(title.maxBudgetPercent)}% `,
      `(limit ${round(t.budgetLimitPercent)}%), ${title.framesAnalysed} frames analysed, every ${report.every}. `, download),
    el('div', { class: 'charts' },
      el('div', { class: 'chart' }, canvases.parallax),
      el('div', { class: 'chart' }, canvases.window),
      el('div', { class: 'chart' }, canvases.holes)),
    el('h4', {}, 'Violations'),
    report.violations.length === 0 ? el('p', { class: 'muted' }, 'None.') : el('table', { 'aria-label': 'QC violations' },
      el('thead', {}, el('tr', {}, ['Kind', 'Shot', 'Frames', 'Worst', 'Limit'].map(h => el('th', {}, h)))),
      el('tbody', {}, report.violations.map(v => el('tr', {},
        el('td', {}, v.kind), el('td', {}, String(v.shot)), el('td', {}, `${v.startFrame}–${v.endFrame}`),
        el('td', { class: 'num' }, round(v.worst)), el('td', { class: 'num' }, round(v.limit)))))),
    el('h4', {}, 'Shots'),
    el('table', { 'aria-label': 'QC by shot' },
      el('thead', {}, el('tr', {}, ['Shot', 'Frames', 'Near %', 'Far %', 'Budget %', 'Window L/R', 'Disocclusion %', 'Flicker', 'Flags'].map(h => el('th', {}, h)))),
      el('tbody', {}, report.shots.map(s => s.framesAnalysed === 0 ? el('tr', {},
        el('td', {}, String(s.index)), el('td', {}, `${s.start}–${s.end - 1}`), el('td', { colspan: '7', class: 'muted' }, 'no frame of this shot was analysed')) : el('tr', {},
        el('td', {}, String(s.index)), el('td', {}, `${s.start}–${s.end - 1}`), el('td', { class: 'num' }, round(s.nearPercent)),
        el('td', { class: 'num' }, round(s.farPercent)), el('td', { class: 'num' }, round(s.maxBudgetPercent)),
        el('td', { class: 'num' }, `${round(s.maxWindowLeft)} / ${round(s.maxWindowRight)}`),
        el('td', { class: 'num' }, round(s.meanDisocclusionPercent)), el('td', { class: 'num' }, round(s.meanFlicker)),
        el('td', { class: s.flagged ? 'error' : '' }, s.violationKinds.join(', ') || '–'))))));
  if (!window.Chart || frames.length === 0) return [];
  const point = key => frames.map(f => ({ x: f.frame, y: f[key] }));
  return [
    chart(canvases.parallax, [
      line('near (in front)', point('nearPercent'), '#cf222e'),
      line('far (behind)', point('farPercent'), '#1f6feb'),
      limit('far limit (eye separation)', frames, t.farLimitPercent ?? 100 * t.eyeSeparationMm / t.screenWidthMm, '#1f6feb'),
    ], 'parallax, % of width'),
    chart(canvases.window, [
      line('left edge', point('windowLeft'), '#8250df'),
      line('right edge', point('windowRight'), '#bf8700'),
      limit('limit', frames, t.windowShareLimit, '#57606a'),
    ], 'share of edge band in front of the window'),
    chart(canvases.holes, [
      line('disoccluded %', point('disocclusionPercent'), '#1a7f37'),
      line('flicker (luma)', frames.filter(f => f.flicker !== null).map(f => ({ x: f.frame, y: f.flicker })), '#9a6700'),
      limit('disocclusion limit', frames, t.disocclusionLimitPercent, '#1a7f37'),
    ], '% of frame · luma 0–255'),
  ];
}
