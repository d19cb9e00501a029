import type { FrozenBucket } from './FrozenBucket.js';
import type { Series } from './Series.js';
import { LiveRollup } from './sketch/LiveRollup.js';

/** A series' row in a live bucket: its count, and the latency rollup of its endpoint. */
export interface LiveRow {
  readonly series: Series;
  count: number;
  readonly rollup: LiveRollup;
}

/** The mutable form of a bucket: a count per series and a {@link LiveRollup} per endpoint. */
export class LiveBucket {
  /** Rows in first-seen order. */
  readonly rows: LiveRow[] = [];
  /** Latency rollups by endpoint, in first-seen order. */
  readonly endpoints = new Map<string, LiveRollup>();
  /** Rows by `Series.index`: an array look-up rather than a hash look-up on the hot path. */
  private readonly byIndex: (LiveRow | undefined)[] = [];

  /** Adds one request: a count and a sketch update. */
  record(series: Series, durationMs: number): void {
    const row = this.byIndex[series.index] ?? this.addRow(series);
    row.count++;
    row.rollup.add(durationMs);
  }

  /** Adds every row of a frozen bucket: reopening it, or rolling buckets up into a wider one. */
  addFrozen(frozen: FrozenBucket): void {
    frozen.series.forEach((series, i) => {
      const row = this.byIndex[series.index] ?? this.addRow(series);
      row.count += frozen.counts[i] ?? 0;
    });
    frozen.endpoints.forEach((endpoint, i) => {
      frozen.addEndpointTo(i, this.rollupOf(endpoint));
    });
  }

  private addRow(series: Series): LiveRow {
    const row: LiveRow = { series, count: 0, rollup: this.rollupOf(series.endpoint) };
    this.rows.push(row);
    this.byIndex[series.index] = row;
    return row;
  }

  private rollupOf(endpoint: string): LiveRollup {
    let rollup = this.endpoints.get(endpoint);
    if (rollup === undefined) {
      rollup = new LiveRollup();
      this.endpoints.set(endpoint, rollup);
    }
    return rollup;
  }
}
