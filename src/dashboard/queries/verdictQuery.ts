import type { SloSettings } from '../../slo/SloSettings.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, type SourceFilter } from '../../store/SourceFilter.js';
import type { ThresholdSettings } from '../../thresholds/ThresholdSettings.js';
import { countsOf, mergeLatencyInto } from './filteredTotals.js';
import { emptySketch, quantile } from './LatencySummary.js';
import { isoTime, rate, round2, round4 } from './numbers.js';
import { type BurnWindow, type ObjectiveReport, sloQuery } from './sloQuery.js';
import { type WorstRoutesReport, worstRoutes } from './worstRoutes.js';

/** What the verdict says: from best to worst, and `no_data` without a request to judge. */
export type Verdict = 'ok' | 'degraded' | 'burning' | 'no_data';

/** An objective that pushed the verdict, and how fast it burns. */
export interface BurningObjective {
  name: ObjectiveReport['name'];
  /** Null for the service-wide objective. */
  route: string | null;
  /** The faster of its 1 h and 5 m burn rates (windows with enough requests only). */
  burn_rate: number;
  /** Whether one of its multi-window alert pairs fires. */
  alerting: boolean;
}

/** The thresholds in effect, as the page colours the headlines with them. */
export interface ThresholdsReport {
  server_error_rate_warn: number;
  server_error_rate_critical: number;
  p95_warn_ms: number;
  p95_critical_ms: number;
  loop_delay_warn_ms: number;
  loop_delay_critical_ms: number;
  burn_rate_warn: number;
  min_requests: number;
}

/** The `/dashboard/verdict` answer. */
export interface VerdictReport extends WorstRoutesReport {
  period: string;
  since: string;
  verdict: Verdict;
  /** Why, one sentence each, worst first; empty when `ok`. */
  reasons: string[];
  total_requests: number;
  server_errors: number;
  /** 4xx answers, apart: they are the callers' mistakes more often than the service's. */
  client_errors: number;
  /** server_errors / total_requests; null without requests. */
  server_error_rate: number | null;
  /** Null without requests. */
  p95_ms: number | null;
  /** Objectives burning faster than the threshold, or alerting; most burning first. */
  objectives: BurningObjective[];
  thresholds: ThresholdsReport;
}

const pct = (f: number) => `${round2(f * 100)}%`;
/** A count with thousands grouped, as the page writes counts: `1,250`. */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The burn rate of a window, when it holds enough requests to judge. */
function judged(w: BurnWindow, min: number): number {
  return w.total >= min ? w.burn_rate : 0;
}

/** Objectives over their alert windows: alerting, or burning faster than `burnRateWarn`. */
function burningObjectives(
  store: RequestStore,
  slo: SloSettings,
  filter: SourceFilter,
  t: ThresholdSettings,
): BurningObjective[] {
  const report = sloQuery(store, slo, filter);
  const all = [...report.objectives, ...report.routes.flatMap((r) => r.objectives)];
  const out: BurningObjective[] = [];
  for (const o of all) {
    // An alert on two requests is noise: both windows must hold enough to judge.
    const alerting = o.burn_rates.some(
      (a) => a.alerting && a.long.total >= t.minRequests && a.short.total >= t.minRequests,
    );
    const first = o.burn_rates[0];
    const burn =
      first === undefined
        ? 0
        : Math.max(judged(first.long, t.minRequests), judged(first.short, t.minRequests));
    if (alerting || burn > t.burnRateWarn) {
      out.push({ name: o.name, route: o.route, burn_rate: round4(burn), alerting });
    }
  }
  return out.sort((a, b) => Number(b.alerting) - Number(a.alerting) || b.burn_rate - a.burn_rate);
}

/**
 * Is the service healthy now: `burning` when an objective's alert fires or
 * the 5xx rate of the window reaches the critical threshold; `degraded`
 * when an objective burns faster than the warning rate, the 5xx rate reaches
 * its warning or p95 its critical threshold; `ok` otherwise; `no_data`
 * without requests. Rates of fewer than `minRequests` requests are not
 * judged. Beside it, the worst routes of the window.
 */
export function verdictQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  slo: SloSettings | undefined,
  thresholds: ThresholdSettings,
  filter: SourceFilter = ALL_SOURCES,
): VerdictReport {
  const t = thresholds;
  const view = store.window(periodMs);
  const buckets = view.cover();
  const latency = emptySketch();
  let total = 0;
  let errors = 0;
  let serverErrors = 0;
  for (const bucket of buckets) {
    const c = countsOf(bucket, filter);
    total += c.count;
    errors += c.errors;
    serverErrors += c.serverErrors;
    mergeLatencyInto(bucket, filter, latency);
  }
  const p95 = latency.count === 0 ? null : round2(quantile(latency, 0.95));
  const objectives = slo === undefined ? [] : burningObjectives(store, slo, filter, t);
  const serverRate = total > 0 ? serverErrors / total : null;
  const enough = total >= t.minRequests;
  const burning: string[] = [];
  const degraded: string[] = [];
  for (const o of objectives) {
    const what = `${o.name} objective${o.route === null ? '' : ` of ${o.route}`}`;
    const text = `${what} burns its budget ×${round2(o.burn_rate)}`;
    if (o.alerting) burning.push(`${text} (alerting)`);
    else degraded.push(text);
  }
  if (enough && serverRate !== null) {
    const over = `5xx ${pct(serverRate)} of ${count(total)} requests over ${period}`;
    if (serverRate >= t.serverErrorCritical)
      burning.push(`${over} (≥ ${pct(t.serverErrorCritical)})`);
    else if (serverRate >= t.serverErrorWarn)
      degraded.push(`${over} (≥ ${pct(t.serverErrorWarn)})`);
  }
  if (enough && p95 !== null && p95 >= t.p95CriticalMs) {
    degraded.push(`p95 ${p95} ms over ${period} (≥ ${t.p95CriticalMs} ms)`);
  }
  const verdict: Verdict =
    burning.length > 0
      ? 'burning'
      : degraded.length > 0
        ? 'degraded'
        : total === 0
          ? 'no_data'
          : 'ok';
  return {
    period,
    since: isoTime(view.sinceMs),
    verdict,
    reasons: [...burning, ...degraded],
    total_requests: total,
    server_errors: serverErrors,
    client_errors: errors - serverErrors,
    server_error_rate: serverRate === null ? null : rate(serverErrors, total),
    p95_ms: p95,
    objectives,
    thresholds: {
      server_error_rate_warn: t.serverErrorWarn,
      server_error_rate_critical: t.serverErrorCritical,
      p95_warn_ms: t.p95WarnMs,
      p95_critical_ms: t.p95CriticalMs,
      loop_delay_warn_ms: t.loopDelayWarnMs,
      loop_delay_critical_ms: t.loopDelayCriticalMs,
      burn_rate_warn: t.burnRateWarn,
      min_requests: t.minRequests,
    },
    ...worstRoutes(buckets, filter),
  };
}
