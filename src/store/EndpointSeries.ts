import type { EndpointKey } from './EndpointKey.js';
import type { Series } from './Series.js';
import { isFoldedStatus, OTHER_ERROR_TYPE, OTHER_METHOD } from './seriesFolding.js';

/** Live series per value; a value leaves when its last series is forgotten. */
function countUp<K>(counts: Map<K, number>, value: K): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

function countDown<K>(counts: Map<K, number>, value: K): void {
  const n = (counts.get(value) ?? 0) - 1;
  if (n > 0) counts.set(value, n);
  else counts.delete(value);
}

/**
 * An endpoint of a source: its interned latency key and its series, found
 * by method, then status, then error type in nested maps, so finding a
 * series builds no key and costs three hash look-ups, however many series
 * the endpoint has. It also counts the distinct methods, statuses and error
 * types its live series hold, the fold values ({@link OTHER_METHOD}, `x99`
 * statuses, {@link OTHER_ERROR_TYPE} and the untyped `''`) aside, for the
 * per-endpoint limits.
 */
export class EndpointSeries {
  /** Its series, in creation order. */
  readonly series: Series[] = [];
  private readonly byMethod = new Map<string, Map<number, Map<string, Series>>>();
  private readonly methods = new Map<string, number>();
  private readonly statuses = new Map<number, number>();
  private readonly errorTypes = new Map<string, number>();

  constructor(
    /** The latency row its series add to. */
    readonly key: EndpointKey,
  ) {}

  /** The series of this combination, if live. */
  find(method: string, statusCode: number, errorType: string): Series | undefined {
    return this.byMethod.get(method)?.get(statusCode)?.get(errorType);
  }

  /** True when `method` is kept apart already, or one more fits under `limit`. */
  admitsMethod(method: string, limit: number): boolean {
    return method === OTHER_METHOD || this.methods.has(method) || this.methods.size < limit;
  }

  /** True when `status` is kept apart already, or one more fits under `limit`. */
  admitsStatus(status: number, limit: number): boolean {
    return isFoldedStatus(status) || this.statuses.has(status) || this.statuses.size < limit;
  }

  /** True when `errorType` is kept apart already, or one more fits under `limit`. */
  admitsErrorType(errorType: string, limit: number): boolean {
    return (
      errorType === '' ||
      errorType === OTHER_ERROR_TYPE ||
      this.errorTypes.has(errorType) ||
      this.errorTypes.size < limit
    );
  }

  /** Adds a new series (its combination must not be live). */
  add(series: Series): void {
    let byStatus = this.byMethod.get(series.method);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.byMethod.set(series.method, byStatus);
    }
    let byType = byStatus.get(series.statusCode);
    if (byType === undefined) {
      byType = new Map();
      byStatus.set(series.statusCode, byType);
    }
    byType.set(series.errorType, series);
    this.series.push(series);
    if (series.method !== OTHER_METHOD) countUp(this.methods, series.method);
    if (!isFoldedStatus(series.statusCode)) countUp(this.statuses, series.statusCode);
    if (series.errorType !== '' && series.errorType !== OTHER_ERROR_TYPE) {
      countUp(this.errorTypes, series.errorType);
    }
  }

  /** Keeps the series `keep` passes, hands every other one to `dropped`; returns how many are left. */
  retain(keep: (series: Series) => boolean, dropped: (series: Series) => void): number {
    const list = this.series;
    let kept = 0;
    for (const series of list) {
      if (keep(series)) {
        list[kept++] = series;
      } else {
        this.remove(series);
        dropped(series);
      }
    }
    list.length = kept;
    return kept;
  }

  private remove(series: Series): void {
    const byStatus = this.byMethod.get(series.method);
    const byType = byStatus?.get(series.statusCode);
    byType?.delete(series.errorType);
    if (byType?.size === 0) byStatus?.delete(series.statusCode);
    if (byStatus?.size === 0) this.byMethod.delete(series.method);
    if (series.method !== OTHER_METHOD) countDown(this.methods, series.method);
    if (!isFoldedStatus(series.statusCode)) countDown(this.statuses, series.statusCode);
    if (series.errorType !== '' && series.errorType !== OTHER_ERROR_TYPE) {
      countDown(this.errorTypes, series.errorType);
    }
  }
}
