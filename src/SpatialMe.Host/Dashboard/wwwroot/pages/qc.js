// The stereo QC report as plots (filled in from GET /api/v1/jobs/{id}/qc).
import { el } from '../format.js';

export function qcCharts(container, report) {
  container.replaceChildren(el('pre', {}, JSON.stringify(report, null, 2).slice(0, 2000)));
  return [];
}
