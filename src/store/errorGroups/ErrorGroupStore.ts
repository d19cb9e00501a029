import type { Source } from '../Source.js';
import { HOUR_MS, MinuteHourRings } from '../tiers/MinuteHourRings.js';
import type { TimeRing } from '../tiers/TimeRing.js';
import { CountBucket } from './CountBucket.js';
import { type ErrorGroup, OTHER_ERROR_GROUP } from './ErrorGroup.js';
import type { ErrorGroupsData } from './ErrorGroupsData.js';
import { errorTemplate } from './errorTemplate.js';

export type { ErrorGroupsData };

/** Most error groups kept apart, over every source; past it, errors count in their source's `other` group. */
export const DEFAULT_ERROR_GROUP_LIMIT = 500;
/** Statuses are 100–599: a bucket counts by `group.index * STATUS_SPAN + status`. */
const STATUS_SPAN = 1_000;
/** How far back minute counts reach (as the store's fine buckets); older ones are kept per hour. */
const MINUTE_SPAN_MS = 24 * HOUR_MS;

/** What a store tells of its error groups, beside their counts. */
export type ErrorGroupFigures = Pick<ErrorGroupStore, 'size' | 'limit' | 'overflowed'>;

/** One group's figures over a window. */
export interface GroupCount {
  readonly group: ErrorGroup;
  count: number;
  /** Count per status. */
  readonly statuses: Map<number, number>;
  /** Start of the first bucket in the window holding it. */
  firstBucketMs: number;
}

/**
 * Error fingerprints with exact counts: each error is counted, per minute
 * (hours past a day), under its group, a source's errors of one type,
 * endpoint and {@link errorTemplate}. The number of groups is capped; past
 * it, a source's errors count in its `other` group, and how many did is
 * counted. Groups no retained bucket holds are forgotten.
 */
export class ErrorGroupStore {
  private readonly tiers: MinuteHourRings<CountBucket>;
  private readonly bySource = new Map<Source, Map<string, ErrorGroup>>();
  private readonly byIndex: (ErrorGroup | undefined)[] = [];
  private readonly freeIndexes: number[] = [];
  private regular = 0;
  private liveBuckets: CountBucket[] = [];
  private overflowedCount = 0;
  /** The last message templated, and its template: errors often repeat one message. */
  private lastMessage: string | undefined;
  private lastTemplate = '';

  constructor(
    bucketMs: number,
    retentionMs: number,
    /** Most regular groups. */
    readonly limit: number = DEFAULT_ERROR_GROUP_LIMIT,
  ) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`error group limit must be a positive integer, got: ${limit}`);
    }
    this.tiers = new MinuteHourRings({
      minuteMs: bucketMs,
      retentionMs,
      minuteSpanMs: MINUTE_SPAN_MS,
      // Hours even within a day: a long window then merges a few dozen buckets, not 1,440.
      hoursWithinMinuteSpan: true,
      rollUp: (_hour, minutes) => {
        const into = new CountBucket();
        for (const minute of minutes) {
          minute.forEach((key, n) => {
            into.add(key, n);
          });
        }
        into.pack();
        return into;
      },
    });
  }

  /** Live groups, the `other` ones included. */
  get size(): number {
    return this.byIndex.length - this.freeIndexes.length;
  }

  /** Errors counted in an `other` group because of the limit. */
  get overflowed(): number {
    return this.overflowedCount;
  }

  /** Counts one error finished at `ts`, in the fine bucket `start`, when the store's minute is `current`. */
  record(
    source: Source,
    endpoint: string,
    errorType: string,
    message: string,
    statusCode: number,
    traceId: string,
    ts: number,
    start: number,
    current: number,
  ): void {
    if (message !== this.lastMessage) {
      this.lastTemplate = errorTemplate(message);
      this.lastMessage = message;
    }
    const group = this.groupOf(source, endpoint, errorType, this.lastTemplate, ts);
    if (ts > group.lastSeenMs) {
      group.lastSeenMs = ts;
      group.sampleTraceId = traceId;
    }
    if (ts < group.firstSeenMs) group.firstSeenMs = ts;
    const key = group.index * STATUS_SPAN + (statusCode % STATUS_SPAN);
    const tiers = this.tiers;
    if (start >= tiers.oldestMinute(current)) this.bucketOf(tiers.minutes, start).add(key);
    // An hour already rolled up takes a late record directly.
    const h = tiers.rolledHourOf(start, current);
    if (h !== undefined) this.bucketOf(tiers.hours as TimeRing<CountBucket>, h).add(key);
  }

  /** The store's minute became `current` and its oldest data starts at `oldest`: packs, rolls up, forgets. */
  advance(current: number, oldest: number): void {
    for (const b of this.liveBuckets) b.pack();
    this.liveBuckets = [];
    this.tiers.advance(current);
    for (const [source, groups] of this.bySource) {
      for (const [key, group] of groups) {
        if (group.lastSeenMs >= oldest) continue;
        groups.delete(key);
        this.byIndex[group.index] = undefined;
        this.freeIndexes.push(group.index);
        if (!group.other) this.regular--;
      }
      if (groups.size === 0) this.bySource.delete(source);
    }
  }

  /**
   * Each group's counts from `sinceMs` (a minute boundary, or an hour
   * boundary past the minutes' reach) to now, of the groups `accept` passes.
   */
  counts(sinceMs: number, current: number, accept: (g: ErrorGroup) => boolean): GroupCount[] {
    // By group index, with `accept` asked once per group: the buckets repeat the same few hundred.
    const byGroup: (GroupCount | null | undefined)[] = new Array(this.byIndex.length);
    const out: GroupCount[] = [];
    const add = (start: number, bucket: CountBucket) => {
      bucket.forEach((key, n) => {
        const index = Math.floor(key / STATUS_SPAN);
        let c = byGroup[index];
        if (c === undefined) {
          const group = this.byIndex[index];
          if (group === undefined || !accept(group)) {
            byGroup[index] = null;
            return;
          }
          c = { group, count: 0, statuses: new Map(), firstBucketMs: start };
          byGroup[index] = c;
          out.push(c);
        } else if (c === null) {
          return;
        }
        const status = key % STATUS_SPAN;
        c.count += n;
        c.statuses.set(status, (c.statuses.get(status) ?? 0) + n);
        if (start < c.firstBucketMs) c.firstBucketMs = start;
      });
    };
    // Each whole hour rolled up and held as one bucket, the minutes around them one by one.
    for (const slice of this.tiers.coverSince(sinceMs, current)) add(slice.start, slice.bucket);
    return out;
  }

  /** Drops every group and count. */
  clear(): void {
    this.tiers.clear();
    this.bySource.clear();
    this.byIndex.length = 0;
    this.freeIndexes.length = 0;
    this.regular = 0;
    this.liveBuckets = [];
    this.overflowedCount = 0;
  }

  /** As plain data. */
  toData(sourceIdOf: (s: Source) => number): ErrorGroupsData {
    const position = new Map<number, number>();
    const groups: ErrorGroupsData['groups'][number][] = [];
    this.byIndex.forEach((g) => {
      if (g === undefined) return;
      position.set(g.index, groups.length);
      groups.push({
        source: sourceIdOf(g.source),
        endpoint: g.endpoint,
        errorType: g.errorType,
        template: g.template,
        other: g.other,
        firstSeenMs: g.firstSeenMs,
        lastSeenMs: g.lastSeenMs,
        sampleTraceId: g.sampleTraceId,
      });
    });
    const tiers = this.tiers.rings().map((ring) => ({
      widthMs: ring.widthMs,
      buckets: ring.entries().map(([start, bucket]) => {
        const keys: number[] = [];
        const counts: number[] = [];
        bucket.forEach((key, n) => {
          const at = position.get(Math.floor(key / STATUS_SPAN));
          if (at === undefined) return;
          keys.push(at * STATUS_SPAN + (key % STATUS_SPAN));
          counts.push(n);
        });
        return { start, keys, counts };
      }),
    }));
    return {
      groups,
      tiers,
      overflowed: this.overflowedCount,
      rolledBefore: Number.isFinite(this.tiers.rolledBefore) ? this.tiers.rolledBefore : null,
    };
  }

  /**
   * Loads saved groups into this empty store, whose minute is `current` and
   * oldest data `oldest`, then moves on to it as a running store would have.
   */
  restore(
    data: ErrorGroupsData,
    sourceOf: (id: number) => Source,
    current: number,
    oldest: number,
  ): void {
    const restored = data.groups.map((g) => {
      const group = this.groupOf(
        sourceOf(g.source),
        g.endpoint,
        g.errorType,
        g.template,
        g.firstSeenMs,
        g.other,
      );
      if (g.lastSeenMs >= group.lastSeenMs) {
        group.lastSeenMs = g.lastSeenMs;
        group.sampleTraceId = g.sampleTraceId;
      }
      return group;
    });
    for (const tier of data.tiers) {
      for (const b of tier.buckets) {
        const ring = this.tiers.restoreRing(tier.widthMs, b.start, current);
        if (ring === undefined) continue;
        const bucket = this.bucketOf(ring, b.start);
        b.keys.forEach((key, i) => {
          const group = restored[Math.floor(key / STATUS_SPAN)];
          if (group === undefined) throw new RangeError('error group bucket names no group');
          bucket.add(group.index * STATUS_SPAN + (key % STATUS_SPAN), b.counts[i] ?? 0);
        });
      }
    }
    this.overflowedCount = data.overflowed;
    this.tiers.restoreRolledBefore(data.rolledBefore);
    this.advance(current, oldest);
  }

  private groupOf(
    source: Source,
    endpoint: string,
    errorType: string,
    template: string,
    ts: number,
    forceOther = false,
  ): ErrorGroup {
    let groups = this.bySource.get(source);
    if (groups === undefined) {
      groups = new Map();
      this.bySource.set(source, groups);
    }
    const key = forceOther ? OTHER_ERROR_GROUP : `${endpoint}\u0000${errorType}\u0000${template}`;
    const found = groups.get(key);
    if (found !== undefined) return found;
    if (!forceOther && this.regular >= this.limit) {
      this.overflowedCount++;
      return this.groupOf(source, endpoint, errorType, template, ts, true);
    }
    const index = this.freeIndexes.pop() ?? this.byIndex.length;
    const other = forceOther;
    const group: ErrorGroup = {
      index,
      source,
      endpoint: other ? '' : endpoint,
      errorType: other ? '' : errorType,
      template: other ? OTHER_ERROR_GROUP : template,
      other,
      firstSeenMs: ts,
      lastSeenMs: Number.NEGATIVE_INFINITY,
      sampleTraceId: '',
    };
    this.byIndex[index] = group;
    groups.set(key, group);
    if (!other) this.regular++;
    return group;
  }

  private bucketOf(ring: TimeRing<CountBucket>, start: number): CountBucket {
    let bucket = ring.get(start);
    if (bucket === undefined) {
      bucket = new CountBucket();
      this.tiers.put(ring, start, bucket);
      this.liveBuckets.push(bucket);
    } else if (!bucket.isLive) {
      this.liveBuckets.push(bucket);
    }
    return bucket;
  }
}
