import { EngineError } from '../../src/promql/EngineError.js';
import type {
  InstantSeries,
  PromQlClient,
  RangeSeries,
  RawSample,
  RawSeries,
} from '../../src/promql/PromQlClient.js';
import { HOUR, MINUTE, T0 } from './fakeClock.js';

/**
 * Engine doubles for the loader's unit tests: they answer the few PromQL
 * forms the loader asks (a selector by name, with an offset, in a
 * subquery, or summed per label set) from series held in memory, as an
 * engine with a 5-minute lookback would. The real engines are in the
 * integration tests.
 */

/**
 * A subquery's answer (`expr` ends `[<range>ms:<step>ms]`) at `atMs`: at
 * each step `t`, the value `at` gives just before it (`t - 1`, the inner
 * selector's 1 ms offset), where there is one.
 */
export function subquerySamples(
  expr: string,
  atMs: number,
  at: (t: number) => RawSample | undefined,
): RawSample[] {
  const [, range, step] = /\[(\d+)ms:(\d+)ms\]$/.exec(expr) ?? [];
  const stepMs = Number(step);
  const samples: RawSample[] = [];
  for (let t = Math.ceil((atMs - Number(range)) / stepMs) * stepMs; t <= atMs; t += stepMs) {
    const s = at(t - 1);
    if (s !== undefined) samples.push({ t, v: s.v });
  }
  return samples;
}

export const METRIC = {
  __name__: 'http_server_request_duration_count',
  http_route: '/a',
  http_request_method: 'GET',
  http_response_status_code: '200',
  job: 'shop',
  instance: 'h:1',
};

/** Whether the name matcher of `expr` (`__name__="…"` or `__name__=~"…"`), if any, takes `name`. */
function nameMatches(expr: string, name: string): boolean {
  const exact = /__name__="([^"]+)"/.exec(expr)?.[1];
  if (exact !== undefined) return exact === name;
  const re = /__name__=~"([^"]+)"/.exec(expr)?.[1];
  return re === undefined || new RegExp(`^${re}$`).test(name);
}

/** The labels of a `sum by (…)` in `expr`; none: not a sum. */
function sumLabels(expr: string): string[] | undefined {
  return /sum by \(([^)]*)\)/
    .exec(expr)?.[1]
    ?.split(',')
    .map((l) => l.trim());
}

/** `metric` as a `sum by (labels)` names its group: those labels alone. */
function groupOf(
  metric: Readonly<Record<string, string>>,
  labels: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) if (metric[l] !== undefined) out[l] = metric[l] as string;
  return out;
}

/**
 * An engine double over one `_count` series' raw samples: instant queries
 * and subqueries answer the last sample at or before each time, raw reads
 * every sample, a sum per process names the process's labels alone; other
 * names get nothing; `fail` makes every question fail as an unreachable
 * engine.
 */
export class CounterEngineDouble implements PromQlClient {
  questions = 0;
  rawReads = 0;
  /** Every selector or expression asked, in order. */
  readonly asked: string[] = [];
  fail = false;
  constructor(private readonly raw: readonly RawSample[]) {}

  private check(): void {
    this.questions++;
    if (this.fail) throw new EngineError('engine_unreachable', 'nothing answered');
  }
  private at(t: number): RawSample | undefined {
    return [...this.raw].reverse().find((s) => s.t <= t && s.t > t - 5 * MINUTE);
  }
  async rawSamples(selector: string, atMs: number, rangeMs: number): Promise<RawSeries[]> {
    this.check();
    this.asked.push(selector);
    this.rawReads++;
    const samples = this.raw.filter((s) => s.t > atMs - rangeMs && s.t <= atMs);
    return [{ metric: METRIC, samples, histograms: [] }];
  }
  /** The series `expr` is answered with: the counter, summed or not; none for another name. */
  private metricOf(expr: string): Record<string, string> | undefined {
    if (!nameMatches(expr, METRIC.__name__)) return undefined;
    const by = sumLabels(expr);
    return by === undefined ? METRIC : groupOf(METRIC, by);
  }
  async instant(expr: string, atMs: number): Promise<InstantSeries[]> {
    this.check();
    this.asked.push(expr);
    const s = this.at(atMs);
    const metric = this.metricOf(expr);
    return s === undefined || metric === undefined ? [] : [{ metric, value: s.v }];
  }
  async matrix(expr: string, atMs: number): Promise<RawSeries[]> {
    this.check();
    this.asked.push(expr);
    const metric = this.metricOf(expr);
    if (metric === undefined) return [];
    return [{ metric, samples: subquerySamples(expr, atMs, (t) => this.at(t)), histograms: [] }];
  }
  async exemplarTraceIds(): Promise<string[]> {
    return [];
  }
  async range(): Promise<RangeSeries[]> {
    return [];
  }
  async series(): Promise<Readonly<Record<string, string>>[]> {
    return [];
  }
}

/**
 * A classic histogram's series (count, sum, two buckets) of one label set,
 * each with its raw samples: `route`'s, served as `served(minutes)` says
 * (growing unevenly by default, so a chart's chunks differ), its share
 * under 100 ms `fast`.
 */
export function classicSeries(
  route = '/a',
  served: (minutes: number) => number = (m) => Math.floor((m * 4) ** 1.5),
  fast = 0.75,
): { metric: Record<string, string>; samples: RawSample[] }[] {
  const labels = { ...METRIC, __name__: '', http_route: route };
  const parts: [string, Record<string, string>, (n: number) => number][] = [
    ['_count', {}, (n) => n],
    ['_sum', {}, (n) => n * 0.08],
    ['_bucket', { le: '0.1' }, (n) => Math.floor(n * fast)],
    ['_bucket', { le: '+Inf' }, (n) => n],
  ];
  return parts.map(([suffix, extra, value]) => {
    const samples: RawSample[] = [];
    // Every 15 s for two hours.
    for (let t = T0; t <= T0 + 2 * HOUR; t += 15_000) {
      samples.push({ t, v: value(served((t - T0) / MINUTE)) });
    }
    return {
      metric: { ...labels, ...extra, __name__: `http_server_request_duration${suffix}` },
      samples,
    };
  });
}

/** An engine double over several series: each question answers those its selector's name matches. */
export class HistogramEngineDouble implements PromQlClient {
  readonly asked: string[] = [];
  constructor(private readonly all: ReturnType<typeof classicSeries>) {}
  /** The series `expr` selects, summed per group when it sums (each group's values added at each time). */
  private matching(expr: string): { metric: Record<string, string>; samples: RawSample[] }[] {
    const picked = this.all.filter((s) => nameMatches(expr, s.metric.__name__ ?? ''));
    const by = sumLabels(expr);
    if (by === undefined) return picked;
    const groups = new Map<string, { metric: Record<string, string>; parts: RawSample[][] }>();
    for (const s of picked) {
      const metric = groupOf(s.metric, by);
      const key = JSON.stringify(metric);
      const g = groups.get(key) ?? { metric, parts: [] };
      g.parts.push(s.samples);
      groups.set(key, g);
    }
    // Summed at each time any part has a sample, each part at its last sample then (as a lookback would).
    return [...groups.values()].map(({ metric, parts }) => {
      const times = [...new Set(parts.flatMap((p) => p.map((x) => x.t)))].sort((a, b) => a - b);
      const samples = times.map((t) => ({
        t,
        v: parts.reduce((n, p) => n + (HistogramEngineDouble.at(p, t)?.v ?? 0), 0),
      }));
      return { metric, samples };
    });
  }
  private static at(samples: readonly RawSample[], t: number): RawSample | undefined {
    return [...samples].reverse().find((s) => s.t <= t && s.t > t - 5 * MINUTE);
  }
  async rawSamples(selector: string, atMs: number, rangeMs: number): Promise<RawSeries[]> {
    this.asked.push(selector);
    return this.matching(selector).map((s) => ({
      metric: s.metric,
      samples: s.samples.filter((p) => p.t > atMs - rangeMs && p.t <= atMs),
      histograms: [],
    }));
  }
  async instant(expr: string, atMs: number): Promise<InstantSeries[]> {
    this.asked.push(expr);
    return this.matching(expr).flatMap((s) => {
      const p = HistogramEngineDouble.at(s.samples, atMs);
      return p === undefined ? [] : [{ metric: s.metric, value: p.v }];
    });
  }
  async matrix(expr: string, atMs: number): Promise<RawSeries[]> {
    this.asked.push(expr);
    return this.matching(expr).map((s) => ({
      metric: s.metric,
      samples: subquerySamples(expr, atMs, (t) => HistogramEngineDouble.at(s.samples, t)),
      histograms: [],
    }));
  }
  async exemplarTraceIds(): Promise<string[]> {
    return [];
  }
  async range(): Promise<RangeSeries[]> {
    return [];
  }
  async series(): Promise<Readonly<Record<string, string>>[]> {
    return [];
  }
}
