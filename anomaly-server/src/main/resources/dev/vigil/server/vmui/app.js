// The page: query explorer, model form, detection task with progress and cancel, per-series table
// and charts, and the production configuration and alert rule. Its state lives in the URL fragment.
import { ApiError, del, getJson, getText, postJson } from './api.js';
import { followWidth, labelText, rawChart } from './charts.js';
import { el, renderModelForm } from './form.js';
import { Results } from './results.js';
import { parseFragment, toFragment } from './state.js';
import { durationSeconds, instantSeconds } from './time.js';

const POLL_MS = 400;
const $ = (id) => document.getElementById(id);
const FIELDS = ['query', 'range', 'end', 'step', 'datasource_url', 'fit_window', 'fit_every', 'infer_every', 'threshold'];

const page = {
  models: [], // descriptors offered in the picker
  serverModels: [],
  readArgs: () => ({}),
  schema: null,
  task: null, // {id, request}
  polling: null,
  results: null, // the table and charts of the last detection
  rawPlot: null,
};

// ---- errors -------------------------------------------------------------------------------------

function clearErrors() {
  $('error').hidden = true;
  document.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
  document.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
}

/** Shows `e` in the banner and marks the input of the field it names (a JSON error's `field`). */
function showError(e) {
  const field = e.field || null;
  $('error-text').textContent = e.message + (field ? `\n(field: ${field})` : '');
  const list = $('error-list');
  list.replaceChildren(...(e.errors || []).map((x) =>
    el('li', { text: `${x.path || 'config'}${x.where ? ' at ' + x.where : ''}: ${x.message}` })));
  $('error').hidden = false;
  if (field) {
    const input = document.querySelector(`[data-field="${CSS.escape(field)}"]`)
      || document.querySelector(`[data-field="${CSS.escape('model_spec.' + field)}"]`);
    if (input) {
      input.classList.add('invalid');
      const slot = input.parentElement.querySelector('.field-error');
      if (slot) {
        slot.textContent = e.message;
      }
    }
  }
}

async function guarded(work) {
  clearErrors();
  try {
    await work();
  } catch (e) {
    showError(e);
  }
}

// ---- state --------------------------------------------------------------------------------------

function currentState() {
  const s = {};
  FIELDS.forEach((f) => { s[f] = $(f).value.trim(); });
  let spec = {};
  try {
    spec = page.readArgs();
  } catch (e) {
    spec = page.lastSpec || {};
  }
  page.lastSpec = spec;
  if ($('model').value) {
    s.model = { modelType: $('model').value, modelSpec: { class: $('model').value, ...spec } };
  }
  return s;
}

function saveState() {
  const frag = toFragment(currentState());
  if (location.hash !== frag) {
    history.replaceState(null, '', frag);
  }
}

function applyFields(s) {
  FIELDS.forEach((f) => {
    if (s[f] !== undefined) {
      $(f).value = s[f];
    }
  });
}

/** The model spec of the form: {class, ...arguments set}; throws naming a bad argument. */
function modelSpec() {
  const cls = $('model').value;
  if (!cls) {
    throw Object.assign(new Error('choose a model first'), { field: 'model_spec.class' });
  }
  return { class: cls, ...page.readArgs() };
}

function timeWindow() {
  const wrap = (f, work) => {
    try {
      return work();
    } catch (e) {
      throw Object.assign(e, { field: f });
    }
  };
  const end = wrap('end', () => instantSeconds($('end').value, 'End', Date.now()));
  const range = wrap('range', () => durationSeconds($('range').value, 'Range'));
  wrap('step', () => durationSeconds($('step').value, 'Step'));
  return { start: Math.floor(end - range), end };
}

// ---- models -------------------------------------------------------------------------------------

async function loadModels(info) {
  const all = await getJson('api/v1/models', null, 'loading the models');
  try {
    page.serverModels = await getJson('api/v1/server/models', null, 'loading the configured models');
  } catch (e) {
    page.serverModels = []; // 404: the server runs without a production configuration
  }
  const allowed = info.ui_allowed_models;
  const allowedClasses = new Set(allowed || []);
  page.serverModels.forEach((m) => allowedClasses.add(m.class));
  page.models = all.filter((d) => d.supported && d.topology === 'univariate'
    && (allowed === null || allowed === undefined || allowedClasses.has(d.alias) || allowedClasses.has(d.class)));
  const select = $('model');
  select.replaceChildren(...page.models.map((d) => el('option', { value: d.alias,
    text: d.alias + (d.redirect_to ? ` (→ ${d.redirect_to})` : d.online ? ' (online)' : '') })));
  if (!page.models.length) {
    $('model-doc').textContent = 'No model is offered: the server section\'s ui_allowed_models allows none.';
    $('detect').disabled = true;
  }
  if (page.serverModels.length) {
    $('preset').replaceChildren(el('option', { value: '', text: '—' }),
      ...page.serverModels.map((m, i) => el('option', { value: String(i), text: `${m.alias} (${m.class})` })));
    $('preset-box').hidden = false;
  }
}

async function loadServerQueries() {
  let queries = [];
  try {
    queries = await getJson('api/v1/server/queries', null, 'loading the configured queries');
  } catch (e) {
    return;
  }
  if (!queries.length) {
    return;
  }
  $('server-query').replaceChildren(el('option', { value: '', text: '—' }),
    ...queries.map((q, i) => el('option', { value: String(i), text: q.alias })));
  $('server-query-box').hidden = false;
  $('server-query').addEventListener('change', () => {
    const q = queries[Number($('server-query').value)];
    if (q) {
      $('query').value = q.expr;
      if (q.step) {
        $('step').value = q.step;
      }
      saveState();
    }
  });
}

/** Shows the form of `alias` filled with `values`. */
async function selectModel(alias, values) {
  const d = page.models.find((m) => m.alias === alias);
  if (!d) {
    throw Object.assign(new Error(`model '${alias}' is not offered here (the list shows those the server allows)`),
      { field: 'model_spec.class' });
  }
  $('model').value = alias;
  // Selections can overlap (the initial model's schema may still be loading when the user picks another):
  // only the latest one may render its form, whatever order the answers arrive in.
  const selection = page.modelSelection = (page.modelSelection || 0) + 1;
  const schema = await getJson('api/v1/model/schema', { model_class: alias }, `loading the arguments of ${alias}`);
  if (selection !== page.modelSelection) {
    return;
  }
  page.schema = schema;
  $('model-doc').textContent = `${schema.class}${d.online ? ' — learns online, point by point' : ''}.`
    + ' Empty fields take the default shown.';
  page.readArgs = renderModelForm($('model-form'), schema, values || {});
  $('model-form').dataset.model = alias;
  $('model-valid').textContent = '';
}

// ---- query explorer -----------------------------------------------------------------------------

async function runQuery() {
  const q = $('query').value.trim();
  if (!q) {
    throw Object.assign(new Error('enter a query'), { field: 'query' });
  }
  const { start, end } = timeWindow();
  const params = { query: q, start, end, step: $('step').value.trim() };
  if ($('datasource_url').value.trim()) {
    params.datasource_url = $('datasource_url').value.trim();
  }
  $('query-info').textContent = 'Querying…';
  const answer = await getJson('api/v1/query', params, 'the query');
  const began = performance.now();
  const result = (answer.data && answer.data.result) || [];
  const series = result.map((r) => ({
    name: labelText(r.metric),
    t: Float64Array.from(r.values, (p) => p[0]),
    v: Float64Array.from(r.values, (p) => parseFloat(p[1])),
  }));
  const points = series.reduce((n, s) => n + s.t.length, 0);
  $('query-info').textContent = series.length ? `${series.length} series, ${points} points.`
    : 'No series in this range.';
  if (page.rawPlot) {
    page.rawPlot.destroy();
    page.rawPlot = null;
  }
  $('query-chart').replaceChildren();
  if (series.length) {
    page.rawPlot = rawChart($('query-chart'), series);
  }
  $('query-chart').dataset.series = String(series.length);
  // How long the page took from the answer to the drawn chart (the browser test's figure).
  $('query-chart').dataset.renderMs = String(Math.round(performance.now() - began));
}

// ---- detection ----------------------------------------------------------------------------------

function taskBody() {
  const q = $('query').value.trim();
  if (!q) {
    throw Object.assign(new Error('enter a query'), { field: 'query' });
  }
  const { start, end } = timeWindow();
  const body = { query: q, step: $('step').value.trim(), start_infer_s: start, end_infer_s: end, model_spec: modelSpec() };
  for (const f of ['fit_window', 'fit_every', 'infer_every', 'datasource_url']) {
    if ($(f).value.trim()) {
      body[f] = $(f).value.trim();
    }
  }
  return body;
}

function threshold() {
  const t = Number($('threshold').value.trim() || '1');
  if (Number.isNaN(t)) {
    throw Object.assign(new Error(`the anomaly threshold must be a number, got "${$('threshold').value}"`), { field: 'threshold' });
  }
  return t;
}

async function detect() {
  threshold();
  const body = taskBody();
  stopPolling();
  const created = await postJson('api/v1/anomaly_detection/tasks', body, 'starting the detection');
  page.task = { id: created.task_id, request: body, results: null };
  setRunning(true, 'pending');
  poll();
}

function setRunning(running, status) {
  $('detect').disabled = running;
  $('cancel').hidden = !running;
  $('progress').hidden = !running;
  $('task-status').textContent = status ? `Task ${page.task ? page.task.id : ''}: ${status}` : '';
}

function stopPolling() {
  if (page.polling) {
    clearTimeout(page.polling);
    page.polling = null;
  }
}

async function poll() {
  const id = page.task.id;
  let t;
  try {
    t = await getJson(`api/v1/anomaly_detection/tasks/${encodeURIComponent(id)}`, null, 'reading the task');
  } catch (e) {
    setRunning(false, 'lost');
    showError(e);
    return;
  }
  if (!page.task || page.task.id !== id) {
    return;
  }
  $('progress').value = t.progress || 0;
  if (t.status === 'pending' || t.status === 'running') {
    $('task-status').textContent = `Task ${id}: ${t.status} ${Math.round((t.progress || 0) * 100)}%`;
    page.polling = setTimeout(poll, POLL_MS);
    return;
  }
  setRunning(false, t.status + (t.error ? `: ${t.error}` : ''));
  if (t.status === 'error') {
    showError(new ApiError(500, `the detection failed: ${t.error}`));
    return;
  }
  if (t.status === 'done') {
    page.results.show(t.results || [], threshold());
  }
}

async function cancel() {
  if (!page.task) {
    return;
  }
  stopPolling();
  const t = await del(`api/v1/anomaly_detection/tasks/${encodeURIComponent(page.task.id)}`, 'canceling the task');
  setRunning(false, t.status || 'canceled');
}

// ---- production panels --------------------------------------------------------------------------

function templateParams() {
  const q = $('query').value.trim();
  if (!q) {
    throw Object.assign(new Error('enter a query'), { field: 'query' });
  }
  const p = { query: q, step: $('step').value.trim(), model_spec: JSON.stringify(modelSpec()) };
  for (const f of ['fit_window', 'fit_every', 'infer_every', 'datasource_url']) {
    if ($(f).value.trim()) {
      p[f] = $(f).value.trim();
    }
  }
  return p;
}

async function showConfig() {
  const text = await getText('api/vmanomaly/config.yaml', templateParams(), 'making the configuration');
  $('config-text').value = text;
  fitRows($('config-text'));
  $('config-panel').hidden = false;
}

async function showAlert() {
  const p = templateParams();
  p.threshold = String(threshold());
  const text = await getText('api/vmanomaly/example-alert-rule.yaml', p, 'making the alert rule');
  $('alert-text').value = text;
  fitRows($('alert-text'));
  $('alert-panel').hidden = false;
}

/** Shows the whole text without a scroll bar, up to 60 lines. */
function fitRows(area) {
  area.rows = Math.min(60, area.value.split('\n').length + 1);
}

async function copy(area, button) {
  const note = button.parentElement.querySelector('.copied');
  try {
    await navigator.clipboard.writeText(area.value);
  } catch (e) {
    // Without clipboard permission (plain http on another host), fall back to the selection.
    area.select();
    document.execCommand('copy');
  }
  note.textContent = 'Copied to the clipboard.';
  setTimeout(() => { note.textContent = ''; }, 2500);
}

// ---- start --------------------------------------------------------------------------------------

function wire() {
  $('error-close').addEventListener('click', () => { $('error').hidden = true; });
  $('run-query').addEventListener('click', () => guarded(runQuery));
  $('detect').addEventListener('click', () => guarded(detect));
  $('cancel').addEventListener('click', () => guarded(cancel));
  $('show-config').addEventListener('click', () => guarded(showConfig));
  $('show-alert').addEventListener('click', () => guarded(showAlert));
  $('copy-config').addEventListener('click', (ev) => copy($('config-text'), ev.target));
  $('copy-alert').addEventListener('click', (ev) => copy($('alert-text'), ev.target));
  $('validate-model').addEventListener('click', () => guarded(async () => {
    const r = await postJson('api/v1/model/validate', modelSpec(), 'validating the model');
    $('model-valid').textContent = `Valid: ${r.class}`;
  }));
  $('model').addEventListener('change', () => guarded(async () => {
    await selectModel($('model').value, {});
    saveState();
  }));
  $('preset').addEventListener('change', () => guarded(async () => {
    const m = page.serverModels[Number($('preset').value)];
    if (m) {
      const d = page.models.find((x) => x.alias === m.class || x.class === m.class);
      await selectModel(d ? d.alias : m.class, m.args || {});
      saveState();
    }
  }));
  page.results = new Results({ section: $('results-section'), table: $('results-table'), charts: $('charts'), onError: showError });
  $('threshold').addEventListener('change', () => guarded(async () => page.results.redraw(threshold())));
  document.querySelector('main').addEventListener('input', () => saveState());
  document.querySelector('main').addEventListener('change', () => saveState());
  $('query').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      guarded(runQuery);
    }
  });
  $('max-charts').textContent = String(Results.MAX_CHARTS);
  followWidth(() => [page.rawPlot, ...page.results.plots].filter(Boolean), $('query-chart'));
}

async function start() {
  wire();
  await guarded(async () => {
    const info = await getJson('api/v1/server/buildinfo', null, 'reading the server info');
    $('version').textContent = `${info.name} ${info.version}`;
    if (!location.hash && info.ui_default_state) {
      history.replaceState(null, '', info.ui_default_state);
    }
    const s = parseFragment(location.hash);
    applyFields(s);
    await loadModels(info);
    loadServerQueries();
    if (s.modelError) {
      throw new Error(s.modelError);
    }
    const wanted = s.model && s.model.modelType;
    const values = { ...((s.model && s.model.modelSpec) || {}) };
    delete values.class;
    let stale = null;
    if (wanted) {
      try {
        await selectModel(wanted, values);
      } catch (e) {
        stale = e; // a link naming a model this server does not offer: say so, open the default
      }
    }
    if ((!wanted || stale) && page.models.length) {
      await selectModel((page.models.find((m) => m.alias === 'zscore_online') || page.models[0]).alias, {});
    }
    if (stale) {
      throw stale;
    }
    saveState();
    document.body.dataset.ready = 'true';
    if (s.query) {
      await runQuery();
    }
  });
  document.body.dataset.ready = 'true';
}

start();
