import type { ErrorEntry } from './ErrorRing.js';
import type { FrozenBucketData } from './FrozenBucket.js';

/** Bumped whenever the shape below changes; an older or newer file is moved aside, not misread. */
export const STORE_SNAPSHOT_VERSION = 1;

/** One series of the snapshot's table: endpoint, method, status, error type. */
export type SeriesKey = readonly [
  endpoint: string,
  method: string,
  statusCode: number,
  errorType: string,
];

/** A {@link RequestStore} as plain data, for persistence across restarts. */
export interface StoreSnapshot {
  readonly bucketMs: number;
  readonly retentionMs: number;
  /** Requests recorded since the first start, evicted ones included. */
  readonly recorded: number;
  readonly droppedTooOld: number;
  readonly overflowedRequests: number;
  /** The series the buckets refer to, by position. */
  readonly series: readonly SeriesKey[];
  readonly tiers: readonly {
    readonly widthMs: number;
    readonly closedBefore: number;
    readonly buckets: readonly FrozenBucketData[];
  }[];
  /** Recent errors, oldest first. */
  readonly errors: readonly ErrorEntry[];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function fail(what: string): never {
  throw new Error(`snapshot field ${what} is missing or malformed`);
}

function object(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(what);
  return v as Record<string, unknown>;
}

function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) fail(what);
  return v;
}

function bucket(v: unknown, seriesCount: number, what: string): FrozenBucketData {
  const b = object(v, what);
  const totals = object(b.totals, `${what}.totals`);
  for (const k of ['count', 'sum', 'min', 'max', 'errors', 'serverErrors']) {
    if (typeof totals[k] !== 'number') fail(`${what}.totals.${k}`);
  }
  const series = array(b.series, `${what}.series`);
  if (
    !series.every(
      (id) => Number.isInteger(id) && (id as number) >= 0 && (id as number) < seriesCount,
    )
  ) {
    fail(`${what}.series`);
  }
  if (!isNumber(b.start) || !isNumber(b.widthMs)) fail(`${what}.start`);
  if (typeof b.wideCounts !== 'boolean') fail(`${what}.wideCounts`);
  if (!array(b.endpoints, `${what}.endpoints`).every(isString)) fail(`${what}.endpoints`);
  for (const k of ['counts', 'numbers', 'layout', 'bytes'])
    if (!isString(b[k])) fail(`${what}.${k}`);
  return b as unknown as FrozenBucketData;
}

/**
 * Checks that a parsed JSON value has the snapshot's shape, deeply, and
 * returns it typed; throws naming the first bad field. The bucket arrays are
 * checked again when rebuilt (FrozenBucket.fromData).
 */
export function checkStoreSnapshot(value: unknown): StoreSnapshot {
  const s = object(value, 'payload');
  for (const k of ['bucketMs', 'retentionMs', 'recorded', 'droppedTooOld', 'overflowedRequests']) {
    if (!isNumber(s[k])) fail(k);
  }
  const series = array(s.series, 'series');
  for (const [i, key] of series.entries()) {
    const k = array(key, `series[${i}]`);
    if (
      k.length !== 4 ||
      !isString(k[0]) ||
      !isString(k[1]) ||
      !Number.isInteger(k[2]) ||
      !isString(k[3])
    ) {
      fail(`series[${i}]`);
    }
  }
  for (const [i, t] of array(s.tiers, 'tiers').entries()) {
    const tier = object(t, `tiers[${i}]`);
    if (!isNumber(tier.widthMs) || !isNumber(tier.closedBefore)) fail(`tiers[${i}]`);
    for (const [j, b] of array(tier.buckets, `tiers[${i}].buckets`).entries()) {
      bucket(b, series.length, `tiers[${i}].buckets[${j}]`);
    }
  }
  for (const [i, e] of array(s.errors, 'errors').entries()) {
    const entry = object(e, `errors[${i}]`);
    if (!isNumber(entry.timestampMs) || !isNumber(entry.statusCode)) fail(`errors[${i}]`);
    for (const k of ['endpoint', 'method', 'errorType', 'message', 'traceId']) {
      if (!isString(entry[k])) fail(`errors[${i}].${k}`);
    }
  }
  return s as unknown as StoreSnapshot;
}
