import { countAtMost } from '../../slo/countAtMost.js';
import type { SloSettings } from '../../slo/SloSettings.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, type SourceFilter } from '../../store/SourceFilter.js';
import { isoTime, round4 } from './numbers.js';
import { windowFigures } from './windowFigures.js';

const MINUTE_MS = 60_000;

/**
 * The multi-window, multi-burn-rate alerts of the Google SRE workbook
 * (chapter "Alerting on SLOs"): page when both windows of a pair burn the
 * budget faster than the threshold, 2% of a 30-day budget in 1 h, 5% in 6 h.
 */
export const BURN_RATE_ALERTS = [
  { long: '1h', longMs: 60 * MINUTE_MS, short: '5m', shortMs: 5 * MINUTE_MS, threshold: 14.4 },
  { long: '6h', longMs: 360 * MINUTE_MS, short: '30m', shortMs: 30 * MINUTE_MS, threshold: 6 },
] as const;

/** Good and bad requests of one window, and how fast they burn the budget. */
export interface BurnWindow {
  window: string;
  since: string;
  total: number;
  bad: number;
  /** bad / total; 0 without requests. */
  error_ratio: number;
  /** error_ratio / (1 − objective): 1 spends the budget exactly over the SLO window. */
  burn_rate: number;
}

/** One alert pair: it fires when both windows burn faster than `threshold`. */
export interface BurnRateAlert {
  long: BurnWindow;
  short: BurnWindow;
  threshold: number;
  alerting: boolean;
}

/** One objective over the SLO window. */
export interface ObjectiveReport {
  name: 'availability' | 'latency';
  description: string;
  /** As a fraction: 0.999. */
  objective: number;
  /** The latency objective's threshold; null for availability. */
  threshold_ms: number | null;
  window: string;
  since: string;
  total: number;
  good: number;
  bad: number;
  error_budget: {
    /** Bad requests the objective allows over the window's total: (1 − objective) × total. */
    allowed_bad: number;
    /** allowed_bad − bad; negative once the budget is overspent. */
    remaining_requests: number;
    /** 1 − bad / allowed_bad (1 without requests); negative once overspent. */
    remaining_fraction: number;
  };
  burn_rates: BurnRateAlert[];
}

/** The `objectives` part of `/dashboard/slo`. */
export interface SloReport {
  window: string;
  objectives: ObjectiveReport[];
}

type BadOf = (figures: ReturnType<typeof windowFigures>) => number;

/**
 * Each objective over the SLO window (`settings.windowMs`, aligned down to
 * a minute and clamped to the retention), with its error budget and burn
 * rates. An error is what the store counts as one (status ≥ 400); a slow
 * request is one over the latency threshold, read from the sketches (1%).
 */
export function sloQuery(
  store: RequestStore,
  settings: SloSettings,
  filter: SourceFilter = ALL_SOURCES,
): SloReport {
  const cache = new Map<number, ReturnType<typeof windowFigures> & { sinceMs: number }>();
  const figuresOf = (ms: number) => {
    let f = cache.get(ms);
    if (f === undefined) {
      const view = store.window(ms);
      f = { ...windowFigures(view, filter), sinceMs: view.sinceMs };
      cache.set(ms, f);
    }
    return f;
  };
  const objective = (
    name: ObjectiveReport['name'],
    description: string,
    target: number,
    thresholdMs: number | null,
    badOf: BadOf,
  ): ObjectiveReport => {
    const budget = 1 - target;
    const burn = (window: string, ms: number): BurnWindow => {
      const f = figuresOf(ms);
      const bad = badOf(f);
      const ratio = f.count === 0 ? 0 : bad / f.count;
      return {
        window,
        since: isoTime(f.sinceMs),
        total: f.count,
        bad,
        error_ratio: round4(ratio),
        burn_rate: round4(ratio / budget),
      };
    };
    const whole = figuresOf(settings.windowMs);
    const bad = badOf(whole);
    const allowed = budget * whole.count;
    return {
      name,
      description,
      objective: target,
      threshold_ms: thresholdMs,
      window: settings.window,
      since: isoTime(whole.sinceMs),
      total: whole.count,
      good: whole.count - bad,
      bad,
      error_budget: {
        allowed_bad: round4(allowed),
        remaining_requests: round4(allowed - bad),
        remaining_fraction: whole.count === 0 ? 1 : round4(1 - bad / allowed),
      },
      burn_rates: BURN_RATE_ALERTS.map((pair): BurnRateAlert => {
        const long = burn(pair.long, pair.longMs);
        const short = burn(pair.short, pair.shortMs);
        return {
          long,
          short,
          threshold: pair.threshold,
          alerting: long.burn_rate > pair.threshold && short.burn_rate > pair.threshold,
        };
      }),
    };
  };
  const percent = (f: number) => `${round4(f * 100)}%`;
  const latencyMs = settings.latencyThresholdMs;
  return {
    window: settings.window,
    objectives: [
      objective(
        'availability',
        `${percent(settings.availabilityObjective)} of requests succeed (status < 400)`,
        settings.availabilityObjective,
        null,
        (f) => f.errors,
      ),
      objective(
        'latency',
        `${percent(settings.latencyObjective)} of requests finish within ${latencyMs} ms`,
        settings.latencyObjective,
        latencyMs,
        (f) => f.count - countAtMost(f.latency, latencyMs),
      ),
    ],
  };
}
