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

/** Where the span id starts in a held request's bytes. */
const SPAN_AT = TRACE_ID_BYTES;
/** Where the status (2 bytes, little-endian) starts, then the method id (1). */
const STATUS_AT = SPAN_AT + SPAN_ID_BYTES;
/** Bytes a held request takes beside its time and duration: trace id, span id, status, method id. */
const BYTES = STATUS_AT + 3;

/**
 * The held slowest requests of one row (an endpoint of a source, or a whole
 * source), oldest first, pruned to what some window ending now can still
 * rank: a request that `k` slower ones (or as slow and newer, which the answer
 * lists first) finished in its minute or after is in no such window's `k` slowest (windows start on minute boundaries, so every
 * window holding it holds them), so it goes.
 * What stays is about `k · (1 + ln n)` of `n` requests of steady traffic.
 * Packed in three arrays, about 39 bytes a request. A cap bounds the
 * pathological case (each minute slower than all after); what it drops is
 * the oldest, and {@link droppedThrough} says up to when.
 */
export class HeldSlowest {
  private size_ = 0;
  /** Duration of each request. */
  private durations = new Float64Array(0);
  /**
   * Time of each request, in whole milliseconds after {@link base} (the
   * oldest's): 4 bytes, not 8, for up to 49 days held. The answer shows
   * whole milliseconds, and windows start on whole ones, so no answer moves.
   */
  private times = new Uint32Array(0);
  private base = 0;
  /** Per request: the trace id, the span id, the status (little-endian), the method id. */
  private bytes = new Uint8Array(0);
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
    return this.base + (this.times[i] as number);
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
      traceId: readTraceId(this.bytes, b),
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
    const time = (r: number): number =>
      r >= 0 ? this.timeOf(r) : (sorted[-1 - r] as SlowRequest).timestampMs;
    const duration = (r: number): number =>
      r >= 0 ? (this.durations[r] as number) : (sorted[-1 - r] as SlowRequest).durationMs;
    const keep = this.survivors(order, time, duration, oldestMs);
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
   */
  private survivors(
    order: Int32Array,
    time: (r: number) => number,
    duration: (r: number) => number,
    oldestMs: number,
  ): Uint8Array {
    const { k } = this;
    const keep = new Uint8Array(order.length);
    // The k that rank first of the minutes walked so far, first first: durations and times.
    const topD = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    const topT = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    let kept = 0;
    let end = order.length;
    while (end > 0) {
      const minute = floorTo(time(order[end - 1] as number), this.minuteMs);
      let from = end;
      while (from > 0 && time(order[from - 1] as number) >= minute) from--;
      for (let at = from; at < end; at++) {
        const r = order[at] as number;
        enterTop(topD, topT, duration(r), time(r));
      }
      const floorD = topD[k - 1] as number;
      const floorT = topT[k - 1] as number;
      for (let at = end - 1; at >= from; at--) {
        const r = order[at] as number;
        if (time(r) < oldestMs || ranksAbove(floorD, floorT, duration(r), time(r))) continue;
        if (kept === this.cap) {
          // The oldest past the cap go: windows starting after them stay exact.
          if (time(r) > this.droppedThrough) this.droppedThrough = time(r);
          continue;
        }
        keep[at] = 1;
        kept++;
      }
      if (minute < oldestMs) break;
      end = from;
    }
    return keep;
  }

  private rebuild(order: Int32Array, keep: Uint8Array, sorted: readonly SlowRequest[]): void {
    let n = 0;
    for (const v of keep) n += v;
    const durations = new Float64Array(n);
    const times = new Uint32Array(n);
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
    const offsetOf = (t: number): number => {
      const offset = Math.floor(t) - base;
      if (offset > 0xffff_ffff)
        throw new RangeError('slowest requests are held for at most 49 days');
      return offset;
    };
    const bytes = new Uint8Array(n * BYTES);
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
        for (let i = 0; i < len; i++) times[at + i] = offsetOf(this.timeOf(r + i));
        bytes.set(this.bytes.subarray(r * BYTES, (r + len) * BYTES), at * BYTES);
        if (keys !== undefined) {
          for (let i = 0; i < len; i++) keys[at + i] = this.keys?.[r + i] as EndpointKey;
        }
        at += len;
        x = end - 1;
        continue;
      } else {
        const q = sorted[-1 - r] as SlowRequest;
        times[at] = offsetOf(q.timestampMs);
        durations[at] = q.durationMs;
        const b = at * BYTES;
        writeTraceId(q.traceId, bytes, b);
        writeSpanId(q.spanId, bytes, b + SPAN_AT);
        bytes[b + STATUS_AT] = q.statusCode & 0xff;
        bytes[b + STATUS_AT + 1] = (q.statusCode >> 8) & 0xff;
        bytes[b + STATUS_AT + 2] = this.methods.idOf(q.method);
        if (keys !== undefined) keys[at] = q.key;
      }
      at++;
    }
    this.durations = durations;
    this.times = times;
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

/** Puts a request into the `k` that rank first (`topD`, `topT`, first first) when it ranks above their last. */
function enterTop(topD: Float64Array, topT: Float64Array, d: number, t: number): void {
  let i = topD.length - 1;
  if (!ranksAbove(d, t, topD[i] as number, topT[i] as number)) return;
  while (i > 0 && ranksAbove(d, t, topD[i - 1] as number, topT[i - 1] as number)) {
    topD[i] = topD[i - 1] as number;
    topT[i] = topT[i - 1] as number;
    i--;
  }
  topD[i] = d;
  topT[i] = t;
}
