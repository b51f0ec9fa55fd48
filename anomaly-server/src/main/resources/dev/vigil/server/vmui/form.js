// The model form generated from GET /api/v1/model/schema: one input per argument, typed by the
// argument's type, its default as placeholder, required ones marked. Only the values a user sets are
// sent, so the model's defaults apply to the rest.

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === 'text') {
      e.textContent = v;
    } else {
      e.setAttribute(k, v === true ? '' : v);
    }
  }
  children.forEach((c) => e.append(c));
  return e;
}

export { el };

function shown(v) {
  return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Fills `container` with the inputs of `schema` (the answer of /api/v1/model/schema) and the values of
 * `values` (argument -> value); returns a reader of the values set.
 */
export function renderModelForm(container, schema, values) {
  container.replaceChildren();
  const own = el('div', { class: 'args' });
  const commonArgs = el('div', { class: 'args' });
  const common = el('details', { class: 'common-args' },
    el('summary', { text: 'Arguments every model shares (score pipeline, online learning)' }), commonArgs);
  container.append(own, common);
  const props = schema.schema.properties;
  const required = new Set(schema.schema.required || []);
  const inputs = [];
  for (const [name, p] of Object.entries(props)) {
    if (name === 'class') {
      continue;
    }
    const type = p['x-vigil-type'] || 'string';
    const id = 'arg-' + name;
    const dot = name.indexOf('.');
    const v = !values ? undefined : dot > 0 ? (values[name.slice(0, dot)] || {})[name.slice(dot + 1)] : values[name];
    let input;
    if (type === 'boolean') {
      input = el('select', { id, name, 'data-field': 'model_spec.' + name, 'data-type': type });
      input.append(el('option', { value: '', text: `default (${shown(p.default)})` }),
        el('option', { value: 'true', text: 'true' }), el('option', { value: 'false', text: 'false' }));
      input.value = v === undefined || v === null ? '' : String(v);
    } else {
      input = el('input', {
        id, name, type: 'text', 'data-field': 'model_spec.' + name, 'data-type': type,
        placeholder: p.default === undefined ? (required.has(name) ? 'required' : '') : shown(p.default),
        inputmode: type === 'number' || type === 'integer' ? 'decimal' : null,
      });
      input.value = shown(v);
    }
    const label = el('label', { for: id, title: p.description || '' },
      el('span', { class: 'arg-name', text: name + (required.has(name) ? ' *' : '') }),
      el('span', { class: 'arg-type', text: type }));
    const help = el('div', { class: 'arg-doc', text: p.description || '' });
    const box = p['x-vigil-group'] === 'common' ? commonArgs : own;
    box.append(el('div', { class: 'arg' }, label, input, help, el('div', { class: 'field-error' })));
    if (box === commonArgs && shown(v) !== '') {
      common.open = true;
    }
    inputs.push({ name, type, input, required: required.has(name) });
  }
  if (!own.childElementCount) {
    own.append(el('p', { class: 'hint', text: 'This model has no arguments of its own.' }));
  }
  if (!commonArgs.childElementCount) {
    common.remove();
  }
  return () => readValues(inputs);
}

/** The arguments set in the form; throws naming the argument whose text is not of its type. */
function readValues(inputs) {
  const out = {};
  for (const { name, type, input, required } of inputs) {
    const t = input.value.trim();
    if (t === '') {
      if (required) {
        throw Object.assign(new Error(`model argument '${name}' is required`), { field: 'model_spec.' + name });
      }
      continue;
    }
    const v = parseValue(name, type, t);
    const dot = name.indexOf('.');
    if (dot > 0) {
      // A nested argument (args.trend) goes into its section's object.
      const head = name.slice(0, dot);
      out[head] = Object.assign(out[head] || {}, { [name.slice(dot + 1)]: v });
    } else {
      out[name] = v;
    }
  }
  return out;
}

function parseValue(name, type, t) {
  const bad = (what) => Object.assign(new Error(`model argument '${name}' must be ${what}, got "${t}"`),
    { field: 'model_spec.' + name });
  switch (type) {
    case 'boolean':
      return t === 'true';
    case 'integer':
      if (!/^-?\d+$/.test(t)) {
        throw bad('an integer');
      }
      return parseInt(t, 10);
    case 'integer_or_auto':
      return /^-?\d+$/.test(t) ? parseInt(t, 10) : t;
    case 'number':
      // "inf" and "-inf" are numbers to the server's argument parser; JSON has no infinity.
      if (/^[-+]?inf$/i.test(t)) {
        return t.toLowerCase();
      }
      if (Number.isNaN(Number(t))) {
        throw bad('a number');
      }
      return Number(t);
    case 'number_or_pair':
    case 'number_list':
    case 'string_list':
    case 'map_list':
    case 'map':
      if (type === 'number_or_pair' && !Number.isNaN(Number(t))) {
        return Number(t);
      }
      try {
        return JSON.parse(t);
      } catch (e) {
        throw bad('JSON (e.g. [1, 2] or {"a": 1})');
      }
    default:
      return t;
  }
}
