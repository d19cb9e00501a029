import type { Series } from './Series.js';

/** Endpoint name that every series past the limit folds into (cf. OTel's `otel.metric.overflow`). */
export const OVERFLOW_ENDPOINT = 'overflow';

/**
 * Interns series so that recording a request builds no key string: one map
 * look-up by endpoint, then a scan of that endpoint's few series. Past
 * `limit` live series, a new combination is recorded under
 * {@link OVERFLOW_ENDPOINT} with its method, status and error type kept, so
 * status and error totals stay exact. Each live series has a small `index`,
 * reused once the series is forgotten.
 */
export class SeriesRegistry {
  /** endpoint → its series. */
  private readonly byEndpoint = new Map<string, Series[]>();
  private liveCount = 0;
  /** Indexes of forgotten series, to reuse. */
  private readonly freeIndexes: number[] = [];
  private nextIndex = 0;
  /** Requests that were recorded under the overflow endpoint. */
  overflowedRequests = 0;

  constructor(
    /** Most series kept apart before folding into the overflow endpoint. */
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

  /** Finds or creates the series for one request. Never returns undefined. */
  resolve(endpoint: string, method: string, statusCode: number, errorType: string): Series {
    const found = this.find(endpoint, method, statusCode, errorType);
    if (found !== undefined) return found;
    if (this.liveCount >= this.limit && endpoint !== OVERFLOW_ENDPOINT) {
      this.overflowedRequests++;
      return (
        this.find(OVERFLOW_ENDPOINT, method, statusCode, errorType) ??
        this.create(OVERFLOW_ENDPOINT, method, statusCode, errorType)
      );
    }
    return this.create(endpoint, method, statusCode, errorType);
  }

  /** Forgets series not recorded in any bucket at or after `oldestBucketStart`. */
  forgetOlderThan(oldestBucketStart: number): void {
    for (const [endpoint, list] of this.byEndpoint) {
      const kept = list.filter((series) => {
        if (series.lastBucketStart >= oldestBucketStart) return true;
        this.freeIndexes.push(series.index);
        this.liveCount--;
        return false;
      });
      if (kept.length === 0) this.byEndpoint.delete(endpoint);
      else if (kept.length < list.length) this.byEndpoint.set(endpoint, kept);
    }
  }

  private find(endpoint: string, method: string, status: number, type: string): Series | undefined {
    const list = this.byEndpoint.get(endpoint);
    if (list === undefined) return undefined;
    for (const series of list) {
      if (series.statusCode === status && series.method === method && series.errorType === type) {
        return series;
      }
    }
    return undefined;
  }

  private create(endpoint: string, method: string, statusCode: number, errorType: string): Series {
    const index = this.freeIndexes.pop() ?? this.nextIndex++;
    const series: Series = { endpoint, method, statusCode, errorType, index, lastBucketStart: -1 };
    const list = this.byEndpoint.get(endpoint);
    if (list === undefined) this.byEndpoint.set(endpoint, [series]);
    else list.push(series);
    this.liveCount++;
    return series;
  }
}
