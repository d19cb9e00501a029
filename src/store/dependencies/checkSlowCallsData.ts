import type { DependencyKind } from './CallRecord.js';
import type { SlowCallsData } from './SlowCallsData.js';

const KINDS: ReadonlySet<unknown> = new Set<DependencyKind>([
  'http',
  'database',
  'cache',
  'messaging',
  'other',
]);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** True for `[traceId, spanId, time, duration, status, error, errorType, statement, operation]`. */
function isSlowCallTuple(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length === 9 &&
    isString(v[0]) &&
    isString(v[1]) &&
    isNumber(v[2]) &&
    isNumber(v[3]) &&
    Number.isInteger(v[4]) &&
    (v[5] === 0 || v[5] === 1) &&
    isString(v[6]) &&
    isString(v[7]) &&
    isString(v[8])
  );
}

/**
 * Checks a snapshot's `slowCalls` field and returns it typed.
 * @throws Error naming the malformed field.
 */
export function checkSlowCallsData(v: unknown): SlowCallsData {
  const fail = (what: string): never => {
    throw new Error(`snapshot field ${what} is missing or malformed`);
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('slowCalls');
  const { rows, droppedCalls } = v as Record<string, unknown>;
  if (!Array.isArray(rows)) return fail('slowCalls.rows');
  if (!Number.isInteger(droppedCalls) || (droppedCalls as number) < 0) {
    fail('slowCalls.droppedCalls');
  }
  rows.forEach((r: unknown, i) => {
    const row = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const ok =
      isString(row.service) &&
      isString(row.instance) &&
      isString(row.dependency) &&
      KINDS.has(row.kind) &&
      isString(row.system) &&
      (row.operation === null || isString(row.operation)) &&
      (row.droppedThrough === null || isNumber(row.droppedThrough)) &&
      Array.isArray(row.calls) &&
      row.calls.every(isSlowCallTuple);
    if (!ok) fail(`slowCalls.rows[${i}]`);
  });
  return v as SlowCallsData;
}
