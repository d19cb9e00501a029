import type { Attributes } from '@opentelemetry/api';
import { maskStatementAttributes } from './maskStatementAttributes.js';
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

/** Each URL-bearing key with the redaction its value takes. */
const REDACTORS: readonly (readonly [string, typeof redactUrl])[] = [
  ...URL_ATTRIBUTE_KEYS.map((key) => [key, redactUrl] as const),
  ...QUERY_ATTRIBUTE_KEYS.map((key) => [key, redactQuery] as const),
];

/**
 * The attributes with the URL-bearing ones ({@link URL_ATTRIBUTE_KEYS},
 * {@link QUERY_ATTRIBUTE_KEYS}) redacted by `mode`, and a database
 * statement normalised whatever the mode (`maskStatementAttributes`). `attributes` is never
 * changed: when a value must be masked, a copy is returned; otherwise the
 * same object, so a span without a query costs a few property reads. Meant
 * for the copies the dashboard keeps; spans bound for the app's exporters
 * stay as its SDK made them.
 */
export function redactAttributes(
  attributes: Attributes,
  mode: RedactQueryMode,
  normalize?: (system: string, text: string) => string,
): Attributes {
  // Statements lose their literals whatever the mode: SQL literals are never kept (issue 23).
  const masked = maskStatementAttributes(attributes, normalize);
  if (mode === 'off') return masked;
  let copy: Attributes | undefined = masked === attributes ? undefined : masked;
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
