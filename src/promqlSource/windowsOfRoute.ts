import type { SloSettings } from '../slo/SloSettings.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The windows the SLO queries read besides the SLO window: the alert pairs' 5m, 30m, 1h and 6h. */
export const SLO_ALERT_WINDOWS_MS: readonly number[] = [5, 30, 60, 360].map((m) => m * MINUTE_MS);

/** The overview's window: the last hour. */
export const OVERVIEW_WINDOW_MS = HOUR_MS;

/** What an answer reads of the engine: how far back, and which windows ending now must be exact. */
export interface EngineWindows {
  /** The period its charts step through (their step sets how finely the window is filled). */
  readonly chartMs: number;
  /** Every window ending now that it sums; the longest is how far back it reads. */
  readonly windowsMs: readonly number[];
  /** How finely the answer reads durations (percentiles, Apdex, averages); absent: `steps`. */
  readonly durations?: DurationsRead;
}

/**
 * How finely an answer reads durations, each cheaper to ask the engine than
 * the one before (a classic histogram has ~20 bucket series per label set,
 * the counter one):
 * - `steps`: per chart step of each series (an endpoint's chart): every
 *   series at every chunk;
 * - `chart`: per chart step of the whole (the latency chart) and over each
 *   window per series: the sums per process at every chunk, every series at
 *   the windows' edges;
 * - `windows`: over each window ending now only (no latency chart): the
 *   buckets at the windows' edges, the counts at every chunk;
 * - `overall`: over each window ending now, of the whole only (the
 *   overview shows no endpoint's latency): the buckets summed per process
 *   at the windows' edges;
 * - `none`: counts only: the request counters alone.
 */
export type DurationsRead = 'steps' | 'chart' | 'windows' | 'overall' | 'none';

/**
 * The windows the answer of `path` reads for a `period` of `periodMs`
 * (already validated): `compare=previous` reads the period before too, the
 * objectives read the SLO window and the alert pairs' windows.
 */
export function windowsOfRoute(
  path: string,
  periodMs: number,
  query: URLSearchParams,
  slo: SloSettings | undefined,
): EngineWindows {
  const objectives = slo === undefined ? [] : [slo.windowMs, ...SLO_ALERT_WINDOWS_MS];
  switch (path) {
    case '/overview':
      return { chartMs: OVERVIEW_WINDOW_MS, windowsMs: [OVERVIEW_WINDOW_MS], durations: 'overall' };
    // The comparison's p95 is over each window; the requests alone, and the errors, count only.
    case '/requests':
      return query.get('compare') === 'previous'
        ? { chartMs: periodMs, windowsMs: [periodMs, 2 * periodMs], durations: 'windows' }
        : { chartMs: periodMs, windowsMs: [periodMs], durations: 'none' };
    case '/errors':
      return { chartMs: periodMs, windowsMs: [periodMs], durations: 'none' };
    // Its figures are the gauges the engine scraped: of the requests, the sources alone.
    case '/saturation':
      return { chartMs: periodMs, windowsMs: [periodMs], durations: 'none' };
    // Its chart is of the whole; per endpoint, figures over the period only.
    case '/latency':
      return { chartMs: periodMs, windowsMs: [periodMs], durations: 'chart' };
    // No chart: window totals only, so the grid can be as coarse as the longest window allows.
    case '/slo':
    case '/verdict':
      return totalsOnly([periodMs, ...objectives]);
    case '/alerts':
      return totalsOnly(objectives.length === 0 ? [HOUR_MS] : objectives);
    default:
      return { chartMs: periodMs, windowsMs: [periodMs] };
  }
}

/** Windows summed, never charted: the fill's grid follows the longest. */
function totalsOnly(windowsMs: readonly number[]): EngineWindows {
  return { chartMs: Math.max(...windowsMs), windowsMs, durations: 'windows' };
}
