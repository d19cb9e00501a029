import { TimeRing } from '../drill/TimeRing.js';
import type { EndpointKey } from '../EndpointKey.js';
import type { RequestRecord } from '../RequestRecord.js';
import type { Series } from '../Series.js';
import type { Source } from '../Source.js';
import type { Candidate, Exemplar } from './Exemplar.js';
import { ExemplarBucket } from './ExemplarBucket.js';
import type { ExemplarsData } from './ExemplarsData.js';
import { candidateOf, trimToRoom, tupleOf } from './exemplarRows.js';
import { type BinCounts, selectExemplars } from './exemplarSelection.js';
import { HeldKeyIndex } from './HeldKeyIndex.js';
import { type LiveBins, LiveExemplars } from './LiveExemplars.js';
import { type NearestSearch, SKIP_ROW } from './NearestSearch.js';

/**
 * Most exemplars held in all, every tier and endpoint together (about 31
 * bytes each, so 3.1 MB): past it the oldest buckets are evicted (hours
 * first) to make room for the newest, and what goes is counted. Sized
 * for the store's 64 MB budget at 500 routes, where a day would want some
 * 220,000; 50 routes want about 22,000.
 */
export const DEFAULT_EXEMPLAR_LIMIT = 100_000;
/** Slowest requests each endpoint keeps per minute, beside its quantile exemplars. */
export const EXEMPLAR_SLOWEST_PER_MINUTE = 2;
/** Slowest requests each endpoint keeps per hour, beside its quantile exemplars. */
export const EXEMPLAR_SLOWEST_PER_HOUR = 5;
/** How far back minute exemplars reach; older ones are kept per hour. */
export const EXEMPLAR_MINUTE_SPAN_MS = 3_600_000;
/** Distinct methods the exemplars name; past it, `_OTHER`. */
export const EXEMPLAR_METHOD_LIMIT = 255;

const HOUR_MS = 3_600_000;

export type { ExemplarsData };

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
 * its {@link EXEMPLAR_SLOWEST_PER_MINUTE} slowest and one request in the
 * sketch bin of each of its p95, p99 and p99.9 (so within 1% of
 * them); an hour keeps the same, chosen out of its minutes' exemplars
 * against the hour's own quantiles. Every record only touches the current
 * minute's {@link LiveExemplars}; it is packed when the minute ends. An
 * hour's quantiles come from {@link EndpointBins} when it is rolled up. The
 * total held is capped by a global limit; what it drops is counted.
 */
export class ExemplarStore {
  private readonly minutes: TimeRing<ExemplarBucket>;
  private readonly hours: TimeRing<ExemplarBucket> | undefined;
  /** Start of the minute the live candidates belong to. */
  private liveStart = Number.NEGATIVE_INFINITY;
  private byIndex: (LiveExemplars | undefined)[] = [];
  private liveByKey = new Map<EndpointKey, LiveExemplars>();
  /** Every hour before this has been rolled up. */
  private rolledBefore = Number.NEGATIVE_INFINITY;
  private readonly methodNames: string[] = [];
  private readonly methodIds = new Map<string, number>();
  private heldCount = 0;
  private droppedCount = 0;
  /** Ids of the packed buckets' endpoint keys, for the latency query's search. */
  private readonly keyIndex = new HeldKeyIndex();

  constructor(
    private readonly bucketMs: number,
    retentionMs: number,
    /** Where an hour's bin counts are read when it is rolled up. */
    private readonly endpointBins: EndpointBins,
    /** The global limit. */
    readonly limit: number = DEFAULT_EXEMPLAR_LIMIT,
  ) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`exemplar limit must be an integer >= 0, got: ${limit}`);
    }
    const minuteSpan = Math.min(retentionMs, EXEMPLAR_MINUTE_SPAN_MS);
    this.minutes = new TimeRing(bucketMs, Math.ceil(minuteSpan / bucketMs) + 1);
    this.hours =
      retentionMs > minuteSpan && HOUR_MS % bucketMs === 0
        ? new TimeRing(HOUR_MS, Math.ceil(retentionMs / HOUR_MS) + 1)
        : undefined;
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
    for (const ring of [this.minutes, this.hours]) {
      for (const [, b] of ring?.entries() ?? []) bytes += b.bytes;
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
    const live = this.byIndex[series.index] ?? this.liveOf(series);
    return live.add(rec, bins);
  }

  /** The store's minute became `current`: packs the minute before, rolls finished hours up. */
  advance(current: number): void {
    if (this.liveStart === Number.NEGATIVE_INFINITY) this.liveStart = current;
    if (current > this.liveStart) {
      this.freezeLive();
      this.liveStart = current;
    }
    if (this.hours !== undefined) this.rollHours(this.hours, current);
    // After the roll-up, which reads them: minutes past their reach go.
    this.evict(this.minutes, this.minutes.oldestStart(current));
  }

  private rollHours(hours: TimeRing<ExemplarBucket>, current: number): void {
    const hourNow = hours.startOf(current);
    if (this.rolledBefore === Number.NEGATIVE_INFINITY) this.rolledBefore = hourNow;
    // Minutes of hours not yet rolled up are still held, even after a long pause:
    // since the last advance only the minute then current was written.
    const from = Math.max(this.rolledBefore, hours.oldestStart(hourNow));
    for (let h = from; h + HOUR_MS <= hourNow; h += HOUR_MS) this.rollHour(h);
    if (hourNow > this.rolledBefore) this.rolledBefore = hourNow;
    this.evict(hours, hours.oldestStart(hourNow));
  }

  private evict(ring: TimeRing<ExemplarBucket>, oldest: number): void {
    for (const b of ring.evictBefore(oldest)) this.heldCount -= b.size;
  }

  /**
   * Every exemplar held with `timestampMs >= sinceMs` whose endpoint row
   * `accept` passes: the current minute's candidates, minute buckets, and
   * hour buckets for the time the minutes no longer cover.
   */
  collect(sinceMs: number, current: number, accept: (key: EndpointKey) => boolean): Exemplar[] {
    const out: Exemplar[] = [];
    const name = (id: number) => this.methodNames[id] ?? '_OTHER';
    const push = (key: EndpointKey, c: Candidate) => {
      out.push({
        ...c,
        endpoint: key.endpoint,
        service: key.source.service,
        instance: key.source.instance,
      });
    };
    // The current minute as it will be kept, so a restored store answers the same.
    for (const [key, list] of this.liveRows()) {
      if (!accept(key)) continue;
      for (const c of list) if (c.timestampMs >= sinceMs) push(key, c);
    }
    const minuteOldest = this.minutes.oldestStart(this.minutes.startOf(current));
    for (const [start, bucket] of this.minutes.entries()) {
      if (start < minuteOldest || start + this.bucketMs <= sinceMs) continue;
      bucket.keys.forEach((key, row) => {
        if (accept(key))
          out.push(...bucket.exemplars(row, key, sinceMs, Number.POSITIVE_INFINITY, name));
      });
    }
    if (this.hours === undefined || sinceMs >= minuteOldest) return out;
    for (const [start, bucket] of this.hours.entries()) {
      if (start + HOUR_MS <= sinceMs || start >= minuteOldest) continue;
      bucket.keys.forEach((key, row) => {
        if (accept(key)) out.push(...bucket.exemplars(row, key, sinceMs, minuteOldest, name));
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
    const name = (id: number) => this.methodNames[id] ?? '_OTHER';
    for (const [key, list] of this.liveRows()) {
      if (!accept(key)) continue;
      const take: HeldTake = (i) => {
        const c = list[i] as Candidate;
        return {
          ...c,
          endpoint: key.endpoint,
          service: key.source.service,
          instance: key.source.instance,
        };
      };
      list.forEach((c, i) => {
        if (c.timestampMs >= sinceMs) visit(key, c.durationMs, c.timestampMs, take, i);
      });
    }
    const scanBucket = (bucket: ExemplarBucket, untilMs: number) => {
      bucket.keys.forEach((key, row) => {
        if (!accept(key)) return;
        const take: HeldTake = (i) => bucket.exemplarAt(i, key, name);
        const { from, to, times, durations } = bucket.rowArrays(row);
        for (let i = from; i < to; i++) {
          const ts = times[i] as number;
          if (ts >= sinceMs && ts < untilMs) visit(key, durations[i] as number, ts, take, i);
        }
      });
    };
    const minuteOldest = this.minutes.oldestStart(this.minutes.startOf(current));
    for (const [start, bucket] of this.minutes.entries()) {
      if (start < minuteOldest || start + this.bucketMs <= sinceMs) continue;
      scanBucket(bucket, Number.POSITIVE_INFINITY);
    }
    if (this.hours === undefined || sinceMs >= minuteOldest) return;
    for (const [start, bucket] of this.hours.entries()) {
      if (start + HOUR_MS <= sinceMs || start >= minuteOldest) continue;
      scanBucket(bucket, minuteOldest);
    }
  }

  /**
   * Runs `search` over every exemplar {@link collect} would return, in the
   * same order, then builds only its winners (into `search.found`).
   */
  nearest(sinceMs: number, current: number, search: NearestSearch): void {
    const shared = search.shared;
    for (const [key, list] of this.liveRows()) {
      const g = search.groupOf(key);
      if (g === SKIP_ROW) continue;
      for (let i = 0; i < list.length; i++) {
        const c = list[i] as Candidate;
        if (c.timestampMs < sinceMs) continue;
        if (g >= 0) search.offer(g, c.durationMs, list, i, key);
        if (shared >= 0) search.offer(shared, c.durationMs, list, i, key);
      }
    }
    const buckets: [ExemplarBucket, number][] = [];
    const minuteOldest = this.minutes.oldestStart(this.minutes.startOf(current));
    for (const [start, bucket] of this.minutes.entries()) {
      if (start < minuteOldest || start + this.bucketMs <= sinceMs) continue;
      buckets.push([bucket, Number.POSITIVE_INFINITY]);
    }
    if (this.hours !== undefined && sinceMs < minuteOldest) {
      for (const [start, bucket] of this.hours.entries()) {
        if (start + HOUR_MS <= sinceMs || start >= minuteOldest) continue;
        buckets.push([bucket, minuteOldest]);
      }
    }
    this.offerBuckets(buckets, sinceMs, search);
    const name = (id: number) => this.methodNames[id] ?? '_OTHER';
    for (let slot = 0; slot < search.found.length; slot++) {
      const holder = search.holders[slot];
      const key = search.keys[slot];
      const index = search.indexes[slot] as number;
      if (holder === undefined || key === undefined) continue;
      if (holder instanceof ExemplarBucket) {
        search.found[slot] = holder.exemplarAt(index, key, name);
      } else {
        const c = holder[index] as Candidate;
        search.found[slot] = {
          ...c,
          endpoint: key.endpoint,
          service: key.source.service,
          instance: key.source.instance,
        };
      }
    }
  }

  /**
   * Offers `buckets` (each with the end of its time range) to `search`. Row
   * groups go through the key index: one `groupOf` call per key, not per
   * row, and no array per bucket. When the window's keys do not fit the
   * index even after it starts over, each bucket's rows get their groups
   * one call each.
   */
  private offerBuckets(
    buckets: readonly (readonly [ExemplarBucket, number])[],
    sinceMs: number,
    search: NearestSearch,
  ): void {
    let ids = buckets.map(([b]) => this.keyIndex.rowIds(b));
    if (ids.includes(undefined)) {
      this.keyIndex.reset();
      ids = buckets.map(([b]) => this.keyIndex.rowIds(b));
    }
    const groupOfId = ids.includes(undefined) ? undefined : this.keyIndex.map(search.groupOf);
    buckets.forEach(([bucket, untilMs], k) => {
      const rowIds = ids[k];
      if (groupOfId !== undefined && rowIds !== undefined) {
        bucket.offerNearest(search, sinceMs, untilMs, rowIds, groupOfId);
        return;
      }
      const rows = bucket.keys.map((_, row) => row);
      const groups = bucket.keys.map((key) => search.groupOf(key));
      bucket.offerNearest(search, sinceMs, untilMs, rows, groups);
    });
  }

  /** Drops everything, counters included. */
  clear(): void {
    this.minutes.clear();
    this.hours?.clear();
    this.liveStart = Number.NEGATIVE_INFINITY;
    this.byIndex = [];
    this.liveByKey = new Map();
    this.rolledBefore = Number.NEGATIVE_INFINITY;
    this.heldCount = 0;
    this.droppedCount = 0;
    this.keyIndex.clear();
  }

  /** As plain data, the current minute's candidates included. */
  toData(sourceIdOf: (s: Source) => number): ExemplarsData {
    const name = (id: number) => this.methodNames[id] ?? '_OTHER';
    const tiers = [this.minutes, this.hours].flatMap((ring) =>
      ring === undefined
        ? []
        : [
            {
              widthMs: ring.widthMs,
              buckets: ring.entries().map(([start, bucket]) => ({
                start,
                rows: bucket.keys.map((key, row) => ({
                  endpoint: key.endpoint,
                  source: sourceIdOf(key.source),
                  exemplars: bucket.tuples(row, name),
                })),
              })),
            },
          ],
    );
    const live =
      this.liveByKey.size === 0
        ? undefined
        : {
            start: this.liveStart,
            rows: [...this.liveByKey].map(([key, l]) => {
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
    return {
      tiers,
      // An hour's bin counts are read from the store's fine buckets, which the snapshot holds.
      hourCounts: [],
      live,
      rolledBefore: Number.isFinite(this.rolledBefore) ? this.rolledBefore : null,
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
      const ring =
        tier.widthMs === this.minutes.widthMs
          ? this.minutes
          : tier.widthMs === this.hours?.widthMs
            ? this.hours
            : undefined;
      if (ring === undefined) continue;
      for (const b of tier.buckets) {
        if (b.start > current || b.start !== ring.startOf(b.start)) continue;
        const rows = b.rows.map(
          (r) => [keyOf(r.source, r.endpoint), r.exemplars.map(candidateOf)] as const,
        );
        this.put(ring, b.start, rows);
      }
    }
    // Older snapshots' `hourCounts` are not needed: the restored fine buckets hold the same bins.
    if (typeof data.rolledBefore === 'number') this.rolledBefore = data.rolledBefore;
    const live = data.live;
    if (live !== undefined && Number.isFinite(live.start) && live.start <= current) {
      this.liveStart = live.start;
      for (const r of live.rows) {
        const state = LiveExemplars.fromData(EXEMPLAR_SLOWEST_PER_MINUTE, {
          lo: r.lo,
          counts: r.counts,
          firsts: r.firsts.map(candidateOf),
          top: r.top.map(candidateOf),
        });
        this.liveByKey.set(keyOf(r.source, r.endpoint), state);
      }
    }
    this.advance(current);
  }

  private liveOf(series: Series): LiveExemplars {
    let live = this.liveByKey.get(series.key);
    if (live === undefined) {
      live = new LiveExemplars(EXEMPLAR_SLOWEST_PER_MINUTE);
      this.liveByKey.set(series.key, live);
    }
    this.byIndex[series.index] = live;
    return live;
  }

  /** The current minute's choice per endpoint. */
  private liveRows(): [EndpointKey, Candidate[]][] {
    return [...this.liveByKey].map(([key, live]) => [
      key,
      selectExemplars(live.candidates(), live, EXEMPLAR_SLOWEST_PER_MINUTE),
    ]);
  }

  private freezeLive(): void {
    if (this.liveByKey.size === 0) return;
    const start = this.liveStart;
    const rows = this.liveRows();
    this.byIndex = [];
    this.liveByKey = new Map();
    const existing = this.minutes.get(start);
    if (existing !== undefined) {
      const merged = this.mergedWith(start, rows, existing);
      this.heldCount -= existing.size;
      this.minutes.set(start, merged);
      this.heldCount += merged.size;
      return;
    }
    this.put(this.minutes, start, rows);
  }

  /** Rows merged with a bucket already held at the same start (a restored minute). */
  private mergedWith(
    start: number,
    rows: readonly (readonly [EndpointKey, readonly Candidate[]])[],
    existing: ExemplarBucket | undefined,
  ): ExemplarBucket {
    const byKey = new Map<EndpointKey, Candidate[]>(rows.map(([k, list]) => [k, [...list]]));
    const name = (id: number) => this.methodNames[id] ?? '_OTHER';
    existing?.keys.forEach((key, row) => {
      const list = byKey.get(key) ?? [];
      list.push(...existing.candidates(row, name));
      byKey.set(key, list);
    });
    return ExemplarBucket.pack(start, [...byKey], (m) => this.methodId(m));
  }

  private rollHour(h: number): void {
    const hours = this.hours as TimeRing<ExemplarBucket>;
    const name = (id: number) => this.methodNames[id] ?? '_OTHER';
    const byKey = new Map<EndpointKey, Candidate[]>();
    for (let t = h; t < h + HOUR_MS; t += this.bucketMs) {
      const bucket = this.minutes.get(t);
      if (bucket === undefined) continue;
      bucket.keys.forEach((key, row) => {
        const list = byKey.get(key) ?? [];
        list.push(...bucket.candidates(row, name));
        byKey.set(key, list);
      });
    }
    if (byKey.size === 0) return;
    const counts = this.endpointBins(h, h + HOUR_MS);
    const rows = [...byKey].map(([key, list]) => {
      const bins = counts.get(key) ?? { lo: 0, counts: new Float64Array(0), n: 0 };
      return [key, selectExemplars(list, bins, EXEMPLAR_SLOWEST_PER_HOUR)] as const;
    });
    this.put(hours, h, rows);
  }

  /** Packs rows into `ring` at `start`, within the global limit. */
  private put(
    ring: TimeRing<ExemplarBucket>,
    start: number,
    rows: readonly (readonly [EndpointKey, readonly Candidate[]])[],
  ): void {
    let wanted = 0;
    for (const [, list] of rows) wanted += list.length;
    this.makeRoom(wanted, start);
    const room = Math.max(0, this.limit - this.heldCount);
    const kept = trimToRoom(rows, room);
    this.droppedCount += kept.dropped;
    const bucket = ExemplarBucket.pack(start, kept.rows, (m) => this.methodId(m));
    const evicted = ring.set(start, bucket);
    if (evicted !== undefined) this.heldCount -= evicted.size;
    this.heldCount += bucket.size;
  }

  /**
   * Evicts the oldest buckets that start before `before`, hours first, then
   * minutes, until `wanted` more fit under the limit or none is left: at the
   * limit the newest requests win, since they are the ones a user drills
   * into. What is evicted counts as dropped.
   */
  private makeRoom(wanted: number, before: number): void {
    for (const ring of [this.hours, this.minutes]) {
      if (ring === undefined) continue;
      for (const [start] of ring.entries()) {
        if (this.limit - this.heldCount >= wanted || start >= before) return;
        for (const b of ring.evictBefore(start + ring.widthMs)) {
          this.heldCount -= b.size;
          this.droppedCount += b.size;
        }
      }
    }
  }

  private methodId(method: string): number {
    let id = this.methodIds.get(method);
    if (id === undefined) {
      if (this.methodNames.length >= EXEMPLAR_METHOD_LIMIT) return EXEMPLAR_METHOD_LIMIT;
      id = this.methodNames.length;
      this.methodNames.push(method);
      this.methodIds.set(method, id);
    }
    return id;
  }
}
