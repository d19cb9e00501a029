import { DDSketch } from '@datadog/sketches-js';
import { ErrorRing } from './ErrorRing.js';
import type { RequestRecord } from './RequestRecord.js';
import type { Series } from './Series.js';
import { SeriesRegistry } from './SeriesRegistry.js';

/** How long data is kept unless configured: 24 hours. */
export const DEFAULT_RETENTION_MS = 24 * 3_600_000;
/** Width of one time bucket: one minute. */
export const DEFAULT_BUCKET_MS = 60_000;
/** Most series kept apart before new ones fold into the overflow endpoint. */
export const DEFAULT_SERIES_LIMIT = 1_000;
/** How many errors the recent-error ring keeps. */
export const DEFAULT_RECENT_ERROR_LIMIT = 100;
/** Relative accuracy of every quantile sketch (1%). */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/** Options of a {@link RequestStore}; every one has a default. */
export interface RequestStoreOptions {
  /** Data older than this is evicted. */
  retentionMs?: number;
  /** Bucket width; retention must be a whole number of buckets. */
  bucketMs?: number;
  /** Series limit; see {@link SeriesRegistry}. */
  seriesLimit?: number;
  /** Capacity of the recent-error ring. */
  recentErrorLimit?: number;
  /** Clock in epoch milliseconds; injected so tests can cover a day in milliseconds. */
  now?: () => number;
}

/** One time bucket: the rollup (a sketch with count, sum, min and max) of each series seen in it. */
export interface BucketView {
  /** Bucket start, epoch milliseconds. */
  readonly start: number;
  readonly rollups: ReadonlyMap<Series, DDSketch>;
}

/** The buckets that cover a query window, oldest first. */
export interface WindowView {
  /** Start of the first bucket of the window (the window aligned down to a bucket boundary). */
  readonly sinceMs: number;
  /** The query time. */
  readonly nowMs: number;
  readonly buckets: readonly BucketView[];
}

class Bucket implements BucketView {
  start = -1;
  readonly rollups = new Map<Series, DDSketch>();
}

/**
 * The pure core: requests rolled up per minute and per series, for a bounded
 * retention. Memory grows with series × buckets, never with the request rate.
 *
 * Buckets live in a ring of `retention / bucket + 1` slots (the current,
 * partial minute plus the full retention). A slot is reset lazily when a
 * newer minute claims it, so there is no timer. Queries merge the buckets
 * that overlap their window: cost O(buckets × series), independent of traffic.
 */
export class RequestStore {
  /** Retention in milliseconds. */
  readonly retentionMs: number;
  /** Bucket width in milliseconds. */
  readonly bucketMs: number;
  /** When the store was created, by its clock. */
  readonly startedAtMs: number;
  /** Recent errors, newest last. */
  readonly errors: ErrorRing;
  private readonly now: () => number;
  private readonly series: SeriesRegistry;
  private readonly ring: Bucket[];
  /** Newest bucket start written so far; drives forgetting idle series. */
  private newestBucketStart = -1;
  private recorded = 0;
  private tooOld = 0;

  constructor(options: RequestStoreOptions = {}) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
    if (!Number.isInteger(this.bucketMs) || this.bucketMs <= 0) {
      throw new RangeError(`bucketMs must be a positive integer, got: ${this.bucketMs}`);
    }
    if (this.retentionMs < this.bucketMs || this.retentionMs % this.bucketMs !== 0) {
      throw new RangeError(
        `retentionMs must be a whole number of buckets (${this.bucketMs} ms), got: ${this.retentionMs}`,
      );
    }
    const seriesLimit = options.seriesLimit ?? DEFAULT_SERIES_LIMIT;
    if (!Number.isInteger(seriesLimit) || seriesLimit < 1) {
      throw new RangeError(`seriesLimit must be a positive integer, got: ${seriesLimit}`);
    }
    this.now = options.now ?? Date.now;
    this.startedAtMs = this.now();
    this.series = new SeriesRegistry(seriesLimit);
    this.errors = new ErrorRing(options.recentErrorLimit ?? DEFAULT_RECENT_ERROR_LIMIT);
    const slots = this.retentionMs / this.bucketMs + 1;
    this.ring = Array.from({ length: slots }, () => new Bucket());
  }

  /** Requests recorded since start, including those already evicted. */
  get totalRecorded(): number {
    return this.recorded;
  }

  /** Records that arrived older than the retention and were dropped (counted, not silent). */
  get droppedTooOld(): number {
    return this.tooOld;
  }

  /** Live series, the overflow ones included. */
  get seriesCount(): number {
    return this.series.size;
  }

  /** The series limit. */
  get seriesLimit(): number {
    return this.series.limit;
  }

  /** Requests that were recorded under the overflow endpoint because of the series limit. */
  get overflowedRequests(): number {
    return this.series.overflowedRequests;
  }

  /**
   * Records one finished request. Returns false, and counts the drop, when the
   * record is older than the retention. A timestamp slightly in the future
   * (clock skew between the span clock and the store clock) counts in the
   * current bucket.
   */
  record(rec: RequestRecord): boolean {
    const currentStart = this.bucketStartOf(this.now());
    let start = this.bucketStartOf(rec.timestampMs);
    if (start > currentStart) start = currentStart;
    if (start < this.oldestBucketStart(currentStart)) {
      this.tooOld++;
      return false;
    }
    const bucket = this.claim(start);
    const isError = rec.statusCode >= 400;
    const errorType = isError ? errorTypeOf(rec) : '';
    const series = this.series.resolve(rec.endpoint, rec.method, rec.statusCode, errorType);
    if (series.lastBucketStart < start) series.lastBucketStart = start;
    let sketch = bucket.rollups.get(series);
    if (sketch === undefined) {
      sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
      bucket.rollups.set(series, sketch);
    }
    sketch.accept(Math.max(rec.durationMs, 0));
    this.recorded++;
    if (isError) {
      this.errors.push({
        timestampMs: rec.timestampMs,
        endpoint: series.endpoint,
        method: rec.method,
        errorType,
        message: rec.errorMessage ?? '',
        statusCode: rec.statusCode,
        traceId: rec.traceId ?? '',
      });
    }
    return true;
  }

  /**
   * Drops every bucket, series, error and counter, as if newly created (the
   * start time is kept). Test suites that share one process-wide SDK use it.
   */
  clear(): void {
    for (const bucket of this.ring) {
      bucket.start = -1;
      bucket.rollups.clear();
    }
    this.series.forgetOlderThan(Number.POSITIVE_INFINITY);
    this.series.overflowedRequests = 0;
    this.errors.clear();
    this.newestBucketStart = -1;
    this.recorded = 0;
    this.tooOld = 0;
  }

  /**
   * The buckets overlapping the last `periodMs`, oldest first. The window is
   * aligned down to a bucket boundary and clamped to the retention, so a
   * `1h` window spans the current partial minute and the 60 before it.
   */
  window(periodMs: number): WindowView {
    const nowMs = this.now();
    const currentStart = this.bucketStartOf(nowMs);
    const oldest = this.oldestBucketStart(currentStart);
    const sinceMs = Math.max(oldest, this.bucketStartOf(nowMs - periodMs));
    const buckets: BucketView[] = [];
    for (let start = sinceMs; start <= currentStart; start += this.bucketMs) {
      const bucket = this.ring[this.slotOf(start)];
      if (bucket !== undefined && bucket.start === start && bucket.rollups.size > 0) {
        buckets.push(bucket);
      }
    }
    return { sinceMs, nowMs, buckets };
  }

  /** Start of the bucket holding `ms`. */
  bucketStartOf(ms: number): number {
    return ms - (((ms % this.bucketMs) + this.bucketMs) % this.bucketMs);
  }

  private oldestBucketStart(currentStart: number): number {
    return currentStart - (this.ring.length - 1) * this.bucketMs;
  }

  private slotOf(start: number): number {
    return (start / this.bucketMs) % this.ring.length;
  }

  /** The bucket for `start`, reset first if its slot still holds an older minute. */
  private claim(start: number): Bucket {
    const bucket = this.ring[this.slotOf(start)] as Bucket;
    if (bucket.start !== start) {
      bucket.start = start;
      bucket.rollups.clear();
    }
    if (start > this.newestBucketStart) {
      this.newestBucketStart = start;
      // Once a minute at most: forget series that no retained bucket mentions.
      this.series.forgetOlderThan(this.oldestBucketStart(start));
    }
    return bucket;
  }
}

/**
 * The error type to count under: the record's own, else `HTTP <status>`. A
 * bare number (`"404"`, as `error.type` may hold) also becomes `HTTP 404`:
 * JSON objects list integer-like keys first, which would break the
 * count-descending order of `by_type`.
 */
function errorTypeOf(rec: RequestRecord): string {
  const type = rec.errorType;
  if (type === undefined || type === '') return `HTTP ${rec.statusCode}`;
  return /^[0-9]+$/.test(type) ? `HTTP ${type}` : type;
}
