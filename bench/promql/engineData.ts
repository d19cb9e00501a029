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
  /** Seconds between samples over the last `latestHours` (a scrape interval). */
  readonly latestStepSeconds: number;
  /** How many hours back samples come every `latestStepSeconds`. */
  readonly latestHours: number;
  /** Seconds between samples over the rest of the last 24 hours. */
  readonly recentStepSeconds: number;
  /** Seconds between samples before that. */
  readonly olderStepSeconds: number;
  /**
   * How far the data runs past the start of the run (minutes): the timed
   * queries over the next minutes read their windows' edges there, and the
   * 24-hour window's start, as many minutes a day back, is sampled every
   * `latestStepSeconds` too.
   */
  readonly aheadMinutes: number;
  /** The end of the data, ms since the epoch (a whole minute). */
  readonly endMs: number;
}

/** Lines per text part of a window. */
export const PART_LINES = 200_000;
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

/** The engine's lookback (Prometheus' default staleness), in minutes. */
const LOOKBACK_MINUTES = 5;
/** How long before a step's mark a sparse sample sits: inside the engine's 5-minute lookback from the mark. */
const SCRAPE_LEAD_MS = 60_000;

/**
 * The sample times (ms) of the data, oldest first: every
 * `latestStepSeconds` over the last `latestHours` and over the stretch
 * where a 24-hour window asked during the run starts (`aheadMinutes` and
 * the lookback before a day back from the end), every `recentStepSeconds`
 * over the rest of the day, every `olderStepSeconds` before. A real engine
 * holds a sample a scrape interval apart; the sparse stretches (kept so
 * the data loads in minutes) place theirs a minute before each multiple of
 * their step, so a value read at a step's mark (the chunk boundaries there
 * are whole quarters and hours) finds the sample a scrape would have
 * given, within the engine's 5-minute lookback, rather than nothing. Reads
 * over ranges see fewer samples than a real scrape interval gives there.
 */
export function sampleTimes(options: EngineDataOptions): number[] {
  const dayMs = 86_400_000;
  const start = options.endMs - options.days * dayMs;
  const recentFrom = options.endMs - dayMs;
  const bandFrom = recentFrom - (options.aheadMinutes + LOOKBACK_MINUTES) * 60_000;
  const latestFrom = options.endMs - options.latestHours * 3_600_000;
  const times: number[] = [];
  const sparse = (from: number, to: number, stepMs: number) => {
    for (let t = Math.ceil(from / stepMs) * stepMs - SCRAPE_LEAD_MS; t < to; t += stepMs) {
      if (t >= from) times.push(t);
    }
  };
  const latestMs = options.latestStepSeconds * 1000;
  const dense = (from: number, to: number) => {
    for (let t = from; t < to; t += latestMs) times.push(t);
  };
  sparse(start, Math.max(start, bandFrom), options.olderStepSeconds * 1000);
  dense(Math.max(start, bandFrom), recentFrom);
  sparse(recentFrom, latestFrom, options.recentStepSeconds * 1000);
  dense(latestFrom, options.endMs + 1);
  return times;
}

/** How many series and samples the data has. */
export function dataSize(options: EngineDataOptions): { series: number; samples: number } {
  const series = labelSets(options).length * (SERVER_DURATION_BOUNDARIES.length + 3);
  return { series, samples: series * sampleTimes(options).length };
}

/**
 * The data as text lines `name{labels} value timestamp`, grouped by metric
 * name then series, one 2-hour window at a time, each as text parts of
 * at most {@link PART_LINES} lines (a window of minute samples is larger
 * than a string may be): `unit` says whether the
 * timestamps are seconds (OpenMetrics, promtool; it ends with `# EOF`) or
 * milliseconds (VictoriaMetrics' `/api/v1/import/prometheus`).
 */
export function* dataWindows(options: EngineDataOptions, unit: 's' | 'ms'): Generator<string[]> {
  const sets = labelSets(options);
  const times = sampleTimes(options);
  const start = times[0] as number;
  const windowMs = 2 * 3_600_000;
  const stamp = (t: number) => (unit === 's' ? String(t / 1000) : String(t));
  for (let from = start - (start % windowMs); from <= options.endMs; from += windowMs) {
    const inWindow = times.filter((t) => t >= from && t < from + windowMs);
    if (inWindow.length === 0) continue;
    const parts: string[] = [];
    let lines: string[] = [];
    const push = (line: string) => {
      lines.push(line);
      if (lines.length >= PART_LINES) {
        parts.push(`${lines.join('\n')}\n`);
        lines = [];
      }
    };
    const name = 'http_server_request_duration';
    const requestsAt = (set: LabelSet, t: number) =>
      Math.floor(((t - start) / 60_000) * set.perMinute);
    for (const set of sets) {
      for (let b = 0; b <= CDF.length; b++) {
        const le = b < CDF.length ? String(SERVER_DURATION_BOUNDARIES[b]) : '+Inf';
        const share = b < CDF.length ? (CDF[b] as number) : 1;
        for (const t of inWindow) {
          push(
            `${name}_bucket{${set.labels},le="${le}"} ${Math.floor(requestsAt(set, t) * share)} ${stamp(t)}`,
          );
        }
      }
    }
    for (const set of sets) {
      for (const t of inWindow)
        push(`${name}_count{${set.labels}} ${requestsAt(set, t)} ${stamp(t)}`);
    }
    for (const set of sets) {
      for (const t of inWindow) {
        push(`${name}_sum{${set.labels}} ${(requestsAt(set, t) * 0.05).toFixed(3)} ${stamp(t)}`);
      }
    }
    if (unit === 's') lines.push('# EOF');
    if (lines.length > 0) parts.push(`${lines.join('\n')}\n`);
    yield parts;
  }
}
