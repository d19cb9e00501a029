import type { BucketTotals, BucketView, RollupStats } from './BucketView.js';
import type { EndpointKey } from './EndpointKey.js';
import {
  BIN_BITS,
  BIN_MASK,
  BINS_WORD_MASK,
  type BucketLayout,
  CODE_MASK,
  CODE_SHIFT,
  MAX_SHIFT,
  MIN_SHIFT,
  SUM_SHIFT,
} from './frozen/BucketLayout.js';
import {
  type FrozenBucketData,
  readFrozenBucketData,
  writeFrozenBucketData,
} from './frozen/FrozenBucketData.js';
import { type FreezeSource, packBucket } from './frozen/packBucket.js';
import { type RowArrays, type RowTableRefs, RowTables } from './RowTables.js';
import type { Series } from './Series.js';
import type { Source } from './Source.js';
import { readUint } from './sketch/byteInts.js';
import type { LiveRollup } from './sketch/LiveRollup.js';
import { sumPackedBins } from './sketch/packedBins.js';
import type { RowStats } from './sketch/RowStats.js';
import type { SketchAccumulator } from './sketch/SketchAccumulator.js';

export type { FreezeSource, FrozenBucketData };

/**
 * A closed bucket in packed, immutable form: one ArrayBuffer instead of a
 * sketch object per row (a live sketch costs kilobytes; a packed endpoint
 * minute, a few dozen bytes).
 *
 * Rows are in the order of their ids in the shared {@link RowTables} (the
 * order the store first met each series and endpoint), so a bucket can name
 * them by a bitmap over the table when that is smaller than a list of ids.
 * Buffer, for `n` series rows and `m` endpoint rows (plus the bucket total
 * as sketch row `m`), each part in the narrowest width its values need:
 * - the series counts (1, 2 or 4 bytes; Float64 past 2^32);
 * - the series rows and the endpoint rows: a bitmap over the table, or a
 *   list of two-byte ids (not an eight-byte pointer each);
 * - per sketch row, a byte offset and one word (first bin | bin count << 11
 *   | packing code << 22 | the codes of its statistics << 25); an endpoint
 *   row's count is the total of its bins;
 * - per sketch row, its exact sum, minimum and maximum in 2 to 24 bytes
 *   (RowStats.ts; typically 10), then its non-empty bin range, packed
 *   (packedBins.ts).
 * The `series` and `endpoints` arrays a query reads are built from the ids
 * on first read and kept for a bounded number of buckets (RowTables).
 */
export class FrozenBucket implements BucketView, RowArrays {
  private seriesRows: Series[] | undefined;
  private endpointRows: EndpointKey[] | undefined;

  private constructor(
    readonly start: number,
    readonly widthMs: number,
    readonly totals: BucketTotals,
    /** Requests per series row. */
    readonly counts: Uint8Array | Uint16Array | Uint32Array | Float64Array,
    private readonly tables: RowTables,
    private readonly refs: RowTableRefs,
    private readonly layout: BucketLayout,
    /** The whole buffer. */
    private readonly bytes: Uint8Array,
  ) {}

  /** Packs a live bucket (left as it was), naming its rows in `tables`. */
  static freeze(
    start: number,
    widthMs: number,
    live: FreezeSource,
    tables: RowTables = new RowTables(),
  ): FrozenBucket {
    const packed = packBucket(live, tables);
    const { totals, counts, refs, layout, bytes } = packed;
    return new FrozenBucket(start, widthMs, totals, counts, tables, refs, layout, bytes);
  }

  /**
   * The bucket as plain data for a snapshot: typed arrays as base64, series
   * and sources as ids that `idOf` and `sourceIdOf` assign (the snapshot
   * keeps one table of each). The same fields as version 2, whose layout
   * words now also use packing codes 4 and 5.
   */
  toData(
    idOf: (series: Series) => number,
    sourceIdOf: (source: Source) => number,
  ): FrozenBucketData {
    return writeFrozenBucketData(this, idOf, sourceIdOf);
  }

  /**
   * A sketch row's packed bins alone, without its statistics (row `m` is the
   * bucket total), and the bin part of its word: what the stored form keeps.
   */
  storedBins(row: number): { readonly bins: Uint8Array; readonly word: number } {
    const from = this.readStats(row).binsAt;
    const to = row < this.layout.m ? this.offsetOf(row + 1) : this.bytes.length;
    return { bins: this.bytes.subarray(from, to), word: this.wordOf(row) & BINS_WORD_MASK };
  }

  /**
   * Rebuilds a bucket from {@link toData}'s output (any readable version),
   * with the series and the endpoint keys (one per `data.endpoints` row)
   * resolved again by the caller. Throws RangeError when the arrays do not
   * fit together, so a damaged snapshot is rejected rather than misread.
   */
  static fromData(
    data: FrozenBucketData,
    series: readonly Series[],
    endpoints: readonly EndpointKey[],
  ): FrozenBucket {
    const live = readFrozenBucketData(data, series, endpoints);
    return FrozenBucket.freeze(data.start, data.widthMs, live);
  }

  /** The series with requests in this bucket, one per row (built from the ids on first read). */
  get series(): readonly Series[] {
    if (this.seriesRows === undefined) {
      const rows: Series[] = [];
      this.forEachSeriesRow((s) => rows.push(s));
      this.noteBuilt();
      this.seriesRows = rows;
    }
    return this.seriesRows;
  }

  /** The endpoints with requests in this bucket, one latency row each (built on first read). */
  get endpoints(): readonly EndpointKey[] {
    if (this.endpointRows === undefined) {
      const rows: EndpointKey[] = [];
      this.forEachEndpointRow((key) => rows.push(key));
      this.noteBuilt();
      this.endpointRows = rows;
    }
    return this.endpointRows;
  }

  /** Number of series rows, without building the series array. */
  get seriesCount(): number {
    return this.layout.n;
  }

  /** Calls `fn` with each series row's series and count, without building arrays. */
  forEachSeriesRow(fn: (series: Series, count: number, row: number) => void): void {
    const { n, seriesBitmap, seriesIdsAt } = this.layout;
    const table = this.refs.series;
    const counts = this.counts;
    this.forEachId(seriesIdsAt, seriesBitmap, n, (id, row) => {
      fn(table[id] as Series, counts[row] as number, row);
    });
  }

  /** Calls `fn` with each endpoint row's key and row number, without building arrays. */
  forEachEndpointRow(fn: (key: EndpointKey, row: number) => void): void {
    const { m, keyBitmap, keyIdsAt } = this.layout;
    const table = this.refs.keys;
    this.forEachId(keyIdsAt, keyBitmap, m, (id, row) => fn(table[id] as EndpointKey, row));
  }

  /** The ids of `rows` rows at `at`, from a bitmap of `bitmap` bytes or (0) a list. */
  private forEachId(
    at: number,
    bitmap: number,
    rows: number,
    fn: (id: number, row: number) => void,
  ): void {
    const bytes = this.bytes;
    if (bitmap === 0) {
      const width = this.layout.idWidth;
      for (let row = 0; row < rows; row++) fn(readUint(bytes, at + row * width, width), row);
      return;
    }
    let row = 0;
    for (let i = 0; i < bitmap && row < rows; i++) {
      let byte = bytes[at + i] as number;
      while (byte !== 0) {
        const bit = 31 - Math.clz32(byte & -byte);
        fn(i * 8 + bit, row++);
        byte &= byte - 1;
      }
    }
  }

  /** Drops the built row arrays (RowTables' cache decides when). */
  forgetRows(): void {
    this.seriesRows = undefined;
    this.endpointRows = undefined;
  }

  endpointStats(row: number): RollupStats {
    const stats = this.readStats(row);
    const { sum, min, max } = stats;
    return { count: this.countOf(row), sum, min, max };
  }

  mergeEndpointInto(row: number, into: SketchAccumulator): void {
    const word = this.wordOf(row);
    const stats = this.readStats(row, word);
    into.addPackedRow(
      stats.sum,
      stats.min,
      stats.max,
      word & BIN_MASK,
      (word >>> BIN_BITS) & BIN_MASK,
      this.bytes,
      stats.binsAt,
      (word >>> CODE_SHIFT) & CODE_MASK,
    );
  }

  mergeTotalInto(into: SketchAccumulator): void {
    const t = this.totals;
    if (t.count === 0) return;
    const m = this.layout.m;
    const word = this.wordOf(m);
    const binsAt = this.readStats(m, word).binsAt;
    const lo = word & BIN_MASK;
    const len = (word >>> BIN_BITS) & BIN_MASK;
    const code = (word >>> CODE_SHIFT) & CODE_MASK;
    into.addPacked(t.count, t.sum, t.min, t.max, lo, len, this.bytes, binsAt, code);
  }

  /** Adds one endpoint row to a live rollup (reopening the bucket, or rolling it into an hour). */
  addEndpointTo(row: number, rollup: LiveRollup): void {
    const word = this.wordOf(row);
    const stats = this.readStats(row, word);
    rollup.addPackedRow(
      stats.sum,
      stats.min,
      stats.max,
      word & BIN_MASK,
      (word >>> BIN_BITS) & BIN_MASK,
      this.bytes,
      stats.binsAt,
      (word >>> CODE_SHIFT) & CODE_MASK,
    );
  }

  /** Bytes of this bucket's buffer (the few heap objects around it aside). */
  get packedBytes(): number {
    return this.bytes.byteLength;
  }

  /** An endpoint row's count: the total of its bins (decoded, so not for hot paths). */
  private countOf(row: number): number {
    const word = this.wordOf(row);
    const len = (word >>> BIN_BITS) & BIN_MASK;
    if (len === 0) return 0;
    const binsAt = this.readStats(row, word).binsAt;
    return sumPackedBins(this.bytes, binsAt, (word >>> CODE_SHIFT) & CODE_MASK, len);
  }

  /**
   * A sketch row's exact sum, minimum and maximum, and where its bins start,
   * read into the store's shared {@link RowStats} (valid until the next read);
   * `word` is the row's layout word.
   */
  private readStats(row: number, word = this.wordOf(row)): RowStats {
    const lo = word & BIN_MASK;
    const stats = this.tables.stats;
    stats.read(
      this.bytes,
      this.offsetOf(row),
      (word >>> SUM_SHIFT) & CODE_MASK,
      (word >>> MIN_SHIFT) & 3,
      word >>> MAX_SHIFT,
      lo,
      lo + ((word >>> BIN_BITS) & BIN_MASK) - 1,
    );
    return stats;
  }

  /** A sketch row's absolute byte offset. */
  private offsetOf(row: number): number {
    const { offsetsAt, offsetWidth, binsAt } = this.layout;
    const b = this.bytes;
    const p = offsetsAt + row * offsetWidth;
    const low = (b[p] as number) | ((b[p + 1] as number) << 8);
    return offsetWidth === 2 ? binsAt + low : binsAt + readUint(b, p, offsetWidth);
  }

  /** A sketch row's word (see the constants at the top), as an int32: shift it with `>>>`. */
  private wordOf(row: number): number {
    const b = this.bytes;
    const p = this.layout.wordsAt + row * 4;
    return (
      (b[p] as number) |
      ((b[p + 1] as number) << 8) |
      ((b[p + 2] as number) << 16) |
      ((b[p + 3] as number) << 24)
    );
  }

  private noteBuilt(): void {
    if (this.seriesRows === undefined && this.endpointRows === undefined) this.tables.built(this);
  }
}
