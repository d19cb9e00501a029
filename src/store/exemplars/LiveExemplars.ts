import type { RequestRecord } from '../RequestRecord.js';
import { BIN_COUNT, binOf } from '../sketch/sketchBins.js';
import type { Candidate } from './Exemplar.js';
import type { BinCounts } from './exemplarSelection.js';

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U16 = new Uint16Array(0);
const EMPTY_U8 = new Uint8Array(0);
/** Bins reserved around the first value; most minutes of one endpoint fit. */
const INITIAL_BINS = 64;

/** A {@link LiveExemplars} as saved: the current minute's candidates survive a restart within it. */
export interface LiveExemplarsData {
  readonly lo: number;
  readonly counts: readonly number[];
  readonly firsts: readonly Candidate[];
  readonly top: readonly Candidate[];
}

/**
 * The candidates of one endpoint (of one source) in the current minute: a
 * count per sketch bin, the first request seen in each bin, and the
 * `slowest` slowest. Recording is a bin look-up, an increment, a test, and
 * a few writes for the first request of a bin or a new slowest one; the
 * record itself is never kept (callers reuse it), only its fields.
 */
export class LiveExemplars implements BinCounts {
  lo = 0;
  counts: Float64Array = EMPTY_F64;
  n = 0;
  private seen: Uint8Array = EMPTY_U8;
  private ts: Float64Array = EMPTY_F64;
  private dur: Float64Array = EMPTY_F64;
  private status: Uint16Array = EMPTY_U16;
  private methods: string[] = [];
  private traces: string[] = [];
  /** The slowest, slowest first. */
  private readonly top: Candidate[] = [];
  /** Duration a request must exceed to enter `top` once it is full. */
  private topMin = Number.NEGATIVE_INFINITY;

  constructor(private readonly slowest: number) {}

  /** Adds one request; true when it became a candidate (the first of its bin, or one of the slowest). */
  add(rec: RequestRecord): boolean {
    const d = Number.isNaN(rec.durationMs) ? 0 : Math.max(rec.durationMs, 0);
    const bin = binOf(d);
    let i = bin - this.lo;
    if (i < 0 || i >= this.counts.length) {
      this.extend(bin);
      i = bin - this.lo;
    }
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.n++;
    let candidate = false;
    if (this.seen[i] === 0) {
      candidate = true;
      this.seen[i] = 1;
      this.ts[i] = rec.timestampMs;
      this.dur[i] = d;
      this.status[i] = rec.statusCode;
      this.methods[i] = rec.method;
      this.traces[i] = rec.traceId ?? '';
    }
    if (d > this.topMin) {
      this.enterTop(rec, d);
      candidate = true;
    }
    return candidate;
  }

  /** The state as plain data: the bin counts, the first request of each bin, and the slowest. */
  toData(): LiveExemplarsData {
    return {
      lo: this.lo,
      counts: [...this.counts],
      firsts: this.binFirsts(),
      top: [...this.top],
    };
  }

  /** Rebuilds a saved state, so a restart within a minute continues it. */
  static fromData(slowest: number, data: LiveExemplarsData): LiveExemplars {
    const live = new LiveExemplars(slowest);
    for (const c of data.firsts) {
      const bin = binOf(c.durationMs);
      if (bin < live.lo || bin >= live.lo + live.counts.length) live.extend(bin);
      const i = bin - live.lo;
      live.seen[i] = 1;
      live.ts[i] = c.timestampMs;
      live.dur[i] = c.durationMs;
      live.status[i] = c.statusCode;
      live.methods[i] = c.method;
      live.traces[i] = c.traceId;
    }
    data.counts.forEach((n, k) => {
      if (n === 0) return;
      const bin = data.lo + k;
      if (bin < live.lo || bin >= live.lo + live.counts.length) live.extend(bin);
      live.counts[bin - live.lo] = n;
      live.n += n;
    });
    for (const c of data.top) live.enterTop(c, c.durationMs);
    return live;
  }

  /** Every candidate: the first request of each bin, and the slowest. */
  candidates(): Candidate[] {
    return [...this.top, ...this.binFirsts()];
  }

  private binFirsts(): Candidate[] {
    const out: Candidate[] = [];
    for (let i = 0; i < this.counts.length; i++) {
      if (this.seen[i] !== 1) continue;
      out.push({
        timestampMs: this.ts[i] as number,
        durationMs: this.dur[i] as number,
        statusCode: this.status[i] as number,
        method: this.methods[i] as string,
        traceId: this.traces[i] as string,
      });
    }
    return out;
  }

  private enterTop(rec: Candidate | RequestRecord, d: number): void {
    const entry: Candidate = {
      timestampMs: rec.timestampMs,
      durationMs: d,
      statusCode: rec.statusCode,
      method: rec.method,
      traceId: rec.traceId ?? '',
    };
    let at = this.top.length;
    while (at > 0 && (this.top[at - 1] as Candidate).durationMs < d) at--;
    this.top.splice(at, 0, entry);
    if (this.top.length > this.slowest) this.top.pop();
    if (this.top.length === this.slowest) {
      this.topMin = (this.top[this.top.length - 1] as Candidate).durationMs;
    }
  }

  /** Makes `bin` addressable, at least doubling so growth stays amortized. */
  private extend(bin: number): void {
    const old = this.counts.length;
    const empty = old === 0;
    const needLo = empty ? bin : Math.min(this.lo, bin);
    const needHi = empty ? bin + 1 : Math.max(this.lo + old, bin + 1);
    const size = Math.min(BIN_COUNT, Math.max(needHi - needLo, 2 * old, INITIAL_BINS));
    const slack = size - (needHi - needLo);
    let lo = empty ? needLo - (slack >> 1) : bin < this.lo ? needHi - size : needLo;
    lo = Math.min(Math.max(0, lo), BIN_COUNT - size);
    const shift = this.lo - lo;
    const grow = <T extends Float64Array | Uint16Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ) => {
      const b = make(size);
      if (!empty) b.set(a, shift);
      return b;
    };
    this.counts = grow(this.counts, (n) => new Float64Array(n));
    this.seen = grow(this.seen, (n) => new Uint8Array(n));
    this.ts = grow(this.ts, (n) => new Float64Array(n));
    this.dur = grow(this.dur, (n) => new Float64Array(n));
    this.status = grow(this.status, (n) => new Uint16Array(n));
    const methods: string[] = new Array(size);
    const traces: string[] = new Array(size);
    if (!empty) {
      for (let i = 0; i < old; i++) {
        methods[i + shift] = this.methods[i] as string;
        traces[i + shift] = this.traces[i] as string;
      }
    }
    this.methods = methods;
    this.traces = traces;
    this.lo = lo;
  }
}
