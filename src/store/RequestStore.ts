import { DEFAULT_REDACT_QUERY, type RedactQueryMode } from '../privacy/RedactionSettings.js';
import { redactText } from '../privacy/redactText.js';
import { BucketTiers, type WindowView } from './BucketTiers.js';
import type { EndpointKey } from './EndpointKey.js';
import { ErrorRing } from './ErrorRing.js';
import type { ErrorGroup } from './errorGroups/ErrorGroup.js';
import type { GroupCount } from './errorGroups/ErrorGroupStore.js';
import { ErrorGroupStore } from './errorGroups/ErrorGroupStore.js';
import { errorGroupType } from './errorGroups/errorGroupType.js';
import type { Exemplar } from './exemplars/Exemplar.js';
import { ExemplarStore, type HeldVisitor } from './exemplars/ExemplarStore.js';
import type { BinCounts } from './exemplars/exemplarSelection.js';
import type { NearestSearch } from './exemplars/NearestSearch.js';
import { FrozenBucket } from './FrozenBucket.js';
import { floorTo } from './floorTo.js';
import type { RequestRecord } from './RequestRecord.js';
import type { Series } from './Series.js';
import { OVERFLOW_ENDPOINT, SeriesRegistry } from './SeriesRegistry.js';
import type { ServiceStats } from './ServiceStats.js';
import { OVERFLOW_SOURCE_NAME, type Source } from './Source.js';
import { type ServiceEntry, type SourceEntry, SourceRegistry } from './SourceRegistry.js';
import type { SeriesKey, SourceKey, StoreSnapshot } from './StoreSnapshot.js';
import { SaturationHistory } from './saturation/SaturationHistory.js';
import type { SaturationSample } from './saturation/SaturationSample.js';
import { DEFAULT_DIMENSION_LIMITS, type DimensionLimits, isWholeFold } from './seriesFolding.js';
import { SketchAccumulator } from './sketch/SketchAccumulator.js';

export {
  FINE_SPAN_MS,
  HOUR_BUCKET_MS,
  QUARTER_BUCKET_MS,
  type WindowView,
} from './BucketTiers.js';
export { SKETCH_RELATIVE_ACCURACY } from './sketch/sketchBins.js';
export type { ServiceStats };

/** How long data is kept unless configured: 24 hours. */
export const DEFAULT_RETENTION_MS = 24 * 3_600_000;
/** Width of one fine bucket: one minute. */
export const DEFAULT_BUCKET_MS = 60_000;
/** Most series of one service kept apart before new ones fold into its overflow endpoint. */
export const DEFAULT_SERIES_LIMIT = 1_000;
/** Most services kept apart before new ones fold into the overflow service. */
export const DEFAULT_SERVICE_LIMIT = 32;
/** Most instances of one service kept apart before new ones fold into its overflow instance. */
export const DEFAULT_INSTANCE_LIMIT = 256;
/** Service of records that name none, unless configured: OTel's own default name. */
export const DEFAULT_LOCAL_SERVICE = 'unknown_service';
/** Instance of records that name none, unless configured. */
export const DEFAULT_LOCAL_INSTANCE = 'local';
/** How many errors the recent-error ring keeps. */
export const DEFAULT_RECENT_ERROR_LIMIT = 100;

/** Options of a {@link RequestStore}; every one has a default. */
export interface RequestStoreOptions {
  /** Data older than this is evicted. */
  retentionMs?: number;
  /** Fine bucket width; retention must be a whole number of buckets. */
  bucketMs?: number;
  /** Series limit of each service; see {@link SeriesRegistry}. */
  seriesLimit?: number;
  /** Most services kept apart; see {@link SourceRegistry}. */
  serviceLimit?: number;
  /** Most instances of one service kept apart; see {@link SourceRegistry}. */
  instanceLimit?: number;
  /** Distinct methods, statuses and error types kept apart per endpoint; see {@link SeriesRegistry}. */
  dimensionLimits?: Partial<DimensionLimits>;
  /**
   * The local identity: the service of records without `service`, and of an
   * old snapshot's data (version 1 had no sources).
   */
  service?: string;
  /** The local identity's instance: of records without `instance`, and of an old snapshot's data. */
  instance?: string;
  /** Capacity of the recent-error ring. */
  recentErrorLimit?: number;
  /** Most exemplars held in all; see {@link ExemplarStore}. */
  exemplarLimit?: number;
  /** Most error groups kept apart; see {@link ErrorGroupStore}. */
  errorGroupLimit?: number;
  /** Most instances with a saturation history; see {@link SaturationHistory}. */
  saturationInstanceLimit?: number;
  /** Clock in epoch milliseconds; injected so tests can cover a day in milliseconds. */
  now?: () => number;
  /** How URLs in error messages are masked before they are held (see `redactText`); `sensitive` by default. */
  redactQuery?: RedactQueryMode;
}

/**
 * The pure core: requests rolled up per minute, for a bounded retention, with
 * an exact count per series (service × instance × endpoint × method × status
 * × error type) and a latency sketch per service × instance × endpoint.
 * Memory grows with series × buckets, never with the request rate; series
 * are capped per service, and services and instances are capped too. The buckets live in {@link BucketTiers} (minutes,
 * quarter-hours, hours), so queries merge few buckets; the recent errors in
 * an {@link ErrorRing}. No timer: buckets are packed, rolled up and evicted
 * on record or on query.
 */
export class RequestStore {
  /** Retention in milliseconds. */
  readonly retentionMs: number;
  /** Fine bucket width in milliseconds. */
  readonly bucketMs: number;
  /** When the store was created, by its clock. */
  readonly startedAtMs: number;
  /** Recent errors, newest last. */
  readonly errors: ErrorRing;
  /** The local identity's service. */
  readonly localService: string;
  /** The local identity's instance. */
  readonly localInstance: string;
  /** Exemplars (real requests) per endpoint and minute, then hour: read through {@link exemplarsSince}. */
  readonly exemplars: ExemplarStore;
  /** Error fingerprints with exact counts: read through {@link errorGroupsSince}. */
  readonly errorGroups: ErrorGroupStore;
  /** Saturation per instance and minute, then hour: fed by {@link recordSaturation}. */
  readonly saturation: SaturationHistory;
  private readonly now: () => number;
  private readonly redactQuery: RedactQueryMode;
  private readonly series: SeriesRegistry;
  private readonly sourceRegistry: SourceRegistry;
  /** The last source resolved, and the names it was resolved from: most records repeat them. */
  private lastSource: SourceEntry | undefined;
  private lastService: string | undefined;
  private lastInstance: string | undefined;
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
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
    if (!Number.isInteger(this.bucketMs) || this.bucketMs <= 0) {
      throw new RangeError(`bucketMs must be a positive integer, got: ${this.bucketMs}`);
    }
    if (this.retentionMs < this.bucketMs || this.retentionMs % this.bucketMs !== 0) {
      throw new RangeError(
        `retentionMs must be a whole number of buckets (${this.bucketMs} ms), got: ${this.retentionMs}`,
      );
    }
    const seriesLimit = options.seriesLimit ?? DEFAULT_SERIES_LIMIT;
    if (!Number.isInteger(seriesLimit) || seriesLimit < 1) {
      throw new RangeError(`seriesLimit must be a positive integer, got: ${seriesLimit}`);
    }
    const serviceLimit = options.serviceLimit ?? DEFAULT_SERVICE_LIMIT;
    const instanceLimit = options.instanceLimit ?? DEFAULT_INSTANCE_LIMIT;
    for (const [name, value] of [
      ['serviceLimit', serviceLimit],
      ['instanceLimit', instanceLimit],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer, got: ${value}`);
      }
    }
    this.localService = options.service ?? DEFAULT_LOCAL_SERVICE;
    this.localInstance = options.instance ?? DEFAULT_LOCAL_INSTANCE;
    this.now = options.now ?? Date.now;
    this.redactQuery = options.redactQuery ?? DEFAULT_REDACT_QUERY;
    this.startedAtMs = this.now();
    const dimensions = { ...DEFAULT_DIMENSION_LIMITS, ...options.dimensionLimits };
    for (const [name, value] of Object.entries(dimensions)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`dimensionLimits.${name} must be a positive integer, got: ${value}`);
      }
    }
    this.series = new SeriesRegistry(seriesLimit, Object.freeze(dimensions));
    this.sourceRegistry = new SourceRegistry(serviceLimit, instanceLimit);
    this.errors = new ErrorRing(options.recentErrorLimit ?? DEFAULT_RECENT_ERROR_LIMIT);
    this.tiers = new BucketTiers(this.bucketMs, this.retentionMs, this.startedAtMs);
    this.exemplars = new ExemplarStore(
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
    this.errorGroups = new ErrorGroupStore(
      this.bucketMs,
      this.retentionMs,
      options.errorGroupLimit,
    );
    this.saturation = new SaturationHistory(
      this.bucketMs,
      this.retentionMs,
      options.saturationInstanceLimit,
    );
  }

  /** Requests recorded since start, including those already evicted. */
  get totalRecorded(): number {
    return this.recorded;
  }

  /**
   * True when the last {@link record} kept its request as an exemplar
   * candidate (the first of its latency bin in its endpoint's minute, or
   * one of the minute's slowest): the trace ring holds such a trace even
   * when it holds few others, so the exemplars link to a trace.
   */
  get lastRecordWasExemplarCandidate(): boolean {
    return this.candidate;
  }

  /** Records that arrived older than the retention and were dropped (counted, not silent). */
  get droppedTooOld(): number {
    return this.tooOld;
  }

  /** Live series of every service, the overflow ones included. */
  get seriesCount(): number {
    return this.series.size;
  }

  /** The series limit of each service. */
  get seriesLimit(): number {
    return this.series.limit;
  }

  /** Requests that were recorded under the overflow endpoint because of the series limit. */
  get overflowedRequests(): number {
    return this.series.overflowedRequests;
  }

  /** Requests recorded with their method folded into `_OTHER` by the per-endpoint limit. */
  get foldedMethodRequests(): number {
    return this.series.foldedMethodRequests;
  }

  /** Requests recorded with their status folded into its class's `x99` by the per-endpoint limit. */
  get foldedStatusRequests(): number {
    return this.series.foldedStatusRequests;
  }

  /** Requests recorded with their error type folded into `_OTHER` by the per-endpoint limit. */
  get foldedErrorTypeRequests(): number {
    return this.series.foldedErrorTypeRequests;
  }

  /** The per-endpoint limits of methods, statuses and error types. */
  get dimensionLimits(): DimensionLimits {
    return this.series.dimensions;
  }

  /** The service limit. */
  get serviceLimit(): number {
    return this.sourceRegistry.serviceLimit;
  }

  /** The instance limit of each service. */
  get instanceLimit(): number {
    return this.sourceRegistry.instanceLimit;
  }

  /** Live services, the overflow one included. */
  get serviceCount(): number {
    return this.sourceRegistry.serviceCount;
  }

  /** Live sources (service × instance), the overflow ones included. */
  get sourceCount(): number {
    return this.sourceRegistry.size;
  }

  /** Requests that were recorded under the overflow service because of the service limit. */
  get overflowedServiceRequests(): number {
    return this.sourceRegistry.overflowedServiceRequests;
  }

  /** Requests that were recorded under an overflow instance because of the instance limit. */
  get overflowedInstanceRequests(): number {
    return this.sourceRegistry.overflowedInstanceRequests;
  }

  /** Every live source, grouped by service, in first-seen order. */
  sources(): Source[] {
    return [...this.sourceRegistry.sources()];
  }

  /** Each live service's series and folds, for the overview. */
  services(): ServiceStats[] {
    return [...this.sourceRegistry.serviceEntries()].map((s: ServiceEntry) => ({
      service: s.name,
      instances: s.instances.size,
      series: s.liveSeries,
      overflowedRequests: s.overflowedRequests,
      overflowedInstanceRequests: s.overflowedInstanceRequests,
    }));
  }

  /** True for the local identity (the process this store lives in, by its options). */
  isLocal(source: Pick<Source, 'service' | 'instance'>): boolean {
    return source.service === this.localService && source.instance === this.localInstance;
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
    const source =
      rec.service === this.lastService &&
      rec.instance === this.lastInstance &&
      this.lastSource !== undefined
        ? this.lastSource
        : this.resolveSource(rec.service, rec.instance);
    const series = this.series.resolve(source, rec.endpoint, rec.method, rec.statusCode, errorType);
    if (series.lastBucketStart < start) series.lastBucketStart = start;
    source.recorded++;
    if (ts > source.lastSeenMs) source.lastSeenMs = ts;
    // Against the newest minute seen, not the clock's: after a clock step back,
    // a record in an older minute takes the late path into every closed tier.
    const rollup = this.tiers.record(start, this.current, series, rec.durationMs);
    this.candidate = this.exemplars.record(series, rec, rollup);
    this.recorded++;
    if (isError) {
      // Only errors carry free text; a URL in it loses its secrets before it is held.
      const message = redactText(rec.errorMessage ?? '', this.redactQuery);
      this.errorGroups.record(
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
      this.errors.push({
        timestampMs: rec.timestampMs,
        service: source.service,
        instance: source.instance,
        endpoint: series.endpoint,
        method: rec.method,
        errorType,
        message,
        statusCode: rec.statusCode,
        traceId: rec.traceId ?? '',
      });
    }
    return true;
  }

  /**
   * The source of a record's names (the local identity's where absent). A
   * folded record is not cached, so each one is counted.
   */
  private resolveSource(service: string | undefined, instance: string | undefined): SourceEntry {
    const source = this.sourceRegistry.resolve(
      service ?? this.localService,
      instance ?? this.localInstance,
    );
    const folded =
      source.service !== (service ?? this.localService) ||
      source.instance !== (instance ?? this.localInstance);
    this.lastSource = folded ? undefined : source;
    this.lastService = service;
    this.lastInstance = instance;
    return source;
  }

  /** Forgets series no bucket from `oldest` on holds, then sources left without series. */
  private forgetOlderThan(oldest: number): void {
    this.series.forgetOlderThan(oldest, this.sourceRegistry.sources());
    this.sourceRegistry.forgetEmpty();
    this.lastSource = undefined;
  }

  /** Drops every bucket, series, error and counter, as if newly created: a failed restore leaves no half state. */
  private reset(): void {
    this.tiers.clear(this.now());
    this.series.clear();
    this.sourceRegistry.clear();
    this.lastSource = undefined;
    this.errors.clear();
    this.exemplars.clear();
    this.errorGroups.clear();
    this.saturation.clear();
    this.current = Number.NEGATIVE_INFINITY;
    this.currentEnd = Number.NEGATIVE_INFINITY;
    this.oldest = Number.NEGATIVE_INFINITY;
    this.recorded = 0;
    this.tooOld = 0;
  }

  /** The whole store as plain data, for {@link restore} after a restart. */
  toSnapshot(): StoreSnapshot {
    this.advance(this.now());
    const sourceIds = new Map<Source, number>();
    const sources: SourceKey[] = [];
    const sourceIdOf = (s: Source): number => {
      let id = sourceIds.get(s);
      if (id === undefined) {
        id = sources.length;
        sourceIds.set(s, id);
        sources.push({
          service: s.service,
          instance: s.instance,
          recorded: s.recorded,
          // JSON has no -Infinity: a source restored without a request yet says 0.
          lastSeenMs: Math.max(s.lastSeenMs, 0),
        });
      }
      return id;
    };
    const ids = new Map<Series, number>();
    const series: SeriesKey[] = [];
    const idOf = (s: Series): number => {
      let id = ids.get(s);
      if (id === undefined) {
        id = series.length;
        ids.set(s, id);
        series.push([s.endpoint, s.method, s.statusCode, s.errorType, sourceIdOf(s.source)]);
      }
      return id;
    };
    const tiers = this.tiers.snapshot().map((tier) => ({
      widthMs: tier.widthMs,
      closedBefore: tier.closedBefore,
      buckets: tier.buckets.map((b) => b.toData(idOf, sourceIdOf)),
    }));
    return {
      bucketMs: this.bucketMs,
      retentionMs: this.retentionMs,
      recorded: this.recorded,
      droppedTooOld: this.tooOld,
      overflowedRequests: this.series.overflowedRequests,
      foldedMethodRequests: this.series.foldedMethodRequests,
      foldedStatusRequests: this.series.foldedStatusRequests,
      foldedErrorTypeRequests: this.series.foldedErrorTypeRequests,
      overflowedServiceRequests: this.sourceRegistry.overflowedServiceRequests,
      overflowedInstanceRequests: this.sourceRegistry.overflowedInstanceRequests,
      sources,
      series,
      tiers,
      errors: this.errors.entries(),
      exemplars: this.exemplars.toData(sourceIdOf),
      errorGroups: this.errorGroups.toData(sourceIdOf),
      saturation: this.saturation.toData(),
    };
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
      const nowMs = this.now();
      const current = this.bucketStartOf(nowMs);
      // Regular sources and series first: the overflow ones do not count against the
      // limits then, as they did not when they were made, so nothing folds on restore.
      const saved = snapshot.sources ?? [];
      const sourceOrder = saved
        .map((key, id) => ({ key, id }))
        .sort((a, b) => overflowRank(a.key) - overflowRank(b.key));
      const sources: SourceEntry[] = new Array(saved.length);
      for (const { key, id } of sourceOrder) {
        const source = this.sourceRegistry.resolve(key.service, key.instance);
        source.recorded += key.recorded;
        if (key.lastSeenMs > source.lastSeenMs) source.lastSeenMs = key.lastSeenMs;
        sources[id] = source;
      }
      let local: SourceEntry | undefined;
      const sourceOf = (id: number | undefined): SourceEntry => {
        if (id !== undefined) return sources[id] as SourceEntry;
        local ??= this.sourceRegistry.resolve(this.localService, this.localInstance);
        return local;
      };
      const series: Series[] = new Array(snapshot.series.length);
      const order = snapshot.series
        .map((key, id) => ({ key, id }))
        .sort((a, b) => seriesRank(a.key) - seriesRank(b.key));
      for (const { key, id } of order) {
        const [endpoint, method, statusCode, errorType, sourceId] = key;
        series[id] = this.series.resolve(
          sourceOf(sourceId),
          endpoint,
          method,
          statusCode,
          errorType,
        );
      }
      const tiers = snapshot.tiers.map((tier) => ({
        widthMs: tier.widthMs,
        closedBefore: tier.closedBefore,
        buckets: tier.buckets.map((data) => {
          const keys: EndpointKey[] = data.endpoints.map((endpoint, row) =>
            this.series.keyOf(sourceOf(data.endpointSources?.[row]), endpoint),
          );
          const bucket = FrozenBucket.fromData(
            data,
            data.series.map((id) => series[id] as Series),
            keys,
          );
          for (const s of bucket.series) {
            if (s.lastBucketStart < bucket.start) s.lastBucketStart = bucket.start;
          }
          // Decode every sketch row now, so a damaged one fails here, not in a query.
          const probe = new SketchAccumulator();
          bucket.mergeTotalInto(probe);
          for (let row = 0; row < bucket.endpoints.length; row++) {
            bucket.mergeEndpointInto(row, probe);
          }
          return bucket;
        }),
      }));
      const result = this.tiers.restore(tiers, current);
      const oldest = this.tiers.oldestRetained(current);
      // Version 3 parts; older snapshots have none.
      if (snapshot.exemplars !== undefined) {
        this.exemplars.restore(
          snapshot.exemplars,
          (id, endpoint) => this.series.keyOf(sourceOf(id), endpoint),
          current,
        );
      }
      if (snapshot.errorGroups !== undefined) {
        this.errorGroups.restore(snapshot.errorGroups, sourceOf, current, oldest);
      }
      if (snapshot.saturation !== undefined) {
        this.saturation.restore(snapshot.saturation, current, oldest);
      }
      for (const entry of snapshot.errors) {
        if (entry.timestampMs < oldest) continue;
        // Version 1 entries name no source: the local identity's.
        this.errors.push({
          ...entry,
          // A snapshot written before redaction (or with it off) may hold raw URLs.
          message: redactText(entry.message, this.redactQuery),
          service: entry.service ?? this.localService,
          instance: entry.instance ?? this.localInstance,
        });
      }
      this.recorded = snapshot.recorded;
      this.tooOld = snapshot.droppedTooOld;
      this.series.overflowedRequests = snapshot.overflowedRequests;
      this.series.foldedMethodRequests = snapshot.foldedMethodRequests ?? 0;
      this.series.foldedStatusRequests = snapshot.foldedStatusRequests ?? 0;
      this.series.foldedErrorTypeRequests = snapshot.foldedErrorTypeRequests ?? 0;
      this.sourceRegistry.overflowedServiceRequests = snapshot.overflowedServiceRequests ?? 0;
      this.sourceRegistry.overflowedInstanceRequests = snapshot.overflowedInstanceRequests ?? 0;
      if (local !== undefined && snapshot.sources === undefined) {
        // Version 1 kept no per-source figures: all it recorded was the local process's.
        local.recorded += snapshot.recorded;
      }
      for (const s of series) {
        const source = s.source as SourceEntry;
        if (s.lastBucketStart > source.lastSeenMs) source.lastSeenMs = s.lastBucketStart;
      }
      this.forgetOlderThan(oldest);
      return result;
    } catch (err) {
      this.reset();
      throw err instanceof RangeError
        ? err
        : new RangeError(`snapshot cannot be restored: ${String(err)}`);
    }
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
    this.exemplars.advance(current);
    this.errorGroups.advance(current, this.oldest);
    this.saturation.advance(current, this.oldest);
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
    this.saturation.record(
      service ?? this.localService,
      instance ?? this.localInstance,
      sample,
      nowMs,
      Math.max(current, this.current),
    );
  }

  /** Every exemplar held that finished at or after `sinceMs`, of the endpoint rows `accept` passes. */
  exemplarsSince(sinceMs: number, accept: (key: EndpointKey) => boolean): Exemplar[] {
    // Up to the clock's minute, as windows are (after a clock step back, newer data waits).
    const current = this.advance(this.now());
    return this.exemplars.collect(sinceMs, current, accept);
  }

  /** Visits, without materializing them, the exemplars {@link exemplarsSince} would return, in its order. */
  scanExemplarsSince(
    sinceMs: number,
    accept: (key: EndpointKey) => boolean,
    visit: HeldVisitor,
  ): void {
    // Up to the clock's minute, as windows are (after a clock step back, newer data waits).
    const current = this.advance(this.now());
    this.exemplars.scan(sinceMs, current, accept, visit);
  }

  /** Runs a nearest-duration search over the exemplars {@link exemplarsSince} would return. */
  nearestExemplarsSince(sinceMs: number, search: NearestSearch): void {
    // Up to the clock's minute, as windows are (after a clock step back, newer data waits).
    const current = this.advance(this.now());
    this.exemplars.nearest(sinceMs, current, search);
  }

  /** Each error group's exact counts from `sinceMs` (a window's start) on, of the groups `accept` passes. */
  errorGroupsSince(sinceMs: number, accept: (group: ErrorGroup) => boolean): GroupCount[] {
    // Up to the clock's minute, as windows are (after a clock step back, newer data waits).
    const current = this.advance(this.now());
    return this.errorGroups.counts(sinceMs, current, accept);
  }

  /** The saturation buckets from `sinceMs` on, oldest first. */
  saturationSince(sinceMs: number): ReturnType<SaturationHistory['buckets']> {
    // Up to the clock's minute, as windows are (after a clock step back, newer data waits).
    const current = this.advance(this.now());
    return this.saturation.buckets(sinceMs, current);
  }
}

/**
 * Restore order of a series: regular endpoints first, then the overflow
 * endpoint's, whole folds last, so each is restored under the limits as
 * it was made and nothing folds again.
 */
function seriesRank(key: SeriesKey): number {
  const [endpoint, method, statusCode, errorType] = key;
  return (
    2 * Number(endpoint === OVERFLOW_ENDPOINT) + Number(isWholeFold(method, statusCode, errorType))
  );
}

/** 0 for a regular source, 1 for an overflow one: restored last. */
function overflowRank(key: SourceKey): number {
  return Number(key.service === OVERFLOW_SOURCE_NAME || key.instance === OVERFLOW_SOURCE_NAME);
}
