// The detection's results: a table of every series (points, anomaly count, largest score) sortable by
// any column, and a chart of each selected series. Only the selected series are charted, so that 50
// series of 10 000 points stay fast.
import { countAnomalies, detectionChart, fmt, labelText } from './charts.js';
import { el } from './form.js';

export class Results {
  /** Charts drawn at once: enough to compare, few enough to stay fast with many long series. */
  static MAX_CHARTS = 6;
  /** Series charted when a detection ends: those with the most anomalies. */
  static FIRST_CHARTS = 3;

  constructor({ section, table, charts, onError }) {
    this.section = section;
    this.table = table;
    this.charts = charts;
    this.onError = onError;
    this.results = null;
    this.threshold = 1;
    this.selected = new Set();
    this.sort = { key: 'anomalies', desc: true };
    this.plots = [];
    table.querySelectorAll('th[data-sort]').forEach((th) => th.addEventListener('click', () => {
      const k = th.dataset.sort;
      this.sort = { key: k, desc: this.sort.key === k ? !this.sort.desc : k !== 'series' };
      this.render();
    }));
  }

  /** Shows a task's results, charting the series with the most anomalies above `threshold`. */
  show(results, threshold) {
    this.results = results;
    this.threshold = threshold;
    this.selected = new Set(results.map((r, i) => ({ i, n: r.error ? -1 : countAnomalies(r, threshold).count }))
      .filter((x) => x.n >= 0).sort((a, b) => b.n - a.n).slice(0, Results.FIRST_CHARTS).map((x) => x.i));
    this.render();
  }

  /** Recounts and redraws the markers at another threshold, without rerunning the task. */
  redraw(threshold) {
    this.threshold = threshold;
    this.render();
  }

  rows() {
    return this.results.map((r, i) => {
      const a = r.error ? { count: -1, max: null } : countAnomalies(r, this.threshold);
      return { i, r, series: labelText(r.labels), points: r.timestamps ? r.timestamps.length : 0, anomalies: a.count, max: a.max };
    });
  }

  render() {
    if (!this.results) {
      return;
    }
    this.section.hidden = false;
    const began = performance.now();
    const { key, desc } = this.sort;
    const list = this.rows().sort((a, b) => {
      const x = a[key] === null ? -Infinity : a[key];
      const y = b[key] === null ? -Infinity : b[key];
      const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return desc ? -c : c;
    });
    this.table.querySelectorAll('th[data-sort]').forEach((th) => {
      th.classList.toggle('sorted-desc', th.dataset.sort === key && desc);
      th.classList.toggle('sorted-asc', th.dataset.sort === key && !desc);
    });
    this.table.querySelector('tbody').replaceChildren(...list.map((row) => this.row(row)));
    this.renderCharts();
    // How long the page took to build the table and charts (the browser test's figure).
    this.charts.dataset.renderMs = String(Math.round(performance.now() - began));
  }

  row(row) {
    const box = el('input', { type: 'checkbox', 'aria-label': 'chart this series' });
    box.checked = this.selected.has(row.i);
    box.disabled = !!row.r.error;
    const tr = el('tr', { 'data-index': String(row.i), 'data-anomalies': String(Math.max(0, row.anomalies)) },
      el('td', { class: 'check' }, box),
      el('td', { class: 'series', text: row.series + (row.r.error ? ` — ${row.r.error}` : '') }),
      el('td', { class: 'num', text: String(row.points) }),
      el('td', { class: 'num anomalies', text: row.r.error ? '—' : String(row.anomalies) }),
      el('td', { class: 'num', text: fmt(row.max) }));
    tr.classList.toggle('selected', this.selected.has(row.i));
    tr.classList.toggle('failed', !!row.r.error);
    tr.addEventListener('click', (ev) => {
      if (row.r.error) {
        return;
      }
      if (ev.target === box) {
        this.toggle(row.i, box.checked);
      } else {
        this.selected = new Set([row.i]); // a click on the row charts that series alone
      }
      this.render();
    });
    return tr;
  }

  toggle(i, on) {
    if (!on) {
      this.selected.delete(i);
    } else if (this.selected.size >= Results.MAX_CHARTS) {
      this.onError(new Error(`at most ${Results.MAX_CHARTS} charts at once: untick one first`));
    } else {
      this.selected.add(i);
    }
  }

  renderCharts() {
    this.plots.forEach((p) => p.destroy());
    this.plots = [];
    this.charts.replaceChildren();
    for (const i of [...this.selected].sort((a, b) => a - b)) {
      const r = this.results[i];
      const holder = el('div', { class: 'chart' });
      const title = el('h4', { text: labelText(r.labels) + ' ' });
      const wrap = el('div', { class: 'chart-box', 'data-index': String(i) }, title, holder);
      this.charts.append(wrap);
      const { plot, anomalies } = detectionChart(holder, r, this.threshold);
      title.append(el('span', { class: anomalies ? 'count' : 'count none', text: `${anomalies} anomal${anomalies === 1 ? 'y' : 'ies'}` }));
      wrap.dataset.anomalies = String(anomalies);
      wrap.dataset.points = String(r.timestamps.length);
      this.plots.push(plot);
    }
  }
}
