import { checkSlowCallsData } from '../dependencies/checkSlowCallsData.js';
import type { DependenciesData } from '../dependencies/DependenciesData.js';
import type { SlowCallsData } from '../dependencies/SlowCallsData.js';
import type { ErrorEntry } from '../ErrorRing.js';
import type { ErrorGroupsData } from '../errorGroups/ErrorGroupStore.js';
import type { ExemplarsData } from '../exemplars/ExemplarStore.js';
import type { FrozenBucketData } from '../frozen/FrozenBucketData.js';
import type { SaturationData } from '../saturation/SaturationHistory.js';
import { checkSlowestData } from '../slowest/checkSlowestData.js';
import type { SlowestData } from '../slowest/SlowestData.js';

/**
 * Bumped whenever the shape below changes; a newer file is moved aside, not
 * misread. Version 3 added the drill-down history (exemplars, error groups,
 * saturation), and its bucket layout words may name the sparse and unary bin
 * forms (codes 4 and 5), which a version 2 build would misread; version 2
 * added the sources (service × instance); version 1 files are still read,
 * their data restored into the store's local identity.
 */
export const STORE_SNAPSHOT_VERSION = 3;

/** Versions this build reads: its own, 2 (no drill-down history, no sparse bin forms) and 1 (no sources either). */
export const READABLE_STORE_SNAPSHOT_VERSIONS: readonly number[] = [1, 2, 3];

/**
 * One series of the snapshot's table: endpoint, method, status, error type,
 * and (version 2) the id of its source; without it, the local identity's.
 */
export type SeriesKey = readonly [
  endpoint: string,
  method: string,
  statusCode: number,
  errorType: string,
  source?: number,
];

/** One source of the snapshot's table (version 2). */
export interface SourceKey {
  readonly service: string;
  readonly instance: string;
  readonly recorded: number;
  readonly lastSeenMs: number;
}

/** A {@link RequestStore} as plain data, for persistence across restarts. */
export interface StoreSnapshot {
  readonly bucketMs: number;
  readonly retentionMs: number;
  /** Requests recorded since the first start, evicted ones included. */
  readonly recorded: number;
  readonly droppedTooOld: number;
  readonly overflowedRequests: number;
  /** Requests whose method, status or error type the per-endpoint limits folded; absent before this build. */
  readonly foldedMethodRequests?: number | undefined;
  readonly foldedStatusRequests?: number | undefined;
  readonly foldedErrorTypeRequests?: number | undefined;
  /** Requests folded by the service limit; absent in version 1. */
  readonly overflowedServiceRequests?: number | undefined;
  /** Requests folded by the instance limit; absent in version 1. */
  readonly overflowedInstanceRequests?: number | undefined;
  /** The sources the series and endpoint rows refer to, by position; absent in version 1. */
  readonly sources?: readonly SourceKey[] | undefined;
  /** The series the buckets refer to, by position. */
  readonly series: readonly SeriesKey[];
  readonly tiers: readonly {
    readonly widthMs: number;
    readonly closedBefore: number;
    readonly buckets: readonly FrozenBucketData[];
  }[];
  /** Recent errors, oldest first; version 1 entries name no service or instance. */
  readonly errors: readonly SnapshotErrorEntry[];
  /** Exemplars; absent before version 3. */
  readonly exemplars?: ExemplarsData | undefined;
  /** Error groups and their counts; absent before version 3. */
  readonly errorGroups?: ErrorGroupsData | undefined;
  /** Saturation history; absent before version 3. */
  readonly saturation?: SaturationData | undefined;
  /** The exact slowest requests per endpoint and source; absent before issue 22 (a version 3 field). */
  readonly slowest?: SlowestData | undefined;
  /** Outgoing calls per dependency, endpoint and N+1 finding; absent before issue 23 (a version 3 field). */
  readonly dependencies?: DependenciesData | undefined;
  /** The slowest calls per dependency and operation; absent before issue 23, and while no call was recorded. */
  readonly slowCalls?: SlowCallsData | undefined;
}

/** A recent error as saved: version 1 entries have no `service` and `instance`. */
export type SnapshotErrorEntry = Omit<ErrorEntry, 'service' | 'instance'> &
  Partial<Pick<ErrorEntry, 'service' | 'instance'>>;

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

const isIndex = (v: unknown, below: number): boolean =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) < below;

function bucket(
  v: unknown,
  seriesCount: number,
  sourceCount: number,
  what: string,
): FrozenBucketData {
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
  const endpoints = array(b.endpoints, `${what}.endpoints`);
  if (!endpoints.every(isString)) fail(`${what}.endpoints`);
  if (b.endpointSources !== undefined) {
    const ids = array(b.endpointSources, `${what}.endpointSources`);
    if (ids.length !== endpoints.length || !ids.every((id) => isIndex(id, sourceCount))) {
      fail(`${what}.endpointSources`);
    }
  }
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
  for (const k of [
    'overflowedServiceRequests',
    'overflowedInstanceRequests',
    'foldedMethodRequests',
    'foldedStatusRequests',
    'foldedErrorTypeRequests',
  ]) {
    if (s[k] !== undefined && !isNumber(s[k])) fail(k);
  }
  const sources = s.sources === undefined ? [] : array(s.sources, 'sources');
  for (const [i, v] of sources.entries()) {
    const source = object(v, `sources[${i}]`);
    if (!isString(source.service) || !isString(source.instance)) fail(`sources[${i}]`);
    if (!isNumber(source.recorded) || !isNumber(source.lastSeenMs)) fail(`sources[${i}]`);
  }
  const series = array(s.series, 'series');
  for (const [i, key] of series.entries()) {
    const k = array(key, `series[${i}]`);
    if (
      (k.length !== 4 && k.length !== 5) ||
      !isString(k[0]) ||
      !isString(k[1]) ||
      !Number.isInteger(k[2]) ||
      !isString(k[3]) ||
      (k.length === 5 && !isIndex(k[4], sources.length))
    ) {
      fail(`series[${i}]`);
    }
  }
  for (const [i, t] of array(s.tiers, 'tiers').entries()) {
    const tier = object(t, `tiers[${i}]`);
    if (!isNumber(tier.widthMs) || !isNumber(tier.closedBefore)) fail(`tiers[${i}]`);
    for (const [j, b] of array(tier.buckets, `tiers[${i}].buckets`).entries()) {
      bucket(b, series.length, sources.length, `tiers[${i}].buckets[${j}]`);
    }
  }
  for (const [i, e] of array(s.errors, 'errors').entries()) {
    const entry = object(e, `errors[${i}]`);
    if (!isNumber(entry.timestampMs) || !isNumber(entry.statusCode)) fail(`errors[${i}]`);
    for (const k of ['endpoint', 'method', 'errorType', 'message', 'traceId']) {
      if (!isString(entry[k])) fail(`errors[${i}].${k}`);
    }
    for (const k of ['service', 'instance', 'spanId']) {
      if (entry[k] !== undefined && !isString(entry[k])) fail(`errors[${i}].${k}`);
    }
  }
  checkDrillDown(s, sources.length);
  if (s.slowest !== undefined) checkSlowestData(s.slowest, sources.length);
  if (s.slowCalls !== undefined) checkSlowCallsData(s.slowCalls);
  return s as unknown as StoreSnapshot;
}

/** `[traceId, timestampMs, durationMs, statusCode, method]`, then the span id when there is one. */
function isExemplarTuple(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    (v.length === 5 || (v.length === 6 && isString(v[5]))) &&
    isString(v[0]) &&
    isNumber(v[1]) &&
    isNumber(v[2]) &&
    Number.isInteger(v[3]) &&
    isString(v[4])
  );
}

function tiersOf(v: unknown, what: string): Record<string, unknown>[] {
  return array(object(v, what).tiers, `${what}.tiers`).map((t, i) => {
    const tier = object(t, `${what}.tiers[${i}]`);
    if (!isNumber(tier.widthMs)) fail(`${what}.tiers[${i}].widthMs`);
    return tier;
  });
}

/** The version 3 parts, when present: every field a restore reads, typed. */
function checkDrillDown(s: Record<string, unknown>, sourceCount: number): void {
  if (s.exemplars !== undefined) {
    const e = object(s.exemplars, 'exemplars');
    if (!isNumber(e.dropped)) fail('exemplars.dropped');
    for (const [i, tier] of tiersOf(e, 'exemplars').entries()) {
      for (const [j, b] of array(tier.buckets, `exemplars.tiers[${i}].buckets`).entries()) {
        const what = `exemplars.tiers[${i}].buckets[${j}]`;
        const bucket = object(b, what);
        if (!isNumber(bucket.start)) fail(`${what}.start`);
        for (const r of array(bucket.rows, `${what}.rows`)) {
          const row = object(r, `${what}.rows`);
          if (!isString(row.endpoint) || !isIndex(row.source, sourceCount)) fail(`${what}.rows`);
          if (!array(row.exemplars, `${what}.rows.exemplars`).every(isExemplarTuple)) {
            fail(`${what}.rows.exemplars`);
          }
        }
      }
    }
    if (e.rolledBefore !== null && !isNumber(e.rolledBefore)) fail('exemplars.rolledBefore');
    if (e.live !== undefined) {
      const live = object(e.live, 'exemplars.live');
      if (!isNumber(live.start)) fail('exemplars.live.start');
      for (const [i, r] of array(live.rows, 'exemplars.live.rows').entries()) {
        const row = object(r, `exemplars.live.rows[${i}]`);
        const ok =
          isString(row.endpoint) &&
          isIndex(row.source, sourceCount) &&
          Number.isInteger(row.lo) &&
          array(row.counts, `exemplars.live.rows[${i}].counts`).every(isNumber) &&
          [row.firsts, row.top].every((list) =>
            array(list, `exemplars.live.rows[${i}]`).every(isExemplarTuple),
          );
        if (!ok) fail(`exemplars.live.rows[${i}]`);
      }
    }
    for (const [i, c] of array(e.hourCounts, 'exemplars.hourCounts').entries()) {
      const h = object(c, `exemplars.hourCounts[${i}]`);
      const counts = array(h.counts, `exemplars.hourCounts[${i}].counts`);
      const ok =
        isNumber(h.start) &&
        isString(h.endpoint) &&
        isIndex(h.source, sourceCount) &&
        Number.isInteger(h.lo) &&
        counts.every(isNumber);
      if (!ok) fail(`exemplars.hourCounts[${i}]`);
    }
  }
  if (s.errorGroups !== undefined) {
    const g = object(s.errorGroups, 'errorGroups');
    if (!isNumber(g.overflowed)) fail('errorGroups.overflowed');
    if (g.rolledBefore != null && !isNumber(g.rolledBefore)) fail('errorGroups.rolledBefore');
    const groups = array(g.groups, 'errorGroups.groups');
    for (const [i, v] of groups.entries()) {
      const group = object(v, `errorGroups.groups[${i}]`);
      const ok =
        isIndex(group.source, sourceCount) &&
        ['endpoint', 'errorType', 'template', 'sampleTraceId'].every((k) => isString(group[k])) &&
        typeof group.other === 'boolean' &&
        isNumber(group.firstSeenMs) &&
        isNumber(group.lastSeenMs);
      if (!ok) fail(`errorGroups.groups[${i}]`);
    }
    for (const [i, tier] of tiersOf(g, 'errorGroups').entries()) {
      for (const [j, b] of array(tier.buckets, `errorGroups.tiers[${i}].buckets`).entries()) {
        const what = `errorGroups.tiers[${i}].buckets[${j}]`;
        const bucket = object(b, what);
        const keys = array(bucket.keys, `${what}.keys`);
        const counts = array(bucket.counts, `${what}.counts`);
        const ok =
          isNumber(bucket.start) &&
          keys.length === counts.length &&
          keys.every((k) => isIndex(Math.floor(Number(k) / 1000), groups.length)) &&
          counts.every((n) => Number.isInteger(n) && (n as number) >= 0);
        if (!ok) fail(what);
      }
    }
  }
  if (s.saturation !== undefined) {
    const sat = object(s.saturation, 'saturation');
    if (!isNumber(sat.dropped)) fail('saturation.dropped');
    if (sat.rolledBefore != null && !isNumber(sat.rolledBefore)) fail('saturation.rolledBefore');
    for (const [i, tier] of tiersOf(sat, 'saturation').entries()) {
      for (const [j, b] of array(tier.buckets, `saturation.tiers[${i}].buckets`).entries()) {
        const what = `saturation.tiers[${i}].buckets[${j}]`;
        const bucket = object(b, what);
        if (!isNumber(bucket.start)) fail(`${what}.start`);
        for (const p of array(bucket.points, `${what}.points`)) {
          const point = object(p, `${what}.points`);
          const ok =
            isString(point.service) &&
            isString(point.instance) &&
            [
              'samples',
              'delayP99MaxMs',
              'utilizationSum',
              'heapUsedMaxBytes',
              'rssMaxBytes',
              'peakActive',
            ].every((k) => isNumber(point[k]));
          if (!ok) fail(`${what}.points`);
        }
      }
    }
  }
}
