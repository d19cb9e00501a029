import type { BucketTotals } from '../BucketView.js';
import type { EndpointKey } from '../EndpointKey.js';
import type { RowTableRefs, RowTables } from '../RowTables.js';
import type { Series } from '../Series.js';
import { widthFor, writeUint } from '../sketch/byteInts.js';
import type { LiveRollup } from '../sketch/LiveRollup.js';
import { chooseEncoding, packBins } from '../sketch/packedBins.js';
import { EXTREME_BYTES, SUM_BYTES } from '../sketch/RowStats.js';
import { BIN_COUNT } from '../sketch/sketchBins.js';
import {
  BIN_BITS,
  BIN_MASK,
  type BucketLayout,
  CODE_MASK,
  CODE_SHIFT,
  countsView,
  MAX_SHIFT,
  MIN_SHIFT,
  SUM_SHIFT,
} from './BucketLayout.js';

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

/** A bucket packed into one buffer, as {@link packBucket} writes it and `FrozenBucket` reads it. */
export interface PackedBucket {
  readonly totals: BucketTotals;
  /** Requests per series row. */
  readonly counts: Uint8Array | Uint16Array | Uint32Array | Float64Array;
  /** The rows of `tables` the bucket's ids name. */
  readonly refs: RowTableRefs;
  readonly layout: BucketLayout;
  /** The whole buffer. */
  readonly bytes: Uint8Array;
}

/**
 * The writer: packs a live bucket (left as it was) into one buffer, naming
 * its rows in `tables`. See `FrozenBucket` for the buffer's parts.
 */
export function packBucket(live: FreezeSource, tables: RowTables): PackedBucket {
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
  const layout: BucketLayout = {
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
  return { totals, counts, refs, layout, bytes };
}
