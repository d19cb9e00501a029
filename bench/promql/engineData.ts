/**
 * The data the engine bench loads (issue 21's speed goal): what `routes`
 * routes × `instances` instances of golden-signals' `/metrics` would have
 * given an engine over `days` days, as classic-histogram samples with their
 * timestamps, one 2-hour window at a time (promtool backfills in 2-hour
 * blocks and re-reads its input per block, so each window is a file of its
 * own). Deterministic: the same options give the same samples.
 */
import { SERVER_DURATION_BOUNDARIES } from '../../src/telemetry/http/ServerDurationHistogram.js';

/** What to generate. */
export interface EngineDataOptions {
  readonly routes: number;
  readonly instances: number;
  readonly days: number;
  /** Seconds between samples over the last 24 hours. */
  readonly recentStepSeconds: number;
  /** Seconds between samples before that. */
  readonly olderStepSeconds: number;
  /** The end of the data, ms since the epoch (a whole minute). */
  readonly endMs: number;
}

/** Every 10th route also answers 500s: a second label set, with `error_type`. */
const ERROR_ROUTE_EVERY = 10;
/** The share of a route's requests at or under each bucket bound (a log-normal around 40 ms). */
const CDF = SERVER_DURATION_BOUNDARIES.map((le) => {
  const z = (Math.log(le) - Math.log(0.04)) / 0.9;
  return 0.5 * (1 + erf(z / Math.SQRT2));
});

/** Abramowitz and Stegun 7.1.26, close enough for a bucket's share. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** One label set: its labels (without `le`) and its requests per minute. */
interface LabelSet {
  readonly labels: string;
  readonly perMinute: number;
}

/** Every label set of the data. */
function labelSets(options: EngineDataOptions): LabelSet[] {
  const sets: LabelSet[] = [];
  for (let i = 0; i < options.instances; i++) {
    const instance = `instance="host-${i}:9469",job="golden-signals"`;
    for (let r = 0; r < options.routes; r++) {
      const route = `http_route="/api/r${r}/:id",network_protocol_version="1.1",otel_scope_name="@opentelemetry/instrumentation-http",url_scheme="http"`;
      // Busy routes first: 1 to 60 requests a minute.
      const perMinute = 1 + ((r * 37) % 60);
      sets.push({
        labels: `${instance},${route},http_request_method="GET",http_response_status_code="200"`,
        perMinute,
      });
      if (r % ERROR_ROUTE_EVERY === 0) {
        sets.push({
          labels: `${instance},${route},error_type="500",http_request_method="GET",http_response_status_code="500"`,
          perMinute: 1,
        });
      }
    }
  }
  return sets;
}

/** The sample times (ms) of the data, oldest first. */
export function sampleTimes(options: EngineDataOptions): number[] {
  const dayMs = 86_400_000;
  const start = options.endMs - options.days * dayMs;
  const recentFrom = options.endMs - dayMs;
  const times: number[] = [];
  for (let t = start; t < recentFrom; t += options.olderStepSeconds * 1000) times.push(t);
  for (let t = recentFrom; t <= options.endMs; t += options.recentStepSeconds * 1000) times.push(t);
  return times;
}

/** How many series and samples the data has. */
export function dataSize(options: EngineDataOptions): { series: number; samples: number } {
  const series = labelSets(options).length * (SERVER_DURATION_BOUNDARIES.length + 3);
  return { series, samples: series * sampleTimes(options).length };
}

/**
 * The data as text lines `name{labels} value timestamp`, grouped by metric
 * name then series, one chunk per 2-hour window: `unit` says whether the
 * timestamps are seconds (OpenMetrics, promtool; it ends with `# EOF`) or
 * milliseconds (VictoriaMetrics' `/api/v1/import/prometheus`).
 */
export function* dataWindows(options: EngineDataOptions, unit: 's' | 'ms'): Generator<string> {
  const sets = labelSets(options);
  const times = sampleTimes(options);
  const start = times[0] as number;
  const windowMs = 2 * 3_600_000;
  const stamp = (t: number) => (unit === 's' ? String(t / 1000) : String(t));
  for (let from = start - (start % windowMs); from <= options.endMs; from += windowMs) {
    const inWindow = times.filter((t) => t >= from && t < from + windowMs);
    if (inWindow.length === 0) continue;
    const lines: string[] = [];
    const name = 'http_server_request_duration';
    const requestsAt = (set: LabelSet, t: number) =>
      Math.floor(((t - start) / 60_000) * set.perMinute);
    for (const set of sets) {
      for (let b = 0; b <= CDF.length; b++) {
        const le = b < CDF.length ? String(SERVER_DURATION_BOUNDARIES[b]) : '+Inf';
        const share = b < CDF.length ? (CDF[b] as number) : 1;
        for (const t of inWindow) {
          lines.push(
            `${name}_bucket{${set.labels},le="${le}"} ${Math.floor(requestsAt(set, t) * share)} ${stamp(t)}`,
          );
        }
      }
    }
    for (const set of sets) {
      for (const t of inWindow)
        lines.push(`${name}_count{${set.labels}} ${requestsAt(set, t)} ${stamp(t)}`);
    }
    for (const set of sets) {
      for (const t of inWindow) {
        lines.push(
          `${name}_sum{${set.labels}} ${(requestsAt(set, t) * 0.05).toFixed(3)} ${stamp(t)}`,
        );
      }
    }
    if (unit === 's') lines.push('# EOF');
    yield `${lines.join('\n')}\n`;
  }
}
