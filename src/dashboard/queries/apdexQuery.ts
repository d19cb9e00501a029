import { countAtMost } from '../../slo/countAtMost.js';
import type { SloSettings } from '../../slo/SloSettings.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, type SourceFilter } from '../../store/SourceFilter.js';
import { endpointRows } from './endpointRows.js';
import { emptySketch } from './LatencySummary.js';
import { isoTime, round4 } from './numbers.js';

/** Apdex of some requests: (satisfied + tolerating / 2) / total; null without requests. */
export interface ApdexScore {
  threshold_ms: number;
  score: number | null;
  satisfied: number;
  tolerating: number;
  frustrated: number;
  total: number;
}

/** The `apdex` part of `/dashboard/slo`. */
export interface ApdexReport {
  period: string;
  since: string;
  /** Over every endpoint, each judged by its own threshold; `threshold_ms` is the default T. */
  overall: ApdexScore;
  by_endpoint: Record<string, ApdexScore>;
}

function score(
  thresholdMs: number,
  satisfied: number,
  tolerating: number,
  total: number,
): ApdexScore {
  return {
    threshold_ms: thresholdMs,
    score: total === 0 ? null : round4((satisfied + tolerating / 2) / total),
    satisfied,
    tolerating,
    frustrated: total - satisfied - tolerating,
    total,
  };
}

/**
 * Apdex per endpoint and overall over the window: satisfied at most T,
 * tolerating at most 4T, frustrated beyond, from the merged latency
 * sketches (so within 1% at T and 4T). T is the endpoint's own when
 * configured, else the default. Errors count by their duration, as Apdex
 * has no notion of status here.
 */
export function apdexQuery(
  store: RequestStore,
  settings: SloSettings,
  period: string,
  periodMs: number,
  filter: SourceFilter = ALL_SOURCES,
): ApdexReport {
  const view = store.window(periodMs);
  const rowsOf = endpointRows(view.cover(), filter);
  const merged = emptySketch();
  const byEndpoint: [string, ApdexScore][] = [];
  let satisfied = 0;
  let tolerating = 0;
  let total = 0;
  for (const [endpoint, rows] of rowsOf) {
    merged.clear();
    for (const [bucket, row] of rows) bucket.mergeEndpointInto(row, merged);
    const t = settings.apdexRoutes[endpoint] ?? settings.apdexThresholdMs;
    const s = countAtMost(merged, t);
    const tol = countAtMost(merged, 4 * t) - s;
    byEndpoint.push([endpoint, score(t, s, tol, merged.count)]);
    satisfied += s;
    tolerating += tol;
    total += merged.count;
  }
  byEndpoint.sort((a, b) => (a[1].score ?? 1) - (b[1].score ?? 1));
  return {
    period,
    since: isoTime(view.sinceMs),
    overall: score(settings.apdexThresholdMs, satisfied, tolerating, total),
    by_endpoint: Object.fromEntries(byEndpoint),
  };
}
