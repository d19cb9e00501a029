import type { EndpointKey } from '../EndpointKey.js';
import type { RequestRecord } from '../RequestRecord.js';
import type { Series } from '../Series.js';
import type { Source } from '../Source.js';
import { HOUR_MS, MinuteHourRings } from '../tiers/MinuteHourRings.js';
import type { TimeRing } from '../tiers/TimeRing.js';
import type { Candidate, Exemplar } from './Exemplar.js';
import { ExemplarBucket } from './ExemplarBucket.js';
import type { ExemplarsData } from './ExemplarsData.js';
import { candidateOf, exemplarOf, trimToRoom } from './exemplarRows.js';
import { type BinCounts, selectExemplars } from './exemplarSelection.js';
import { type HeldBucket, HeldKeyIndex } from './HeldKeyIndex.js';
import type { LiveBins } from './LiveExemplars.js';
import { LiveMinute } from './LiveMinute.js';
import { MethodNames } from './MethodNames.js';
import { type NearestSearch, SKIP_ROW } from './NearestSearch.js';

/**
 * Most exemplars held in all, every tier and endpoint together (about 39
 * bytes each, so 2.6 MB): past it the oldest buckets are evicted (hours
 * first) to make room for the newest, and what goes is counted. Sized
 * for the store's 64 MB budget at 500 routes, where a day would want some
 * 94,000 (about 2 a minute and 3 an hour per endpoint) and the exact
 * slowest lists take about 2.5 MB of the budget: 66,000 holds the last
 * hour's minutes and about 4 hours of hour exemplars there. 50 routes want
 * about 9,400 for a whole day.
 */
export const DEFAULT_EXEMPLAR_LIMIT = 66_000;
/** How far back minute exemplars reach; older ones are kept per hour. */
export const EXEMPLAR_MINUTE_SPAN_MS = 3_600_000;
export { EXEMPLAR_METHOD_LIMIT } from './MethodNames.js';
export type { ExemplarsData };

/** What a store tells of its exemplars, beside reading them. */
export type ExemplarFigures = Pick<
  ExemplarStore,
  'held' | 'dropped' | 'limit' | 'bytes' | 'keyIndexResets'
>;

/**
 * The latency bin counts of each endpoint row over `[fromMs, toMs)`: what an
 * hour's quantile exemplars are chosen against. The store reads them from
 * its fine buckets, which hold the same bins, rather than keeping a copy.
 */
export type EndpointBins = (fromMs: number, toMs: number) => ReadonlyMap<EndpointKey, BinCounts>;

/** Builds held exemplar `index` of the row being visited. */
export type HeldTake = (index: number) => Exemplar;
/** Sees one held exemplar in {@link ExemplarStore.scan}: its row, duration, time, and how to build it. */
export type HeldVisitor = (
  key: EndpointKey,
  durationMs: number,
  timestampMs: number,
  take: HeldTake,
  index: number,
) => void;

/**
 * Exemplars: real requests kept per endpoint (of each source) and minute,
 * for the last hour, then per hour for the whole retention. A minute keeps
 * one request in the sketch bin of each of its p95, p99 and p99.9 (no
 * slowest of its own: `src/store/slowest/` keeps those exactly), so within 1% of
 * them); an hour keeps the same, chosen out of its minutes' exemplars
 * against the hour's own quantiles. Every record only touches the current
 * minute's {@link LiveMinute}; it is packed when the minute ends. An
 * hour's quantiles come from {@link EndpointBins} when it is rolled up. The
 * total held is capped by a global limit; what it drops is counted.
 */
export class ExemplarStore {
  private readonly tiers: MinuteHourRings<ExemplarBucket>;
  /** Keeping no slowest of its own (0): the slowest store holds them. */
  private readonly live = new LiveMinute(0);
  private readonly methods = new MethodNames();
  private heldCount = 0;
  private droppedCount = 0;
  /** Ids of the packed buckets' endpoint keys, for the latency query's search. */
  private readonly keyIndex = new HeldKeyIndex();

  constructor(
    bucketMs: number,
    retentionMs: number,
    /** Where an hour's bin counts are read when it is rolled up. */
    private readonly endpointBins: EndpointBins,
    /** The global limit. */
    readonly limit: number = DEFAULT_EXEMPLAR_LIMIT,
  ) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`exemplar limit must be an integer >= 0, got: ${limit}`);
    }
    this.tiers = new MinuteHourRings({
      minuteMs: bucketMs,
      retentionMs,
      minuteSpanMs: EXEMPLAR_MINUTE_SPAN_MS,
      rollUp: (h, minutes) => this.rollHour(h, minutes),
      onDrop: (b) => {
        this.heldCount -= b.size;
      },
    });
  }

  /** Exemplars held (packed buckets; the current minute's candidates not counted). */
  get held(): number {
    return this.heldCount;
  }

  /** Exemplars the global limit dropped. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Times the key index of the nearest-duration search was full and started over. */
  get keyIndexResets(): number {
    return this.keyIndex.resets;
  }

  /** Bytes of the packed exemplars. */
  get bytes(): number {
    let bytes = 0;
    for (const ring of this.tiers.rings()) {
      for (const [, b] of ring.entries()) bytes += b.bytes;
    }
    return bytes;
  }

  /**
   * Adds a request of `series` to the current minute's candidates. The hot
   * path. `bins` is the current minute's latency rollup of its endpoint,
   * which counts it (undefined for a late request, counted in its own minute).
   * True when it became an exemplar candidate.
   */
  record(series: Series, rec: RequestRecord, bins: LiveBins | undefined): boolean {
    return this.live.record(series, rec, bins);
  }

  /** The store's minute became `current`: packs the minute before, rolls finished hours up. */
  advance(current: number): void {
    if (this.live.start === Number.NEGATIVE_INFINITY) this.live.start = current;
    if (current > this.live.start) {
      this.freezeLive();
      this.live.start = current;
    }
    this.tiers.advance(current);
  }

  /**
   * Every exemplar held with `timestampMs >= sinceMs` whose endpoint row
   * `accept` passes: the current minute's candidates, minute buckets, and
   * hour buckets for the time the minutes no longer cover.
   */
  collect(sinceMs: number, current: number, accept: (key: EndpointKey) => boolean): Exemplar[] {
    const out: Exemplar[] = [];
    // The current minute as it will be kept, so a restored store answers the same.
    for (const [key, list] of this.live.rows()) {
      if (!accept(key)) continue;
      for (const c of list) if (c.timestampMs >= sinceMs) out.push(exemplarOf(key, c));
    }
    for (const [bucket, untilMs] of this.heldBuckets(sinceMs, current)) {
      bucket.keys.forEach((key, row) => {
        if (accept(key))
          out.push(...bucket.exemplars(row, key, sinceMs, untilMs, this.methods.nameOf));
      });
    }
    return out;
  }

  /**
   * Visits every exemplar {@link collect} would return, in the same order,
   * without materializing any: `visit` gets its endpoint row, duration,
   * time, and a `take` that builds the exemplar, for the few a query keeps.
   */
  scan(
    sinceMs: number,
    current: number,
    accept: (key: EndpointKey) => boolean,
    visit: HeldVisitor,
  ): void {
    for (const [key, list] of this.live.rows()) {
      if (!accept(key)) continue;
      const take: HeldTake = (i) => exemplarOf(key, list[i] as Candidate);
      list.forEach((c, i) => {
        if (c.timestampMs >= sinceMs) visit(key, c.durationMs, c.timestampMs, take, i);
      });
    }
    for (const [bucket, untilMs] of this.heldBuckets(sinceMs, current)) {
      bucket.keys.forEach((key, row) => {
        if (!accept(key)) return;
        const take: HeldTake = (i) => bucket.exemplarAt(i, key, this.methods.nameOf);
        const { from, to, times, durations } = bucket.rowArrays(row);
        for (let i = from; i < to; i++) {
          const ts = times[i] as number;
          if (ts >= sinceMs && ts < untilMs) visit(key, durations[i] as number, ts, take, i);
        }
      });
    }
  }

  /**
   * Runs `search` over every exemplar {@link collect} would return, in the
   * same order, then builds only its winners (into `search.found`).
   */
  nearest(sinceMs: number, current: number, search: NearestSearch): void {
    const shared = search.shared;
    for (const [key, list] of this.live.rows()) {
      const g = search.groupOf(key);
      if (g === SKIP_ROW) continue;
      for (let i = 0; i < list.length; i++) {
        const c = list[i] as Candidate;
        if (c.timestampMs < sinceMs) continue;
        if (g >= 0) search.offer(g, c.durationMs, list, i, key);
        if (shared >= 0) search.offer(shared, c.durationMs, list, i, key);
      }
    }
    this.keyIndex.offer(this.heldBuckets(sinceMs, current), sinceMs, search);
    for (let slot = 0; slot < search.found.length; slot++) {
      const holder = search.holders[slot];
      const key = search.keys[slot];
      const index = search.indexes[slot] as number;
      if (holder === undefined || key === undefined) continue;
      search.found[slot] =
        holder instanceof ExemplarBucket
          ? holder.exemplarAt(index, key, this.methods.nameOf)
          : exemplarOf(key, holder[index] as Candidate);
    }
  }

  /** Drops everything, counters included. */
  clear(): void {
    this.tiers.clear();
    this.live.clear();
    this.heldCount = 0;
    this.droppedCount = 0;
    this.keyIndex.clear();
  }

  /** As plain data, the current minute's candidates included. */
  toData(sourceIdOf: (s: Source) => number): ExemplarsData {
    const tiers = this.tiers.rings().map((ring) => ({
      widthMs: ring.widthMs,
      buckets: ring.entries().map(([start, bucket]) => ({
        start,
        rows: bucket.keys.map((key, row) => ({
          endpoint: key.endpoint,
          source: sourceIdOf(key.source),
          exemplars: bucket.tuples(row, this.methods.nameOf),
        })),
      })),
    }));
    const live = this.live.toData(sourceIdOf);
    return {
      tiers,
      // An hour's bin counts are read from the store's fine buckets, which the snapshot holds.
      hourCounts: [],
      live,
      rolledBefore: Number.isFinite(this.tiers.rolledBefore) ? this.tiers.rolledBefore : null,
      dropped: this.droppedCount,
    };
  }

  /**
   * Loads saved exemplars into this empty store whose minute is `current`,
   * then moves on to it as a running store would have: the saved minute is
   * packed, finished hours rolled up, buckets out of reach dropped.
   */
  restore(
    data: ExemplarsData,
    keyOf: (source: number, endpoint: string) => EndpointKey,
    current: number,
  ): void {
    this.droppedCount = data.dropped;
    for (const tier of data.tiers) {
      for (const b of tier.buckets) {
        const ring = this.tiers.restoreRing(tier.widthMs, b.start, current);
        if (ring === undefined) continue;
        const rows = b.rows.map(
          (r) => [keyOf(r.source, r.endpoint), r.exemplars.map(candidateOf)] as const,
        );
        this.put(ring, b.start, rows);
      }
    }
    // Older snapshots' `hourCounts` are not needed: the restored fine buckets hold the same bins.
    this.tiers.restoreRolledBefore(data.rolledBefore);
    this.live.restore(data.live, keyOf, current);
    this.advance(current);
  }

  private freezeLive(): void {
    const start = this.live.start;
    const rows = this.live.take();
    if (rows.length === 0) return;
    const minutes = this.tiers.minutes;
    const existing = minutes.get(start);
    if (existing !== undefined) {
      const merged = this.mergedWith(start, rows, existing);
      this.heldCount -= existing.size;
      this.tiers.put(minutes, start, merged);
      this.heldCount += merged.size;
      return;
    }
    this.put(minutes, start, rows);
  }

  /** Rows merged with a bucket already held at the same start (a restored minute). */
  private mergedWith(
    start: number,
    rows: readonly (readonly [EndpointKey, readonly Candidate[]])[],
    existing: ExemplarBucket | undefined,
  ): ExemplarBucket {
    const byKey = new Map<EndpointKey, Candidate[]>(rows.map(([k, list]) => [k, [...list]]));
    this.addCandidates(byKey, existing);
    return ExemplarBucket.pack(start, [...byKey], (m) => this.methods.idOf(m));
  }

  /** Candidates of every row of `bucket`, added to their row's list. */
  private addCandidates(byKey: Map<EndpointKey, Candidate[]>, bucket: ExemplarBucket | undefined) {
    bucket?.keys.forEach((key, row) => {
      const list = byKey.get(key) ?? [];
      list.push(...bucket.candidates(row, this.methods.nameOf));
      byKey.set(key, list);
    });
  }

  /**
   * The hour at `h`, chosen out of its minutes' exemplars against the hour's
   * own quantiles, within the global limit; the rings hold what this returns.
   */
  private rollHour(h: number, minutes: readonly ExemplarBucket[]): ExemplarBucket | undefined {
    const byKey = new Map<EndpointKey, Candidate[]>();
    for (const bucket of minutes) this.addCandidates(byKey, bucket);
    if (byKey.size === 0) return undefined;
    const counts = this.endpointBins(h, h + HOUR_MS);
    const rows = [...byKey].map(([key, list]) => {
      const bins = counts.get(key) ?? { lo: 0, counts: new Float64Array(0), n: 0 };
      return [key, selectExemplars(list, bins, 0)] as const;
    });
    return this.packWithinLimit(h, rows);
  }

  /**
   * The held buckets of the window from `sinceMs`, each with the end of the
   * time it is read for: minutes, then the hours before the oldest minute
   * (read up to it, as the minutes hold what follows).
   */
  private heldBuckets(sinceMs: number, current: number): HeldBucket[] {
    const minuteOldest = this.tiers.oldestMinute(current);
    const minutes: HeldBucket[] = [];
    const hours: HeldBucket[] = [];
    for (const s of this.tiers.bucketsSince(sinceMs, current)) {
      if (s.isHour) hours.push([s.bucket, minuteOldest]);
      else minutes.push([s.bucket, Number.POSITIVE_INFINITY]);
    }
    return minutes.concat(hours);
  }

  /** Packs rows into `ring` at `start`, within the global limit. */
  private put(
    ring: TimeRing<ExemplarBucket>,
    start: number,
    rows: readonly (readonly [EndpointKey, readonly Candidate[]])[],
  ): void {
    this.tiers.put(ring, start, this.packWithinLimit(start, rows));
  }

  /** Packs rows of a bucket at `start`, making room under the limit; counts it as held. */
  private packWithinLimit(
    start: number,
    rows: readonly (readonly [EndpointKey, readonly Candidate[]])[],
  ): ExemplarBucket {
    let wanted = 0;
    for (const [, list] of rows) wanted += list.length;
    this.makeRoom(wanted, start);
    const room = Math.max(0, this.limit - this.heldCount);
    const kept = trimToRoom(rows, room);
    this.droppedCount += kept.dropped;
    const bucket = ExemplarBucket.pack(start, kept.rows, (m) => this.methods.idOf(m));
    this.heldCount += bucket.size;
    return bucket;
  }

  /**
   * Evicts the oldest buckets that start before `before`, hours first, then
   * minutes, until `wanted` more fit under the limit or none is left: at the
   * limit the newest requests win, since they are the ones a user drills
   * into. What is evicted counts as dropped.
   */
  private makeRoom(wanted: number, before: number): void {
    for (const ring of this.tiers.rings().reverse()) {
      for (const [start] of ring.entries()) {
        if (this.limit - this.heldCount >= wanted || start >= before) return;
        for (const b of ring.evictBefore(start + ring.widthMs)) {
          this.heldCount -= b.size;
          this.droppedCount += b.size;
        }
      }
    }
  }
}
