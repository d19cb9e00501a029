import type { BucketTotals } from '../BucketView.js';
import type { EndpointKey } from '../EndpointKey.js';
import type { FrozenBucket } from '../FrozenBucket.js';
import type { Series } from '../Series.js';
import type { Source } from '../Source.js';
import { LiveRollup } from '../sketch/LiveRollup.js';
import { LAST_CODE } from '../sketch/packedBins.js';
import { BIN_COUNT } from '../sketch/sketchBins.js';
import { BIN_BITS, BIN_MASK, CODE_SHIFT } from './BucketLayout.js';
import type { FreezeSource } from './packBucket.js';

/** A {@link FrozenBucket} as plain JSON-ready data (see `FrozenBucket.toData`). */
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

/**
 * The stored form of a bucket, for a snapshot: typed arrays as base64,
 * series and sources as ids that `idOf` and `sourceIdOf` assign (the
 * snapshot keeps one table of each). The same fields as version 2, whose
 * layout words now also use packing codes 4 and 5.
 */
export function writeFrozenBucketData(
  bucket: FrozenBucket,
  idOf: (series: Series) => number,
  sourceIdOf: (source: Source) => number,
): FrozenBucketData {
  const series: Series[] = [];
  const wide = bucket.counts instanceof Float64Array;
  const counts = wide ? Float64Array.from(bucket.counts) : Uint32Array.from(bucket.counts);
  bucket.forEachSeriesRow((s) => series.push(s));
  const keys: EndpointKey[] = [];
  bucket.forEachEndpointRow((key) => keys.push(key));
  const m = keys.length;
  if (series.length !== bucket.seriesCount) throw new Error('series rows out of step');
  const numbers = new Float64Array(4 * m);
  for (let row = 0; row < m; row++) {
    const stats = bucket.endpointStats(row);
    numbers[row] = stats.count;
    numbers[m + row] = stats.sum;
    numbers[2 * m + row] = stats.min;
    numbers[3 * m + row] = stats.max;
  }
  // The snapshot keeps the bins alone (its words name no statistics): each
  // row's bins run from after its statistics to the next row's start.
  const layout = new Uint32Array(2 * (m + 1));
  const bins = new Uint8Array(bucket.packedBytes);
  let length = 0;
  for (let row = 0; row <= m; row++) {
    const stored = bucket.storedBins(row);
    bins.set(stored.bins, length);
    layout[2 * row] = length;
    layout[2 * row + 1] = stored.word;
    length += stored.bins.length;
  }
  return {
    start: bucket.start,
    widthMs: bucket.widthMs,
    series: series.map(idOf),
    counts: encode(counts),
    wideCounts: wide,
    endpoints: keys.map((key) => key.endpoint),
    endpointSources: keys.map((key) => sourceIdOf(key.source)),
    totals: { ...bucket.totals },
    numbers: encode(numbers),
    layout: encode(layout),
    bytes: encode(bins.subarray(0, length)),
  };
}

/**
 * The stored form read back: the rows and latency rollups to pack again,
 * with the series and the endpoint keys (one per `data.endpoints` row)
 * resolved by the caller. Throws RangeError when the arrays do not fit
 * together, so a damaged snapshot is rejected rather than misread.
 */
export function readFrozenBucketData(
  data: FrozenBucketData,
  series: readonly Series[],
  endpoints: readonly EndpointKey[],
): FreezeSource {
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
  return { rows, endpoints: rollups };
}

/** A typed array's bytes as base64. */
export function encode(array: ArrayBufferView): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Base64 to an ArrayBuffer holding whole elements of `size` bytes (copied, so it is aligned). */
export function decode(text: string, size: number): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % size !== 0) throw new RangeError('array bytes are not whole elements');
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}
