import type { EndpointKey } from './EndpointKey.js';
import type { Series } from './Series.js';
import type { EndpointEntry, SourceEntry } from './SourceRegistry.js';

/** Endpoint name that every series past the limit folds into (cf. OTel's `otel.metric.overflow`). */
export const OVERFLOW_ENDPOINT = 'overflow';

/**
 * Interns series so that recording a request builds no key string: one map
 * look-up by endpoint in the request's source, then a scan of that
 * endpoint's few series. The limit holds per service: past `limit` live
 * series of one service, a new combination is recorded under
 * {@link OVERFLOW_ENDPOINT} of its own source, with its method, status and
 * error type kept, so status, error and per-instance totals stay exact and a
 * noisy service cannot evict another's series. Each live series has a small
 * `index`, reused once the series is forgotten.
 */
export class SeriesRegistry {
  private liveCount = 0;
  /** Indexes of forgotten series, to reuse. */
  private readonly freeIndexes: number[] = [];
  private nextIndex = 0;
  /** Requests that were recorded under the overflow endpoint, over every service. */
  overflowedRequests = 0;

  constructor(
    /** Most series of one service kept apart before folding into the overflow endpoint. */
    readonly limit: number,
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
    if (entry !== undefined) {
      for (const series of entry.series) {
        if (
          series.statusCode === statusCode &&
          series.method === method &&
          series.errorType === errorType
        ) {
          return series;
        }
      }
    }
    if (source.owner.liveSeries >= this.limit && endpoint !== OVERFLOW_ENDPOINT) {
      this.overflowedRequests++;
      source.owner.overflowedRequests++;
      return this.resolve(source, OVERFLOW_ENDPOINT, method, statusCode, errorType);
    }
    return this.create(
      source,
      entry ?? this.entryOf(source, endpoint),
      method,
      statusCode,
      errorType,
    );
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
        const list = entry.series;
        let kept = 0;
        for (const series of list) {
          if (series.lastBucketStart >= oldestBucketStart) {
            list[kept++] = series;
          } else {
            this.freeIndexes.push(series.index);
            this.liveCount--;
            source.owner.liveSeries--;
          }
        }
        list.length = kept;
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
  }

  private entryOf(source: SourceEntry, endpoint: string): EndpointEntry {
    const entry: EndpointEntry = { key: { source, endpoint }, series: [] };
    source.endpoints.set(endpoint, entry);
    return entry;
  }

  private create(
    source: SourceEntry,
    entry: EndpointEntry,
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
    entry.series.push(series);
    this.liveCount++;
    source.owner.liveSeries++;
    return series;
  }
}
