import type { Series } from './Series.js';

/** Endpoint name that every series past the limit folds into (cf. OTel's `otel.metric.overflow`). */
export const OVERFLOW_ENDPOINT = 'overflow';

type ByErrorType = Map<string, Series>;
type ByStatus = Map<number, ByErrorType>;
type ByMethod = Map<string, ByStatus>;

/**
 * Interns series so that recording a request builds no key string: four map
 * look-ups find the existing object. Past `limit` live series, a new
 * combination is recorded under {@link OVERFLOW_ENDPOINT} with its method,
 * status and error type kept, so status and error totals stay exact.
 */
export class SeriesRegistry {
  /** endpoint → method → status → error type → series. */
  private readonly tree = new Map<string, ByMethod>();
  private liveCount = 0;
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
    for (const [endpoint, byMethod] of this.tree) {
      for (const [method, byStatus] of byMethod) {
        for (const [status, byType] of byStatus) {
          for (const [type, series] of byType) {
            if (series.lastBucketStart < oldestBucketStart) {
              byType.delete(type);
              this.liveCount--;
            }
          }
          if (byType.size === 0) byStatus.delete(status);
        }
        if (byStatus.size === 0) byMethod.delete(method);
      }
      if (byMethod.size === 0) this.tree.delete(endpoint);
    }
  }

  private find(endpoint: string, method: string, status: number, type: string): Series | undefined {
    return this.tree.get(endpoint)?.get(method)?.get(status)?.get(type);
  }

  private create(endpoint: string, method: string, statusCode: number, errorType: string): Series {
    const series: Series = { endpoint, method, statusCode, errorType, lastBucketStart: -1 };
    const byMethod = childOf(this.tree, endpoint);
    const byStatus = childOf(byMethod, method);
    childOf(byStatus, statusCode).set(errorType, series);
    this.liveCount++;
    return series;
  }
}

/** The child map under `key`, created empty when missing. */
function childOf<K, C extends Map<unknown, unknown>>(parent: Map<K, C>, key: K): C {
  let child = parent.get(key);
  if (child === undefined) {
    child = new Map() as C;
    parent.set(key, child);
  }
  return child;
}
