import type { EndpointKey } from '../EndpointKey.js';
import type { RequestRecord } from '../RequestRecord.js';
import type { Series } from '../Series.js';
import type { Source } from '../Source.js';
import type { Candidate } from './Exemplar.js';
import type { ExemplarsData } from './ExemplarsData.js';
import { candidateOf, tupleOf } from './exemplarRows.js';
import { selectExemplars } from './exemplarSelection.js';
import { type LiveBins, LiveExemplars } from './LiveExemplars.js';

/**
 * The current minute's exemplar candidates, one {@link LiveExemplars} per
 * endpoint row, until the minute is packed. Found by series index on the
 * hot path, by endpoint key otherwise.
 */
export class LiveMinute {
  /** Start of the minute the candidates belong to; -Infinity before the first. */
  start = Number.NEGATIVE_INFINITY;
  private byIndex: (LiveExemplars | undefined)[] = [];
  private byKey = new Map<EndpointKey, LiveExemplars>();

  constructor(
    /** Slowest requests each endpoint keeps per minute. */
    private readonly slowest: number,
  ) {}

  /** Adds a request of `series`; true when it became a candidate. The hot path. */
  record(series: Series, rec: RequestRecord, bins: LiveBins | undefined): boolean {
    const live = this.byIndex[series.index] ?? this.liveOf(series);
    return live.add(rec, bins);
  }

  /** The minute's choice per endpoint row, as it will be kept. */
  rows(): [EndpointKey, Candidate[]][] {
    return [...this.byKey].map(([key, live]) => [
      key,
      selectExemplars(live.candidates(), live, this.slowest),
    ]);
  }

  /** The minute's choice per endpoint row (none when empty), leaving no candidates. */
  take(): [EndpointKey, Candidate[]][] {
    if (this.byKey.size === 0) return [];
    const rows = this.rows();
    this.byIndex = [];
    this.byKey = new Map();
    return rows;
  }

  /** Drops every candidate and forgets the minute. */
  clear(): void {
    this.start = Number.NEGATIVE_INFINITY;
    this.byIndex = [];
    this.byKey = new Map();
  }

  /** As plain data; undefined without candidates. */
  toData(sourceIdOf: (s: Source) => number): ExemplarsData['live'] {
    if (this.byKey.size === 0) return undefined;
    return {
      start: this.start,
      rows: [...this.byKey].map(([key, l]) => {
        const data = l.toData();
        return {
          endpoint: key.endpoint,
          source: sourceIdOf(key.source),
          lo: data.lo,
          counts: data.counts,
          firsts: data.firsts.map(tupleOf),
          top: data.top.map(tupleOf),
        };
      }),
    };
  }

  /** Loads saved candidates of a minute no later than `current`; later or absent ones are skipped. */
  restore(
    live: ExemplarsData['live'],
    keyOf: (source: number, endpoint: string) => EndpointKey,
    current: number,
  ): void {
    if (live === undefined || !Number.isFinite(live.start) || live.start > current) return;
    this.start = live.start;
    for (const r of live.rows) {
      const state = LiveExemplars.fromData(this.slowest, {
        lo: r.lo,
        counts: r.counts,
        firsts: r.firsts.map(candidateOf),
        top: r.top.map(candidateOf),
      });
      this.byKey.set(keyOf(r.source, r.endpoint), state);
    }
  }

  private liveOf(series: Series): LiveExemplars {
    let live = this.byKey.get(series.key);
    if (live === undefined) {
      live = new LiveExemplars(this.slowest);
      this.byKey.set(series.key, live);
    }
    this.byIndex[series.index] = live;
    return live;
  }
}
