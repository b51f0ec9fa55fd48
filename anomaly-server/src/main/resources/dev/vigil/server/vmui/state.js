// The page state kept in the URL fragment (#/?key=value&...), so that a reload or a shared link opens
// the same query, range, model and scheduler. Keys follow vmanomaly's UI where it has one
// (g0.expr, g0.step_input, fit_window, fit_every, anomaly_threshold, model_config).

export const KEYS = {
  query: 'g0.expr',
  step: 'g0.step_input',
  range: 'g0.range_input',
  end: 'g0.end_input',
  datasource_url: 'datasource_url',
  fit_window: 'fit_window',
  fit_every: 'fit_every',
  infer_every: 'infer_every',
  threshold: 'anomaly_threshold',
};

/** The state of a fragment: {query, step, ..., model: {modelType, modelSpec}} (absent keys omitted). */
export function parseFragment(hash) {
  const out = {};
  if (!hash) {
    return out;
  }
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  h = h.replace(/^\/?\??/, '');
  const p = new URLSearchParams(h);
  for (const [name, key] of Object.entries(KEYS)) {
    if (p.has(key)) {
      out[name] = p.get(key);
    }
  }
  if (p.has('model_config')) {
    try {
      const m = JSON.parse(p.get('model_config'));
      if (m && typeof m === 'object') {
        out.model = { modelType: m.modelType || (m.modelSpec && m.modelSpec.class), modelSpec: m.modelSpec || {} };
      }
    } catch (e) {
      out.modelError = `the link's model_config is not JSON: ${e.message}`;
    }
  }
  return out;
}

/** The fragment of a state (empty values left out). */
export function toFragment(state) {
  const p = new URLSearchParams();
  for (const [name, key] of Object.entries(KEYS)) {
    const v = state[name];
    if (v !== undefined && v !== null && String(v) !== '') {
      p.set(key, v);
    }
  }
  if (state.model && state.model.modelType) {
    p.set('model_config', JSON.stringify({ modelType: state.model.modelType, modelSpec: state.model.modelSpec }));
  }
  return '#/?' + p.toString();
}
