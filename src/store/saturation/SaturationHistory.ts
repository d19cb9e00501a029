import { HOUR_MS, MinuteHourRings } from '../tiers/MinuteHourRings.js';
import {
  copyPoint,
  mergePoint,
  pointOf,
  type SaturationPoint,
  type SaturationSample,
} from './SaturationSample.js';

/** Most instances whose saturation history is kept; samples of others are dropped, and counted. */
export const DEFAULT_SATURATION_INSTANCE_LIMIT = 64;
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

/** What a store tells of its saturation history, beside its buckets. */
export type SaturationFigures = Pick<SaturationHistory, 'instances' | 'limit' | 'dropped'>;

/**
 * Per instance and minute (hours past a day, over the whole retention),
 * the saturation samples rolled up: max of the event-loop delay p99, the
 * heap, the RSS and the peak in flight; mean of the event-loop utilization.
 * Bounded by the retention and an instance limit.
 */
export class SaturationHistory {
  private readonly tiers: MinuteHourRings<Bucket>;
  /** Newest sample time per instance key, to forget the silent ones. */
  private readonly lastSeen = new Map<string, number>();
  private droppedCount = 0;

  constructor(
    bucketMs: number,
    retentionMs: number,
    readonly limit: number = DEFAULT_SATURATION_INSTANCE_LIMIT,
  ) {
    this.tiers = new MinuteHourRings({
      minuteMs: bucketMs,
      retentionMs,
      minuteSpanMs: MINUTE_SPAN_MS,
      rollUp: (_hour, minutes) => {
        const into: Bucket = new Map();
        for (const minute of minutes) {
          for (const [key, p] of minute) {
            const point = into.get(key);
            if (point === undefined) into.set(key, copyPoint(p));
            else mergePoint(point, p);
          }
        }
        return into.size > 0 ? into : undefined;
      },
    });
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
    let bucket = this.tiers.minutes.get(start);
    if (bucket === undefined) {
      bucket = new Map();
      this.tiers.put(this.tiers.minutes, start, bucket);
    }
    const point = bucket.get(key);
    if (point === undefined) bucket.set(key, pointOf(service, instance, sample));
    else mergePoint(point, pointOf(service, instance, sample));
  }

  /** The store's minute became `current`, its oldest data starts at `oldest`: rolls hours up, forgets the silent. */
  advance(current: number, oldest: number): void {
    this.tiers.advance(current);
    for (const [key, at] of this.lastSeen) if (at < oldest) this.lastSeen.delete(key);
  }

  /**
   * The buckets from `sinceMs` to `current`, with their start and width,
   * oldest first: minutes where they reach, hours before (only whole ones:
   * a point cannot be split, so the hour the minutes start in is left out).
   */
  buckets(
    sinceMs: number,
    current: number,
  ): { start: number; widthMs: number; points: SaturationPoint[] }[] {
    const minuteOldest = this.tiers.oldestMinute(current);
    return this.tiers
      .bucketsSince(sinceMs, current, current)
      .filter((s) => !s.isHour || s.start + HOUR_MS <= minuteOldest)
      .map((s) => ({ start: s.start, widthMs: s.widthMs, points: [...s.bucket.values()] }));
  }

  /** Drops everything. */
  clear(): void {
    this.tiers.clear();
    this.lastSeen.clear();
    this.droppedCount = 0;
  }

  /** As plain data. */
  toData(): SaturationData {
    const tiers = this.tiers.rings().map((ring) => ({
      widthMs: ring.widthMs,
      buckets: ring
        .entries()
        .map(([start, b]) => ({ start, points: [...b.values()].map(copyPoint) })),
    }));
    return {
      tiers,
      dropped: this.droppedCount,
      rolledBefore: Number.isFinite(this.tiers.rolledBefore) ? this.tiers.rolledBefore : null,
    };
  }

  /**
   * Loads saved history into this empty store, whose minute is `current`
   * and oldest data `oldest`, then moves on to it as a running store would have.
   */
  restore(data: SaturationData, current: number, oldest: number): void {
    for (const tier of data.tiers) {
      for (const b of tier.buckets) {
        const ring = this.tiers.restoreRing(tier.widthMs, b.start, current);
        if (ring === undefined) continue;
        const bucket: Bucket = new Map();
        for (const p of b.points) {
          const key = `${p.service}\u0000${p.instance}`;
          if (!this.lastSeen.has(key) && this.lastSeen.size >= this.limit) continue;
          this.lastSeen.set(key, Math.max(this.lastSeen.get(key) ?? b.start, b.start));
          bucket.set(key, copyPoint(p));
        }
        this.tiers.put(ring, b.start, bucket);
      }
    }
    this.droppedCount = data.dropped;
    this.tiers.restoreRolledBefore(data.rolledBefore);
    this.advance(current, oldest);
  }
}
