import type { EndpointKey } from './EndpointKey.js';
import { EndpointSeries } from './EndpointSeries.js';
import type { Series } from './Series.js';
import type { SourceEntry } from './SourceRegistry.js';
import {
  DEFAULT_DIMENSION_LIMITS,
  type DimensionLimits,
  foldedStatus,
  OTHER_ERROR_TYPE,
  OTHER_METHOD,
} from './seriesFolding.js';

/** Endpoint name that every series past the limit folds into (cf. OTel's `otel.metric.overflow`). */
export const OVERFLOW_ENDPOINT = 'overflow';

/**
 * Interns series so that recording a request builds no key string: one map
 * look-up by endpoint in the request's source, then three in that
 * endpoint's nested maps (method, status, error type): O(1) per request,
 * however many series there are. Every dimension is bounded:
 * - per endpoint, past `dimensions.methods` methods, `statuses` statuses or
 *   `errorTypes` error types, a new value folds into `_OTHER` (a status
 *   into `x99` of its class, so a 5xx stays a 5xx);
 * - per service, past `limit` live series, a new combination is recorded
 *   under {@link OVERFLOW_ENDPOINT} of its own source, so a noisy service
 *   cannot evict another's series;
 * - the overflow endpoints of a service (one per instance) keep
 *   `dimensions.overflowSeries` series apart in all, then fold a new
 *   combination whole, into at most `FOLDED_COMBINATIONS` series each.
 * So one service of one instance holds at most `limit` +
 * `SERIES_OVERFLOW_ALLOWANCE` series (each further instance may add
 * `FOLDED_COMBINATIONS`, and instances are capped too).
 * Each request lands in exactly one series, so totals, errors and server
 * errors stay exact, and every fold is counted by dimension. Each live
 * series has a small `index`, reused once the series is forgotten.
 */
export class SeriesRegistry {
  private liveCount = 0;
  /** Indexes of forgotten series, to reuse. */
  private readonly freeIndexes: number[] = [];
  private nextIndex = 0;
  /** Requests that were recorded under the overflow endpoint, over every service. */
  overflowedRequests = 0;
  /** Requests recorded with their method folded into `_OTHER`. */
  foldedMethodRequests = 0;
  /** Requests recorded with their status folded into its class's `x99`. */
  foldedStatusRequests = 0;
  /** Requests recorded with their error type folded into `_OTHER`. */
  foldedErrorTypeRequests = 0;

  constructor(
    /** Most series of one service kept apart before folding into the overflow endpoint. */
    readonly limit: number,
    /** Distinct values kept apart per endpoint. */
    readonly dimensions: DimensionLimits = DEFAULT_DIMENSION_LIMITS,
  ) {}

  /** Number of live series, the overflow ones included. */
  get size(): number {
    return this.liveCount;
  }

  /** One more than the largest index in use: arrays indexed by `Series.index` need this length. */
  get indexBound(): number {
    return this.nextIndex;
  }

  /** Finds or creates the series for one request of `source`. Never returns undefined. */
  resolve(
    source: SourceEntry,
    endpoint: string,
    method: string,
    statusCode: number,
    errorType: string,
  ): Series {
    const entry = source.endpoints.get(endpoint);
    const found = entry?.find(method, statusCode, errorType);
    return found ?? this.resolveNew(source, entry, endpoint, method, statusCode, errorType);
  }

  /** The interned latency key of `endpoint` in `source`, made if needed. */
  keyOf(source: SourceEntry, endpoint: string): EndpointKey {
    return (source.endpoints.get(endpoint) ?? this.entryOf(source, endpoint)).key;
  }

  /**
   * Forgets series not recorded in any bucket at or after `oldestBucketStart`
   * in the given sources, and endpoints left without series.
   */
  forgetOlderThan(oldestBucketStart: number, sources: Iterable<SourceEntry>): void {
    for (const source of sources) {
      for (const [endpoint, entry] of source.endpoints) {
        const kept = entry.retain(
          (series) => series.lastBucketStart >= oldestBucketStart,
          (series) => {
            this.freeIndexes.push(series.index);
            this.liveCount--;
            source.owner.liveSeries--;
            if (endpoint === OVERFLOW_ENDPOINT) source.owner.overflowSeries--;
          },
        );
        if (kept === 0) source.endpoints.delete(endpoint);
      }
    }
  }

  /** Forgets the indexes and counts of every series (the sources are cleared by their registry). */
  clear(): void {
    this.liveCount = 0;
    this.freeIndexes.length = 0;
    this.nextIndex = 0;
    this.overflowedRequests = 0;
    this.foldedMethodRequests = 0;
    this.foldedStatusRequests = 0;
    this.foldedErrorTypeRequests = 0;
  }

  /** A combination not live as given: folded where a limit says so, found or made. */
  private resolveNew(
    source: SourceEntry,
    entry: EndpointSeries | undefined,
    endpoint: string,
    method: string,
    statusCode: number,
    errorType: string,
  ): Series {
    const overflow = endpoint === OVERFLOW_ENDPOINT;
    let m = method;
    let s = statusCode;
    let t = errorType;
    if (entry !== undefined) {
      const limits = this.dimensions;
      if (!entry.admitsMethod(m, limits.methods)) m = OTHER_METHOD;
      if (!entry.admitsStatus(s, limits.statuses)) s = foldedStatus(s);
      if (!entry.admitsErrorType(t, limits.errorTypes)) t = OTHER_ERROR_TYPE;
      const found = entry.find(m, s, t);
      if (found !== undefined) return this.counted(found, method, statusCode, errorType);
      if (overflow && source.owner.overflowSeries >= limits.overflowSeries) {
        m = OTHER_METHOD;
        s = foldedStatus(s);
        if (t !== '') t = OTHER_ERROR_TYPE;
        const whole = entry.find(m, s, t);
        if (whole !== undefined) return this.counted(whole, method, statusCode, errorType);
      }
    }
    if (!overflow && source.owner.liveSeries >= this.limit) {
      this.overflowedRequests++;
      source.owner.overflowedRequests++;
      return this.resolve(source, OVERFLOW_ENDPOINT, method, statusCode, errorType);
    }
    const series = this.create(source, entry ?? this.entryOf(source, endpoint), m, s, t);
    return this.counted(series, method, statusCode, errorType);
  }

  /** `series`, counting each dimension it folded of the request's. */
  private counted(series: Series, method: string, statusCode: number, errorType: string): Series {
    if (series.method !== method) this.foldedMethodRequests++;
    if (series.statusCode !== statusCode) this.foldedStatusRequests++;
    if (series.errorType !== errorType) this.foldedErrorTypeRequests++;
    return series;
  }

  private entryOf(source: SourceEntry, endpoint: string): EndpointSeries {
    const entry = new EndpointSeries({ source, endpoint });
    source.endpoints.set(endpoint, entry);
    return entry;
  }

  private create(
    source: SourceEntry,
    entry: EndpointSeries,
    method: string,
    statusCode: number,
    errorType: string,
  ): Series {
    const index = this.freeIndexes.pop() ?? this.nextIndex++;
    const { key } = entry;
    const series: Series = {
      source,
      key,
      endpoint: key.endpoint,
      method,
      statusCode,
      errorType,
      index,
      lastBucketStart: -1,
    };
    entry.add(series);
    this.liveCount++;
    source.owner.liveSeries++;
    if (key.endpoint === OVERFLOW_ENDPOINT) source.owner.overflowSeries++;
    return series;
  }
}
