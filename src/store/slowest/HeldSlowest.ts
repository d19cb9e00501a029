import type { EndpointKey } from '../EndpointKey.js';
import type { MethodNames } from '../exemplars/MethodNames.js';
import {
  readSpanId,
  readTraceId,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  writeSpanId,
  writeTraceId,
} from '../exemplars/traceBytes.js';
import { floorTo } from '../floorTo.js';
import type { SlowRequest } from './SlowRequest.js';

/** Where the trace id starts in a held request's bytes, after its time (4 bytes, little-endian). */
const TRACE_AT = 4;
/** Where the span id starts. */
const SPAN_AT = TRACE_AT + TRACE_ID_BYTES;
/** Where the status (2 bytes, little-endian) starts, then the method id (1). */
const STATUS_AT = SPAN_AT + SPAN_ID_BYTES;
/** Where the count of requests that rank above it in its minute or after starts (1 byte, below k). */
const ABOVE_AT = STATUS_AT + 3;
/** Bytes a held request takes beside its duration: time, trace id, span id, status, method id, count above. */
const BYTES = ABOVE_AT + 1;

/**
 * The held slowest requests of one row (an endpoint of a source, or a whole
 * source), oldest first, pruned to what some window ending now can still
 * rank: a request that `k` slower ones (or as slow and newer, which the
 * answer lists first) finished in its minute or after is in no such
 * window's `k` slowest (windows start on minute boundaries, so every window
 * holding it holds them), so it goes. What stays is about `k · (1 + ln n)`
 * of `n` requests of steady traffic. Packed in one buffer (a duration
 * column, then a byte record each), 40 bytes a request. A cap bounds the
 * pathological case (each minute slower than all after); what it drops is
 * the oldest, and {@link droppedThrough} says up to when.
 */
export class HeldSlowest<K = EndpointKey> {
  private size_ = 0;
  /** Duration of each request: the buffer's first column. */
  private durations = new Float64Array(0);
  /**
   * Per request, after the durations in the same buffer: the time, in whole
   * milliseconds after {@link base} (the oldest's; 4 bytes, not 8, for up
   * to 49 days held; the answer shows whole milliseconds and windows start
   * on whole ones, so no answer moves), the trace id, the span id, the
   * status (little-endian), the method id, and how many requests of its
   * minute or after rank above it (below `k`, so one byte).
   */
  private bytes = new Uint8Array(0);
  private base = 0;
  /** The endpoint row of each request; undefined in a row of one endpoint. */
  private keys: K[] | undefined;
  /** Newest time of a request the cap dropped: windows that start after it are exact. */
  droppedThrough = Number.NEGATIVE_INFINITY;

  constructor(
    /** The rank kept exact. */
    readonly k: number,
    /** Most requests held. */
    readonly cap: number,
    /** The row's endpoint; undefined for a source row, whose requests name theirs. */
    private readonly key: K | undefined,
    private readonly methods: MethodNames,
    /** The store's minute: windows start on its boundaries. */
    private readonly minuteMs: number,
  ) {
    // Each request's count above it is kept in one byte, and is below k.
    if (!Number.isInteger(k) || k < 1 || k > 256) {
      throw new RangeError(`slowest rank must be an integer from 1 to 256, got: ${k}`);
    }
  }

  /** Requests held. */
  get size(): number {
    return this.size_;
  }

  /** Time of held request `i` (oldest first). */
  timeOf(i: number): number {
    const b = this.bytes;
    const at = i * BYTES;
    return (
      this.base +
      ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16)) +
      (b[at + 3] as number) * 0x100_0000
    );
  }

  /** Held request `i`. */
  request(i: number): SlowRequest<K> {
    const b = i * BYTES;
    return {
      key: (this.key ?? this.keys?.[i]) as K,
      timestampMs: this.timeOf(i),
      durationMs: this.durations[i] as number,
      statusCode:
        (this.bytes[b + STATUS_AT] as number) | ((this.bytes[b + STATUS_AT + 1] as number) << 8),
      method: this.methods.nameOf(this.bytes[b + STATUS_AT + 2] as number),
      traceId: readTraceId(this.bytes, b + TRACE_AT),
      spanId: readSpanId(this.bytes, b + SPAN_AT),
    };
  }

  /**
   * Adds requests (any order) and prunes: those before `oldestMs` (the
   * retention), those `k` slower later ones hide, then the oldest past the
   * cap. Returns the change in how many are held.
   *
   * Each held request keeps how many requests of its minute or after rank
   * above it (slower, or as slow and newer: of equal durations the newest
   * first): it goes once that reaches `k`, since every window holding it
   * (windows start on minute boundaries) holds them too. A minute's fold,
   * newer than all held, adds to each held request the fresh ones above it
   * (a binary search among at most `k`); anything else (a restore, a late
   * request) counts again from scratch.
   */
  add(fresh: readonly SlowRequest<K>[], oldestMs: number): number {
    const sorted = [...fresh].sort((a, b) => a.timestampMs - b.timestampMs);
    const n = this.size_ + sorted.length;
    // Merged by time: i >= 0 is held request i, i < 0 is fresh request -1 - i.
    const order = new Int32Array(n);
    let i = 0;
    let j = 0;
    for (let at = 0; at < n; at++) {
      const old =
        j >= sorted.length ||
        (i < this.size_ && this.timeOf(i) <= (sorted[j] as SlowRequest<K>).timestampMs);
      order[at] = old ? i++ : -1 - j++;
    }
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    const oneNewerMinute =
      first === undefined ||
      last === undefined ||
      (floorTo(first.timestampMs, this.minuteMs) === floorTo(last.timestampMs, this.minuteMs) &&
        (this.size_ === 0 ||
          floorTo(this.timeOf(this.size_ - 1), this.minuteMs) <
            floorTo(first.timestampMs, this.minuteMs)));
    const above = oneNewerMinute
      ? this.countsAfterMinute(sorted)
      : this.countsFromScratch(order, sorted);
    const keep = this.survivors(order, sorted, above, oldestMs);
    const before = this.size_;
    this.rebuild(order, keep, above, sorted);
    return this.size_ - before;
  }

  /** Drops requests before `oldestMs`; returns how many went. */
  evictBefore(oldestMs: number): number {
    if (this.size_ === 0 || this.timeOf(0) >= oldestMs) return 0;
    return -this.add([], oldestMs);
  }

  /**
   * For `order` (held, then the fresh of one newer minute), how many rank
   * above each: a held one's count plus the fresh ones above it, a fresh
   * one's rank among the fresh.
   */
  private countsAfterMinute(sorted: readonly SlowRequest<K>[]): Int32Array {
    // Indexes into `sorted`, first-ranked first.
    const rankedAt = sorted
      .map((_, x) => x)
      .sort(
        (x, y) =>
          (sorted[y] as SlowRequest<K>).durationMs - (sorted[x] as SlowRequest<K>).durationMs ||
          (sorted[y] as SlowRequest<K>).timestampMs - (sorted[x] as SlowRequest<K>).timestampMs,
      );
    const ranked = rankedAt.map((x) => sorted[x] as SlowRequest<K>);
    const above = new Int32Array(this.size_ + sorted.length);
    for (let i = 0; i < this.size_; i++) {
      const d = this.durations[i] as number;
      const t = this.timeOf(i);
      // The fresh that rank above (d, t) are a prefix of `ranked`.
      let lo = 0;
      let hi = ranked.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const r = ranked[mid] as SlowRequest<K>;
        if (ranksAbove(r.durationMs, r.timestampMs, d, t)) lo = mid + 1;
        else hi = mid;
      }
      above[i] = (this.bytes[i * BYTES + ABOVE_AT] as number) + lo;
    }
    rankedAt.forEach((x, rank) => {
      above[this.size_ + x] = rank;
    });
    return above;
  }

  /**
   * For `order` (any mix), how many of their own minute or after rank above
   * each, counted anew (stopping at `k`): quadratic, for restores and late
   * requests only.
   */
  private countsFromScratch(order: Int32Array, sorted: readonly SlowRequest<K>[]): Int32Array {
    const n = order.length;
    const times = new Float64Array(n);
    const durations = new Float64Array(n);
    for (let at = 0; at < n; at++) {
      const r = order[at] as number;
      const q = r < 0 ? (sorted[-1 - r] as SlowRequest<K>) : undefined;
      times[at] = q === undefined ? this.timeOf(r) : q.timestampMs;
      durations[at] = q === undefined ? (this.durations[r] as number) : q.durationMs;
    }
    const byOrder = new Int32Array(n);
    let minuteFrom = 0;
    for (let at = 0; at < n; at++) {
      const minute = floorTo(times[at] as number, this.minuteMs);
      if (floorTo(times[minuteFrom] as number, this.minuteMs) !== minute) minuteFrom = at;
      let count = 0;
      for (let b = minuteFrom; b < n && count < this.k; b++) {
        if (
          b !== at &&
          ranksAbove(
            durations[b] as number,
            times[b] as number,
            durations[at] as number,
            times[at] as number,
          )
        ) {
          count++;
        }
      }
      byOrder[at] = count;
    }
    // Indexed as countsAfterMinute's: held first, then the fresh in time order.
    const above = new Int32Array(n);
    for (let at = 0; at < n; at++) {
      const r = order[at] as number;
      above[r >= 0 ? r : this.size_ - 1 - r] = byOrder[at] as number;
    }
    return above;
  }

  /**
   * Which of `order` stay (1): within the retention and ranked under `k`
   * in their minute and after (`above`, indexed held first, then fresh), the
   * oldest past the cap dropped (windows starting after them stay exact).
   */
  private survivors(
    order: Int32Array,
    sorted: readonly SlowRequest<K>[],
    above: Int32Array,
    oldestMs: number,
  ): Uint8Array {
    const keep = new Uint8Array(order.length);
    let kept = 0;
    for (let at = order.length - 1; at >= 0; at--) {
      const r = order[at] as number;
      const t = r >= 0 ? this.timeOf(r) : (sorted[-1 - r] as SlowRequest<K>).timestampMs;
      if (t < oldestMs) break;
      if ((above[r >= 0 ? r : this.size_ - 1 - r] as number) >= this.k) continue;
      if (kept === this.cap) {
        if (t > this.droppedThrough) this.droppedThrough = t;
        continue;
      }
      keep[at] = 1;
      kept++;
    }
    return keep;
  }

  private rebuild(
    order: Int32Array,
    keep: Uint8Array,
    above: Int32Array,
    sorted: readonly SlowRequest<K>[],
  ): void {
    let n = 0;
    for (const v of keep) n += v;
    const buffer = new ArrayBuffer(n * (8 + BYTES));
    const durations = new Float64Array(buffer, 0, n);
    const bytes = new Uint8Array(buffer, n * 8);
    const first = keep.indexOf(1);
    const firstRow = order[first] as number;
    const base =
      first < 0
        ? 0
        : Math.floor(
            firstRow >= 0
              ? this.timeOf(firstRow)
              : (sorted[-1 - firstRow] as SlowRequest<K>).timestampMs,
          );
    const writeTime = (t: number, at: number): void => {
      const offset = Math.floor(t) - base;
      if (offset > 0xffff_ffff)
        throw new RangeError('slowest requests are held for at most 49 days');
      const b = at * BYTES;
      bytes[b] = offset & 0xff;
      bytes[b + 1] = (offset >>> 8) & 0xff;
      bytes[b + 2] = (offset >>> 16) & 0xff;
      bytes[b + 3] = Math.floor(offset / 0x100_0000);
    };
    const keys = this.key === undefined ? new Array<K>(n) : undefined;
    let at = 0;
    for (let x = 0; x < order.length; x++) {
      if (keep[x] !== 1) continue;
      const r = order[x] as number;
      if (r >= 0) {
        // Held ones mostly stay in runs: one copy a run, not one a request.
        let end = x + 1;
        while (end < order.length && keep[end] === 1 && order[end] === r + end - x) end++;
        const len = end - x;
        durations.set(this.durations.subarray(r, r + len), at);
        bytes.set(this.bytes.subarray(r * BYTES, (r + len) * BYTES), at * BYTES);
        // Times move to the new base (after the copy, which brought the old offsets).
        for (let i = 0; i < len; i++) {
          if (base !== this.base) writeTime(this.timeOf(r + i), at + i);
          bytes[(at + i) * BYTES + ABOVE_AT] = above[r + i] as number;
        }
        if (keys !== undefined) {
          for (let i = 0; i < len; i++) keys[at + i] = this.keys?.[r + i] as K;
        }
        at += len;
        x = end - 1;
        continue;
      }
      const q = sorted[-1 - r] as SlowRequest<K>;
      writeTime(q.timestampMs, at);
      durations[at] = q.durationMs;
      const b = at * BYTES;
      writeTraceId(q.traceId, bytes, b + TRACE_AT);
      writeSpanId(q.spanId, bytes, b + SPAN_AT);
      bytes[b + STATUS_AT] = q.statusCode & 0xff;
      bytes[b + STATUS_AT + 1] = (q.statusCode >> 8) & 0xff;
      bytes[b + STATUS_AT + 2] = this.methods.idOf(q.method);
      bytes[b + ABOVE_AT] = above[this.size_ - 1 - r] as number;
      if (keys !== undefined) keys[at] = q.key;
      at++;
    }
    this.durations = durations;
    this.base = base;
    this.bytes = bytes;
    this.keys = keys;
    this.size_ = n;
  }
}

/** True when a request of duration `d1` ending at `t1` ranks above one of `d2` at `t2`: slower, or as slow and newer. */
function ranksAbove(d1: number, t1: number, d2: number, t2: number): boolean {
  return d1 > d2 || (d1 === d2 && t1 > t2);
}
