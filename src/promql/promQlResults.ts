import { EngineError } from './EngineError.js';
import type {
  InstantSeries,
  NativeBucket,
  NativeHistogramSample,
  RawSample,
  RawSeries,
} from './PromQlClient.js';

/** Thrown inside the parsers; the caller turns it into an `engine_bad_answer` naming the engine. */
class Malformed extends Error {}

function bad(what: string): never {
  throw new Malformed(what);
}

/** A sample value as the API writes it: a decimal string, `NaN`, `+Inf` or `-Inf`. */
function number(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return bad(`${what} is not a string`);
  if (value === '+Inf' || value === 'Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  if (value === 'NaN') return Number.NaN;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  return Number.isNaN(n) ? bad(`${what} is not a number: ${value.slice(0, 40)}`) : n;
}

/** A timestamp in seconds (a float) as epoch milliseconds. */
function millis(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return bad('a timestamp is not a number');
  return Math.round(value * 1000);
}

function pair(value: unknown): readonly [unknown, unknown] {
  return Array.isArray(value) && value.length === 2
    ? [value[0], value[1]]
    : bad('a sample is not [time, value]');
}

function labels(value: unknown): Readonly<Record<string, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return bad('a metric is not an object');
  for (const v of Object.values(value))
    if (typeof v !== 'string') bad('a label value is not a string');
  return value as Record<string, string>;
}

function sample(value: unknown): RawSample {
  const [t, v] = pair(value);
  return { t: millis(t), v: number(v, 'a value') };
}

function bucket(value: unknown): NativeBucket {
  if (!Array.isArray(value) || value.length !== 4)
    return bad('a bucket is not [rule, lower, upper, count]');
  const rule = value[0];
  if (typeof rule !== 'number' || !Number.isInteger(rule) || rule < 0 || rule > 3)
    bad('a bucket rule is not 0-3');
  return {
    boundaryRule: rule,
    lower: number(value[1], 'a bucket boundary'),
    upper: number(value[2], 'a bucket boundary'),
    count: number(value[3], 'a bucket count'),
  };
}

function histogram(value: unknown): NativeHistogramSample {
  const [t, h] = pair(value);
  if (typeof h !== 'object' || h === null) return bad('a histogram is not an object');
  const { count, sum, buckets } = h as { count?: unknown; sum?: unknown; buckets?: unknown };
  if (buckets !== undefined && !Array.isArray(buckets)) bad('histogram buckets are not a list');
  return {
    t: millis(t),
    count: number(count, 'a histogram count'),
    sum: number(sum, 'a histogram sum'),
    buckets: ((buckets as unknown[] | undefined) ?? []).map(bucket),
  };
}

function list(value: unknown, what: string): unknown[] {
  return Array.isArray(value) ? value : bad(`${what} is not a list`);
}

function result(data: unknown, types: readonly string[]): { type: string; result: unknown } {
  if (typeof data !== 'object' || data === null) return bad('data is not an object');
  const { resultType, result } = data as { resultType?: unknown; result?: unknown };
  if (typeof resultType !== 'string' || !types.includes(resultType)) {
    return bad(`resultType is ${String(resultType).slice(0, 20)}, not ${types.join(' or ')}`);
  }
  return { type: resultType, result };
}

function parsing<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof Malformed)) throw err;
    throw new EngineError(
      'engine_bad_answer',
      `The engine at ${where} answered JSON that is not a Prometheus result (${err.message}): check GOLDEN_SIGNALS_PROMETHEUS_URL points at a Prometheus-compatible API`,
    );
  }
}

/** A matrix answer's series, with float and native histogram samples, oldest first. */
export function matrixOf(data: unknown, where: string): RawSeries[] {
  return parsing(where, () =>
    list(result(data, ['matrix']).result, 'result').map((entry) => {
      if (typeof entry !== 'object' || entry === null) return bad('a series is not an object');
      const s = entry as { metric?: unknown; values?: unknown; histograms?: unknown };
      return {
        metric: labels(s.metric ?? {}),
        samples: s.values === undefined ? [] : list(s.values, 'values').map(sample),
        histograms:
          s.histograms === undefined ? [] : list(s.histograms, 'histograms').map(histogram),
      };
    }),
  );
}

/** An instant answer's series: a vector, or a scalar as one series without labels. */
export function vectorOf(data: unknown, where: string): InstantSeries[] {
  return parsing(where, () => {
    const { type, result: r } = result(data, ['vector', 'scalar']);
    if (type === 'scalar') return [{ metric: {}, value: sample(r).v }];
    return list(r, 'result').map((entry): InstantSeries => {
      if (typeof entry !== 'object' || entry === null) return bad('a series is not an object');
      const s = entry as { metric?: unknown; value?: unknown; histogram?: unknown };
      const metric = labels(s.metric ?? {});
      if (s.histogram !== undefined)
        return { metric, value: Number.NaN, histogram: histogram(s.histogram) };
      return { metric, value: sample(s.value).v };
    });
  });
}

/** `/api/v1/series`' label sets. */
export function labelSetsOf(data: unknown, where: string): Readonly<Record<string, string>>[] {
  return parsing(where, () => list(data, 'data').map(labels));
}

/**
 * `/api/v1/query_exemplars`' trace ids (the `trace_id` label of each
 * exemplar, or `traceID` as some SDKs name it), newest first, at most `limit`.
 */
export function exemplarTraceIdsOf(data: unknown, where: string, limit: number): string[] {
  return parsing(where, () => {
    const found: { t: number; id: string }[] = [];
    for (const entry of list(data ?? [], 'data')) {
      if (typeof entry !== 'object' || entry === null)
        return bad('an exemplar set is not an object');
      const { exemplars } = entry as { exemplars?: unknown };
      for (const e of list(exemplars ?? [], 'exemplars')) {
        if (typeof e !== 'object' || e === null) return bad('an exemplar is not an object');
        const x = e as { labels?: unknown; timestamp?: unknown };
        const l = labels(x.labels ?? {});
        const id = l.trace_id ?? l.traceID;
        if (id !== undefined && /^[0-9a-f]{32}$/.test(id))
          found.push({ t: millis(x.timestamp), id });
      }
    }
    found.sort((a, b) => b.t - a.t);
    return [...new Set(found.map((f) => f.id))].slice(0, limit);
  });
}
