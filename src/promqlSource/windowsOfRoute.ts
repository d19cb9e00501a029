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
}

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
      return { chartMs: OVERVIEW_WINDOW_MS, windowsMs: [OVERVIEW_WINDOW_MS] };
    case '/requests':
      return {
        chartMs: periodMs,
        windowsMs: query.get('compare') === 'previous' ? [periodMs, 2 * periodMs] : [periodMs],
      };
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
  return { chartMs: Math.max(...windowsMs), windowsMs };
}
