import type { RedactQueryMode } from '../privacy/RedactionSettings.js';
import { redactText } from '../privacy/redactText.js';
import { BucketTiers, type WindowView } from './BucketTiers.js';
import type { CallTarget } from './dependencies/CallBucket.js';
import type { CallRecord } from './dependencies/CallRecord.js';
import type { CallRow } from './dependencies/CallRow.js';
import {
  type CallLosses,
  type DependencyFigures,
  DependencyStore,
} from './dependencies/DependencyStore.js';
import { SlowCalls, type SlowCallsAsk, type SlowCallsFound } from './dependencies/SlowCalls.js';
import type { EndpointKey } from './EndpointKey.js';
import { ErrorRing, type RecentErrors } from './ErrorRing.js';
import type { ErrorGroup } from './errorGroups/ErrorGroup.js';
import {
  type ErrorGroupFigures,
  ErrorGroupStore,
  type GroupCount,
} from './errorGroups/ErrorGroupStore.js';
import { errorGroupType } from './errorGroups/errorGroupType.js';
import type { Exemplar } from './exemplars/Exemplar.js';
import {
  type ExemplarFigures,
  ExemplarStore,
  type HeldVisitor,
} from './exemplars/ExemplarStore.js';
import type { BinCounts } from './exemplars/exemplarSelection.js';
import type { NearestSearch } from './exemplars/NearestSearch.js';
import { floorTo } from './floorTo.js';
import type { RequestRecord } from './RequestRecord.js';
import {
  DEFAULT_RECENT_ERROR_LIMIT,
  type RequestStoreOptions,
  resolveStoreOptions,
} from './RequestStoreOptions.js';
import type { ServiceStats } from './ServiceStats.js';
import { StoreIdentities } from './StoreIdentities.js';
import { type SaturationFigures, SaturationHistory } from './saturation/SaturationHistory.js';
import type { SaturationSample } from './saturation/SaturationSample.js';
import { type SlowestAsk, type SlowestFound, SlowestStore } from './slowest/SlowestStore.js';
import { restoreStoreSnapshot } from './snapshot/restoreStoreSnapshot.js';
import type { StoreParts } from './snapshot/StoreParts.js';
import type { StoreSnapshot } from './snapshot/StoreSnapshot.js';
import { writeStoreSnapshot } from './snapshot/writeStoreSnapshot.js';

export type { ServiceStats };

/**
 * The pure core: requests rolled up per minute, for a bounded retention, with
 * an exact count per series (service × instance × endpoint × method × status
 * × error type) and a latency sketch per service × instance × endpoint.
 * Memory grows with series × buckets, never with the request rate; series
 * are capped per service, and services and instances are capped too. The
 * buckets live in {@link BucketTiers} (minutes, quarter-hours, hours), so
 * queries merge few buckets; the recent errors in an {@link ErrorRing}. No
 * timer: buckets are packed, rolled up and evicted on record or on query.
 */
export class RequestStore extends StoreIdentities {
  /** Retention in milliseconds. */
  readonly retentionMs: number;
  /** Fine bucket width in milliseconds. */
  readonly bucketMs: number;
  /** When the store was created, by its clock. */
  readonly startedAtMs: number;
  /** Recent errors, newest last: read through {@link errors}. */
  private readonly recentErrors: ErrorRing;
  /** Exemplars (real requests) per endpoint and minute, then hour: read through {@link exemplarsSince}. */
  private readonly exemplarStore: ExemplarStore;
  /** The exact slowest requests per endpoint and source: read through {@link slowestSince}. */
  private readonly slowestStore: SlowestStore;
  /** Error fingerprints with exact counts: read through {@link errorGroupsSince}. */
  private readonly errorGroupStore: ErrorGroupStore;
  /** Saturation per instance and minute, then hour: fed by {@link recordSaturation}. */
  private readonly saturationHistory: SaturationHistory;
  /** Outgoing calls per dependency, endpoint and N+1 finding: fed by {@link recordCall}. */
  private readonly dependencyStore: DependencyStore;
  /** The exact slowest calls per dependency and operation: read through {@link slowCallsSince}. */
  private readonly slowCallStore: SlowCalls;
  private readonly now: () => number;
  private readonly redactQuery: RedactQueryMode;
  private readonly tiers: BucketTiers;
  /** Start and end of the current (newest) fine bucket, by the clock. */
  private current = Number.NEGATIVE_INFINITY;
  private currentEnd = Number.NEGATIVE_INFINITY;
  /** Start of the oldest retained data, as of the current bucket. */
  private oldest = Number.NEGATIVE_INFINITY;
  private recorded = 0;
  private tooOld = 0;
  private candidate = false;

  constructor(options: RequestStoreOptions = {}) {
    const resolved = resolveStoreOptions(options);
    super(resolved);
    this.retentionMs = resolved.retentionMs;
    this.bucketMs = resolved.bucketMs;
    this.now = resolved.now;
    this.redactQuery = resolved.redactQuery;
    this.startedAtMs = this.now();
    this.recentErrors = new ErrorRing(options.recentErrorLimit ?? DEFAULT_RECENT_ERROR_LIMIT);
    this.tiers = new BucketTiers(this.bucketMs, this.retentionMs, this.startedAtMs);
    this.slowestStore = new SlowestStore(this.bucketMs);
    this.exemplarStore = new ExemplarStore(
      this.bucketMs,
      this.retentionMs,
      (fromMs, toMs) => {
        const bins = new Map<EndpointKey, BinCounts>();
        for (const [key, r] of this.tiers.endpointRollups(fromMs, toMs)) {
          bins.set(key, { lo: r.lo, counts: r.bins, n: r.count });
        }
        return bins;
      },
      options.exemplarLimit,
    );
    this.errorGroupStore = new ErrorGroupStore(
      this.bucketMs,
      this.retentionMs,
      options.errorGroupLimit,
    );
    this.saturationHistory = new SaturationHistory(
      this.bucketMs,
      this.retentionMs,
      options.saturationInstanceLimit,
    );
    this.dependencyStore = new DependencyStore(
      this.bucketMs,
      this.retentionMs,
      options.dependencies,
    );
    this.slowCallStore = new SlowCalls(this.bucketMs);
  }

  /** The slowest calls' figures and which dependencies they know (a narrow view, for the queries). */
  get slowCalls(): Pick<SlowCalls, 'rows' | 'held' | 'droppedCalls' | 'has'> {
    return this.slowCallStore;
  }

  /** The exact slowest calls of a window (see {@link SlowCalls.slowest}). */
  slowCallsSince(ask: SlowCallsAsk): SlowCallsFound {
    this.advance(this.now());
    return this.slowCallStore.slowest(ask);
  }

  /** The dependency rollup's figures: calls recorded, folded, unjoined and unattributed, rows, limits. */
  get dependencies(): DependencyFigures {
    return this.dependencyStore;
  }

  /** Calls of one statement in one request that flag it as N+1. */
  get nPlusOneCalls(): number {
    return this.dependencyStore.nPlusOneCalls;
  }

  /**
   * Records one finished outgoing call (a CLIENT or PRODUCER span, see
   * `spanToCall`): under its dependency and operation at once, and, when a
   * SERVER span of its trace ends later, under that request's endpoint.
   * Returns false, and counts the drop, when it is older than the retention.
   */
  recordCall(call: CallRecord): boolean {
    const nowMs = this.now();
    const current =
      nowMs >= this.current && nowMs < this.currentEnd ? this.current : this.advance(nowMs);
    const ts = call.timestampMs;
    const start = ts >= current ? current : this.bucketStartOf(ts);
    if (start < this.oldest) {
      this.tooOld++;
      return false;
    }
    const row = this.dependencyStore.recordCall(
      call,
      call.service ?? this.localService,
      call.instance ?? this.localInstance,
      start,
      nowMs,
    );
    this.slowCallStore.record(call, row);
    return true;
  }

  /**
   * Adds the dependency rows of every bucket from `sinceMs` (a window's
   * start) on into the targets `targetOf` names per row; returns the
   * window's calls lost to the join and the limits.
   */
  callsSince(sinceMs: number, targetOf: (row: CallRow) => CallTarget | undefined): CallLosses {
    const current = this.advance(this.now());
    return this.dependencyStore.scan(sinceMs, current, targetOf);
  }

  /** The recent errors, read only: newest first from `newest`, oldest first from `entries`. */
  get errors(): RecentErrors {
    return this.recentErrors;
  }

  /** The exemplars' figures: held, dropped, the limit. */
  get exemplars(): ExemplarFigures {
    return this.exemplarStore;
  }

  /** The error groups' figures: live groups, the limit, errors over it. */
  get errorGroups(): ErrorGroupFigures {
    return this.errorGroupStore;
  }

  /** The saturation history's figures: instances, the limit, samples dropped. */
  get saturation(): SaturationFigures {
    return this.saturationHistory;
  }

  /** Requests recorded since start, including those already evicted. */
  get totalRecorded(): number {
    return this.recorded;
  }

  /**
   * True when the last {@link record} kept its request as an exemplar
   * candidate (the first of its latency bin in its endpoint's minute), or
   * entered a minute's slowest list: the trace ring holds such a trace even
   * when it holds few others, so the exemplars link to a trace.
   */
  get lastRecordWasExemplarCandidate(): boolean {
    return this.candidate;
  }

  /** Records that arrived older than the retention and were dropped (counted, not silent). */
  get droppedTooOld(): number {
    return this.tooOld;
  }

  /**
   * Records one finished request. Returns false, and counts the drop, when the
   * record is older than the retention. A timestamp slightly in the future
   * (clock skew between the span clock and the store clock) counts in the
   * current bucket.
   */
  record(rec: RequestRecord): boolean {
    // Timestamps are doubles, and `%` on doubles is slow: within the current
    // minute (nearly every record) no bucket arithmetic is needed.
    const nowMs = this.now();
    const current =
      nowMs >= this.current && nowMs < this.currentEnd ? this.current : this.advance(nowMs);
    const ts = rec.timestampMs;
    const start = ts >= current ? current : this.bucketStartOf(ts);
    if (start < this.oldest) {
      this.tooOld++;
      this.candidate = false;
      return false;
    }
    const isError = rec.statusCode >= 400;
    // As given (empty when untyped): naming an untyped error is the queries' business.
    const errorType = isError ? (rec.errorType ?? '') : '';
    const source = this.sourceOf(rec.service, rec.instance);
    const series = this.series.resolve(source, rec.endpoint, rec.method, rec.statusCode, errorType);
    if (series.lastBucketStart < start) series.lastBucketStart = start;
    source.recorded++;
    if (ts > source.lastSeenMs) source.lastSeenMs = ts;
    // Against the newest minute seen, not the clock's: after a clock step back,
    // a record in an older minute takes the late path into every closed tier.
    const rollup = this.tiers.record(start, this.current, series, rec.durationMs);
    // A request in a top list is as worth a trace as an exemplar candidate.
    const slow = this.slowestStore.record(series, rec);
    this.candidate = this.exemplarStore.record(series, rec, rollup) || slow;
    this.recorded++;
    this.dependencyStore.requestEnded(
      source.service,
      source.instance,
      series.endpoint,
      rec.traceId ?? '',
      rec.spanId ?? '',
      ts - rec.durationMs,
      start,
    );
    if (isError) {
      // Only errors carry free text; a URL in it loses its secrets before it is held.
      const message = redactText(rec.errorMessage ?? '', this.redactQuery);
      this.errorGroupStore.record(
        source,
        series.endpoint,
        errorGroupType(errorType, rec.statusCode),
        message,
        rec.statusCode,
        rec.traceId ?? '',
        ts,
        start,
        this.current,
      );
      this.recentErrors.push({
        timestampMs: rec.timestampMs,
        service: source.service,
        instance: source.instance,
        endpoint: series.endpoint,
        method: rec.method,
        errorType,
        message,
        statusCode: rec.statusCode,
        traceId: rec.traceId ?? '',
        ...(rec.spanId === undefined || rec.spanId === '' ? undefined : { spanId: rec.spanId }),
      });
    }
    return true;
  }

  /** Drops every bucket, series, error and counter, as if newly created: a failed restore leaves no half state. */
  private reset(): void {
    this.tiers.clear(this.now());
    this.clearIdentities();
    this.recentErrors.clear();
    this.exemplarStore.clear();
    this.slowestStore.clear();
    this.errorGroupStore.clear();
    this.saturationHistory.clear();
    this.dependencyStore.clear();
    this.slowCallStore.clear();
    this.current = Number.NEGATIVE_INFINITY;
    this.currentEnd = Number.NEGATIVE_INFINITY;
    this.oldest = Number.NEGATIVE_INFINITY;
    this.recorded = 0;
    this.tooOld = 0;
  }

  /** The whole store as plain data, for {@link restore} after a restart. */
  toSnapshot(): StoreSnapshot {
    this.advance(this.now());
    return writeStoreSnapshot(this.parts(), {
      recorded: this.recorded,
      droppedTooOld: this.tooOld,
    });
  }

  /**
   * Loads a snapshot into this store, which must be empty (just created).
   * Buckets and errors past the retention are dropped. Data of a version 1
   * snapshot, which had no sources, is restored into the local identity.
   * Throws RangeError when the snapshot cannot be used (another bucket
   * width, damaged arrays); the store is then left empty.
   */
  restore(snapshot: StoreSnapshot): { kept: number; dropped: number } {
    if (this.recorded > 0) throw new RangeError('restore needs an empty store');
    if (snapshot.bucketMs !== this.bucketMs) {
      throw new RangeError(
        `snapshot buckets are ${snapshot.bucketMs} ms, this store's ${this.bucketMs} ms`,
      );
    }
    try {
      const restored = restoreStoreSnapshot(this.parts(), snapshot, this.bucketStartOf(this.now()));
      this.recorded = snapshot.recorded;
      this.tooOld = snapshot.droppedTooOld;
      this.forgetOlderThan(restored.oldest);
      return { kept: restored.kept, dropped: restored.dropped };
    } catch (err) {
      this.reset();
      throw err instanceof RangeError
        ? err
        : new RangeError(`snapshot cannot be restored: ${String(err)}`);
    }
  }

  /** The parts snapshot and restore read and fill. */
  private parts(): StoreParts {
    return {
      bucketMs: this.bucketMs,
      retentionMs: this.retentionMs,
      localService: this.localService,
      localInstance: this.localInstance,
      redactQuery: this.redactQuery,
      tiers: this.tiers,
      series: this.series,
      sources: this.sourceRegistry,
      errors: this.recentErrors,
      exemplars: this.exemplarStore,
      slowest: this.slowestStore,
      errorGroups: this.errorGroupStore,
      saturation: this.saturationHistory,
      dependencies: this.dependencyStore,
      slowCalls: this.slowCallStore,
      nowMs: this.now(),
    };
  }

  /**
   * The buckets overlapping the last `periodMs`, oldest first. The window is
   * aligned down to a bucket boundary and clamped to the retention, so a
   * `1h` window spans the current partial minute and the 60 before it. A
   * window reaching past the fine span (a day) starts on an hour boundary.
   */
  window(periodMs: number): WindowView {
    const nowMs = this.now();
    return this.tiers.window(nowMs, this.advance(nowMs), periodMs);
  }

  /**
   * The buckets of `[fromMs, toMs)`, oldest first: a window that ends before
   * now, such as the period before the last one. Both ends align down to a
   * bucket (to an hour past the fine span), and the start is clamped to the
   * retention: `sinceMs` later than `fromMs` means only part of it is kept.
   */
  windowBetween(fromMs: number, toMs: number): WindowView {
    const nowMs = this.now();
    return this.tiers.window(nowMs, this.advance(nowMs), nowMs - fromMs, toMs);
  }

  /** Start of the bucket holding `ms`. */
  bucketStartOf(ms: number): number {
    return floorTo(ms, this.bucketMs);
  }

  /**
   * Moves the store's notion of now to the fine bucket of `nowMs` (never
   * backwards: `current` is the newest minute seen). Once a minute: packs
   * buckets that are no longer current, rolls finished quarters, hours and
   * days up, and forgets series no retained bucket holds. Returns the fine
   * bucket of `nowMs`, so windows follow the clock.
   */
  private advance(nowMs: number): number {
    const current = this.bucketStartOf(nowMs);
    // Same minute, or a clock that stepped back (NTP): nothing to roll up.
    if (current <= this.current) return current;
    this.current = current;
    this.currentEnd = current + this.bucketMs;
    this.oldest = this.tiers.oldestRetained(current);
    this.tiers.advance(current);
    this.exemplarStore.advance(current);
    this.slowestStore.advance(current, this.oldest);
    this.errorGroupStore.advance(current, this.oldest);
    this.saturationHistory.advance(current, this.oldest);
    this.dependencyStore.advance(current, this.oldest, nowMs);
    this.slowCallStore.advance(current, this.oldest);
    this.forgetOlderThan(this.oldest);
    return current;
  }

  /**
   * Adds a saturation sample of an instance (the local identity's when not
   * named), taken now by the store's clock, to its minute of history.
   */
  recordSaturation(sample: SaturationSample, service?: string, instance?: string): void {
    const nowMs = this.now();
    const current = this.advance(nowMs);
    this.saturationHistory.record(
      service ?? this.localService,
      instance ?? this.localInstance,
      sample,
      nowMs,
      Math.max(current, this.current),
    );
  }

  /** Every exemplar held that finished at or after `sinceMs`, of the endpoint rows `accept` passes. */
  exemplarsSince(sinceMs: number, accept: (key: EndpointKey) => boolean): Exemplar[] {
    // Up to the clock's minute, as windows are (after a clock step back, newer data
    // waits); so are the other drill-down reads below.
    const current = this.advance(this.now());
    return this.exemplarStore.collect(sinceMs, current, accept);
  }

  /** Visits, without materializing them, the exemplars {@link exemplarsSince} would return, in its order. */
  scanExemplarsSince(
    sinceMs: number,
    accept: (key: EndpointKey) => boolean,
    visit: HeldVisitor,
  ): void {
    const current = this.advance(this.now());
    this.exemplarStore.scan(sinceMs, current, accept, visit);
  }

  /** Runs a nearest-duration search over the exemplars {@link exemplarsSince} would return. */
  nearestExemplarsSince(sinceMs: number, search: NearestSearch): void {
    const current = this.advance(this.now());
    this.exemplarStore.nearest(sinceMs, current, search);
  }

  /** The exact slowest requests of a window (see {@link SlowestStore.slowest}). */
  slowestSince(ask: SlowestAsk): SlowestFound {
    this.advance(this.now());
    return this.slowestStore.slowest(ask);
  }

  /** Each error group's exact counts from `sinceMs` (a window's start) on, of the groups `accept` passes. */
  errorGroupsSince(sinceMs: number, accept: (group: ErrorGroup) => boolean): GroupCount[] {
    const current = this.advance(this.now());
    return this.errorGroupStore.counts(sinceMs, current, accept);
  }

  /** The saturation buckets from `sinceMs` on, oldest first. */
  saturationSince(sinceMs: number): ReturnType<SaturationHistory['buckets']> {
    const current = this.advance(this.now());
    return this.saturationHistory.buckets(sinceMs, current);
  }
}
