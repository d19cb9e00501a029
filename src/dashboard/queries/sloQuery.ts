import { availabilityRule } from '../../slo/availabilityRule.js';
import { countAtMost } from '../../slo/countAtMost.js';
import type { SloSettings } from '../../slo/SloSettings.js';
import type { RouteObjectives } from '../../slo/sloRoutesOf.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, type SourceFilter } from '../../store/SourceFilter.js';
import { emptySketch } from './LatencySummary.js';
import { isoTime, round4 } from './numbers.js';
import { failedStatusTable, type SloCounts, sloWindowFigures } from './sloWindowFigures.js';

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
  /** The objective and its rule in words: `99.9% of requests succeed (5xx count as failures, 4xx do not)`. */
  description: string;
  /** What counts as a failure, in words: `5xx and 429 count as failures, other 4xx do not`. */
  rule: string;
  /** The route template of a per-route objective (`GOLDEN_SIGNALS_SLO_ROUTES`); null for every route. */
  route: string | null;
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

/** The objectives of one route with objectives of its own. */
export interface RouteObjectivesReport {
  route: string;
  objectives: ObjectiveReport[];
}

/** The `objectives` part of `/dashboard/slo`. */
export interface SloReport {
  window: string;
  /** Over every route. */
  objectives: ObjectiveReport[];
  /** Per route with objectives of its own, in the order configured; empty without any. */
  routes: RouteObjectivesReport[];
}

/** A route's counts when it had none (never: every route asked for is present). */
const NO_REQUESTS: Readonly<SloCounts> = Object.freeze({
  count: 0,
  failed: 0,
  latency: emptySketch(),
});

/** Good and bad of one objective in a window's counts. */
type BadOf = (counts: SloCounts) => number;

/**
 * Each objective over the SLO window (`settings.windowMs`, aligned down to
 * a minute and clamped to the retention), with its error budget and burn
 * rates, over every route and for each route with objectives of its own.
 * Availability fails a request with a 5xx status (a request that ended
 * without one is recorded as 500) or one of `settings.badStatuses`; latency
 * fails one over the threshold, read from the sketches (1%).
 */
export function sloQuery(
  store: RequestStore,
  settings: SloSettings,
  filter: SourceFilter = ALL_SOURCES,
): SloReport {
  const failedStatus = failedStatusTable(settings.badStatuses);
  const routeNames = Object.keys(settings.routes);
  const cache = new Map<number, ReturnType<typeof sloWindowFigures>>();
  const figuresOf = (ms: number) => {
    let f = cache.get(ms);
    if (f === undefined) {
      f = sloWindowFigures(store.window(ms), filter, failedStatus, routeNames);
      cache.set(ms, f);
    }
    return f;
  };
  const objective = (
    route: string | null,
    name: ObjectiveReport['name'],
    text: { description: string; rule: string },
    target: number,
    thresholdMs: number | null,
    badOf: BadOf,
  ): ObjectiveReport => {
    const budget = 1 - target;
    const countsOf = (ms: number) => {
      const f = figuresOf(ms);
      const counts = route === null ? f.all : f.routes.get(route);
      return { sinceMs: f.sinceMs, counts: counts ?? NO_REQUESTS };
    };
    const burn = (window: string, ms: number): BurnWindow => {
      const { sinceMs, counts } = countsOf(ms);
      const bad = counts.count === 0 ? 0 : badOf(counts);
      const ratio = counts.count === 0 ? 0 : bad / counts.count;
      return {
        window,
        since: isoTime(sinceMs),
        total: counts.count,
        bad,
        error_ratio: round4(ratio),
        burn_rate: round4(ratio / budget),
      };
    };
    const whole = countsOf(settings.windowMs);
    const total = whole.counts.count;
    const bad = total === 0 ? 0 : badOf(whole.counts);
    const allowed = budget * total;
    return {
      name,
      ...text,
      route,
      objective: target,
      threshold_ms: thresholdMs,
      window: settings.window,
      since: isoTime(whole.sinceMs),
      total,
      good: total - bad,
      bad,
      error_budget: {
        allowed_bad: round4(allowed),
        remaining_requests: round4(allowed - bad),
        remaining_fraction: total === 0 ? 1 : round4(1 - bad / allowed),
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
  const availability = availabilityRule(settings.badStatuses);
  const objectivesOf = (route: string | null, targets: RouteObjectives): ObjectiveReport[] => {
    const requests = route === null ? 'requests' : `${route} requests`;
    const latencyMs = targets.latencyThresholdMs;
    return [
      objective(
        route,
        'availability',
        {
          description: `${percent(targets.availabilityObjective)} of ${requests} succeed (${availability})`,
          rule: availability,
        },
        targets.availabilityObjective,
        null,
        (c) => c.failed,
      ),
      objective(
        route,
        'latency',
        {
          description: `${percent(targets.latencyObjective)} of ${requests} finish within ${latencyMs} ms`,
          rule: `requests over ${latencyMs} ms count as failures`,
        },
        targets.latencyObjective,
        latencyMs,
        (c) => c.count - countAtMost(c.latency, latencyMs),
      ),
    ];
  };
  return {
    window: settings.window,
    objectives: objectivesOf(null, settings),
    routes: routeNames.flatMap((route) => {
      const targets = settings.routes[route];
      return targets === undefined ? [] : [{ route, objectives: objectivesOf(route, targets) }];
    }),
  };
}
