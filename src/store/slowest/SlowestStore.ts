import type { EndpointKey } from '../EndpointKey.js';
import type { RequestRecord } from '../RequestRecord.js';
import type { Series } from '../Series.js';
import type { Source } from '../Source.js';
import { keptDuration } from '../sketch/nanosecondGrid.js';
import { HeldSlowest } from './HeldSlowest.js';
import type { SlowRequest } from './SlowestColumns.js';
import { SlowestColumns } from './SlowestColumns.js';
import type { SlowestData, SlowestRowData } from './SlowestData.js';
import { SlowestList } from './SlowestList.js';

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

  /** Requests held (the current minute's not counted). */
  get held(): number {
    return this.heldCount;
  }

  /** Adds a request of `series`. The hot path. */
  record(series: Series, rec: RequestRecord): void {
    const d = keptDuration(rec.durationMs);
    const key = series.key;
    const list = this.liveByIndex[series.index] ?? this.liveOf(series);
    list.offer(key, rec.timestampMs, d, rec.statusCode, rec.method, rec.traceId ?? '');
    let all = this.liveBySource.get(key.source);
    if (all === undefined) {
      all = new SlowestList(SLOWEST_EXACT_OVERALL);
      this.liveBySource.set(key.source, all);
    }
    all.offer(key, rec.timestampMs, d, rec.statusCode, rec.method, rec.traceId ?? '');
  }

  /** The store's minute became `current`, its oldest retained data starts at `oldestMs`: folds the minute before in. */
  advance(current: number, oldestMs: number): void {
    if (current > this.liveStart) {
      this.fold(oldestMs);
      this.liveStart = current;
    }
    for (const held of [...this.heldByKey.values(), ...this.heldBySource.values()]) {
      this.heldCount -= held.evictBefore(oldestMs);
    }
  }

  /** The `limit` slowest requests since `ask.sinceMs`, and how far the list is exact. */
  slowest(ask: SlowestAsk): SlowestFound {
    const out: SlowRequest[] = [];
    let exactAfter = ask.sinceMs;
    const take = (cols: SlowestColumns): void => {
      for (let i = 0; i < cols.size; i++) {
        if ((cols.times[i] as number) >= ask.sinceMs) out.push(cols.request(i));
      }
    };
    const endpoint = ask.endpoint;
    if (endpoint === undefined) {
      for (const [source, held] of this.heldBySource) {
        if (!ask.acceptSource(source)) continue;
        take(held.columns);
        exactAfter = Math.max(exactAfter, held.droppedThrough);
      }
      for (const [source, list] of this.liveBySource) if (ask.acceptSource(source)) take(list);
    } else {
      for (const [key, held] of this.heldByKey) {
        if (key.endpoint !== endpoint || !ask.acceptSource(key.source)) continue;
        take(held.columns);
        exactAfter = Math.max(exactAfter, held.droppedThrough);
      }
      for (const [key, list] of this.liveByKey) {
        if (key.endpoint === endpoint && ask.acceptSource(key.source)) take(list);
      }
    }
    out.sort((a, b) => b.durationMs - a.durationMs || b.timestampMs - a.timestampMs);
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
      live: SlowestColumns | undefined,
    ): void => {
      const requests = [held?.columns, live].flatMap((cols) =>
        cols === undefined
          ? []
          : Array.from({ length: cols.size }, (_, i) => {
              const r = cols.request(i);
              return [
                r.traceId,
                r.timestampMs,
                r.durationMs,
                r.statusCode,
                r.method,
                r.key.endpoint,
              ] as [string, number, number, number, string, string];
            }),
      );
      const dropped = held?.droppedThrough ?? Number.NEGATIVE_INFINITY;
      rows.push({
        source: sourceIdOf(source),
        endpoint,
        droppedThrough: Number.isFinite(dropped) ? dropped : null,
        requests,
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
      const cols = new SlowestColumns(r.requests.length);
      r.requests.forEach(([traceId, ts, d, status, method, endpoint], i) => {
        cols.set(i, keyOf(r.source, endpoint), ts, d, status, method, traceId);
      });
      cols.size = r.requests.length;
      const held =
        r.endpoint === null
          ? this.heldOf(this.heldBySource, sourceOf(r.source), SLOWEST_EXACT_OVERALL)
          : this.heldOf(this.heldByKey, keyOf(r.source, r.endpoint), SLOWEST_EXACT_PER_ENDPOINT);
      this.add(held, cols, byTime(cols), oldestMs);
      if (r.droppedThrough !== null && r.droppedThrough > held.droppedThrough) {
        held.droppedThrough = r.droppedThrough;
      }
    }
  }

  /**
   * Loads requests of an older snapshot (kept as exemplars, not as a top
   * list) as held: nothing older than the newest of them is known to be exact.
   */
  seed(requests: readonly SlowRequest[], oldestMs: number): void {
    for (const r of requests) {
      const cols = new SlowestColumns(1);
      cols.set(0, r.key, r.timestampMs, r.durationMs, r.statusCode, r.method, r.traceId);
      cols.size = 1;
      for (const held of [
        this.heldOf(this.heldByKey, r.key, SLOWEST_EXACT_PER_ENDPOINT),
        this.heldOf(this.heldBySource, r.key.source, SLOWEST_EXACT_OVERALL),
      ]) {
        this.add(held, cols, [0], oldestMs);
        if (r.timestampMs > held.droppedThrough) held.droppedThrough = r.timestampMs;
      }
    }
  }

  private fold(oldestMs: number): void {
    for (const [key, list] of this.liveByKey) {
      this.add(
        this.heldOf(this.heldByKey, key, SLOWEST_EXACT_PER_ENDPOINT),
        list,
        list.byTime(),
        oldestMs,
      );
    }
    for (const [source, list] of this.liveBySource) {
      this.add(
        this.heldOf(this.heldBySource, source, SLOWEST_EXACT_OVERALL),
        list,
        list.byTime(),
        oldestMs,
      );
    }
    this.liveByIndex = [];
    this.liveByKey = new Map();
    this.liveBySource = new Map();
  }

  private add(
    held: HeldSlowest,
    cols: SlowestColumns,
    order: readonly number[],
    oldestMs: number,
  ): void {
    const before = held.size;
    this.heldCount += held.add(cols, order, oldestMs) - before;
  }

  private heldOf<K>(map: Map<K, HeldSlowest>, key: K, k: number): HeldSlowest {
    let held = map.get(key);
    if (held === undefined) {
      held = new HeldSlowest(
        k,
        k === SLOWEST_EXACT_OVERALL ? SLOWEST_HELD_PER_SOURCE : SLOWEST_HELD_PER_ENDPOINT,
      );
      map.set(key, held);
    }
    return held;
  }

  private liveOf(series: Series): SlowestList {
    let list = this.liveByKey.get(series.key);
    if (list === undefined) {
      list = new SlowestList(SLOWEST_EXACT_PER_ENDPOINT);
      this.liveByKey.set(series.key, list);
    }
    this.liveByIndex[series.index] = list;
    return list;
  }
}

/** Row indexes of `cols`, oldest first. */
function byTime(cols: SlowestColumns): number[] {
  return Array.from({ length: cols.size }, (_, i) => i).sort(
    (a, b) => (cols.times[a] as number) - (cols.times[b] as number),
  );
}
