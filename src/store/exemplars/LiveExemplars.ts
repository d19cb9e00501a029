import type { RequestRecord } from '../RequestRecord.js';
import { BIN_COUNT, binOf } from '../sketch/sketchBins.js';
import type { Candidate } from './Exemplar.js';
import type { BinCounts } from './exemplarSelection.js';

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U32 = new Uint32Array(0);
const EMPTY_U16 = new Uint16Array(0);
/**
 * Bins reserved around the first value. Small: at 500 routes most endpoints
 * see a few dozen requests a minute, and the range grows (by half at least)
 * on demand.
 */
const INITIAL_BINS = 8;
/** Candidate slots reserved at the first request; doubled on demand. */
const INITIAL_FIRSTS = 4;

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
 *
 * Sized to what is used: the bin counts cover the range seen (grown on
 * demand), and the first request of each bin is appended to columns with
 * one slot per non-empty bin, not one per bin of the range: a quiet
 * endpoint's minute holds a handful, not 64 slots in six arrays.
 */
export class LiveExemplars implements BinCounts {
  lo = 0;
  /** Requests per bin of the range: a minute's count of one bin fits 32 bits. */
  counts: Uint32Array = EMPTY_U32;
  n = 0;
  /** First requests of the non-empty bins, in arrival order: `size` slots of each column. */
  private size = 0;
  private bins: Uint16Array = EMPTY_U16;
  private status: Uint16Array = EMPTY_U16;
  private ts: Float64Array = EMPTY_F64;
  private dur: Float64Array = EMPTY_F64;
  private methods: string[] = [];
  private traces: string[] = [];
  /** The slowest, slowest first. */
  private readonly top: Candidate[] = [];
  /** Duration a request must exceed to enter `top` once it is full. */
  private topMin = Number.NEGATIVE_INFINITY;

  constructor(private readonly slowest: number) {}

  /** Adds one request. */
  add(rec: RequestRecord): void {
    const d = Number.isNaN(rec.durationMs) ? 0 : Math.max(rec.durationMs, 0);
    const bin = binOf(d);
    let i = bin - this.lo;
    if (i < 0 || i >= this.counts.length) {
      this.extend(bin);
      i = bin - this.lo;
    }
    const before = this.counts[i] as number;
    this.counts[i] = before + 1;
    this.n++;
    if (before === 0)
      this.addFirst(bin, rec.timestampMs, d, rec.statusCode, rec.method, rec.traceId ?? '');
    if (d > this.topMin) this.enterTop(rec, d);
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
    data.counts.forEach((n, k) => {
      if (n === 0) return;
      const bin = data.lo + k;
      if (bin < live.lo || bin >= live.lo + live.counts.length) live.extend(bin);
      live.counts[bin - live.lo] = n;
      live.n += n;
    });
    const taken = new Set<number>();
    for (const c of data.firsts) {
      const bin = binOf(c.durationMs);
      // One first per bin, as recording keeps.
      if (taken.has(bin)) continue;
      taken.add(bin);
      live.addFirst(bin, c.timestampMs, c.durationMs, c.statusCode, c.method, c.traceId);
    }
    for (const c of data.top) live.enterTop(c, c.durationMs);
    return live;
  }

  /** Every candidate: the first request of each bin, and the slowest. */
  candidates(): Candidate[] {
    return [...this.top, ...this.binFirsts()];
  }

  /** The first request of each non-empty bin, lowest bin first. */
  private binFirsts(): Candidate[] {
    const order = Array.from({ length: this.size }, (_, k) => k).sort(
      (a, b) => (this.bins[a] as number) - (this.bins[b] as number),
    );
    return order.map((k) => ({
      timestampMs: this.ts[k] as number,
      durationMs: this.dur[k] as number,
      statusCode: this.status[k] as number,
      method: this.methods[k] as string,
      traceId: this.traces[k] as string,
    }));
  }

  private addFirst(
    bin: number,
    timestampMs: number,
    durationMs: number,
    statusCode: number,
    method: string,
    traceId: string,
  ): void {
    const k = this.size;
    if (k === this.bins.length) this.growFirsts();
    this.bins[k] = bin;
    this.ts[k] = timestampMs;
    this.dur[k] = durationMs;
    this.status[k] = statusCode;
    this.methods[k] = method;
    this.traces[k] = traceId;
    this.size = k + 1;
  }

  private growFirsts(): void {
    const size = Math.max(INITIAL_FIRSTS, 2 * this.bins.length);
    const grow = <T extends Float64Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.bins = grow(this.bins, (n) => new Uint16Array(n));
    this.status = grow(this.status, (n) => new Uint16Array(n));
    this.ts = grow(this.ts, (n) => new Float64Array(n));
    this.dur = grow(this.dur, (n) => new Float64Array(n));
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

  /** Makes `bin` addressable, growing by half at least so growth stays amortized. */
  private extend(bin: number): void {
    const old = this.counts.length;
    const empty = old === 0;
    const needLo = empty ? bin : Math.min(this.lo, bin);
    const needHi = empty ? bin + 1 : Math.max(this.lo + old, bin + 1);
    const size = Math.min(BIN_COUNT, Math.max(needHi - needLo, old + (old >> 1), INITIAL_BINS));
    const slack = size - (needHi - needLo);
    let lo = empty ? needLo - (slack >> 1) : bin < this.lo ? needHi - size : needLo;
    lo = Math.min(Math.max(0, lo), BIN_COUNT - size);
    const counts = new Uint32Array(size);
    if (!empty) counts.set(this.counts, this.lo - lo);
    this.counts = counts;
    this.lo = lo;
  }
}
