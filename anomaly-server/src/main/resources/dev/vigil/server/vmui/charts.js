// uPlot charts: the raw series of the query explorer in one chart, and one chart per selected series
// of a detection (y, yhat, the yhat_lower..yhat_upper band, anomaly markers, anomaly_score on a right
// axis). The legend shows the values under the cursor.
import uPlot from './lib/uPlot.esm.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Times on the axes and in the legend in UTC, as the page's time fields are. */
const tzDate = (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');

function width(container) {
  return Math.max(320, container.clientWidth - 8);
}

function fmt(v) {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(3) : +v.toFixed(4);
}

/** Resizes every chart in `charts` with the window. */
export function followWidth(charts, container) {
  window.addEventListener('resize', () => charts().forEach((c) => c.setSize({ width: width(container), height: c.height })));
}

/**
 * One chart of the query's series: `series` is [{name, t: Float64Array (s), v: Float64Array}]; they are
 * aligned on the union of their timestamps (query_range answers share the step grid).
 */
export function rawChart(container, series) {
  const all = new Set();
  series.forEach((s) => s.t.forEach((t) => all.add(t)));
  const xs = Float64Array.from(all).sort();
  const index = new Map();
  xs.forEach((t, i) => index.set(t, i));
  const data = [xs];
  for (const s of series) {
    const col = new Array(xs.length).fill(null);
    for (let i = 0; i < s.t.length; i++) {
      col[index.get(s.t[i])] = Number.isNaN(s.v[i]) ? null : s.v[i];
    }
    data.push(col);
  }
  const opts = {
    width: width(container),
    height: 300,
    series: [{}, ...series.map((s, i) => ({ label: s.name, stroke: PALETTE[i % PALETTE.length], width: 1, value: (u, v) => fmt(v) }))],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    tzDate,
  };
  return new uPlot(opts, data, container);
}

/**
 * The chart of one detected series (`r`: a task result) with markers where anomaly_score > threshold;
 * returns {plot, anomalies}.
 */
export function detectionChart(container, r, threshold) {
  const n = r.timestamps.length;
  const marks = new Array(n);
  let anomalies = 0;
  for (let i = 0; i < n; i++) {
    const hit = r.anomaly_score[i] !== null && r.anomaly_score[i] > threshold;
    marks[i] = hit ? r.y[i] : null;
    anomalies += hit ? 1 : 0;
  }
  const data = [r.timestamps, r.y, r.yhat, r.yhat_lower, r.yhat_upper, marks, r.anomaly_score];
  const band = 'rgba(44, 160, 44, 0.55)';
  const opts = {
    width: width(container),
    height: 260,
    series: [
      {},
      { label: 'y', stroke: '#1f77b4', width: 1.2, value: (u, v) => fmt(v) },
      { label: 'yhat', stroke: '#ff7f0e', width: 1, dash: [5, 4], value: (u, v) => fmt(v) },
      { label: 'yhat_lower', stroke: band, width: 1, value: (u, v) => fmt(v) },
      { label: 'yhat_upper', stroke: band, width: 1, value: (u, v) => fmt(v) },
      {
        label: 'anomaly', stroke: '#d62728', paths: () => null, value: (u, v) => (v === null ? '—' : fmt(v)),
        points: { show: true, size: 9, width: 2, stroke: '#d62728', fill: '#ffffff' },
      },
      { label: 'anomaly_score', stroke: 'rgba(148, 103, 189, 0.7)', width: 1, scale: 'score', value: (u, v) => fmt(v) },
    ],
    bands: [{ series: [4, 3], fill: 'rgba(44, 160, 44, 0.12)' }],
    axes: [{}, {}, { scale: 'score', side: 1, grid: { show: false }, label: 'score' }],
    scales: { x: { time: true }, score: { range: (u, min, max) => [0, Math.max(threshold * 2, max || 0)] } },
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    tzDate,
  };
  return { plot: new uPlot(opts, data, container), anomalies };
}

/** Anomalies of a result at `threshold`, and its largest score. */
export function countAnomalies(r, threshold) {
  let count = 0;
  let max = null;
  for (const s of r.anomaly_score || []) {
    if (s !== null) {
      count += s > threshold ? 1 : 0;
      max = max === null || s > max ? s : max;
    }
  }
  return { count, max };
}

/** A series' labels as PromQL writes them: name{k="v", ...}. */
export function labelText(labels) {
  const l = { ...(labels || {}) };
  const name = l.__name__ || '';
  delete l.__name__;
  const inner = Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(', ');
  return name + (inner || !name ? `{${inner}}` : '');
}

export { fmt };
