import type { ThresholdOptions } from '../GoldenSignalsOptions.js';

/** The `GOLDEN_SIGNALS_THRESHOLD_*` variables the threshold options stand for, unset ones left out. */
export function thresholdVariables(options: ThresholdOptions | undefined): [string, string][] {
  if (options === undefined) return [];
  const pairs: [string, number | undefined][] = [
    ['GOLDEN_SIGNALS_THRESHOLD_5XX_WARN', options.serverErrorWarnPercent],
    ['GOLDEN_SIGNALS_THRESHOLD_5XX_CRITICAL', options.serverErrorCriticalPercent],
    ['GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS', options.p95WarnMs],
    ['GOLDEN_SIGNALS_THRESHOLD_P95_CRITICAL_MS', options.p95CriticalMs],
    ['GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_WARN_MS', options.loopDelayWarnMs],
    ['GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_CRITICAL_MS', options.loopDelayCriticalMs],
    ['GOLDEN_SIGNALS_THRESHOLD_BURN_RATE', options.burnRate],
    ['GOLDEN_SIGNALS_THRESHOLD_MIN_REQUESTS', options.minRequests],
  ];
  return pairs.flatMap(([name, v]) => (v === undefined ? [] : [[name, String(v)]]));
}
