// Durations (5m, 1h30m, 7d) and instants (ISO 8601 in UTC, Unix seconds, "now") of the form fields.

const UNITS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds of a duration such as "1h30m"; throws naming the field when it is not one. */
export function durationSeconds(text, field) {
  const t = String(text || '').trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let m;
  let end = 0;
  while ((m = re.exec(t)) !== null) {
    total += parseFloat(m[1]) * UNITS[m[2]];
    end = re.lastIndex;
  }
  if (!t || end !== t.length || total <= 0) {
    throw new Error(`${field}: "${t}" is not a duration (e.g. 5m, 1h30m, 7d)`);
  }
  return total;
}

/** Unix seconds of an instant: empty or "now", digits (Unix seconds) or ISO 8601 (UTC unless a zone is given). */
export function instantSeconds(text, field, nowMs) {
  const t = String(text || '').trim();
  if (!t || t === 'now') {
    return Math.floor(nowMs / 1000);
  }
  if (/^\d+$/.test(t)) {
    return parseInt(t, 10);
  }
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(t) ? t : t + 'Z';
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) {
    throw new Error(`${field}: "${t}" is not a time (use 2024-03-04T00:00:00Z, Unix seconds or now)`);
  }
  return Math.floor(ms / 1000);
}

/** ISO text of Unix seconds, UTC, to the second. */
export function isoSeconds(s) {
  return new Date(s * 1000).toISOString().replace('.000Z', 'Z');
}
