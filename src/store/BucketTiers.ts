import { BucketRing, type BucketSlot } from './BucketRing.js';
import type { BucketView } from './BucketView.js';
import type { EndpointKey } from './EndpointKey.js';
import type { FrozenBucket } from './FrozenBucket.js';
import { floorTo } from './floorTo.js';
import type { LiveBucket } from './LiveBucket.js';
import { RowTables } from './RowTables.js';
import type { Series } from './Series.js';
import { LiveRollup } from './sketch/LiveRollup.js';

/** Width of a quarter-hour bucket. */
export const QUARTER_BUCKET_MS = 900_000;
/** Width of an hour bucket. */
export const HOUR_BUCKET_MS = 3_600_000;
/** Width of a day bucket. */
export const DAY_BUCKET_MS = 24 * HOUR_BUCKET_MS;
/** How far back fine buckets (and quarters) reach; older data of a longer retention is kept per hour. */
export const FINE_SPAN_MS = 24 * HOUR_BUCKET_MS;

import type { TierSnapshot } from './TierSnapshot.js';
import type { WindowView } from './WindowView.js';

export type { TierSnapshot, WindowView };

interface Tier {
  readonly ring: BucketRing;
  /** The tier this one is rolled up from (undefined for the fine tier). */
  readonly source: Tier | undefined;
  /** Every bucket of this tier that starts before this has been rolled up from its source. */
  closedBefore: number;
}

/**
 * Buckets in tiers of growing width: fine (a minute), quarter-hour, hour,
 * day. Fine buckets and quarters reach back a day (or the whole retention if
 * shorter); hours and days reach back the whole retention. The current fine
 * bucket is live; once time moves on it is packed, and once a quarter, hour
 * or day has passed it is rolled up: quarters and hours from the fine
 * buckets, days from hours. A late record goes into every bucket that holds
 * its time, so the tiers always agree, and a query merges the fewest
 * buckets: a week is six days, a few dozen hours and some edge minutes.
 */
export class BucketTiers {
  private readonly tiers: Tier[];
  /** The hour tier, which alone holds data older than the fine span; undefined if too short. */
  private readonly hours: Tier | undefined;
  /** True when the retention reaches past the fine tiers, so old data lives in hours only. */
  private readonly long: boolean;
  /** Slots holding a live form, to pack when the minute changes. */
  private liveSlots: BucketSlot[] = [];
  /** The current fine bucket's slot, once claimed. */
  private currentSlot: BucketSlot | undefined;

  constructor(
    readonly bucketMs: number,
    readonly retentionMs: number,
    startMs: number,
  ) {
    const widths = [bucketMs];
    for (const w of [QUARTER_BUCKET_MS, HOUR_BUCKET_MS, DAY_BUCKET_MS]) {
      const last = widths[widths.length - 1] as number;
      const rollable = w !== DAY_BUCKET_MS || last === HOUR_BUCKET_MS;
      if (w > last && w % last === 0 && retentionMs >= w && rollable) widths.push(w);
    }
    this.long = widths.includes(HOUR_BUCKET_MS) && retentionMs > FINE_SPAN_MS;
    this.tiers = [];
    const tables = new RowTables();
    for (const width of widths) {
      // Tiers finer than an hour span the fine span; hours and days, the whole retention.
      const span = width >= HOUR_BUCKET_MS || !this.long ? retentionMs : FINE_SPAN_MS;
      const fine = this.tiers[0];
      const source =
        width === DAY_BUCKET_MS ? this.tiers.find((t) => t.ring.widthMs === HOUR_BUCKET_MS) : fine;
      this.tiers.push({
        ring: new BucketRing(width, Math.ceil(span / width) + 1, tables),
        source,
        closedBefore: floorTo(startMs, width),
      });
    }
    this.hours = this.tiers.find((t) => t.ring.widthMs === HOUR_BUCKET_MS);
  }

  /** Start of the oldest retained data when the current fine bucket starts at `current`. */
  oldestRetained(current: number): number {
    const tier = this.long ? (this.hours as Tier) : this.fine;
    return tier.ring.oldestStart(floorTo(current, tier.ring.widthMs));
  }

  /**
   * Adds a request to every tier that holds its fine bucket `start`;
   * `current` is the current fine bucket. Returns the current minute's
   * rollup of the request's endpoint when it went there (undefined for a late
   * one), so the exemplars read its bin counts instead of keeping a copy.
   */
  record(
    start: number,
    current: number,
    series: Series,
    durationMs: number,
  ): LiveRollup | undefined {
    if (start === current) {
      // The current minute: no coarser bucket holds it yet; they roll it up later.
      let slot = this.currentSlot;
      if (slot === undefined || slot.start !== current) {
        slot = this.fine.ring.claim(current);
        this.currentSlot = slot;
      }
      return this.open(slot).record(series, durationMs);
    }
    const fine = this.fine;
    if (start >= fine.ring.oldestStart(current))
      this.open(fine.ring.claim(start)).record(series, durationMs);
    for (let k = 1; k < this.tiers.length; k++) {
      const tier = this.tiers[k] as Tier;
      // Only tiers already rolled up over `start`; the others will include it when they are.
      if (start >= tier.closedBefore) continue;
      const at = floorTo(start, tier.ring.widthMs);
      if (at >= tier.ring.oldestStart(floorTo(current, tier.ring.widthMs))) {
        this.open(tier.ring.claim(at)).record(series, durationMs);
      }
    }
    return undefined;
  }

  /**
   * Calls `add` with the live form of every bucket that holds the fine
   * bucket `start` (when `current` is the current fine bucket), as
   * {@link record} files a request: the bulk path of an engine's aggregates.
   */
  recordInto(start: number, current: number, add: (bucket: LiveBucket) => void): void {
    if (start === current) {
      add(this.open(this.fine.ring.claim(current)));
      return;
    }
    const fine = this.fine;
    if (start >= fine.ring.oldestStart(current)) add(this.open(fine.ring.claim(start)));
    for (let k = 1; k < this.tiers.length; k++) {
      const tier = this.tiers[k] as Tier;
      if (start >= tier.closedBefore) continue;
      const at = floorTo(start, tier.ring.widthMs);
      if (at >= tier.ring.oldestStart(floorTo(current, tier.ring.widthMs))) {
        add(this.open(tier.ring.claim(at)));
      }
    }
  }

  /** Packs live buckets other than the current one and rolls up every finished quarter and hour. */
  advance(current: number): void {
    const currentSlot = this.fine.ring.get(current);
    const keep: BucketSlot[] = [];
    for (const slot of this.liveSlots) {
      if (slot === currentSlot) keep.push(slot);
      else slot.close();
    }
    this.liveSlots = keep;
    for (let k = 1; k < this.tiers.length; k++) {
      const tier = this.tiers[k] as Tier;
      const until = floorTo(current, tier.ring.widthMs);
      if (until > tier.closedBefore) this.rollUp(tier, tier.source as Tier, until);
    }
  }

  /**
   * The buckets overlapping the last `periodMs` before `nowMs`, whose fine
   * bucket starts at `current`. With `untilMs`, only the buckets that end by
   * it (aligned down to the window's resolution): a window ending before now.
   */
  window(
    nowMs: number,
    current: number,
    periodMs: number,
    untilMs = Number.POSITIVE_INFINITY,
  ): WindowView {
    const oldestFine = this.fine.ring.oldestStart(current);
    const wanted = floorTo(nowMs - periodMs, this.bucketMs);
    const bounded = untilMs !== Number.POSITIVE_INFINITY;
    if (wanted >= oldestFine || !this.long) {
      const sinceMs = Math.max(wanted, oldestFine);
      const until = bounded ? floorTo(untilMs, this.bucketMs) : untilMs;
      return this.view(sinceMs, nowMs, current, this.bucketMs, Number.NEGATIVE_INFINITY, until);
    }
    const sinceMs = Math.max(this.oldestRetained(current), floorTo(wanted, HOUR_BUCKET_MS));
    const firstFullHour = floorTo(oldestFine + HOUR_BUCKET_MS - this.bucketMs, HOUR_BUCKET_MS);
    // Past the fine span only hours exist: the bound falls on an hour there.
    const until = !bounded
      ? untilMs
      : floorTo(untilMs, untilMs < firstFullHour ? HOUR_BUCKET_MS : this.bucketMs);
    return this.view(sinceMs, nowMs, current, HOUR_BUCKET_MS, firstFullHour, until);
  }

  /**
   * The latency rollup of each endpoint row over the fine buckets of
   * `[fromMs, toMs)` still held, merged: what the exemplars choose an hour's
   * quantile picks against, read here rather than kept twice.
   */
  endpointRollups(fromMs: number, toMs: number): Map<EndpointKey, LiveRollup> {
    const out = new Map<EndpointKey, LiveRollup>();
    const first = floorTo(fromMs, this.bucketMs);
    for (let t = first; t < toMs; t += this.bucketMs) {
      const bucket = this.fine.ring.get(t)?.view();
      bucket?.forEachEndpointRow((key, row) => {
        let rollup = out.get(key);
        if (rollup === undefined) {
          rollup = new LiveRollup();
          out.set(key, rollup);
        }
        bucket.addEndpointTo(row, rollup);
      });
    }
    return out;
  }

  /** Every non-empty bucket of every tier, packed, with how far each tier has rolled up. */
  snapshot(): TierSnapshot[] {
    return this.tiers.map((tier) => {
      const buckets: FrozenBucket[] = [];
      for (const slot of tier.ring.slots) {
        const view = slot.start === -1 ? undefined : slot.view();
        if (view !== undefined) buckets.push(view);
      }
      buckets.sort((a, b) => a.start - b.start);
      return { widthMs: tier.ring.widthMs, closedBefore: tier.closedBefore, buckets };
    });
  }

  /**
   * Loads saved tiers into this empty store, whose fine bucket is now
   * `current`: buckets older than a tier keeps are dropped; a tier missing
   * from the save (the retention changed) rolls up from the restored fine
   * buckets on the next advance. Returns how many buckets were kept and
   * dropped.
   */
  restore(saved: readonly TierSnapshot[], current: number): { kept: number; dropped: number } {
    let kept = 0;
    let dropped = 0;
    const fineSaved = saved.find((t) => t.widthMs === this.bucketMs);
    const oldestFine = fineSaved?.buckets[0]?.start;
    for (const tier of this.tiers) {
      const width = tier.ring.widthMs;
      const match = saved.find((t) => t.widthMs === width);
      const oldest = tier.ring.oldestStart(floorTo(current, width));
      for (const bucket of match?.buckets ?? []) {
        if (
          bucket.start < oldest ||
          bucket.start > current ||
          bucket.start !== floorTo(bucket.start, width)
        ) {
          dropped++;
          continue;
        }
        const slot = tier.ring.claim(bucket.start);
        slot.open().addFrozen(bucket);
        slot.close();
        kept++;
      }
      if (tier !== this.fine) {
        const from =
          match?.closedBefore ??
          (oldestFine === undefined ? undefined : floorTo(oldestFine, width));
        if (from !== undefined && from < tier.closedBefore) tier.closedBefore = from;
      }
    }
    for (const t of saved)
      if (!this.tiers.some((tier) => tier.ring.widthMs === t.widthMs)) dropped += t.buckets.length;
    return { kept, dropped };
  }

  /** Empties every tier, as if created at `nowMs`. */
  clear(nowMs: number): void {
    for (const tier of this.tiers) {
      tier.ring.clear();
      tier.closedBefore = floorTo(nowMs, tier.ring.widthMs);
    }
    this.liveSlots = [];
    this.currentSlot = undefined;
  }

  private get fine(): Tier {
    return this.tiers[0] as Tier;
  }

  private view(
    sinceMs: number,
    nowMs: number,
    current: number,
    resolutionMs: number,
    hoursUntil: number,
    untilMs = Number.POSITIVE_INFINITY,
  ): WindowView {
    const tiers = this;
    let buckets: BucketView[] | undefined;
    return {
      sinceMs,
      nowMs: Math.min(nowMs, untilMs),
      bucketMs: this.bucketMs,
      resolutionMs,
      // Built on first use: most queries read only the cover.
      get buckets(): BucketView[] {
        buckets ??= tiers.collect(
          sinceMs,
          current,
          (t) => (t + HOUR_BUCKET_MS <= hoursUntil ? tiers.hours : undefined),
          untilMs,
        );
        return buckets;
      },
      cover: (alignMs = Number.POSITIVE_INFINITY): BucketView[] =>
        this.collect(
          sinceMs,
          current,
          (t) =>
            this.coarsestAt(t, current, alignMs, untilMs) ??
            (t + HOUR_BUCKET_MS <= hoursUntil ? this.hours : undefined),
          untilMs,
        ),
    };
  }

  /** The coarsest closed, retained tier whose bucket starts at `t`, ends by `untilMs`, and whose width divides `alignMs`. */
  private coarsestAt(
    t: number,
    current: number,
    alignMs: number,
    untilMs = Number.POSITIVE_INFINITY,
  ): Tier | undefined {
    for (let k = this.tiers.length - 1; k >= 1; k--) {
      const tier = this.tiers[k] as Tier;
      const width = tier.ring.widthMs;
      if (alignMs !== Number.POSITIVE_INFINITY && alignMs % width !== 0) continue;
      if (t !== floorTo(t, width) || t + width > tier.closedBefore || t + width > untilMs) continue;
      if (t >= tier.ring.oldestStart(floorTo(current, width))) return tier;
    }
    return undefined;
  }

  /** Non-empty buckets from `since` to `current` (and before `until`), from the tier `pick` names at each time, else fine. */
  private collect(
    since: number,
    current: number,
    pick: (t: number) => Tier | undefined,
    until = Number.POSITIVE_INFINITY,
  ): BucketView[] {
    const out: BucketView[] = [];
    for (let t = since; t <= current && t < until; ) {
      const tier = pick(t) ?? this.fine;
      const view = tier.ring.get(t)?.view();
      if (view !== undefined) out.push(view);
      t += tier.ring.widthMs;
    }
    return out;
  }

  private open(slot: BucketSlot): ReturnType<BucketSlot['open']> {
    if (!slot.isLive) this.liveSlots.push(slot);
    return slot.open();
  }

  /**
   * Merges `source` buckets into `tier` buckets from its `closedBefore` up to
   * `until`. Quarters and hours roll up from the fine tier, days from hours.
   * Rolling happens, finest tier first, before any newer bucket claims a
   * slot, so even after a long pause the source still holds every bucket
   * not yet rolled up.
   */
  private rollUp(tier: Tier, source: Tier, until: number): void {
    const width = tier.ring.widthMs;
    const from = Math.max(tier.closedBefore, tier.ring.oldestStart(until));
    for (const slot of source.ring.slots) {
      const start = slot.start;
      if (start < from || start >= until) continue;
      const frozen = slot.view();
      if (frozen !== undefined) tier.ring.claim(floorTo(start, width)).open().addFrozen(frozen);
    }
    for (let t = from; t < until; t += width) tier.ring.get(t)?.close();
    tier.closedBefore = until;
  }
}
