import type { RequestRecord } from '../RequestRecord.js';
import { keptDuration } from '../sketch/nanosecondGrid.js';
import { BIN_COUNT, binOf } from '../sketch/sketchBins.js';
import type { Candidate } from './Exemplar.js';
import type { BinCounts } from './exemplarSelection.js';

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U16 = new Uint16Array(0);
/** Candidate slots reserved at the first request; doubled on demand. */
const INITIAL_FIRSTS = 4;

/**
 * Latency counts per sketch bin from bin `lo`, and their total: the current
 * minute's rollup of the endpoint in the store's fine bucket (a LiveRollup),
 * or the counts of a saved state.
 */
export interface LiveBins {
  readonly lo: number;
  readonly bins: Float64Array | Uint32Array;
  readonly count: number;
}

const NO_BINS: LiveBins = { lo: 0, bins: new Uint32Array(0), count: 0 };

/** A {@link LiveExemplars} as saved: the current minute's candidates survive a restart within it. */
export interface LiveExemplarsData {
  readonly lo: number;
  readonly counts: readonly number[];
  readonly firsts: readonly Candidate[];
  readonly top: readonly Candidate[];
}

/**
 * The candidates of one endpoint (of one source) in the current minute:
 * the first request seen in each sketch bin, and the `slowest` slowest.
 * Recording is a bin look-up, a bit test, and a few writes for the first
 * request of a bin or a new slowest one; the record itself is never kept
 * (callers reuse it), only its fields.
 *
 * Sized to what is used: the bin counts the quantile picks are read from
 * are the store's own (the minute's rollup of the endpoint, a
 * {@link LiveBins}), not a copy; which bins were seen is one bit each; and
 * the first request of each bin is appended to columns with one slot per
 * non-empty bin, not one per bin of the range.
 */
export class LiveExemplars implements BinCounts {
  /** The minute's bin counts of the endpoint: the store's rollup once a request of the minute came. */
  private source: LiveBins = NO_BINS;
  /** One bit per sketch bin: set once the bin has its first request. */
  private seen: Uint8Array | undefined;
  /** First requests of the non-empty bins, in arrival order: `size` slots of each column. */
  private size = 0;
  private bins: Uint16Array = EMPTY_U16;
  private status: Uint16Array = EMPTY_U16;
  private ts: Float64Array = EMPTY_F64;
  private dur: Float64Array = EMPTY_F64;
  private methods: string[] = [];
  private traces: string[] = [];
  private spans: string[] = [];
  /** The slowest, slowest first. */
  private readonly top: Candidate[] = [];
  /** Duration a request must exceed to enter `top` once it is full (none enters a top of 0). */
  private topMin: number;

  constructor(private readonly slowest: number) {
    this.topMin = slowest > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  /** Bin of `counts[0]`. */
  get lo(): number {
    return this.source.lo;
  }

  /** The minute's requests per bin, from bin `lo`. */
  get counts(): Float64Array | Uint32Array {
    return this.source.bins;
  }

  /** The minute's requests in `counts`. */
  get n(): number {
    return this.source.count;
  }

  /**
   * Adds one request; `bins` is the minute's rollup of the endpoint, which
   * counted it (undefined for a late request, counted in its own minute).
   * True when it became a candidate: the first of its bin, or one of the slowest.
   */
  add(rec: RequestRecord, bins: LiveBins | undefined): boolean {
    if (bins !== undefined) this.source = bins;
    const d = keptDuration(rec.durationMs);
    const bin = binOf(d);
    let candidate = false;
    if (!this.markSeen(bin)) {
      candidate = true;
      this.addFirst(
        bin,
        rec.timestampMs,
        d,
        rec.statusCode,
        rec.method,
        rec.traceId ?? '',
        rec.spanId ?? '',
      );
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

  /**
   * Rebuilds a saved state, so a restart within a minute continues it. Its
   * counts serve until a request of the minute brings the store's rollup,
   * which holds them too (the store restores the minute's bucket).
   */
  static fromData(slowest: number, data: LiveExemplarsData): LiveExemplars {
    const live = new LiveExemplars(slowest);
    const bins = Uint32Array.from(data.counts);
    live.source = { lo: data.lo, bins, count: bins.reduce((a, b) => a + b, 0) };
    for (const c of data.firsts) {
      const bin = binOf(c.durationMs);
      // One first per bin, as recording keeps.
      if (!live.markSeen(bin)) {
        live.addFirst(
          bin,
          c.timestampMs,
          c.durationMs,
          c.statusCode,
          c.method,
          c.traceId,
          c.spanId ?? '',
        );
      }
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
      spanId: this.spans[k] as string,
    }));
  }

  /** Marks `bin` seen; returns whether it already was. */
  private markSeen(bin: number): boolean {
    this.seen ??= new Uint8Array((BIN_COUNT + 7) >> 3);
    const byte = this.seen[bin >> 3] as number;
    const bit = 1 << (bin & 7);
    if ((byte & bit) !== 0) return true;
    this.seen[bin >> 3] = byte | bit;
    return false;
  }

  private addFirst(
    bin: number,
    timestampMs: number,
    durationMs: number,
    statusCode: number,
    method: string,
    traceId: string,
    spanId: string,
  ): void {
    const k = this.size;
    if (k === this.bins.length) this.growFirsts();
    this.bins[k] = bin;
    this.ts[k] = timestampMs;
    this.dur[k] = durationMs;
    this.status[k] = statusCode;
    this.methods[k] = method;
    this.traces[k] = traceId;
    this.spans[k] = spanId;
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
    // A restored top of a build that kept some, into a top of none.
    if (this.slowest === 0) return;
    const entry: Candidate = {
      timestampMs: rec.timestampMs,
      durationMs: d,
      statusCode: rec.statusCode,
      method: rec.method,
      traceId: rec.traceId ?? '',
      spanId: rec.spanId ?? '',
    };
    let at = this.top.length;
    while (at > 0 && (this.top[at - 1] as Candidate).durationMs < d) at--;
    this.top.splice(at, 0, entry);
    if (this.top.length > this.slowest) this.top.pop();
    if (this.top.length === this.slowest) {
      this.topMin = (this.top[this.top.length - 1] as Candidate).durationMs;
    }
  }
}
