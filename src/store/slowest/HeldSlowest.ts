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
/** Bytes a held request takes beside its duration: time, trace id, span id, status, method id. */
const BYTES = STATUS_AT + 3;

/**
 * The held slowest requests of one row (an endpoint of a source, or a whole
 * source), oldest first, pruned to what some window ending now can still
 * rank: a request that `k` slower ones (or as slow and newer, which the answer
 * lists first) finished in its minute or after is in no such window's `k` slowest (windows start on minute boundaries, so every
 * window holding it holds them), so it goes.
 * What stays is about `k · (1 + ln n)` of `n` requests of steady traffic.
 * Packed in one buffer (a duration column, then a byte record each), 39
 * bytes a request. A cap bounds the
 * pathological case (each minute slower than all after); what it drops is
 * the oldest, and {@link droppedThrough} says up to when.
 */
export class HeldSlowest {
  private size_ = 0;
  /** Duration of each request: the buffer's first column. */
  private durations = new Float64Array(0);
  /**
   * Per request, after the durations in the same buffer: the time, in whole
   * milliseconds after {@link base} (the oldest's; 4 bytes, not 8, for up
   * to 49 days held; the answer shows whole milliseconds and windows start
   * on whole ones, so no answer moves), the trace id, the span id, the
   * status (little-endian) and the method id.
   */
  private bytes = new Uint8Array(0);
  private base = 0;
  /** The endpoint row of each request; undefined in a row of one endpoint. */
  private keys: EndpointKey[] | undefined;
  /** Newest time of a request the cap dropped: windows that start after it are exact. */
  droppedThrough = Number.NEGATIVE_INFINITY;

  constructor(
    /** The rank kept exact. */
    readonly k: number,
    /** Most requests held. */
    readonly cap: number,
    /** The row's endpoint; undefined for a source row, whose requests name theirs. */
    private readonly key: EndpointKey | undefined,
    private readonly methods: MethodNames,
    /** The store's minute: windows start on its boundaries. */
    private readonly minuteMs: number,
  ) {}

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
  request(i: number): SlowRequest {
    const b = i * BYTES;
    return {
      key: (this.key ?? this.keys?.[i]) as EndpointKey,
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
   */
  add(fresh: readonly SlowRequest[], oldestMs: number): number {
    const sorted = [...fresh].sort((a, b) => a.timestampMs - b.timestampMs);
    const n = this.size_ + sorted.length;
    // Merged by time: i >= 0 is held request i, i < 0 is fresh request -1 - i.
    const order = new Int32Array(n);
    let i = 0;
    let j = 0;
    for (let at = 0; at < n; at++) {
      const old =
        j >= sorted.length ||
        (i < this.size_ && this.timeOf(i) <= (sorted[j] as SlowRequest).timestampMs);
      order[at] = old ? i++ : -1 - j++;
    }
    const keep = this.survivors(order, sorted, oldestMs);
    const before = this.size_;
    this.rebuild(order, keep, sorted);
    return this.size_ - before;
  }

  /** Drops requests before `oldestMs`; returns how many went. */
  evictBefore(oldestMs: number): number {
    if (this.size_ === 0 || this.timeOf(0) >= oldestMs) return 0;
    return -this.add([], oldestMs);
  }

  /**
   * Which of `order` stay (1), walking back from the newest a minute at a
   * time, the cap applied. A window starts on a minute boundary, so every
   * window holding a request holds its whole minute and all after: it is
   * hidden by `k` of its own minute or later that the answer ranks above
   * it (slower, or as slow and newer: of equal durations the newest first).
   * The walk stops once it is past the oldest fresh request and none of
   * them ranks in the top `k` so far: the held requests before that point
   * then rank against the same top as when they were last pruned, so they
   * all stay. Most folds walk a few minutes, not the whole row.
   */
  private survivors(
    order: Int32Array,
    sorted: readonly SlowRequest[],
    oldestMs: number,
  ): Uint8Array {
    const { k } = this;
    const keep = new Uint8Array(order.length);
    // The k that rank first of the minutes walked so far, first first: durations, times, and which are fresh.
    const topD = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    const topT = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    const topFresh = new Uint8Array(k);
    // Where the oldest fresh request sits (-1 - 0 in `order`), or past the end when none came.
    const oldestFresh = sorted.length > 0 ? order.indexOf(-1) : order.length;
    const time = (r: number): number =>
      r >= 0 ? this.timeOf(r) : (sorted[-1 - r] as SlowRequest).timestampMs;
    const duration = (r: number): number =>
      r >= 0 ? (this.durations[r] as number) : (sorted[-1 - r] as SlowRequest).durationMs;
    let end = order.length;
    while (end > 0) {
      const minute = floorTo(time(order[end - 1] as number), this.minuteMs);
      let from = end;
      while (from > 0 && time(order[from - 1] as number) >= minute) from--;
      for (let at = from; at < end; at++) {
        const r = order[at] as number;
        enterTop(topD, topT, topFresh, duration(r), time(r), r < 0 ? 1 : 0);
      }
      const floorD = topD[k - 1] as number;
      const floorT = topT[k - 1] as number;
      for (let at = end - 1; at >= from; at--) {
        const r = order[at] as number;
        if (time(r) >= oldestMs && !ranksAbove(floorD, floorT, duration(r), time(r))) keep[at] = 1;
      }
      end = from;
      if (minute < oldestMs || (from <= oldestFresh && !topFresh.includes(1))) break;
    }
    // Before where the walk stopped, everything within the retention stays.
    for (let at = 0; at < end; at++) {
      if (time(order[at] as number) >= oldestMs) keep[at] = 1;
    }
    // The oldest past the cap go: windows starting after them stay exact.
    let kept = 0;
    for (let at = order.length - 1; at >= 0; at--) {
      if (keep[at] !== 1) continue;
      if (kept < this.cap) {
        kept++;
        continue;
      }
      keep[at] = 0;
      const t = time(order[at] as number);
      if (t > this.droppedThrough) this.droppedThrough = t;
    }
    return keep;
  }

  private rebuild(order: Int32Array, keep: Uint8Array, sorted: readonly SlowRequest[]): void {
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
              : (sorted[-1 - firstRow] as SlowRequest).timestampMs,
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
    const keys = this.key === undefined ? new Array<EndpointKey>(n) : undefined;
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
        if (base !== this.base) for (let i = 0; i < len; i++) writeTime(this.timeOf(r + i), at + i);
        if (keys !== undefined) {
          for (let i = 0; i < len; i++) keys[at + i] = this.keys?.[r + i] as EndpointKey;
        }
        at += len;
        x = end - 1;
        continue;
      }
      const q = sorted[-1 - r] as SlowRequest;
      writeTime(q.timestampMs, at);
      durations[at] = q.durationMs;
      const b = at * BYTES;
      writeTraceId(q.traceId, bytes, b + TRACE_AT);
      writeSpanId(q.spanId, bytes, b + SPAN_AT);
      bytes[b + STATUS_AT] = q.statusCode & 0xff;
      bytes[b + STATUS_AT + 1] = (q.statusCode >> 8) & 0xff;
      bytes[b + STATUS_AT + 2] = this.methods.idOf(q.method);
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

/**
 * Puts a request into the `k` that rank first (`topD`, `topT`, `topFresh`,
 * first first) when it ranks above their last.
 */
function enterTop(
  topD: Float64Array,
  topT: Float64Array,
  topFresh: Uint8Array,
  d: number,
  t: number,
  fresh: number,
): void {
  let i = topD.length - 1;
  if (!ranksAbove(d, t, topD[i] as number, topT[i] as number)) return;
  while (i > 0 && ranksAbove(d, t, topD[i - 1] as number, topT[i - 1] as number)) {
    topD[i] = topD[i - 1] as number;
    topT[i] = topT[i - 1] as number;
    topFresh[i] = topFresh[i - 1] as number;
    i--;
  }
  topD[i] = d;
  topT[i] = t;
  topFresh[i] = fresh;
}
