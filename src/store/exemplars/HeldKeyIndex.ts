import type { EndpointKey } from '../EndpointKey.js';
import type { ExemplarBucket } from './ExemplarBucket.js';
import type { NearestSearch } from './NearestSearch.js';

/** A packed bucket of a window, with the end of the time it is read for. */
export type HeldBucket = readonly [bucket: ExemplarBucket, untilMs: number];

/**
 * Most endpoint keys a {@link HeldKeyIndex} numbers before it starts over
 * (ids fit two bytes). A day at 500 routes holds about 500 keys; a window
 * with more keys than this is searched through the query's own look-up.
 */
export const HELD_KEY_INDEX_LIMIT = 16_384;

/**
 * Numbers the endpoint keys of packed exemplar buckets, so a query maps a
 * row to its group with two array reads rather than a look-up by key per
 * row: each bucket's row ids are worked out once (packed buckets never
 * change; a replaced bucket is a new object) and then read by every query.
 * Bounded: past {@link HELD_KEY_INDEX_LIMIT} keys it starts over, and the
 * row ids of every bucket are worked out again on their next read, so keys
 * the store has forgotten do not pile up. One per {@link ExemplarStore}.
 */
export class HeldKeyIndex {
  private ids = new Map<EndpointKey, number>();
  private keys: EndpointKey[] = [];
  private rows = new WeakMap<ExemplarBucket, Uint16Array>();
  private startedOver = 0;

  constructor(readonly limit: number = HELD_KEY_INDEX_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1 || limit > 65_536) {
      throw new RangeError(`key index limit must be an integer in 1..65536, got: ${limit}`);
    }
  }

  /** Keys numbered now. */
  get size(): number {
    return this.keys.length;
  }

  /** Times the index was full and started over. */
  get resets(): number {
    return this.startedOver;
  }

  /**
   * The ids of `bucket`'s rows, in row order, or undefined when they do not
   * fit under the limit (the caller may {@link reset} and ask again).
   */
  rowIds(bucket: ExemplarBucket): Uint16Array | undefined {
    const known = this.rows.get(bucket);
    if (known !== undefined) return known;
    const keys = bucket.keys;
    let fresh = 0;
    for (const key of keys) if (!this.ids.has(key)) fresh++;
    if (this.keys.length + fresh > this.limit) return undefined;
    const ids = new Uint16Array(keys.length);
    for (let row = 0; row < keys.length; row++) {
      const key = keys[row] as EndpointKey;
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.keys.length;
        this.keys.push(key);
        this.ids.set(key, id);
      }
      ids[row] = id;
    }
    this.rows.set(bucket, ids);
    return ids;
  }

  /** `f` of every numbered key, by id: one call per key, not per row. */
  map(f: (key: EndpointKey) => number): Int32Array {
    const out = new Int32Array(this.keys.length);
    for (let id = 0; id < this.keys.length; id++) out[id] = f(this.keys[id] as EndpointKey);
    return out;
  }

  /** Starts over: forgets every id (each bucket's row ids are worked out again), counted. */
  reset(): void {
    this.forget();
    this.startedOver++;
  }

  /** Forgets every id and the count of starts over, as if new. */
  clear(): void {
    this.forget();
    this.startedOver = 0;
  }

  private forget(): void {
    this.ids = new Map();
    this.keys = [];
    this.rows = new WeakMap();
  }

  /**
   * Offers `buckets` (each with the end of its time range) to `search`. Row
   * groups go through the key index: one `groupOf` call per key, not per
   * row, and no array per bucket. When the window's keys do not fit the
   * index even after it starts over, each bucket's rows get their groups
   * one call each.
   */
  offer(buckets: readonly HeldBucket[], sinceMs: number, search: NearestSearch): void {
    let ids = buckets.map(([b]) => this.rowIds(b));
    if (ids.includes(undefined)) {
      this.reset();
      ids = buckets.map(([b]) => this.rowIds(b));
    }
    const groupOfId = ids.includes(undefined) ? undefined : this.map(search.groupOf);
    buckets.forEach(([bucket, untilMs], k) => {
      const rowIds = ids[k];
      if (groupOfId !== undefined && rowIds !== undefined) {
        bucket.offerNearest(search, sinceMs, untilMs, rowIds, groupOfId);
        return;
      }
      const rows = bucket.keys.map((_, row) => row);
      const groups = bucket.keys.map((key) => search.groupOf(key));
      bucket.offerNearest(search, sinceMs, untilMs, rows, groups);
    });
  }
}
