import type { SlowestData } from './SlowestData.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** True for `[traceId, timestampMs, durationMs, statusCode, method, endpoint]`, then the span id when known. */
function isSlowestTuple(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    (v.length === 6 || (v.length === 7 && isString(v[6]))) &&
    isString(v[0]) &&
    isNumber(v[1]) &&
    isNumber(v[2]) &&
    Number.isInteger(v[3]) &&
    isString(v[4]) &&
    isString(v[5])
  );
}

/**
 * Checks a snapshot's `slowest` field, whose rows name sources below
 * `sourceCount`, and returns it typed.
 * @throws Error naming the malformed field.
 */
export function checkSlowestData(v: unknown, sourceCount: number): SlowestData {
  const fail = (what: string): never => {
    throw new Error(`snapshot field ${what} is missing or malformed`);
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('slowest');
  const rows = (v as Record<string, unknown>).rows;
  if (!Array.isArray(rows)) return fail('slowest.rows');
  rows.forEach((r: unknown, i) => {
    const row = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const ok =
      Number.isInteger(row.source) &&
      (row.source as number) >= 0 &&
      (row.source as number) < sourceCount &&
      (row.endpoint === null || isString(row.endpoint)) &&
      (row.droppedThrough === null || isNumber(row.droppedThrough)) &&
      Array.isArray(row.requests) &&
      row.requests.every(isSlowestTuple);
    if (!ok) fail(`slowest.rows[${i}]`);
  });
  return v as SlowestData;
}
