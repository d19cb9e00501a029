import type { Attributes } from '@opentelemetry/api';
import { normalizeStatement } from './normalizeStatement.js';
import type { RedactQueryMode } from './RedactionSettings.js';
import { redactQuery, redactUrl } from './redactUrl.js';

/** Attributes holding a whole URL or a request target: query, fragment and userinfo are masked. */
export const URL_ATTRIBUTE_KEYS: readonly string[] = Object.freeze([
  'url.full',
  'url.original',
  'http.url',
  'http.target',
  'db.connection_string',
]);

/** Attributes holding a bare query or fragment (no `?`): their values are masked. */
export const QUERY_ATTRIBUTE_KEYS: readonly string[] = Object.freeze(['url.query', 'url.fragment']);

/** Attributes holding a database statement (new and old semantic conventions): its literals are always masked. */
export const STATEMENT_ATTRIBUTE_KEYS: readonly string[] = Object.freeze([
  'db.query.text',
  'db.statement',
]);

/** The span's database system (`db.system.name`, else the older `db.system`), for the masker's dialect. */
function systemOf(attributes: Attributes): string {
  const system = attributes['db.system.name'] ?? attributes['db.system'];
  return typeof system === 'string' ? system : '';
}

/** Each URL-bearing key with the redaction its value takes. */
const REDACTORS: readonly (readonly [string, typeof redactUrl])[] = [
  ...URL_ATTRIBUTE_KEYS.map((key) => [key, redactUrl] as const),
  ...QUERY_ATTRIBUTE_KEYS.map((key) => [key, redactQuery] as const),
];

/**
 * The attributes with the URL-bearing ones ({@link URL_ATTRIBUTE_KEYS},
 * {@link QUERY_ATTRIBUTE_KEYS}) redacted by `mode`, and database statements
 * ({@link STATEMENT_ATTRIBUTE_KEYS}) normalised with every literal masked. `attributes` is never
 * changed: when a value must be masked, a copy is returned; otherwise the
 * same object, so a span without a query costs a few property reads. Meant
 * for the copies the dashboard keeps; spans bound for the app's exporters
 * stay as its SDK made them.
 */
export function redactAttributes(attributes: Attributes, mode: RedactQueryMode): Attributes {
  let copy: Attributes | undefined;
  // Whatever the query mode: a statement's literals are parameter values (issue 23).
  for (const key of STATEMENT_ATTRIBUTE_KEYS) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    const masked = normalizeStatement(systemOf(attributes), value);
    if (masked !== value) {
      copy ??= { ...attributes };
      copy[key] = masked;
    }
  }
  if (mode === 'off') return copy ?? attributes;
  for (const [key, redact] of REDACTORS) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    const redacted = redact(value, mode);
    if (redacted !== value) {
      copy ??= { ...attributes };
      copy[key] = redacted;
    }
  }
  return copy ?? attributes;
}
