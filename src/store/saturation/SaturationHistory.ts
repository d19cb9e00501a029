import { TimeRing } from '../drill/TimeRing.js';
import {
  copyPoint,
  mergePoint,
  pointOf,
  type SaturationPoint,
  type SaturationSample,
} from './SaturationSample.js';

/** Most instances whose saturation history is kept; samples of others are dropped, and counted. */
export const DEFAULT_SATURATION_INSTANCE_LIMIT = 64;
const HOUR_MS = 3_600_000;
/** How far back minute points reach (as the store's fine buckets); older ones are kept per hour. */
const MINUTE_SPAN_MS = 24 * HOUR_MS;

type Bucket = Map<string, SaturationPoint>;

/** Saturation history as saved in a store snapshot (version 3). */
export interface SaturationData {
  readonly tiers: readonly {
    readonly widthMs: number;
    readonly buckets: readonly {
      readonly start: number;
      readonly points: readonly SaturationPoint[];
    }[];
  }[];
  readonly dropped: number;
  /** Every hour before this has been rolled up; null before the first (or without hours). */
  readonly rolledBefore?: number | null | undefined;
}

/**
 * Per instance and minute (hours past a day, over the whole retention),
 * the saturation samples rolled up: max of the event-loop delay p99, the
 * heap, the RSS and the peak in flight; mean of the event-loop utilization.
 * Bounded by the retention and an instance limit.
 */
export class SaturationHistory {
  private readonly minutes: TimeRing<Bucket>;
  private readonly hours: TimeRing<Bucket> | undefined;
  /** Newest sample time per instance key, to forget the silent ones. */
  private readonly lastSeen = new Map<string, number>();
  private rolledBefore = Number.NEGATIVE_INFINITY;
  private droppedCount = 0;

  constructor(
    private readonly bucketMs: number,
    retentionMs: number,
    readonly limit: number = DEFAULT_SATURATION_INSTANCE_LIMIT,
  ) {
    const minuteSpan = Math.min(retentionMs, MINUTE_SPAN_MS);
    this.minutes = new TimeRing(bucketMs, Math.ceil(minuteSpan / bucketMs) + 1);
    this.hours =
      retentionMs > minuteSpan && HOUR_MS % bucketMs === 0
        ? new TimeRing(HOUR_MS, Math.ceil(retentionMs / HOUR_MS) + 1)
        : undefined;
  }

  /** Samples dropped by the instance limit. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Instances with history. */
  get instances(): number {
    return this.lastSeen.size;
  }

  /** Adds one sample of an instance, taken at `atMs`, into its minute `start`. */
  record(
    service: string,
    instance: string,
    sample: SaturationSample,
    atMs: number,
    start: number,
  ): void {
    const key = `${service}\u0000${instance}`;
    if (!this.lastSeen.has(key) && this.lastSeen.size >= this.limit) {
      this.droppedCount++;
      return;
    }
    this.lastSeen.set(key, Math.max(this.lastSeen.get(key) ?? atMs, atMs));
    let bucket = this.minutes.get(start);
    if (bucket === undefined) {
      bucket = new Map();
      this.minutes.set(start, bucket);
    }
    const point = bucket.get(key);
    if (point === undefined) bucket.set(key, pointOf(service, instance, sample));
    else mergePoint(point, pointOf(service, instance, sample));
  }

  /** The store's minute became `current`, its oldest data starts at `oldest`: rolls hours up, forgets the silent. */
  advance(current: number, oldest: number): void {
    if (this.hours !== undefined) {
      const hourNow = this.hours.startOf(current);
      if (this.rolledBefore === Number.NEGATIVE_INFINITY) this.rolledBefore = hourNow;
      // Minutes of hours not yet rolled up are still held, even after a long pause:
      // since the last advance only the minute then current was written.
      const from = Math.max(this.rolledBefore, this.hours.oldestStart(hourNow));
      for (let h = from; h + HOUR_MS <= hourNow; h += HOUR_MS) this.rollHour(h);
      if (hourNow > this.rolledBefore) this.rolledBefore = hourNow;
      this.hours.evictBefore(this.hours.oldestStart(hourNow));
    }
    this.minutes.evictBefore(this.minutes.oldestStart(current));
    for (const [key, at] of this.lastSeen) if (at < oldest) this.lastSeen.delete(key);
  }

  /**
   * The buckets from `sinceMs` to `current`, with their start and width,
   * oldest first: minutes where they reach, hours before.
   */
  buckets(
    sinceMs: number,
    current: number,
  ): { start: number; widthMs: number; points: SaturationPoint[] }[] {
    const out: { start: number; widthMs: number; points: SaturationPoint[] }[] = [];
    const minuteOldest = this.minutes.oldestStart(current);
    if (this.hours !== undefined && sinceMs < minuteOldest) {
      const hourOldest = this.hours.oldestStart(this.hours.startOf(current));
      for (const [start, b] of this.hours.entries()) {
        if (start + HOUR_MS > sinceMs && start >= hourOldest && start + HOUR_MS <= minuteOldest) {
          out.push({ start, widthMs: HOUR_MS, points: [...b.values()] });
        }
      }
    }
    const firstMinute = Math.max(minuteOldest, sinceMs);
    for (const [start, b] of this.minutes.entries()) {
      if (start >= firstMinute && start <= current) {
        out.push({ start, widthMs: this.bucketMs, points: [...b.values()] });
      }
    }
    return out;
  }

  /** Drops everything. */
  clear(): void {
    this.minutes.clear();
    this.hours?.clear();
    this.lastSeen.clear();
    this.rolledBefore = Number.NEGATIVE_INFINITY;
    this.droppedCount = 0;
  }

  /** As plain data. */
  toData(): SaturationData {
    const tiers = [this.minutes, this.hours].flatMap((ring) =>
      ring === undefined
        ? []
        : [
            {
              widthMs: ring.widthMs,
              buckets: ring
                .entries()
                .map(([start, b]) => ({ start, points: [...b.values()].map(copyPoint) })),
            },
          ],
    );
    return {
      tiers,
      dropped: this.droppedCount,
      rolledBefore: Number.isFinite(this.rolledBefore) ? this.rolledBefore : null,
    };
  }

  /**
   * Loads saved history into this empty store, whose minute is `current`
   * and oldest data `oldest`, then moves on to it as a running store would have.
   */
  restore(data: SaturationData, current: number, oldest: number): void {
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
        const bucket: Bucket = new Map();
        for (const p of b.points) {
          const key = `${p.service}\u0000${p.instance}`;
          if (!this.lastSeen.has(key) && this.lastSeen.size >= this.limit) continue;
          this.lastSeen.set(key, Math.max(this.lastSeen.get(key) ?? b.start, b.start));
          bucket.set(key, copyPoint(p));
        }
        ring.set(b.start, bucket);
      }
    }
    this.droppedCount = data.dropped;
    if (typeof data.rolledBefore === 'number') this.rolledBefore = data.rolledBefore;
    this.advance(current, oldest);
  }

  private rollHour(h: number): void {
    const into: Bucket = new Map();
    for (let t = h; t < h + HOUR_MS; t += this.bucketMs) {
      for (const [key, p] of this.minutes.get(t) ?? []) {
        const point = into.get(key);
        if (point === undefined) into.set(key, copyPoint(p));
        else mergePoint(point, p);
      }
    }
    if (into.size > 0) this.hours?.set(h, into);
  }
}
