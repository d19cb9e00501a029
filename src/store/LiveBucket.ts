import type { EndpointKey } from './EndpointKey.js';
import type { FrozenBucket } from './FrozenBucket.js';
import type { Series } from './Series.js';
import { LiveRollup } from './sketch/LiveRollup.js';

/** A series' row in a live bucket: its count, and the latency rollup of its endpoint. */
export interface LiveRow {
  readonly series: Series;
  count: number;
  readonly rollup: LiveRollup;
}

/** The mutable form of a bucket: a count per series and a {@link LiveRollup} per endpoint of each source. */
export class LiveBucket {
  /** Rows in first-seen order. */
  readonly rows: LiveRow[] = [];
  /** Latency rollups by source × endpoint (interned keys), in first-seen order. */
  readonly endpoints = new Map<EndpointKey, LiveRollup>();
  /** Rows by `Series.index`: an array look-up rather than a hash look-up on the hot path. */
  private readonly byIndex: (LiveRow | undefined)[] = [];

  /** Adds one request: a count and a sketch update. Returns the endpoint's rollup it went into. */
  record(series: Series, durationMs: number): LiveRollup {
    const row = this.byIndex[series.index] ?? this.addRow(series);
    row.count++;
    row.rollup.add(durationMs);
    return row.rollup;
  }

  /**
   * Adds `count` requests at once (an engine's aggregate): the series' count,
   * and each of `valuesMs` `weights[i]` times, with the exact `sumMs`, to the
   * endpoint's rollup. The weights must total `count`.
   */
  recordAggregate(
    series: Series,
    count: number,
    sumMs: number,
    valuesMs: readonly number[],
    weights: readonly number[],
  ): void {
    const row = this.byIndex[series.index] ?? this.addRow(series);
    row.count += count;
    for (let i = 0; i < valuesMs.length; i++) {
      row.rollup.addWeighted(valuesMs[i] as number, weights[i] as number);
    }
    row.rollup.addSum(sumMs);
  }

  /** Adds every row of a frozen bucket: reopening it, or rolling buckets up into a wider one. */
  addFrozen(frozen: FrozenBucket): void {
    // Row by row from the ids: rolling up builds no series arrays.
    frozen.forEachSeriesRow((series, count) => {
      const row = this.byIndex[series.index] ?? this.addRow(series);
      row.count += count;
    });
    frozen.forEachEndpointRow((key, i) => {
      frozen.addEndpointTo(i, this.rollupOf(key));
    });
  }

  private addRow(series: Series): LiveRow {
    const row: LiveRow = { series, count: 0, rollup: this.rollupOf(series.key) };
    this.rows.push(row);
    this.byIndex[series.index] = row;
    return row;
  }

  private rollupOf(key: EndpointKey): LiveRollup {
    let rollup = this.endpoints.get(key);
    if (rollup === undefined) {
      rollup = new LiveRollup();
      this.endpoints.set(key, rollup);
    }
    return rollup;
  }
}
