/**
 * What the dashboard asks a Prometheus-compatible engine (Prometheus,
 * Thanos, Mimir, VictoriaMetrics). Every method rejects only with an
 * `EngineError`, whose code and status say what went wrong.
 */

/** One float sample; `t` in epoch milliseconds. */
export interface RawSample {
  readonly t: number;
  readonly v: number;
}

/** One bucket of a native histogram sample, as the engine's JSON gives it. */
export interface NativeBucket {
  /** The bucket's lower boundary. */
  readonly lower: number;
  /** The bucket's upper boundary. */
  readonly upper: number;
  /** Observations in the bucket (not cumulative). */
  readonly count: number;
  /** Which boundaries are inclusive: 0 open left, 1 open right, 2 open both, 3 closed both. */
  readonly boundaryRule: number;
}

/** One native histogram sample; `t` in epoch milliseconds. */
export interface NativeHistogramSample {
  readonly t: number;
  /** Observations in total (cumulative since the series started, for a counter histogram). */
  readonly count: number;
  /** Sum of the observations. */
  readonly sum: number;
  /** The populated buckets, lowest first. */
  readonly buckets: readonly NativeBucket[];
}

/** The raw samples of one series: floats, native histograms, or both across a schema change. */
export interface RawSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly samples: readonly RawSample[];
  readonly histograms: readonly NativeHistogramSample[];
}

/** One series of an instant query's answer. */
export interface InstantSeries {
  readonly metric: Readonly<Record<string, string>>;
  /** The float value; NaN when the sample is a native histogram (see `histogram`). */
  readonly value: number;
  /** The native histogram value, when the sample is one. */
  readonly histogram?: NativeHistogramSample;
}

/** One series of a range query's answer. */
export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly points: RawSample[];
}

/** The questions the PromQL source asks an engine. */
export interface PromQlClient {
  /** Every raw sample of `selector` in (atMs - rangeMs, atMs]: `/api/v1/query` of `selector[<range>]` at `atMs`. */
  rawSamples(selector: string, atMs: number, rangeMs: number): Promise<RawSeries[]>;
  /** An instant query. */
  instant(expr: string, atMs: number): Promise<InstantSeries[]>;
  /**
   * An instant query whose answer is a range vector, such as a subquery
   * (`x[1h:1m]`): every sample, floats and native histograms, oldest first.
   */
  matrix(expr: string, atMs: number): Promise<RawSeries[]>;
  /**
   * The trace ids of the exemplars the engine holds for `selector` in
   * `[startMs, endMs]` (`/api/v1/query_exemplars`), newest first, at most
   * `limit`; none when the engine keeps no exemplars.
   */
  exemplarTraceIds(
    selector: string,
    startMs: number,
    endMs: number,
    limit: number,
  ): Promise<string[]>;
  /** A range query. */
  range(expr: string, startMs: number, endMs: number, stepMs: number): Promise<RangeSeries[]>;
  /** Series metadata: `/api/v1/series?match[]=`. */
  series(
    match: string,
    startMs: number,
    endMs: number,
  ): Promise<Readonly<Record<string, string>>[]>;
}
