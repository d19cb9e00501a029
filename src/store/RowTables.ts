import type { EndpointKey } from './EndpointKey.js';
import type { Series } from './Series.js';
import { RowStats } from './sketch/RowStats.js';

/** Entries a row table takes before a new one starts (ids stay two bytes). */
export const ROW_TABLE_LIMIT = 16_384;
/** Packed buckets whose series and endpoint arrays are kept built at once. */
export const ROW_CACHE_LIMIT = 256;

/** A packed bucket whose row arrays can be dropped and built again from its ids. */
export interface RowArrays {
  /** Drops the built arrays; the next read builds them again. */
  forgetRows(): void;
}

/** Where a packed bucket's row ids point: the tables current when it was packed. */
export interface RowTableRefs {
  readonly series: readonly Series[];
  readonly keys: readonly EndpointKey[];
}

/**
 * The shared tables that let a packed bucket name its series and endpoint
 * rows by a two-byte id instead of an eight-byte pointer each, and the
 * bounded cache of row arrays built back from those ids for queries.
 *
 * A table only grows (an id, once given, means the same series for every
 * bucket holding it); once full, a new table starts and older buckets keep
 * theirs. So an id never needs the registry's reusable `Series.index`, and a
 * table holds no more entries than the rows that referred to them.
 * One per store (made by its {@link BucketTiers}): no module state.
 */
export class RowTables {
  private series: Series[] = [];
  private seriesIds = new Map<Series, number>();
  private keys: EndpointKey[] = [];
  private keyIds = new Map<EndpointKey, number>();
  /** How packed buckets keep their rows' exact sums, minimums and maximums in a few bytes (per store: it holds a table). */
  readonly stats = new RowStats();
  private readonly cached: (RowArrays | undefined)[] = [];
  private next = 0;

  constructor(
    /** Entries a table takes before a new one starts. */
    readonly tableLimit = ROW_TABLE_LIMIT,
    /** Buckets whose built row arrays are kept. */
    readonly cacheLimit = ROW_CACHE_LIMIT,
  ) {
    if (!Number.isInteger(tableLimit) || tableLimit < 1) {
      throw new RangeError(`tableLimit must be a positive integer, got: ${tableLimit}`);
    }
    if (!Number.isInteger(cacheLimit) || cacheLimit < 1) {
      throw new RangeError(`cacheLimit must be a positive integer, got: ${cacheLimit}`);
    }
  }

  /** The current tables, with room for `series` and `keys` more entries (a new one if needed). */
  reserve(series: number, keys: number): RowTableRefs {
    if (this.series.length > 0 && this.series.length + series > this.tableLimit) {
      this.series = [];
      this.seriesIds = new Map();
    }
    if (this.keys.length > 0 && this.keys.length + keys > this.tableLimit) {
      this.keys = [];
      this.keyIds = new Map();
    }
    return { series: this.series, keys: this.keys };
  }

  /** The id of `series` in the current table, added if new. */
  seriesId(series: Series): number {
    let id = this.seriesIds.get(series);
    if (id === undefined) {
      id = this.series.length;
      this.series.push(series);
      this.seriesIds.set(series, id);
    }
    return id;
  }

  /** The id of `key` in the current table, added if new. */
  keyId(key: EndpointKey): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.keyIds.set(key, id);
    }
    return id;
  }

  /** Notes that `bucket` built its row arrays; the least recent past the limit forgets its own. */
  built(bucket: RowArrays): void {
    this.cached[this.next]?.forgetRows();
    this.cached[this.next] = bucket;
    this.next = (this.next + 1) % this.cacheLimit;
  }
}
