import type { BucketTotals, BucketView, RollupStats } from './BucketView.js';
import type { EndpointKey } from './EndpointKey.js';
import { type RowArrays, type RowTableRefs, RowTables } from './RowTables.js';
import type { Series } from './Series.js';
import type { Source } from './Source.js';
import { readUint, widthFor, writeUint } from './sketch/byteInts.js';
import { LiveRollup } from './sketch/LiveRollup.js';
import { chooseEncoding, LAST_CODE, packBins, sumPackedBins } from './sketch/packedBins.js';
import { EXTREME_BYTES, type RowStats, SUM_BYTES } from './sketch/RowStats.js';
import type { SketchAccumulator } from './sketch/SketchAccumulator.js';
import { BIN_COUNT } from './sketch/sketchBins.js';

// A sketch row is described by one 32-bit word: first bin (11 bits), number
// of bins (11 bits), packing code (3 bits, see packedBins.ts), then the codes
// of its sum (3 bits), minimum and maximum (2 bits each; see RowStats.ts).
const BIN_BITS = 11;
const BIN_MASK = (1 << BIN_BITS) - 1;
const CODE_SHIFT = 22;
const CODE_MASK = 7;
const SUM_SHIFT = 25;
const MIN_SHIFT = 28;
const MAX_SHIFT = 30;
/** The word's first bin, bin count and packing code: what a snapshot's layout word holds. */
const BINS_WORD_MASK = (1 << SUM_SHIFT) - 1;
if (BIN_COUNT > BIN_MASK) throw new Error(`BIN_COUNT ${BIN_COUNT} does not fit ${BIN_BITS} bits`);

/** What a bucket is packed from: a {@link LiveBucket}, or rows rebuilt from a snapshot. */
export interface FreezeSource {
  readonly rows: readonly { readonly series: Series; readonly count: number }[];
  readonly endpoints: ReadonlyMap<EndpointKey, LiveRollup>;
}

/** What a sketch row's statistics are packed from: a live rollup, or a bucket's totals. */
interface RowFigures {
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  /** The first and last non-empty bin (the minimum's and the maximum's). */
  readonly minBin: number;
  readonly maxBin: number;
}

/** Where each part of a bucket's buffer starts, and how its rows are named. */
interface Layout {
  /** Series rows and endpoint rows. */
  readonly n: number;
  readonly m: number;
  /** Row ids: a bitmap over the table of this many bytes, or (0) a list of ids of `idWidth` bytes. */
  readonly seriesBitmap: number;
  readonly keyBitmap: number;
  readonly idWidth: number;
  /** Bytes of a sketch row's offset (2, or 4 past 64 KiB of rows). */
  readonly offsetWidth: number;
  readonly seriesIdsAt: number;
  readonly keyIdsAt: number;
  readonly offsetsAt: number;
  readonly wordsAt: number;
  readonly binsAt: number;
}

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
    private readonly layout: Layout,
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
    const n = live.rows.length;
    const m = live.endpoints.size;
    const refs = tables.reserve(n, m);
    // Rows in table order.
    const seriesRows = live.rows
      .map((row) => ({ id: tables.seriesId(row.series), count: row.count }))
      .sort((a, b) => a.id - b.id);
    const endpointRows = [...live.endpoints]
      .map(([key, rollup]) => ({ id: tables.keyId(key), rollup }))
      .sort((a, b) => a.id - b.id);
    let most = 0;
    let errors = 0;
    let serverErrors = 0;
    for (const row of live.rows) {
      if (row.count > most) most = row.count;
      if (row.series.statusCode >= 400) errors += row.count;
      if (row.series.statusCode >= 500) serverErrors += row.count;
    }
    const seriesCountWidth = most <= 0xffffffff ? widthFor(most) : 8;
    let count = 0;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const all = new Float64Array(BIN_COUNT);
    let allLo = BIN_COUNT;
    let allHi = -1;
    for (const { rollup } of endpointRows) {
      count += rollup.count;
      sum += rollup.sum;
      if (rollup.min < min) min = rollup.min;
      if (rollup.max > max) max = rollup.max;
      for (let b = rollup.minBin; b <= rollup.maxBin; b++) {
        (all[b] as number) += rollup.bins[b - rollup.lo] as number;
      }
      if (rollup.minBin < allLo) allLo = rollup.minBin;
      if (rollup.maxBin > allHi) allHi = rollup.maxBin;
    }
    // Each sketch row's form: its statistics, then its bins from `from` at `index`.
    const stats = tables.stats;
    const words = new Array<number>(m + 1);
    const lengths = new Array<number>(m + 1);
    let rowBytes = 0;
    const describe = (row: number, from: Float64Array, index: number, r: RowFigures) => {
      const lo = r.minBin;
      const hi = r.maxBin;
      const sumCode = stats.sumCode(r.sum);
      const minCode = stats.extremeCode(r.min, lo);
      const maxCode = stats.extremeCode(r.max, hi);
      const statBytes =
        (SUM_BYTES[sumCode] as number) +
        (EXTREME_BYTES[minCode] as number) +
        (EXTREME_BYTES[maxCode] as number);
      const codes = (sumCode << SUM_SHIFT) | (minCode << MIN_SHIFT) | (maxCode << MAX_SHIFT);
      if (hi < lo) {
        words[row] = codes >>> 0;
        lengths[row] = statBytes;
      } else {
        const len = hi - lo + 1;
        const [code, byteLength] = chooseEncoding(from, index, len);
        words[row] = (lo | (len << BIN_BITS) | (code << CODE_SHIFT) | codes) >>> 0;
        lengths[row] = statBytes + byteLength;
      }
      rowBytes += lengths[row] as number;
    };
    endpointRows.forEach(({ rollup: r }, row) => {
      describe(row, r.bins, r.minBin - r.lo, r);
    });
    const total: RowFigures = { sum, min, max, minBin: allLo, maxBin: allHi };
    describe(m, all, allLo, total);

    const idWidth = Math.max(refs.series.length, refs.keys.length) <= 0x10000 ? 2 : 4;
    // A bitmap over the table when it is smaller than the list of ids.
    const bitmapOf = (tableLength: number, rows: number) => {
      const bitmap = (tableLength + 7) >> 3;
      return bitmap < rows * idWidth ? bitmap : 0;
    };
    const seriesBitmap = bitmapOf(refs.series.length, n);
    const keyBitmap = bitmapOf(refs.keys.length, m);
    const offsetWidth = rowBytes <= 0xffff ? 2 : 4;
    // The counts first, at 0, so their typed view is aligned.
    const seriesIdsAt = n * seriesCountWidth;
    const keyIdsAt = seriesIdsAt + (seriesBitmap || n * idWidth);
    const offsetsAt = keyIdsAt + (keyBitmap || m * idWidth);
    const wordsAt = offsetsAt + (m + 1) * offsetWidth;
    const binsAt = wordsAt + (m + 1) * 4;
    const layout: Layout = {
      n,
      m,
      seriesBitmap,
      keyBitmap,
      idWidth,
      offsetWidth,
      seriesIdsAt,
      keyIdsAt,
      offsetsAt,
      wordsAt,
      binsAt,
    };
    const buffer = new ArrayBuffer(binsAt + rowBytes);
    const bytes = new Uint8Array(buffer);
    const counts = countsView(buffer, 0, n, seriesCountWidth);
    const writeId = (base: number, bitmap: number, i: number, id: number) => {
      if (bitmap === 0) writeUint(bytes, base + i * idWidth, idWidth, id);
      else bytes[base + (id >> 3)] = ((bytes[base + (id >> 3)] as number) | (1 << (id & 7))) & 0xff;
    };
    seriesRows.forEach(({ id, count: c }, i) => {
      counts[i] = c;
      writeId(seriesIdsAt, seriesBitmap, i, id);
    });
    let offset = 0;
    const pack = (row: number, from: Float64Array, index: number, r: RowFigures) => {
      const word = words[row] as number;
      writeUint(bytes, offsetsAt + row * offsetWidth, offsetWidth, offset);
      writeUint(bytes, wordsAt + row * 4, 4, word);
      const at = stats.write(
        bytes,
        binsAt + offset,
        r.sum,
        (word >>> SUM_SHIFT) & CODE_MASK,
        r.min,
        r.minBin,
        (word >>> MIN_SHIFT) & 3,
        r.max,
        r.maxBin,
        word >>> MAX_SHIFT,
      );
      const len = (word >>> BIN_BITS) & BIN_MASK;
      if (len > 0) packBins(bytes, at, (word >>> CODE_SHIFT) & CODE_MASK, from, index, len);
      offset += lengths[row] as number;
    };
    endpointRows.forEach(({ id, rollup: r }, row) => {
      writeId(keyIdsAt, keyBitmap, row, id);
      pack(row, r.bins, r.minBin - r.lo, r);
    });
    pack(m, all, allLo, total);
    const totals: BucketTotals = { count, sum, min, max, errors, serverErrors };
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
    const { n, m } = this.layout;
    const wide = this.counts instanceof Float64Array;
    const counts = wide ? Float64Array.from(this.counts) : Uint32Array.from(this.counts);
    const numbers = new Float64Array(4 * m);
    for (let row = 0; row < m; row++) {
      const stats = this.readStats(row);
      numbers[row] = this.countOf(row);
      numbers[m + row] = stats.sum;
      numbers[2 * m + row] = stats.min;
      numbers[3 * m + row] = stats.max;
    }
    // The snapshot keeps the bins alone (its words name no statistics): each
    // row's bins run from after its statistics to the next row's start.
    const layout = new Uint32Array(2 * (m + 1));
    const bins = new Uint8Array(this.bytes.length - this.layout.binsAt);
    let length = 0;
    for (let row = 0; row <= m; row++) {
      const from = this.readStats(row).binsAt;
      const to = row < m ? this.offsetOf(row + 1) : this.bytes.length;
      bins.set(this.bytes.subarray(from, to), length);
      layout[2 * row] = length;
      layout[2 * row + 1] = this.wordOf(row) & BINS_WORD_MASK;
      length += to - from;
    }
    const series: Series[] = [];
    this.forEachSeriesRow((s) => series.push(s));
    const keys: EndpointKey[] = [];
    this.forEachEndpointRow((key) => keys.push(key));
    if (series.length !== n) throw new Error('series rows out of step');
    return {
      start: this.start,
      widthMs: this.widthMs,
      series: series.map(idOf),
      counts: encode(counts),
      wideCounts: wide,
      endpoints: keys.map((key) => key.endpoint),
      endpointSources: keys.map((key) => sourceIdOf(key.source)),
      totals: { ...this.totals },
      numbers: encode(numbers),
      layout: encode(layout),
      bytes: encode(bins.subarray(0, length)),
    };
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
    const rollups = new Map<EndpointKey, LiveRollup>();
    for (let row = 0; row < m; row++) {
      const offset = layout[2 * row] as number;
      const word = layout[2 * row + 1] as number;
      const lo = word & BIN_MASK;
      const len = (word >>> BIN_BITS) & BIN_MASK;
      const code = word >>> CODE_SHIFT;
      if (offset > bytes.length || lo + len > BIN_COUNT || code > LAST_CODE) {
        throw new RangeError('bad sketch layout');
      }
      const key = endpoints[row] as EndpointKey;
      if (rollups.has(key)) throw new RangeError('an endpoint row appears twice');
      const count = numbers[row] as number;
      const rollup = new LiveRollup();
      const [sum, min, max] = [numbers[m + row], numbers[2 * m + row], numbers[3 * m + row]];
      rollup.addPacked(
        count,
        sum as number,
        min as number,
        max as number,
        lo,
        len,
        bytes,
        offset,
        code,
      );
      let binned = 0;
      for (const c of rollup.bins) binned += c;
      if (binned !== count) throw new RangeError('a sketch row does not hold its count');
      rollups.set(key, rollup);
    }
    const rows = series.map((s, i) => ({ series: s, count: counts[i] as number }));
    return FrozenBucket.freeze(data.start, data.widthMs, { rows, endpoints: rollups });
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
  /** Base64 of a Float64Array: the endpoint rows' counts, sums, mins, maxs. */
  readonly numbers: string;
  /** Base64 of a Uint32Array: per sketch row, its byte offset and word. */
  readonly layout: string;
  /** Base64 of the packed sketch bytes. */
  readonly bytes: string;
}

/** A view of `n` counts of `width` bytes (8: Float64) at `at`, which is aligned for it. */
function countsView(
  buffer: ArrayBuffer,
  at: number,
  n: number,
  width: number,
): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  if (width === 1) return new Uint8Array(buffer, at, n);
  if (width === 2) return new Uint16Array(buffer, at, n);
  if (width === 4) return new Uint32Array(buffer, at, n);
  return new Float64Array(buffer, at, n);
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
