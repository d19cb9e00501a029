import { TimeRing } from './TimeRing.js';

/** Width of an hour bucket of the drill-down stores. */
export const HOUR_MS = 3_600_000;

/** How a {@link MinuteHourRings} is sized and how its hours are made. */
export interface MinuteHourOptions<B> {
  /** Width of a minute bucket: the store's fine bucket. */
  readonly minuteMs: number;
  /** How far back the data reaches in all. */
  readonly retentionMs: number;
  /** How far back minutes reach (at most the retention); older data is kept per hour. */
  readonly minuteSpanMs: number;
  /**
   * Keep hours even when the minutes cover the whole retention (from an hour
   * of retention on), so a long window merges a few dozen buckets, not 1,440.
   */
  readonly hoursWithinMinuteSpan?: boolean;
  /** Builds the hour at `hourStart` out of its minutes held, oldest first; undefined keeps none. */
  readonly rollUp: (hourStart: number, minutes: readonly B[]) => B | undefined;
  /** Told of each bucket the rings evict or a newer bucket replaces, so a store can count what it holds. */
  readonly onDrop?: (bucket: B) => void;
}

/** One bucket of a window, with its start and width. */
export interface RingSlice<B> {
  readonly start: number;
  readonly widthMs: number;
  /** True for a bucket of the hour ring (which may be as wide as a minute bucket). */
  readonly isHour: boolean;
  readonly bucket: B;
}

/**
 * Minutes for a span, then hours for the whole retention: the tiers of a
 * drill-down store (exemplars, error groups, saturation). Owns both rings
 * and the roll-up bookkeeping: on {@link advance} every finished hour is
 * built from its minutes (by the store's `rollUp`), then buckets out of
 * reach are evicted, hours first. Minutes of an hour not yet rolled up are
 * still held even after a long pause, since between two advances only the
 * minute then current is written. No timer.
 */
export class MinuteHourRings<B> {
  /** The minute ring. */
  readonly minutes: TimeRing<B>;
  /** The hour ring; undefined when the minutes cover the retention (or an hour is no whole number of minutes). */
  readonly hours: TimeRing<B> | undefined;
  /** Every hour before this has been rolled up; -Infinity before the first advance. */
  private rolled = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: MinuteHourOptions<B>) {
    const { minuteMs, retentionMs } = options;
    const minuteSpan = Math.min(retentionMs, options.minuteSpanMs);
    this.minutes = new TimeRing(minuteMs, Math.ceil(minuteSpan / minuteMs) + 1);
    const wantHours = options.hoursWithinMinuteSpan
      ? retentionMs >= HOUR_MS
      : retentionMs > minuteSpan;
    this.hours =
      wantHours && HOUR_MS % minuteMs === 0
        ? new TimeRing(HOUR_MS, Math.ceil(retentionMs / HOUR_MS) + 1)
        : undefined;
  }

  /** Every hour before this has been rolled up; -Infinity before the first advance (or without hours). */
  get rolledBefore(): number {
    return this.rolled;
  }

  /** Both rings, minutes first, for saving. */
  rings(): TimeRing<B>[] {
    return this.hours === undefined ? [this.minutes] : [this.minutes, this.hours];
  }

  /** Start of the oldest minute kept when the current minute is `current`. */
  oldestMinute(current: number): number {
    return this.minutes.oldestStart(current);
  }

  /** Start of the oldest hour kept when the current minute is `current` (0 without hours). */
  oldestHour(current: number): number {
    const hours = this.hours;
    return hours === undefined ? 0 : hours.oldestStart(hours.startOf(current));
  }

  /**
   * The hour a late record of minute `start` also goes into, when that hour
   * is already rolled up and still held; undefined otherwise.
   */
  rolledHourOf(start: number, current: number): number | undefined {
    const hours = this.hours;
    if (hours === undefined) return undefined;
    const h = hours.startOf(start);
    return h < this.rolled && h >= this.oldestHour(current) ? h : undefined;
  }

  /** Puts `bucket` at `start` of `ring`; a bucket of another start it replaces is dropped. */
  put(ring: TimeRing<B>, start: number, bucket: B): void {
    const evicted = ring.set(start, bucket);
    if (evicted !== undefined) this.options.onDrop?.(evicted);
  }

  /** The current minute became `current`: rolls every finished hour up, then evicts what is out of reach. */
  advance(current: number): void {
    const hours = this.hours;
    if (hours !== undefined) {
      const hourNow = hours.startOf(current);
      if (this.rolled === Number.NEGATIVE_INFINITY) this.rolled = hourNow;
      const from = Math.max(this.rolled, hours.oldestStart(hourNow));
      for (let h = from; h + HOUR_MS <= hourNow; h += HOUR_MS) this.rollHour(hours, h);
      if (hourNow > this.rolled) this.rolled = hourNow;
      this.evict(hours, hours.oldestStart(hourNow));
    }
    // After the roll-up, which reads them: minutes past their reach go.
    this.evict(this.minutes, this.minutes.oldestStart(current));
  }

  /**
   * The buckets of the window from `sinceMs` up to minute `newestMs`, oldest
   * first: the minutes held, and before the oldest minute the hours, each
   * held hour that starts before it (so the last may overlap the minutes).
   */
  bucketsSince(
    sinceMs: number,
    current: number,
    newestMs = Number.POSITIVE_INFINITY,
  ): RingSlice<B>[] {
    const out: RingSlice<B>[] = [];
    const minuteOldest = this.oldestMinute(current);
    const hours = this.hours;
    if (hours !== undefined && sinceMs < minuteOldest) {
      const hourOldest = this.oldestHour(current);
      for (const [start, bucket] of hours.entries()) {
        if (start + HOUR_MS > sinceMs && start >= hourOldest && start < minuteOldest) {
          out.push({ start, widthMs: HOUR_MS, isHour: true, bucket });
        }
      }
    }
    const minuteMs = this.minutes.widthMs;
    for (const [start, bucket] of this.minutes.entries()) {
      if (start >= minuteOldest && start + minuteMs > sinceMs && start <= newestMs) {
        out.push({ start, widthMs: minuteMs, isHour: false, bucket });
      }
    }
    return out;
  }

  /**
   * The same window from `sinceMs` to minute `current` in the fewest buckets,
   * oldest first: each whole hour rolled up and held as one, the minutes
   * around them one by one.
   */
  coverSince(sinceMs: number, current: number): RingSlice<B>[] {
    const out: RingSlice<B>[] = [];
    const minuteMs = this.minutes.widthMs;
    const minuteOldest = this.oldestMinute(current);
    const hours = this.hours;
    const hourOldest = this.oldestHour(current);
    for (let t = Math.max(sinceMs, Math.min(minuteOldest, hourOldest)); t <= current; ) {
      if (
        hours !== undefined &&
        t % HOUR_MS === 0 &&
        t + HOUR_MS <= this.rolled &&
        t >= hourOldest
      ) {
        const bucket = hours.get(t);
        if (bucket !== undefined) out.push({ start: t, widthMs: HOUR_MS, isHour: true, bucket });
        t += HOUR_MS;
        continue;
      }
      const bucket = t >= minuteOldest ? this.minutes.get(t) : undefined;
      if (bucket !== undefined) out.push({ start: t, widthMs: minuteMs, isHour: false, bucket });
      t += minuteMs;
    }
    return out;
  }

  /** The ring a saved bucket of `widthMs` at `start` goes back into; undefined when none (or it is after `current`). */
  restoreRing(widthMs: number, start: number, current: number): TimeRing<B> | undefined {
    const ring =
      widthMs === this.minutes.widthMs
        ? this.minutes
        : widthMs === this.hours?.widthMs
          ? this.hours
          : undefined;
    if (ring === undefined || start > current || start !== ring.startOf(start)) return undefined;
    return ring;
  }

  /** Takes the saved roll-up cursor (null or absent: none yet). */
  restoreRolledBefore(rolledBefore: number | null | undefined): void {
    if (typeof rolledBefore === 'number') this.rolled = rolledBefore;
  }

  /** Empties both rings and forgets the roll-up. */
  clear(): void {
    this.minutes.clear();
    this.hours?.clear();
    this.rolled = Number.NEGATIVE_INFINITY;
  }

  private rollHour(hours: TimeRing<B>, h: number): void {
    const minutes: B[] = [];
    for (let t = h; t < h + HOUR_MS; t += this.minutes.widthMs) {
      const bucket = this.minutes.get(t);
      if (bucket !== undefined) minutes.push(bucket);
    }
    if (minutes.length === 0) return;
    const hour = this.options.rollUp(h, minutes);
    if (hour !== undefined) this.put(hours, h, hour);
  }

  private evict(ring: TimeRing<B>, oldest: number): void {
    const dropped = ring.evictBefore(oldest);
    const onDrop = this.options.onDrop;
    if (onDrop !== undefined) for (const b of dropped) onDrop(b);
  }
}
