import { floorTo } from '../floorTo.js';
import { HOUR_MS, MinuteHourRings } from '../tiers/MinuteHourRings.js';
import type { TimeRing } from '../tiers/TimeRing.js';
import { CallBucket, type CallTarget } from './CallBucket.js';
import type { CallRecord } from './CallRecord.js';
import { type CallRow, CallRowKind } from './CallRow.js';
import type { DependenciesData } from './DependenciesData.js';
import {
  DEFAULT_DEPENDENCY_LIMITS,
  type DependencyLimits,
  DependencyRows,
} from './DependencyRows.js';
import { restoreDependencies, saveDependencies } from './dependencySnapshot.js';
import { type LostReason, type PendingCall, PendingCalls } from './PendingCalls.js';

/** Calls of one statement in one request from which the request is flagged as N+1. */
export const DEFAULT_N_PLUS_ONE_CALLS = 10;
/** How far back minute buckets reach (as the store's fine buckets); older ones are kept per hour. */
const MINUTE_SPAN_MS = 24 * HOUR_MS;
/**
 * How far back minute buckets keep the endpoint shares (endpoint ×
 * dependency × operation, most of the rows); older minutes keep only the
 * dependency rows, N+1 findings and losses, since their hour holds the
 * shares: a window reaching further reads the shares from its first whole
 * hour on (see {@link CallLosses.sharesSinceMs}).
 */
export const SHARE_MINUTE_SPAN_MS = 2 * HOUR_MS;
/** Two starts closer than this are one instant (the rounding of two epoch-millisecond doubles). */
const START_TOLERANCE_MS = 1e-3;

/** Options of a {@link DependencyStore}. */
export interface DependencyStoreOptions {
  /** Limits of rows; see {@link DependencyRows}. */
  readonly limits?: Partial<DependencyLimits> | undefined;
  /** Calls of one statement per request that flag it as N+1. */
  readonly nPlusOneCalls?: number | undefined;
  /** Limits of the join; see {@link PendingCalls}. */
  readonly pendingTraceLimit?: number | undefined;
  readonly pendingCallsPerTrace?: number | undefined;
  readonly pendingMaxAgeMs?: number | undefined;
}

/** What a window of the call buckets lost: calls unattributed, unjoined and folded. */
export interface CallLosses {
  unattributed: number;
  unjoined: number;
  folded: number;
  /**
   * Where the window's endpoint shares start: the window's start, or, when
   * that is older than {@link SHARE_MINUTE_SPAN_MS}, its first whole hour.
   */
  sharesSinceMs: number;
}

/** The counts of losses a bucket keeps. */
type LossKind = 'unattributed' | 'unjoined' | 'folded';

/** The figures of a {@link DependencyStore} since start, for the overview and the pipeline metrics. */
export type DependencyFigures = Pick<
  DependencyStore,
  'recordedCalls' | 'foldedCalls' | 'unjoinedCalls' | 'unattributedCalls' | 'rowCount' | 'limits'
>;

/**
 * Outgoing calls (CLIENT spans) rolled up per minute, then hour, for the
 * store's retention: per dependency × operation of each source an exact
 * count, an exact error count and a 1% latency sketch; per endpoint the
 * calls its requests made (joined by trace id, see {@link PendingCalls});
 * and the requests flagged as N+1. Bounded by the row limits, with folds
 * counted per bucket and in all. O(1) work per call (a request takes its
 * own calls once). Pure: the caller (the request store) gives the clock's
 * minute and the oldest retained one. No timer.
 */
export class DependencyStore {
  /** The row table. */
  readonly rows: DependencyRows;
  /** Calls of one statement per request that flag it as N+1. */
  readonly nPlusOneCalls: number;
  private readonly tiers: MinuteHourRings<CallBucket>;
  private readonly pending: PendingCalls;
  private liveBuckets: CallBucket[] = [];
  /** The store's current minute and oldest retained data, as of the last call or advance. */
  private current = Number.NEGATIVE_INFINITY;
  private oldest = Number.NEGATIVE_INFINITY;
  /** Minutes before this have shed their endpoint shares. */
  private sharesShedBefore = Number.NEGATIVE_INFINITY;
  /** Calls recorded since start. */
  recordedCalls = 0;
  /** Calls recorded in an `other` row because of a limit, since start. */
  foldedCalls = 0;
  /** Calls the join had no room for, since start. */
  unjoinedCalls = 0;
  /** Calls no SERVER span of their trace took, since start. */
  unattributedCalls = 0;

  constructor(
    private readonly bucketMs: number,
    retentionMs: number,
    options: DependencyStoreOptions = {},
  ) {
    this.rows = new DependencyRows({ ...DEFAULT_DEPENDENCY_LIMITS, ...options.limits });
    this.nPlusOneCalls = options.nPlusOneCalls ?? DEFAULT_N_PLUS_ONE_CALLS;
    if (!Number.isInteger(this.nPlusOneCalls) || this.nPlusOneCalls < 2) {
      throw new RangeError(`nPlusOneCalls must be an integer >= 2, got: ${this.nPlusOneCalls}`);
    }
    this.pending = new PendingCalls(
      (call, reason) => this.lose(call, reason),
      options.pendingTraceLimit,
      options.pendingCallsPerTrace,
      options.pendingMaxAgeMs,
    );
    this.tiers = new MinuteHourRings({
      minuteMs: bucketMs,
      retentionMs,
      minuteSpanMs: MINUTE_SPAN_MS,
      // Hours even within a day: a long window then merges a few dozen buckets, not 1,440.
      hoursWithinMinuteSpan: true,
      rollUp: (_hour, minutes) => {
        const into = new CallBucket();
        for (const minute of minutes) into.addBucket(minute);
        into.pack();
        return into;
      },
    });
  }

  /** The row limits. */
  get limits(): DependencyLimits {
    return this.rows.limits;
  }

  /** Rows held, every kind. */
  get rowCount(): number {
    return this.rows.size;
  }

  /** Traces whose calls wait for their SERVER span. */
  get pendingTraces(): number {
    return this.pending.size;
  }

  /**
   * Records one finished call of a source (names as the store's source
   * limits folded them) in the fine bucket `start`, and holds it for the
   * join; `nowMs` is the store's clock.
   */
  recordCall(
    call: CallRecord,
    service: string,
    instance: string,
    start: number,
    nowMs: number,
  ): CallRow {
    const row = this.rows.dependencyRow(
      service,
      instance,
      call.dependency,
      call.kind,
      call.system,
      call.operation,
    );
    if (this.rows.lastFolded) this.fold(start);
    this.add(row, start, call.durationMs, call.error);
    this.recordedCalls++;
    const pendingCall: PendingCall = {
      startMs: call.timestampMs - call.durationMs,
      endMs: call.timestampMs,
      durationMs: call.durationMs,
      parentSpanId: call.parentSpanId ?? '',
      error: call.error,
      row,
      statement: call.statement ?? call.operation,
    };
    // No trace, or a root span: no request of ours made it, so none will take it.
    if (call.traceId === '' || call.parentSpanId === '') this.lose(pendingCall, 'unattributed');
    else this.pending.add(call.traceId, pendingCall, nowMs);
    return row;
  }

  /**
   * A request of `endpoint` (as the store's series named it) ended: it takes
   * the waiting calls of its trace that it made (see {@link PendingCalls.take}),
   * counts them under the endpoint in the request's bucket `start`, and
   * flags N+1.
   */
  requestEnded(
    service: string,
    instance: string,
    endpoint: string,
    traceId: string,
    spanId: string,
    requestStartMs: number,
    start: number,
  ): void {
    if (traceId === '' || this.pending.size === 0) return;
    const calls = this.pending.take(traceId, spanId, requestStartMs + START_TOLERANCE_MS);
    if (calls === undefined) return;
    for (const call of calls) {
      const row = this.rows.shareRow(call.row, service, instance, endpoint);
      if (this.rows.lastFolded) this.fold(start);
      this.add(row, start, call.durationMs, call.error);
    }
    if (calls.length >= this.nPlusOneCalls)
      this.flagNPlusOne(calls, service, instance, endpoint, traceId, start);
  }

  /** The store's minute became `current` and its oldest data starts at `oldest`: packs, rolls up, ages, forgets. */
  advance(current: number, oldest: number, nowMs: number): void {
    this.current = current;
    this.oldest = oldest;
    for (const b of this.liveBuckets) b.pack();
    this.liveBuckets = [];
    this.tiers.advance(current);
    this.shedShares(current);
    this.pending.age(nowMs);
    this.rows.forgetOlderThan(oldest);
  }

  /**
   * Adds every bucket from `sinceMs` to minute `current` into the targets
   * `targetOf` names per row (undefined: skip the row), and returns the
   * window's losses.
   */
  scan(
    sinceMs: number,
    current: number,
    targetOf: (row: CallRow) => CallTarget | undefined,
  ): CallLosses {
    const sharesSinceMs = this.sharesSince(sinceMs, current);
    const losses: CallLosses = { unattributed: 0, unjoined: 0, folded: 0, sharesSinceMs };
    const byIndex = (index: number): CallTarget | undefined => {
      const row = this.rows.at(index);
      return row === undefined ? undefined : targetOf(row);
    };
    // Minutes before the shares' start give their dependency rows only (a shed minute has no other).
    const withoutShares = (index: number): CallTarget | undefined => {
      const row = this.rows.at(index);
      return row === undefined || row.rowKind === CallRowKind.EndpointShare
        ? undefined
        : targetOf(row);
    };
    for (const slice of this.tiers.coverSince(sinceMs, current)) {
      const b = slice.bucket;
      b.scan(slice.start < sharesSinceMs ? withoutShares : byIndex);
      losses.unattributed += b.unattributed;
      losses.unjoined += b.unjoined;
      losses.folded += b.folded;
    }
    return losses;
  }

  /** Drops every row, bucket, waiting call and count. */
  clear(): void {
    this.tiers.clear();
    this.rows.clear();
    this.pending.clear();
    this.liveBuckets = [];
    this.current = Number.NEGATIVE_INFINITY;
    this.oldest = Number.NEGATIVE_INFINITY;
    this.sharesShedBefore = Number.NEGATIVE_INFINITY;
    this.recordedCalls = 0;
    this.foldedCalls = 0;
    this.unjoinedCalls = 0;
    this.unattributedCalls = 0;
  }

  /**
   * As plain data (waiting calls are not saved: a restart ends their
   * requests); undefined while no call was ever recorded, so a snapshot of a
   * store without calls is what it was before dependencies existed.
   */
  toData(): DependenciesData | undefined {
    if (this.recordedCalls === 0 && this.rows.size === 0) return undefined;
    for (const b of this.liveBuckets) b.pack();
    this.liveBuckets = [];
    return saveDependencies(this.rows, this.tiers, this.rolledBefore(), this);
  }

  /** Loads saved data into this empty store, whose minute is `current` and oldest data `oldest`. */
  restore(data: DependenciesData, current: number, oldest: number, nowMs: number): void {
    const counts = restoreDependencies(data, this.rows, this.tiers, current);
    this.recordedCalls = counts.recordedCalls;
    this.foldedCalls = counts.foldedCalls;
    this.unjoinedCalls = counts.unjoinedCalls;
    this.unattributedCalls = counts.unattributedCalls;
    this.tiers.restoreRolledBefore(data.rolledBefore);
    this.advance(current, oldest, nowMs);
  }

  /** The minutes older than the shares' span, whose hour is rolled up, drop their endpoint shares. */
  private shedShares(current: number): void {
    const tiers = this.tiers;
    if (tiers.hours === undefined) return;
    const before = Math.min(current - SHARE_MINUTE_SPAN_MS, floorTo(tiers.rolledBefore, HOUR_MS));
    const from = Math.max(this.sharesShedBefore, tiers.oldestMinute(current));
    if (!(before > from)) return;
    const isShare = (index: number) => this.rows.at(index)?.rowKind === CallRowKind.EndpointShare;
    for (let t = from; t < before; t += this.bucketMs) tiers.minutes.get(t)?.dropRows(isShare);
    this.sharesShedBefore = before;
  }

  /** The start of a window's endpoint shares: see {@link CallLosses.sharesSinceMs}. */
  private sharesSince(sinceMs: number, current: number): number {
    if (this.tiers.hours === undefined || sinceMs >= current - SHARE_MINUTE_SPAN_MS) return sinceMs;
    return Math.ceil(sinceMs / HOUR_MS) * HOUR_MS;
  }

  private rolledBefore(): number | null {
    const r = this.tiers.rolledBefore;
    return Number.isFinite(r) ? r : null;
  }

  private flagNPlusOne(
    calls: readonly PendingCall[],
    service: string,
    instance: string,
    endpoint: string,
    traceId: string,
    start: number,
  ): void {
    // Only a request with many calls gets here: the map is its own, once.
    const byStatement = new Map<string, { row: CallRow; statement: string; n: number }>();
    for (const call of calls) {
      const key = `${call.row.dependency}\u0000${call.statement}`;
      const seen = byStatement.get(key);
      if (seen === undefined)
        byStatement.set(key, { row: call.row, statement: call.statement, n: 1 });
      else seen.n++;
    }
    for (const { row: dep, statement, n } of byStatement.values()) {
      if (n < this.nPlusOneCalls) continue;
      const row = this.rows.resolve(
        CallRowKind.NPlusOne,
        service,
        instance,
        endpoint,
        dep.dependency,
        dep.kind,
        dep.system,
        statement,
      );
      if (row === undefined) {
        this.fold(start);
        continue;
      }
      row.traceId = traceId;
      // The row's "duration" is the request's call count: its max is the most calls of one request.
      this.add(row, start, n, false);
    }
  }

  /** Counts a call that left the join without a SERVER span, in the minute it finished. */
  private lose(call: PendingCall, reason: LostReason): void {
    if (reason === 'unattributed') this.unattributedCalls++;
    else this.unjoinedCalls++;
    this.countLoss(floorTo(call.endMs, this.bucketMs), reason);
  }

  private fold(start: number): void {
    this.foldedCalls++;
    this.countLoss(start, 'folded');
  }

  /** Adds one loss to the minute `start`, and to its hour when that is already rolled up. */
  private countLoss(start: number, what: LossKind): void {
    if (start < this.oldest) return;
    const tiers = this.tiers;
    const current = Math.max(this.current, start);
    const minute =
      start >= tiers.oldestMinute(current) ? this.bucketOf(tiers.minutes, start) : undefined;
    if (minute !== undefined) minute[what]++;
    const h = tiers.rolledHourOf(start, current);
    if (h !== undefined) this.bucketOf(tiers.hours as TimeRing<CallBucket>, h)[what]++;
  }

  /** Adds one value to `row` in the minute `start`, and in its hour when that is already rolled up. */
  private add(row: CallRow, start: number, ms: number, error: boolean): void {
    if (row.lastBucketStart < start) row.lastBucketStart = start;
    const tiers = this.tiers;
    const current = Math.max(this.current, start);
    if (start >= tiers.oldestMinute(current))
      this.bucketOf(tiers.minutes, start).add(row.index, ms, error);
    const h = tiers.rolledHourOf(start, current);
    if (h !== undefined)
      this.bucketOf(tiers.hours as TimeRing<CallBucket>, h).add(row.index, ms, error);
  }

  private bucketOf(ring: TimeRing<CallBucket>, start: number): CallBucket {
    let bucket = ring.get(start);
    if (bucket === undefined) {
      bucket = new CallBucket();
      this.tiers.put(ring, start, bucket);
      this.liveBuckets.push(bucket);
    } else if (!bucket.isLive) {
      this.liveBuckets.push(bucket);
    }
    return bucket;
  }
}
