import type { EndpointKey } from '../EndpointKey.js';
import { MethodNames } from '../exemplars/MethodNames.js';
import type { RequestRecord } from '../RequestRecord.js';
import type { Series } from '../Series.js';
import type { Source } from '../Source.js';
import { keptDuration } from '../sketch/nanosecondGrid.js';
import { HeldSlowest } from './HeldSlowest.js';
import type { SlowestData, SlowestRowData, SlowestTuple } from './SlowestData.js';
import { SlowestList } from './SlowestList.js';
import type { SlowRequest } from './SlowRequest.js';

/** The rank kept exact per endpoint (of a source): `slowest?endpoint=…&limit=` up to it is exact. */
export const SLOWEST_EXACT_PER_ENDPOINT = 20;
/** The rank kept exact per source, all endpoints together: `slowest?limit=` up to it is exact. */
export const SLOWEST_EXACT_OVERALL = 100;
/** Most requests an endpoint row holds (steady traffic wants about 200 for 7 days). */
export const SLOWEST_HELD_PER_ENDPOINT = 1_000;
/** Most requests a source row holds (steady traffic wants about 1,000 for 7 days). */
export const SLOWEST_HELD_PER_SOURCE = 4_000;

/** Which rows a {@link SlowestStore.slowest} read takes. */
export interface SlowestAsk {
  /** From when (a window's start). */
  readonly sinceMs: number;
  /** The endpoint asked for; undefined reads the source rows (all endpoints). */
  readonly endpoint: string | undefined;
  /** Which sources count. */
  readonly acceptSource: (source: Source) => boolean;
  readonly limit: number;
}

/** What {@link SlowestStore.slowest} answers. */
export interface SlowestFound {
  /** Slowest first; of equal durations, newest first. */
  readonly requests: SlowRequest[];
  /** The list is the exact top of the requests that finished after this (the window's start when all is exact). */
  readonly exactAfterMs: number;
  /** How many of the list's ranks are exact. */
  readonly exactLimit: number;
}

/**
 * The slowest requests, exact: per endpoint row and per source, the current
 * minute's top {@link SLOWEST_EXACT_PER_ENDPOINT} (and
 * {@link SLOWEST_EXACT_OVERALL}) in a tiny sorted list, folded once a
 * minute into a {@link HeldSlowest} that keeps every request some window
 * ending now could still rank. Any window of whole minutes within the
 * retention then gets its true top N (N up to the rank kept), with no tier
 * that loses precision. Recording is one comparison for most requests.
 */
export class SlowestStore {
  private liveByIndex: (SlowestList | undefined)[] = [];
  private liveByKey = new Map<EndpointKey, SlowestList>();
  private liveBySource = new Map<Source, SlowestList>();
  private readonly heldByKey = new Map<EndpointKey, HeldSlowest>();
  private readonly heldBySource = new Map<Source, HeldSlowest>();
  private liveStart = Number.NEGATIVE_INFINITY;
  private heldCount = 0;
  private readonly methods = new MethodNames();

  constructor(
    /** The store's minute: windows start on its boundaries, and the held rows are pruned by it. */
    private readonly minuteMs: number,
  ) {}

  /** Requests held (the current minute's not counted). */
  get held(): number {
    return this.heldCount;
  }

  /**
   * Adds a request of `series`. The hot path. True when it entered a top
   * list, so its trace is worth keeping.
   */
  record(series: Series, rec: RequestRecord): boolean {
    const d = keptDuration(rec.durationMs);
    const list = this.liveByIndex[series.index] ?? this.liveOf(series);
    const all = list.source as SlowestList;
    // Most requests enter neither list: two comparisons (one as slow as a floor may, if newer).
    if (d < list.floor && d < all.floor) return false;
    const key = series.key;
    const traceId = rec.traceId ?? '';
    const spanId = rec.spanId ?? '';
    const ts = rec.timestampMs;
    const entered = list.offer(key, ts, d, rec.statusCode, rec.method, traceId, spanId);
    return all.offer(key, ts, d, rec.statusCode, rec.method, traceId, spanId) || entered;
  }

  /** The store's minute became `current`, its oldest retained data starts at `oldestMs`: folds the minute before in. */
  advance(current: number, oldestMs: number): void {
    if (current > this.liveStart) {
      this.fold(oldestMs);
      this.liveStart = current;
    }
    for (const rows of [this.heldByKey, this.heldBySource] as Map<unknown, HeldSlowest>[]) {
      for (const [row, held] of rows) {
        this.heldCount -= held.evictBefore(oldestMs);
        if (held.size === 0) rows.delete(row);
      }
    }
  }

  /** The `limit` slowest requests since `ask.sinceMs`, and how far the list is exact. */
  slowest(ask: SlowestAsk): SlowestFound {
    const out: SlowRequest[] = [];
    let exactAfter = ask.sinceMs;
    const fromHeld = (held: HeldSlowest): void => {
      for (let i = held.size - 1; i >= 0 && held.timeOf(i) >= ask.sinceMs; i--) {
        out.push(held.request(i));
      }
      exactAfter = Math.max(exactAfter, held.droppedThrough);
    };
    const fromLive = (list: SlowestList): void => {
      for (const r of list.requests()) if (r.timestampMs >= ask.sinceMs) out.push(r);
    };
    const endpoint = ask.endpoint;
    if (endpoint === undefined) {
      for (const [source, held] of this.heldBySource) if (ask.acceptSource(source)) fromHeld(held);
      for (const [source, list] of this.liveBySource) if (ask.acceptSource(source)) fromLive(list);
    } else {
      const accept = (key: EndpointKey): boolean =>
        key.endpoint === endpoint && ask.acceptSource(key.source);
      for (const [key, held] of this.heldByKey) if (accept(key)) fromHeld(held);
      for (const [key, list] of this.liveByKey) if (accept(key)) fromLive(list);
    }
    out.sort((x, y) => y.durationMs - x.durationMs || y.timestampMs - x.timestampMs);
    const rank = endpoint === undefined ? SLOWEST_EXACT_OVERALL : SLOWEST_EXACT_PER_ENDPOINT;
    return {
      requests: out.slice(0, ask.limit),
      exactAfterMs: exactAfter,
      exactLimit: Math.min(ask.limit, rank),
    };
  }

  /** Drops everything. */
  clear(): void {
    this.liveByIndex = [];
    this.liveByKey = new Map();
    this.liveBySource = new Map();
    this.heldByKey.clear();
    this.heldBySource.clear();
    this.liveStart = Number.NEGATIVE_INFINITY;
    this.heldCount = 0;
  }

  /** As plain data: each row's held requests and the current minute's together. */
  toData(sourceIdOf: (s: Source) => number): SlowestData {
    const rows: SlowestRowData[] = [];
    const row = (
      source: Source,
      endpoint: string | null,
      held: HeldSlowest | undefined,
      live: SlowestList | undefined,
    ): void => {
      const all = [
        ...Array.from({ length: held?.size ?? 0 }, (_, i) => (held as HeldSlowest).request(i)),
        ...(live?.requests() ?? []),
      ];
      if (all.length === 0) return;
      const dropped = held?.droppedThrough ?? Number.NEGATIVE_INFINITY;
      rows.push({
        source: sourceIdOf(source),
        endpoint,
        droppedThrough: Number.isFinite(dropped) ? dropped : null,
        requests: all.map(tupleOf),
      });
    };
    for (const key of new Set([...this.heldByKey.keys(), ...this.liveByKey.keys()])) {
      row(key.source, key.endpoint, this.heldByKey.get(key), this.liveByKey.get(key));
    }
    for (const source of new Set([...this.heldBySource.keys(), ...this.liveBySource.keys()])) {
      row(source, null, this.heldBySource.get(source), this.liveBySource.get(source));
    }
    return { rows };
  }

  /**
   * Loads saved rows into this empty store (as held requests, the saved
   * minute's included: the union of two top lists of one minute holds its top).
   */
  restore(
    data: SlowestData,
    keyOf: (source: number, endpoint: string) => EndpointKey,
    sourceOf: (source: number) => Source,
    oldestMs: number,
  ): void {
    for (const r of data.rows) {
      const requests = r.requests.map(
        ([
          traceId,
          timestampMs,
          durationMs,
          statusCode,
          method,
          endpoint,
          spanId = '',
        ]): SlowRequest => ({
          key: keyOf(r.source, endpoint),
          timestampMs,
          durationMs,
          statusCode,
          method,
          traceId,
          spanId,
        }),
      );
      const held =
        r.endpoint === null
          ? this.sourceRow(sourceOf(r.source))
          : this.endpointRow(keyOf(r.source, r.endpoint));
      this.heldCount += held.add(requests, oldestMs);
      if (r.droppedThrough !== null && r.droppedThrough > held.droppedThrough) {
        held.droppedThrough = r.droppedThrough;
      }
    }
  }

  /**
   * Loads requests of an older snapshot (kept as exemplars, not as top
   * lists) as held: nothing older than the newest of them is known to be exact.
   */
  seed(requests: readonly SlowRequest[], oldestMs: number): void {
    const byRow = new Map<HeldSlowest, SlowRequest[]>();
    for (const r of requests) {
      for (const held of [this.endpointRow(r.key), this.sourceRow(r.key.source)]) {
        const list = byRow.get(held) ?? [];
        list.push(r);
        byRow.set(held, list);
        if (r.timestampMs > held.droppedThrough) held.droppedThrough = r.timestampMs;
      }
    }
    for (const [held, list] of byRow) this.heldCount += held.add(list, oldestMs);
  }

  /** Folds each live list into its held row; lists of a quiet minute go, the others are reused. */
  private fold(oldestMs: number): void {
    // Series indexes may be reused once a series is forgotten: found again by key.
    this.liveByIndex = [];
    for (const [key, list] of this.liveByKey) {
      if (list.size === 0) this.liveByKey.delete(key);
      else this.heldCount += this.endpointRow(key).add(list.requests(), oldestMs);
      list.reset();
    }
    for (const [source, list] of this.liveBySource) {
      if (list.size === 0) this.liveBySource.delete(source);
      else this.heldCount += this.sourceRow(source).add(list.requests(), oldestMs);
      list.reset();
    }
  }

  private endpointRow(key: EndpointKey): HeldSlowest {
    let held = this.heldByKey.get(key);
    if (held === undefined) {
      held = new HeldSlowest<EndpointKey>(
        SLOWEST_EXACT_PER_ENDPOINT,
        SLOWEST_HELD_PER_ENDPOINT,
        key,
        this.methods,
        this.minuteMs,
      );
      this.heldByKey.set(key, held);
    }
    return held;
  }

  private sourceRow(source: Source): HeldSlowest {
    let held = this.heldBySource.get(source);
    if (held === undefined) {
      held = new HeldSlowest<EndpointKey>(
        SLOWEST_EXACT_OVERALL,
        SLOWEST_HELD_PER_SOURCE,
        undefined,
        this.methods,
        this.minuteMs,
      );
      this.heldBySource.set(source, held);
    }
    return held;
  }

  private liveOf(series: Series): SlowestList {
    let list = this.liveByKey.get(series.key);
    if (list === undefined) {
      list = new SlowestList(SLOWEST_EXACT_PER_ENDPOINT, series.key);
      this.liveByKey.set(series.key, list);
    }
    let all = this.liveBySource.get(series.key.source);
    if (all === undefined) {
      all = new SlowestList(SLOWEST_EXACT_OVERALL);
      this.liveBySource.set(series.key.source, all);
    }
    // Found once a minute per series, not per request.
    list.source = all;
    this.liveByIndex[series.index] = list;
    return list;
  }
}

/** A held request as saved: the span id only when known, so snapshots without them keep their text. */
function tupleOf(r: SlowRequest): SlowestTuple {
  const tuple: SlowestTuple = [
    r.traceId,
    r.timestampMs,
    r.durationMs,
    r.statusCode,
    r.method,
    r.key.endpoint,
  ];
  if (r.spanId !== '') tuple.push(r.spanId);
  return tuple;
}
