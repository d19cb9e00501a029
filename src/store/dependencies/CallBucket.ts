import { varintLength, writeVarint } from '../sketch/byteInts.js';
import { LiveRollup } from '../sketch/LiveRollup.js';
import { NS_PER_MS, onNanosecondGrid } from '../sketch/nanosecondGrid.js';
import { chooseEncoding, LAST_CODE, packBins } from '../sketch/packedBins.js';
import { BIN_COUNT } from '../sketch/sketchBins.js';

const EMPTY = new Uint8Array(0);

/** One row of a live bucket: its errors and its latency rollup (count, sum, min, max, bins). */
interface LiveCallRow {
  errors: number;
  readonly rollup: LiveRollup;
}

/** Where a query adds a row of a bucket: the merged latency (a rollup that grows as needed) and the errors. */
export interface CallTarget {
  readonly latency: LiveRollup;
  errors: number;
  /** A second target the row adds into too (an endpoint's share and its dependency's operation). */
  readonly also?: CallTarget | undefined;
  /** Only count, sum, minimum and maximum are read: the bins are not merged (an endpoint's share). */
  readonly totalsOnly?: boolean | undefined;
}

/**
 * The calls of one time bucket, per row of the {@link DependencyRows} table
 * (a dependency × operation, an endpoint's share of one, or an N+1
 * finding): an exact count, an exact error count and a 1% latency sketch.
 * A Map of live rollups while the bucket takes records; then packed into one
 * byte array: per row in ascending order, varints of its gap from the
 * previous row, count, errors, sum, minimum and maximum (whole
 * nanoseconds), first bin, bin count, form and byte length, then the bins
 * in the smallest of the store's forms (`packedBins`). A late record
 * reopens a packed bucket; {@link pack} packs it again. Beside the rows,
 * three counts of calls the bucket's minute lost to a limit or a join.
 */
export class CallBucket {
  private live: Map<number, LiveCallRow> | undefined = new Map();
  private packed: Uint8Array = EMPTY;
  /** Calls whose trace had no SERVER span of ours in time (aged out of the join). */
  unattributed = 0;
  /** Calls the join had no room for (its trace limits), counted under their dependency only. */
  unjoined = 0;
  /** Calls recorded in an `other` row because of a limit. */
  folded = 0;
  /** The varint reader's position. */
  private at = 0;

  /** True while not packed. */
  get isLive(): boolean {
    return this.live !== undefined;
  }

  /** Adds one call of `ms` to `row`. */
  add(row: number, ms: number, error: boolean): void {
    const live = this.open();
    let r = live.get(row);
    if (r === undefined) {
      r = { errors: 0, rollup: new LiveRollup() };
      live.set(row, r);
    }
    r.rollup.add(ms);
    if (error) r.errors++;
  }

  /** Adds every row and count of `other` (packed or live) into this bucket, renaming rows by `rowOf`. */
  addBucket(other: CallBucket, rowOf: (row: number) => number | undefined = (row) => row): void {
    other.pack();
    const live = this.open();
    this.unattributed += other.unattributed;
    this.unjoined += other.unjoined;
    this.folded += other.folded;
    other.walk((row, count, errors, sum, min, max, lo, len, code, offset) => {
      const to = rowOf(row);
      if (to === undefined) return;
      let r = live.get(to);
      if (r === undefined) {
        r = { errors: 0, rollup: new LiveRollup() };
        live.set(to, r);
      }
      r.errors += errors;
      r.rollup.addPacked(count, sum, min, max, lo, len, other.packed, offset, code);
    });
  }

  /**
   * Drops every row `drop` names, and packs: how old minutes shed the
   * endpoint shares their hour already holds. Returns the rows dropped.
   */
  dropRows(drop: (row: number) => boolean): number {
    const live = this.open();
    let dropped = 0;
    for (const row of live.keys()) {
      if (!drop(row)) continue;
      live.delete(row);
      dropped++;
    }
    this.pack();
    return dropped;
  }

  /** Calls `each` with every row index held. */
  forEachRow(each: (row: number) => void): void {
    if (this.live !== undefined) {
      for (const row of this.live.keys()) each(row);
      return;
    }
    this.walk((row) => each(row));
  }

  /** Adds each row that `targetOf` names a target for into that target. */
  scan(targetOf: (row: number) => CallTarget | undefined): void {
    if (this.live !== undefined) {
      for (const [row, r] of this.live) {
        const target = targetOf(row);
        if (target === undefined) continue;
        for (let t: CallTarget | undefined = target; t !== undefined; t = t.also) {
          t.errors += r.errors;
          const roll = r.rollup;
          if (t.totalsOnly) addTotals(t.latency, roll.count, roll.sum, roll.min, roll.max);
          else t.latency.merge(roll);
        }
      }
      return;
    }
    const bytes = this.packed;
    this.walk((row, count, errors, sum, min, max, lo, len, code, offset) => {
      const target = targetOf(row);
      if (target === undefined) return;
      for (let t: CallTarget | undefined = target; t !== undefined; t = t.also) {
        t.errors += errors;
        if (t.totalsOnly) addTotals(t.latency, count, sum, min, max);
        else t.latency.addPacked(count, sum, min, max, lo, len, bytes, offset, code);
      }
    });
  }

  /** Packs the rows. */
  pack(): void {
    const live = this.live;
    if (live === undefined) return;
    const rows = [...live.keys()].sort((a, b) => a - b);
    const forms: [number, number][] = [];
    let length = 0;
    let previous = 0;
    for (const row of rows) {
      const r = live.get(row) as LiveCallRow;
      const roll = r.rollup;
      const len = roll.maxBin - roll.minBin + 1;
      const form = chooseEncoding(roll.bins, roll.minBin - roll.lo, len);
      forms.push(form);
      length +=
        varintLength(row - previous) +
        varintLength(roll.count) +
        varintLength(r.errors) +
        varintLength(ns(roll.sum)) +
        varintLength(ns(roll.min)) +
        varintLength(ns(roll.max)) +
        varintLength(roll.minBin) +
        varintLength(len) +
        1 +
        varintLength(form[1]) +
        form[1];
      previous = row;
    }
    const bytes = length === 0 ? EMPTY : new Uint8Array(length);
    let p = 0;
    previous = 0;
    rows.forEach((row, i) => {
      const r = live.get(row) as LiveCallRow;
      const roll = r.rollup;
      const len = roll.maxBin - roll.minBin + 1;
      const [code, byteLength] = forms[i] as [number, number];
      p = writeVarint(bytes, p, row - previous);
      p = writeVarint(bytes, p, roll.count);
      p = writeVarint(bytes, p, r.errors);
      p = writeVarint(bytes, p, ns(roll.sum));
      p = writeVarint(bytes, p, ns(roll.min));
      p = writeVarint(bytes, p, ns(roll.max));
      p = writeVarint(bytes, p, roll.minBin);
      p = writeVarint(bytes, p, len);
      bytes[p++] = code;
      p = writeVarint(bytes, p, byteLength);
      packBins(bytes, p, code, roll.bins, roll.minBin - roll.lo, len);
      p += byteLength;
      previous = row;
    });
    this.packed = bytes;
    this.live = undefined;
  }

  /** Bytes held by the packed rows (0 while live). */
  get packedBytes(): number {
    return this.packed.length;
  }

  /** The packed rows as bytes, for a snapshot (packs first). */
  toBytes(): Uint8Array {
    this.pack();
    return this.packed;
  }

  /**
   * A packed bucket from saved bytes, its rows renamed by `rowOf` (saved
   * position to row index). Walks every row, so damaged bytes fail here.
   * @throws RangeError when the bytes do not parse.
   */
  static fromBytes(bytes: Uint8Array, rowOf: (saved: number) => number | undefined): CallBucket {
    const saved = new CallBucket();
    saved.live = undefined;
    saved.packed = bytes;
    const into = new CallBucket();
    into.addBucket(saved, rowOf);
    into.pack();
    return into;
  }

  /** Calls `each` with every packed row's fields and the offset of its bins. */
  private walk(
    each: (
      row: number,
      count: number,
      errors: number,
      sum: number,
      min: number,
      max: number,
      lo: number,
      len: number,
      code: number,
      offset: number,
    ) => void,
  ): void {
    const bytes = this.packed;
    this.at = 0;
    let row = 0;
    while (this.at < bytes.length) {
      row += this.varint(bytes);
      const count = this.varint(bytes);
      const errors = this.varint(bytes);
      const sum = this.varint(bytes) / NS_PER_MS;
      const min = this.varint(bytes) / NS_PER_MS;
      const max = this.varint(bytes) / NS_PER_MS;
      const lo = this.varint(bytes);
      const len = this.varint(bytes);
      const code = bytes[this.at++] as number;
      const byteLength = this.varint(bytes);
      const offset = this.at;
      this.at += byteLength;
      if (this.at > bytes.length || code > LAST_CODE || errors > count || lo + len > BIN_COUNT) {
        throw new RangeError('a packed call bucket is damaged');
      }
      each(row, count, errors, sum, min, max, lo, len, code, offset);
    }
  }

  private varint(bytes: Uint8Array): number {
    let value = 0;
    let scale = 1;
    let b: number;
    do {
      if (this.at >= bytes.length) throw new RangeError('a packed call bucket is cut short');
      b = bytes[this.at++] as number;
      value += (b & 127) * scale;
      scale *= 128;
    } while (b >= 128);
    return value;
  }

  private open(): Map<number, LiveCallRow> {
    if (this.live !== undefined) return this.live;
    const live = new Map<number, LiveCallRow>();
    this.live = live;
    if (this.packed.length > 0) {
      const packed = this.packed;
      this.walk((row, count, errors, sum, min, max, lo, len, code, offset) => {
        const rollup = new LiveRollup();
        rollup.addPacked(count, sum, min, max, lo, len, packed, offset, code);
        live.set(row, { errors, rollup });
      });
      this.packed = EMPTY;
    }
    return live;
  }
}

/** Adds a row's count, sum, minimum and maximum to `into`, not its bins. */
function addTotals(into: LiveRollup, count: number, sum: number, min: number, max: number): void {
  into.count += count;
  into.sum = onNanosecondGrid(into.sum + sum);
  if (min < into.min) into.min = min;
  if (max > into.max) into.max = max;
}

/** Whole nanoseconds of a kept duration (the store's grid), never negative. */
function ns(ms: number): number {
  return Math.round(Math.max(0, ms) * NS_PER_MS);
}
