import type { BucketTotals, BucketView, RollupStats } from './BucketView.js';
import type { EndpointKey } from './EndpointKey.js';
import type { LiveBucket } from './LiveBucket.js';
import type { Series } from './Series.js';
import type { Source } from './Source.js';
import type { LiveRollup } from './sketch/LiveRollup.js';
import { chooseEncoding, packBins } from './sketch/packedBins.js';
import type { SketchAccumulator } from './sketch/SketchAccumulator.js';
import { BIN_COUNT } from './sketch/sketchBins.js';

// A sketch row's bins are described by one 32-bit word: first bin (11 bits),
// number of bins (11 bits), packing code (2 bits, see packedBins.ts).
const BIN_BITS = 11;
const BIN_MASK = (1 << BIN_BITS) - 1;
if (BIN_COUNT > BIN_MASK) throw new Error(`BIN_COUNT ${BIN_COUNT} does not fit ${BIN_BITS} bits`);

/**
 * A closed bucket in packed, immutable form: a few typed arrays instead of a
 * sketch object per row (a live sketch costs kilobytes; a packed endpoint
 * minute, a hundred bytes or so).
 *
 * Layout, for `n` series rows and `m` endpoint rows (plus the bucket total
 * as sketch row `m`):
 * - `counts`: the series counts, a Uint32Array unless one needs more;
 * - `numbers`: Float64Array of 4m: the endpoint counts, sums, mins, maxs;
 * - `layout`: Uint32Array of 2(m + 1): byte offset of a sketch row's bins,
 *   then first bin | bin count << 11 | packing code << 22;
 * - `bytes`: every sketch row's non-empty bin range, packed (packedBins.ts).
 * Plain typed arrays, strings and numbers, so the form is easy to persist.
 */
export class FrozenBucket implements BucketView {
  constructor(
    readonly start: number,
    readonly widthMs: number,
    readonly series: readonly Series[],
    readonly counts: Uint32Array | Float64Array,
    readonly endpoints: readonly EndpointKey[],
    readonly totals: BucketTotals,
    private readonly numbers: Float64Array,
    private readonly layout: Uint32Array,
    private readonly bytes: Uint8Array,
  ) {}

  /** Packs a live bucket. The live bucket is left as it was. */
  static freeze(start: number, widthMs: number, live: LiveBucket): FrozenBucket {
    const n = live.rows.length;
    const m = live.endpoints.size;
    // n counts, m endpoint rows, and the total as sketch row m.
    let most = 0;
    for (const row of live.rows) most = Math.max(most, row.count);
    const counts = most <= 0xffffffff ? new Uint32Array(n) : new Float64Array(n);
    const numbers = new Float64Array(4 * m);
    const series: Series[] = [];
    let errors = 0;
    let serverErrors = 0;
    for (const row of live.rows) {
      counts[series.length] = row.count;
      series.push(row.series);
      if (row.series.statusCode >= 400) errors += row.count;
      if (row.series.statusCode >= 500) serverErrors += row.count;
    }
    const layout = new Uint32Array(2 * (m + 1));
    const all = new Float64Array(BIN_COUNT);
    let allLo = BIN_COUNT;
    let allHi = -1;
    let length = 0;
    let count = 0;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const endpoints: EndpointKey[] = [];
    const rollups: LiveRollup[] = [];
    for (const [endpoint, rollup] of live.endpoints) {
      const row = endpoints.length;
      endpoints.push(endpoint);
      rollups.push(rollup);
      numbers[row] = rollup.count;
      numbers[m + row] = rollup.sum;
      numbers[2 * m + row] = rollup.min;
      numbers[3 * m + row] = rollup.max;
      count += rollup.count;
      sum += rollup.sum;
      if (rollup.min < min) min = rollup.min;
      if (rollup.max > max) max = rollup.max;
      for (let b = rollup.minBin; b <= rollup.maxBin; b++) {
        (all[b] as number) += rollup.bins[b - rollup.lo] as number;
      }
      if (rollup.minBin < allLo) allLo = rollup.minBin;
      if (rollup.maxBin > allHi) allHi = rollup.maxBin;
      length += describe(
        layout,
        row,
        length,
        rollup.bins,
        rollup.minBin - rollup.lo,
        rollup.minBin,
        rollup.maxBin,
      );
    }
    length += describe(layout, m, length, all, allLo, allLo, allHi);
    const bytes = new Uint8Array(length);
    rollups.forEach((rollup, row) => {
      const [offset, , len, code] = unpack(layout, row);
      packBins(bytes, offset, code, rollup.bins, rollup.minBin - rollup.lo, len);
    });
    const [offset, , len, code] = unpack(layout, m);
    packBins(bytes, offset, code, all, allLo, len);
    const totals: BucketTotals = { count, sum, min, max, errors, serverErrors };
    return new FrozenBucket(
      start,
      widthMs,
      series,
      counts,
      endpoints,
      totals,
      numbers,
      layout,
      bytes,
    );
  }

  /**
   * The bucket as plain data for a snapshot: typed arrays as base64, series
   * and sources as ids that `idOf` and `sourceIdOf` assign (the snapshot
   * keeps one table of each).
   */
  toData(
    idOf: (series: Series) => number,
    sourceIdOf: (source: Source) => number,
  ): FrozenBucketData {
    return {
      start: this.start,
      widthMs: this.widthMs,
      series: this.series.map(idOf),
      counts: encode(this.counts),
      wideCounts: this.counts instanceof Float64Array,
      endpoints: this.endpoints.map((key) => key.endpoint),
      endpointSources: this.endpoints.map((key) => sourceIdOf(key.source)),
      totals: { ...this.totals },
      numbers: encode(this.numbers),
      layout: encode(this.layout),
      bytes: encode(this.bytes),
    };
  }

  /**
   * Rebuilds a bucket from {@link toData}'s output, with the series and the
   * endpoint keys (one per `data.endpoints` row) resolved again by the
   * caller. Throws RangeError when the arrays do not fit together, so a
   * damaged snapshot is rejected rather than misread.
   */
  static fromData(
    data: FrozenBucketData,
    series: readonly Series[],
    endpoints: readonly EndpointKey[],
  ): FrozenBucket {
    const counts = data.wideCounts
      ? new Float64Array(decode(data.counts, 8))
      : new Uint32Array(decode(data.counts, 4));
    const numbers = new Float64Array(decode(data.numbers, 8));
    const layout = new Uint32Array(decode(data.layout, 4));
    const bytes = new Uint8Array(decode(data.bytes, 1));
    const m = data.endpoints.length;
    if (counts.length !== series.length) throw new RangeError('counts do not match the series');
    if (endpoints.length !== m) throw new RangeError('endpoint keys do not match the endpoints');
    if (numbers.length !== 4 * m) throw new RangeError('numbers do not match the endpoints');
    if (layout.length !== 2 * (m + 1)) throw new RangeError('layout does not match the endpoints');
    for (let row = 0; row <= m; row++) {
      const [offset, lo, len] = unpack(layout, row);
      if (offset > bytes.length || lo + len > BIN_COUNT) throw new RangeError('bad sketch layout');
    }
    return new FrozenBucket(
      data.start,
      data.widthMs,
      series,
      counts,
      endpoints,
      data.totals,
      numbers,
      layout,
      bytes,
    );
  }

  endpointStats(row: number): RollupStats {
    const [count, sum, min, max] = this.statsOf(row);
    return { count, sum, min, max };
  }

  mergeEndpointInto(row: number, into: SketchAccumulator): void {
    const [count, sum, min, max] = this.statsOf(row);
    const [offset, lo, len, code] = unpack(this.layout, row);
    into.addPacked(count, sum, min, max, lo, len, this.bytes, offset, code);
  }

  mergeTotalInto(into: SketchAccumulator): void {
    const t = this.totals;
    if (t.count === 0) return;
    const [offset, lo, len, code] = unpack(this.layout, this.endpoints.length);
    into.addPacked(t.count, t.sum, t.min, t.max, lo, len, this.bytes, offset, code);
  }

  /** Adds one endpoint row to a live rollup (reopening the bucket, or rolling it into an hour). */
  addEndpointTo(row: number, rollup: LiveRollup): void {
    const [count, sum, min, max] = this.statsOf(row);
    const [offset, lo, len, code] = unpack(this.layout, row);
    rollup.addPacked(count, sum, min, max, lo, len, this.bytes, offset, code);
  }

  /** Bytes this bucket holds in typed arrays (the heap objects around them aside). */
  get packedBytes(): number {
    return (
      this.counts.byteLength +
      this.numbers.byteLength +
      this.layout.byteLength +
      this.bytes.byteLength
    );
  }

  private statsOf(row: number): [number, number, number, number] {
    const m = this.endpoints.length;
    const x = this.numbers;
    return [x[row] ?? 0, x[m + row] ?? 0, x[2 * m + row] ?? 0, x[3 * m + row] ?? 0];
  }
}

/** A {@link FrozenBucket} as plain JSON-ready data (see `toData`). */
export interface FrozenBucketData {
  readonly start: number;
  readonly widthMs: number;
  /** Ids into the snapshot's series table, one per row. */
  readonly series: readonly number[];
  /** Base64 of the counts' bytes: Uint32 values, or Float64 when `wideCounts`. */
  readonly counts: string;
  readonly wideCounts: boolean;
  /** Endpoint of each latency row. */
  readonly endpoints: readonly string[];
  /** Ids into the snapshot's source table, one per endpoint row; absent (version 1): the local source. */
  readonly endpointSources?: readonly number[] | undefined;
  readonly totals: BucketTotals;
  /** Base64 of a Float64Array. */
  readonly numbers: string;
  /** Base64 of a Uint32Array. */
  readonly layout: string;
  /** Base64 of the packed sketch bytes. */
  readonly bytes: string;
}

/** A typed array's bytes as base64. */
function encode(array: ArrayBufferView): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Base64 to an ArrayBuffer holding whole elements of `size` bytes (copied, so it is aligned). */
function decode(text: string, size: number): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % size !== 0) throw new RangeError('array bytes are not whole elements');
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

/** A sketch row's byte offset, first bin, bin count and width code. */
function unpack(layout: Uint32Array, row: number): [number, number, number, number] {
  const word = layout[2 * row + 1] ?? 0;
  return [layout[2 * row] ?? 0, word & BIN_MASK, (word >>> BIN_BITS) & BIN_MASK, word >>> 22];
}

/** Writes the layout of a sketch row holding bins `lo` to `hi` (read from `bins` at `index`); returns its byte length. */
function describe(
  layout: Uint32Array,
  row: number,
  offset: number,
  bins: Float64Array,
  index: number,
  lo: number,
  hi: number,
): number {
  layout[2 * row] = offset;
  if (hi < lo) {
    layout[2 * row + 1] = 0;
    return 0;
  }
  const len = hi - lo + 1;
  const [code, byteLength] = chooseEncoding(bins, index, len);
  layout[2 * row + 1] = lo | (len << BIN_BITS) | (code << 22);
  return byteLength;
}
