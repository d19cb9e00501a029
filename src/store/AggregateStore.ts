import { RequestStore } from './RequestStore.js';
import type { SaturationSample } from './saturation/SaturationSample.js';

/** How far back a filled store keeps saturation by the minute: its minute ring's day. */
const SATURATION_MINUTES_MS = 24 * 3_600_000;

/**
 * The requests of one series over one time range, as a metrics engine
 * counted them: an exact count and sum, and the durations as weighted values
 * (each bucket of a histogram at one value inside it).
 */
export interface AggregateRecord {
  /** Start of the range, epoch milliseconds: the aggregate goes into the buckets holding it. */
  readonly timestampMs: number;
  /** Route template, or `unmatched`. */
  readonly endpoint: string;
  /** HTTP method, upper case. */
  readonly method: string;
  /** `service.name` (or the engine's job); absent: the store's local identity. */
  readonly service?: string | undefined;
  /** Instance id (or the engine's instance); absent: the store's local one. */
  readonly instance?: string | undefined;
  readonly statusCode: number;
  /** Error class for status >= 400; none: the queries report it as `HTTP <status>`. */
  readonly errorType?: string | undefined;
  /** Requests in the range: a whole number, the weights' total. */
  readonly count: number;
  /** Their durations' exact sum, in milliseconds. */
  readonly sumMs: number;
  /** Durations in milliseconds, each counted `weights[i]` times. */
  readonly valuesMs: readonly number[];
  /** Whole counts, one per value, totalling `count`. */
  readonly weights: readonly number[];
}

/**
 * A {@link RequestStore} filled in bulk from an engine's counts rather than
 * span by span: `golden-signals serve --prometheus` fills one per window
 * asked and runs the same queries over it. It holds no exemplars, slowest
 * requests, error messages or error groups: those need single requests.
 */
export class AggregateStore extends RequestStore {
  /**
   * Adds one aggregate to every bucket that holds its start. Returns false,
   * and counts the drop (as requests), when it is older than the retention.
   */
  recordAggregate(agg: AggregateRecord): boolean {
    if (!(agg.count > 0)) return true;
    const nowMs = this.now();
    const current = this.advance(nowMs);
    const start = agg.timestampMs >= current ? current : this.bucketStartOf(agg.timestampMs);
    if (start < this.oldest) {
      this.droppedAggregated += agg.count;
      return false;
    }
    const isError = agg.statusCode >= 400;
    const errorType = isError ? (agg.errorType ?? '') : '';
    const source = this.sourceOf(agg.service, agg.instance);
    const series = this.series.resolve(source, agg.endpoint, agg.method, agg.statusCode, errorType);
    if (series.lastBucketStart < start) series.lastBucketStart = start;
    source.recorded += agg.count;
    if (agg.timestampMs > source.lastSeenMs) source.lastSeenMs = agg.timestampMs;
    this.tiers.recordInto(start, current, (bucket) =>
      bucket.recordAggregate(series, agg.count, agg.sumMs, agg.valuesMs, agg.weights),
    );
    this.recorded += agg.count;
    return true;
  }

  /**
   * Adds a saturation sample an engine holds for `atMs` to that minute (once
   * per store: a filled store answers several routes). Returns false when the
   * minute is older than the retention or than the minutes the store keeps
   * (a day): older saturation is not filled.
   */
  recordSaturationAt(
    sample: SaturationSample,
    service: string,
    instance: string,
    atMs: number,
  ): boolean {
    const current = this.advance(this.now());
    const start = Math.min(this.bucketStartOf(atMs), current);
    if (start < this.oldest || start <= current - SATURATION_MINUTES_MS) return false;
    this.drill.saturation.record(service, instance, sample, atMs, start);
    return true;
  }

  /** Whether an engine's saturation was added ({@link recordSaturationAt}); the loader adds it once. */
  saturationFilled = false;

  /** Requests of aggregates older than the retention, dropped. */
  override get droppedTooOld(): number {
    return super.droppedTooOld + this.droppedAggregated;
  }

  private droppedAggregated = 0;
}
