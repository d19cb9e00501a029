import type { Attributes } from '@opentelemetry/api';
import { normalizeStatement } from './normalizeStatement.js';

/** Attributes holding a database statement: kept only normalised (`normalizeStatement`). */
export const STATEMENT_ATTRIBUTE_KEYS: readonly string[] = Object.freeze([
  'db.query.text',
  'db.statement',
]);
/** Prefix of the attributes holding a statement's parameters (`db.query.parameter.<key>`): never kept. */
export const STATEMENT_PARAMETER_PREFIX = 'db.query.parameter.';
/** Other attributes of parameter values (instrumentation-pg's `enhancedDatabaseReporting`): never kept. */
export const STATEMENT_VALUE_KEYS: readonly string[] = Object.freeze(['db.postgresql.values']);

/**
 * The attributes of a database span with its statement normalised (every
 * literal masked) and its parameter values left out; a span without `db.system`
 * (or `db.system.name`) is returned as it is, the same object, after two
 * property reads. `attributes` is never changed. `normalize` is
 * `normalizeStatement` or a cache of it (`StatementCache`).
 */
export function maskStatementAttributes(
  attributes: Attributes,
  normalize: (system: string, text: string) => string = normalizeStatement,
): Attributes {
  const system = attributes['db.system.name'] ?? attributes['db.system'];
  if (system === undefined) return attributes;
  let copy: Attributes | undefined;
  for (const key of STATEMENT_ATTRIBUTE_KEYS) {
    const value = attributes[key];
    if (value === undefined) continue;
    copy ??= { ...attributes };
    copy[key] = typeof value === 'string' ? normalize(String(system), value) : '?';
  }
  for (const key of Object.keys(attributes)) {
    if (!key.startsWith(STATEMENT_PARAMETER_PREFIX) && !STATEMENT_VALUE_KEYS.includes(key))
      continue;
    copy ??= { ...attributes };
    delete copy[key];
  }
  return copy ?? attributes;
}
