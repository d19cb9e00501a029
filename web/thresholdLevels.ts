/** Threshold colours of the headlines: a level per figure, drawn by CSS from `data-level`. */
import type { ThresholdsAnswer } from './verdictTypes.js';

/** How a figure stands against its thresholds; `none` without a figure to judge. */
export type Level = 'ok' | 'warn' | 'critical' | 'none';

/** The level of `value` against `warn` and `critical` (both reached at equality). */
export function levelOf(value: number | null, warn: number, critical: number): Level {
  if (value === null || !Number.isFinite(value)) return 'none';
  if (value >= critical) return 'critical';
  if (value >= warn) return 'warn';
  return 'ok';
}

/** The figures the headlines show, as the thresholds judge them. */
export interface HeadlineFigures {
  requests: number;
  serverErrors: number;
  p95Ms: number | null;
  loopDelayMs: number | null;
}

/** Each coloured headline's level; rates of fewer than `min_requests` requests are not judged. */
export function headlineLevels(
  f: HeadlineFigures,
  t: ThresholdsAnswer,
): { errors: Level; latency: Level; saturation: Level } {
  const enough = f.requests >= t.min_requests;
  const rate = enough && f.requests > 0 ? f.serverErrors / f.requests : null;
  return {
    errors: levelOf(rate, t.server_error_rate_warn, t.server_error_rate_critical),
    latency: levelOf(enough ? f.p95Ms : null, t.p95_warn_ms, t.p95_critical_ms),
    saturation: levelOf(f.loopDelayMs, t.loop_delay_warn_ms, t.loop_delay_critical_ms),
  };
}
