import type { RedactQueryMode } from '../privacy/RedactionSettings.js';
import { redactText } from '../privacy/redactText.js';
import { DependencyStore } from './dependencies/DependencyStore.js';
import { SlowCalls } from './dependencies/SlowCalls.js';
import type { EndpointKey } from './EndpointKey.js';
import { ErrorRing } from './ErrorRing.js';
import { ErrorGroupStore } from './errorGroups/ErrorGroupStore.js';
import { errorGroupType } from './errorGroups/errorGroupType.js';
import { ExemplarStore } from './exemplars/ExemplarStore.js';
import type { BinCounts } from './exemplars/exemplarSelection.js';
import type { RequestRecord } from './RequestRecord.js';
import { DEFAULT_RECENT_ERROR_LIMIT, type RequestStoreOptions } from './RequestStoreOptions.js';
import type { Series } from './Series.js';
import type { SourceEntry } from './SourceRegistry.js';
import { SaturationHistory } from './saturation/SaturationHistory.js';
import { SlowestStore } from './slowest/SlowestStore.js';

/** The latency bins of one endpoint's live minute, as the tiers hand them to the exemplars. */
type LiveBins = Parameters<ExemplarStore['record']>[2];

/**
 * The store's drill-down parts beside its buckets: recent errors, exemplars,
 * the exact slowest requests, error groups, saturation history, outgoing
 * calls and their slowest. `RequestStore` owns one, moves it with its clock
 * and reads it; the field names are the snapshot's part names.
 */
export class StoreDrillDown {
  /** Recent errors, newest last. */
  readonly errors: ErrorRing;
  /** Exemplars (real requests) per endpoint and minute, then hour. */
  readonly exemplars: ExemplarStore;
  /** The exact slowest requests per endpoint and source. */
  readonly slowest: SlowestStore;
  /** Error fingerprints with exact counts. */
  readonly errorGroups: ErrorGroupStore;
  /** Saturation per instance and minute, then hour. */
  readonly saturation: SaturationHistory;
  /** Outgoing calls per dependency, endpoint and N+1 finding. */
  readonly dependencies: DependencyStore;
  /** The exact slowest calls per dependency and operation. */
  readonly slowCalls: SlowCalls;

  constructor(
    options: RequestStoreOptions,
    bucketMs: number,
    retentionMs: number,
    /** Each endpoint's latency bins over `[fromMs, toMs)`: the exemplars' selection reads them. */
    endpointBins: (fromMs: number, toMs: number) => Map<EndpointKey, BinCounts>,
    private readonly redactQuery: RedactQueryMode,
  ) {
    this.errors = new ErrorRing(options.recentErrorLimit ?? DEFAULT_RECENT_ERROR_LIMIT);
    this.slowest = new SlowestStore(bucketMs);
    this.exemplars = new ExemplarStore(bucketMs, retentionMs, endpointBins, options.exemplarLimit);
    this.errorGroups = new ErrorGroupStore(bucketMs, retentionMs, options.errorGroupLimit);
    this.saturation = new SaturationHistory(bucketMs, retentionMs, options.saturationInstanceLimit);
    this.dependencies = new DependencyStore(bucketMs, retentionMs, options.dependencies);
    this.slowCalls = new SlowCalls(bucketMs);
  }

  /**
   * Records a request the buckets just counted: its slowest-list and
   * exemplar candidacy, its trace's waiting calls, and, for an error, its
   * group and its place in the recent errors. Returns true when the trace
   * is worth holding (an exemplar candidate or a request in a top list).
   */
  recordRequest(
    source: SourceEntry,
    series: Series,
    rec: RequestRecord,
    bins: LiveBins,
    start: number,
    current: number,
  ): boolean {
    const slow = this.slowest.record(series, rec);
    const candidate = this.exemplars.record(series, rec, bins) || slow;
    const ts = rec.timestampMs;
    this.dependencies.requestEnded(
      source.service,
      source.instance,
      series.endpoint,
      rec.traceId ?? '',
      rec.spanId ?? '',
      ts - rec.durationMs,
      start,
    );
    if (rec.statusCode >= 400) this.recordError(source, series, rec, start, current);
    return candidate;
  }

  private recordError(
    source: SourceEntry,
    series: Series,
    rec: RequestRecord,
    start: number,
    current: number,
  ): void {
    // As given (empty when untyped): naming an untyped error is the queries' business.
    const errorType = rec.errorType ?? '';
    // Only errors carry free text; a URL in it loses its secrets before it is held.
    const message = redactText(rec.errorMessage ?? '', this.redactQuery);
    const traceId = rec.traceId ?? '';
    const groupType = errorGroupType(errorType, rec.statusCode);
    this.errorGroups.record(
      source,
      series.endpoint,
      groupType,
      message,
      rec.statusCode,
      traceId,
      rec.timestampMs,
      start,
      current,
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
      traceId,
      ...(rec.spanId === undefined || rec.spanId === '' ? undefined : { spanId: rec.spanId }),
    });
  }

  /** Moves every part to the minute `current`, forgetting what is older than `oldest`. */
  advance(current: number, oldest: number, nowMs: number): void {
    this.exemplars.advance(current);
    this.slowest.advance(current, oldest);
    this.errorGroups.advance(current, oldest);
    this.saturation.advance(current, oldest);
    this.dependencies.advance(current, oldest, nowMs);
    this.slowCalls.advance(current, oldest);
  }

  /** Empties every part. */
  clear(): void {
    this.errors.clear();
    this.exemplars.clear();
    this.slowest.clear();
    this.errorGroups.clear();
    this.saturation.clear();
    this.dependencies.clear();
    this.slowCalls.clear();
  }
}
