import type { WindowView } from '../../store/BucketTiers.js';
import type { BucketView } from '../../store/BucketView.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { emptySketch, quantile } from './LatencySummary.js';
import { isoTime, rate, round2, round4 } from './numbers.js';

/** The values `compare` takes. */
export const COMPARE_VALUES = ['previous'] as const;

/** One endpoint's figures over one window. */
export interface EndpointFigures {
  count: number;
  /** Requests per second over the window's length. */
  rate_per_s: number;
  error_rate: number;
  /** Null without requests. */
  p95_ms: number | null;
}

/** One endpoint, now and in the window before. */
export interface EndpointComparison {
  current: EndpointFigures;
  previous: EndpointFigures;
  /** current − previous; null where either side has no requests (p95) or no rate to compare. */
  change: { rate_per_s: number; error_rate: number; p95_ms: number | null };
}

/** The `compare` part of `/dashboard/requests?compare=previous`. */
export interface CompareReport {
  mode: 'previous';
  current: { since: string; until: string };
  previous: {
    since: string;
    until: string;
    /** False when the retention (or the store's start) does not reach back over the whole previous window. */
    complete: boolean;
    /** Where the kept data of the previous window starts (later than `since` when incomplete). */
    covered_since: string;
  };
  by_endpoint: Record<string, EndpointComparison>;
}

interface Acc {
  count: number;
  errors: number;
  rows: [BucketView, number][];
}

function gather(view: WindowView, filter: SourceFilter): Map<string, Acc> {
  const out = new Map<string, Acc>();
  const of = (endpoint: string): Acc => {
    let acc = out.get(endpoint);
    if (acc === undefined) {
      acc = { count: 0, errors: 0, rows: [] };
      out.set(endpoint, acc);
    }
    return acc;
  };
  for (const bucket of view.cover()) {
    for (let row = 0; row < bucket.series.length; row++) {
      const series = bucket.series[row];
      if (series === undefined || !matchesSource(filter, series.source)) continue;
      const acc = of(series.endpoint);
      const n = bucket.counts[row] ?? 0;
      acc.count += n;
      if (series.statusCode >= 400) acc.errors += n;
    }
    bucket.endpoints.forEach((key, row) => {
      if (matchesSource(filter, key.source)) of(key.endpoint).rows.push([bucket, row]);
    });
  }
  return out;
}

function figures(
  acc: Acc | undefined,
  lengthMs: number,
  sketch: ReturnType<typeof emptySketch>,
): EndpointFigures {
  if (acc === undefined || acc.count === 0) {
    return { count: 0, rate_per_s: 0, error_rate: 0, p95_ms: null };
  }
  sketch.clear();
  for (const [bucket, row] of acc.rows) bucket.mergeEndpointInto(row, sketch);
  return {
    count: acc.count,
    rate_per_s: lengthMs > 0 ? round4(acc.count / (lengthMs / 1000)) : 0,
    error_rate: rate(acc.errors, acc.count),
    p95_ms: sketch.count === 0 ? null : round2(quantile(sketch, 0.95)),
  };
}

/**
 * Each endpoint over the window of the last `periodMs` (as the other
 * queries align it: from a bucket boundary to now) and over the window of
 * the same length just before it, from the same buckets. Rates are per
 * second of each window's own length, so the current, partial minute does
 * not make it look quieter.
 */
export function compareQuery(
  store: RequestStore,
  periodMs: number,
  filter: SourceFilter = ALL_SOURCES,
): CompareReport {
  const current = store.window(periodMs);
  const previousSince = current.sinceMs - periodMs;
  const previous = store.windowBetween(previousSince, current.sinceMs);
  const now = gather(current, filter);
  const before = gather(previous, filter);
  const sketch = emptySketch();
  const currentLength = current.nowMs - current.sinceMs;
  const previousLength = current.sinceMs - previousSince;
  const byEndpoint: [string, EndpointComparison][] = [];
  for (const endpoint of new Set([...now.keys(), ...before.keys()])) {
    const c = figures(now.get(endpoint), currentLength, sketch);
    const p = figures(before.get(endpoint), previousLength, sketch);
    byEndpoint.push([
      endpoint,
      {
        current: c,
        previous: p,
        change: {
          rate_per_s: round4(c.rate_per_s - p.rate_per_s),
          error_rate: round4(c.error_rate - p.error_rate),
          p95_ms: c.p95_ms === null || p.p95_ms === null ? null : round2(c.p95_ms - p.p95_ms),
        },
      },
    ]);
  }
  byEndpoint.sort((a, b) => b[1].current.count - a[1].current.count);
  const coveredSince = Math.max(previous.sinceMs, previousSince);
  return {
    mode: 'previous',
    current: { since: isoTime(current.sinceMs), until: isoTime(current.nowMs) },
    previous: {
      since: isoTime(previousSince),
      until: isoTime(current.sinceMs),
      complete: previous.sinceMs <= previousSince && store.startedAtMs <= previousSince,
      covered_since: isoTime(coveredSince),
    },
    by_endpoint: Object.fromEntries(byEndpoint),
  };
}
