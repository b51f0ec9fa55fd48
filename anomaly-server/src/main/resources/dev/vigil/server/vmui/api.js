// Calls of Vigil's REST API. Paths are relative to the page (served at <path_prefix>/vmui/), so a
// server path_prefix needs nothing here. Every failure becomes an ApiError carrying what the server
// said: the JSON error's detail and field, a configuration's error list, or the datasource's message.

export class ApiError extends Error {
  constructor(status, message, field, errors) {
    super(message);
    this.status = status;
    this.field = field || null;
    this.errors = errors || [];
  }
}

const BASE = '../';

async function answer(res, what) {
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (res.ok) {
    return body === null ? text : body;
  }
  if (body && typeof body === 'object') {
    // Vigil's errors: {detail, field, status}; a datasource's: {status: "error", error}.
    const msg = body.detail || body.error || JSON.stringify(body);
    throw new ApiError(res.status, `${what}: ${msg}`, body.field, body.errors);
  }
  throw new ApiError(res.status, `${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
}

async function call(path, init, what) {
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, `${what}: the server did not answer (${e.message})`);
  }
  return answer(res, what);
}

export function getJson(path, params, what) {
  const q = params ? '?' + new URLSearchParams(params).toString() : '';
  return call(path + q, { headers: { Accept: 'application/json' } }, what);
}

export function getText(path, params, what) {
  const q = params ? '?' + new URLSearchParams(params).toString() : '';
  return call(path + q, {}, what);
}

export function postJson(path, body, what) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  }, what);
}

export function del(path, what) {
  return call(path, { method: 'DELETE' }, what);
}
