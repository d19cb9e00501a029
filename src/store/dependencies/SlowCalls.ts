import { MethodNames } from '../exemplars/MethodNames.js';
import { keptDuration } from '../sketch/nanosecondGrid.js';
import { HeldSlowest } from '../slowest/HeldSlowest.js';
import { SlowestList } from '../slowest/SlowestList.js';
import type { SlowRequest } from '../slowest/SlowRequest.js';
import type { CallRecord } from './CallRecord.js';
import type { SlowCall } from './SlowCall.js';
import {
  type SlowCallDetail,
  type SlowCallNames,
  slowCallOf,
  slowCallRequest,
  slowCallTuple,
} from './SlowCallDetail.js';
import type { SlowCallRow } from './SlowCallRow.js';
import type { SlowCallsData, SlowCallsRowData } from './SlowCallsData.js';

/** The rank kept exact per dependency and per operation (of a source): `limit` up to it is exact. */
export const SLOW_CALLS_EXACT = 20;
/** Most calls a dependency's row holds (steady traffic wants about 300 for 7 days). */
export const SLOW_CALLS_HELD_PER_DEPENDENCY = 1_000;
/** Most calls an operation's row holds. */
export const SLOW_CALLS_HELD_PER_OPERATION = 500;
/** Most rows (dependencies and operations, of every source); calls of a row past it are dropped and counted. */
export const SLOW_CALL_ROW_LIMIT = 5_000;
/** Distinct statements shared between held calls before the table starts over. */
export const SLOW_CALL_STATEMENT_LIMIT = 2_000;

/** Which calls a {@link SlowCalls.slowest} read takes. */
export interface SlowCallsAsk {
  /** From when (a window's start, on a minute boundary). */
  readonly sinceMs: number;
  /** One dependency; undefined: every one. */
  readonly dependency: string | undefined;
  /** One operation; undefined: every one. */
  readonly operation: string | undefined;
  /** Which sources count. */
  readonly acceptSource: (source: { service: string; instance: string }) => boolean;
  readonly limit: number;
}

/** What {@link SlowCalls.slowest} answers. */
export interface SlowCallsFound {
  /** Slowest first; of equal durations, newest first. */
  readonly calls: SlowCall[];
  /** The list is the exact top of the calls that finished after this (the window's start when all is exact). */
  readonly exactAfterMs: number;
  /** How many of the list's ranks are exact. */
  readonly exactLimit: number;
}

/** One top list: the current minute's, and the held ones of the minutes before. */
interface Row {
  readonly live: SlowestList<SlowCallDetail>;
  readonly held: HeldSlowest<SlowCallDetail>;
}

/** A dependency of a source: its row and its operations'. */
interface DependencyRow {
  readonly row: Row;
  readonly operations: Map<string, { readonly names: SlowCallNames; readonly row: Row }>;
}

/**
 * The slowest outgoing calls, exact over minute-aligned windows: per
 * dependency (of a source) and per dependency × operation, the current
 * minute's top {@link SLOW_CALLS_EXACT} in a small list folded once a minute
 * into a `HeldSlowest` (the mechanism of the slowest requests), which keeps
 * every call some window ending now could still rank. The top N of several
 * rows is the top N of their tops, so every dependency together is exact too.
 * Each held call keeps its trace and span ids, normalised statement, error
 * and status. Bounded: {@link SLOW_CALL_ROW_LIMIT} rows, each with a cap;
 * what a limit drops is counted. Pure: the store gives the minute.
 */
export class SlowCalls {
  private readonly sources = new Map<string, Map<string, Map<string, DependencyRow>>>();
  private readonly methods = new MethodNames();
  private readonly statements = new Map<string, string>();
  private liveStart = Number.NEGATIVE_INFINITY;
  private rowCount = 0;
  private heldCount = 0;
  /** Calls not held because {@link SLOW_CALL_ROW_LIMIT} was reached, since start. */
  droppedCalls = 0;

  constructor(
    /** The store's minute: windows start on its boundaries. */
    private readonly minuteMs: number,
  ) {}

  /** Rows held (dependencies and operations). */
  get rows(): number {
    return this.rowCount;
  }

  /** Calls held (the current minute's not counted). */
  get held(): number {
    return this.heldCount;
  }

  /** Adds one finished call under `row`. The hot path: most calls cost two comparisons. True when it entered a list. */
  record(call: CallRecord, row: SlowCallRow): boolean {
    const dependency = this.dependencyRow(row.service, row.instance, row.dependency);
    const operation =
      dependency?.operations.get(row.operation) ?? this.operationRow(dependency, row, call);
    if (dependency === undefined || operation === undefined) {
      this.droppedCalls++;
      return false;
    }
    const d = keptDuration(call.durationMs);
    if (d < dependency.row.live.floor && d < operation.row.live.floor) return false;
    const detail: SlowCallDetail = {
      names: operation.names,
      statement: call.statement === undefined ? undefined : this.shared(call.statement),
      error: call.error,
      errorType: call.error ? call.errorType : undefined,
    };
    const ts = call.timestampMs;
    const status = call.statusCode ?? 0;
    const entered = operation.row.live.offer(detail, ts, d, status, '', call.traceId, call.spanId);
    return (
      dependency.row.live.offer(detail, ts, d, status, '', call.traceId, call.spanId) || entered
    );
  }

  /** The store's minute became `current`, its oldest retained data starts at `oldestMs`: folds the minute before in, evicts, forgets empty rows. */
  advance(current: number, oldestMs: number): void {
    const fold = current > this.liveStart;
    if (fold) this.liveStart = current;
    for (const [service, instances] of this.sources) {
      for (const [instance, dependencies] of instances) {
        for (const [name, dependency] of dependencies) {
          for (const [operation, entry] of dependency.operations) {
            if (this.settle(entry.row, fold, oldestMs)) continue;
            dependency.operations.delete(operation);
            this.rowCount--;
          }
          if (this.settle(dependency.row, fold, oldestMs) || dependency.operations.size > 0) {
            continue;
          }
          dependencies.delete(name);
          this.rowCount--;
        }
        if (dependencies.size === 0) instances.delete(instance);
      }
      if (instances.size === 0) this.sources.delete(service);
    }
  }

  /** The `limit` slowest calls since `ask.sinceMs`, and how far the list is exact. */
  slowest(ask: SlowCallsAsk): SlowCallsFound {
    const out: SlowCall[] = [];
    let exactAfter = ask.sinceMs;
    for (const row of this.rowsOf(ask)) {
      const { held, live } = row;
      for (let i = held.size - 1; i >= 0 && held.timeOf(i) >= ask.sinceMs; i--) {
        out.push(slowCallOf(held.request(i)));
      }
      exactAfter = Math.max(exactAfter, held.droppedThrough);
      for (const r of live.requests()) if (r.timestampMs >= ask.sinceMs) out.push(slowCallOf(r));
    }
    out.sort((x, y) => y.durationMs - x.durationMs || y.timestampMs - x.timestampMs);
    return {
      calls: out.slice(0, ask.limit),
      exactAfterMs: exactAfter,
      exactLimit: Math.min(ask.limit, SLOW_CALLS_EXACT),
    };
  }

  /** True when a source `accept` passes has a row of `dependency` (and `operation`, when given). */
  has(
    accept: SlowCallsAsk['acceptSource'],
    dependency: string,
    operation?: string | undefined,
  ): boolean {
    return this.rowsOf({ acceptSource: accept, dependency, operation }).next().done === false;
  }

  /** Drops everything but the count of drops. */
  clear(): void {
    this.sources.clear();
    this.statements.clear();
    this.liveStart = Number.NEGATIVE_INFINITY;
    this.rowCount = 0;
    this.heldCount = 0;
  }

  /** As plain data: each row's held calls and the current minute's together. */
  toSnapshot(): SlowCallsData {
    const rows: SlowCallsRowData[] = [];
    const save = (operation: string | null, row: Row): void => {
      const calls = [
        ...Array.from({ length: row.held.size }, (_, i) => row.held.request(i)),
        ...row.live.requests(),
      ];
      const names = calls[0]?.key.names;
      if (names === undefined) return;
      const dropped = row.held.droppedThrough;
      rows.push({
        service: names.service,
        instance: names.instance,
        dependency: names.dependency,
        kind: names.kind,
        system: names.system,
        operation,
        droppedThrough: Number.isFinite(dropped) ? dropped : null,
        calls: calls.map(slowCallTuple),
      });
    };
    for (const dependency of this.dependencyRows()) {
      save(null, dependency.row);
      for (const [operation, entry] of dependency.operations) save(operation, entry.row);
    }
    return { rows, droppedCalls: this.droppedCalls };
  }

  /**
   * Loads saved rows (checked by `checkSlowCallsData`) into this empty
   * store as held calls, the saved minute's included (the union of two top
   * lists of one minute holds its top); those before `oldestMs` go.
   */
  restore(data: SlowCallsData, oldestMs: number): void {
    this.droppedCalls += data.droppedCalls;
    for (const saved of data.rows) {
      const calls: SlowRequest<SlowCallDetail>[] = [];
      let row: Row | undefined;
      for (const tuple of saved.calls) {
        const { service, instance, kind, system } = saved;
        const names = { service, instance, dependency: saved.dependency, kind, system };
        const operation = saved.operation ?? tuple[8];
        const dependency = this.dependencyRow(service, instance, saved.dependency);
        const entry =
          dependency?.operations.get(operation) ??
          this.operationRow(dependency, { ...names, operation }, names);
        if (dependency === undefined || entry === undefined) break;
        row = saved.operation === null ? dependency.row : entry.row;
        calls.push(slowCallRequest(tuple, entry.names, (s) => this.shared(s)));
      }
      if (row === undefined) continue;
      this.heldCount += row.held.add(calls, oldestMs);
      if (saved.droppedThrough !== null && saved.droppedThrough > row.held.droppedThrough) {
        row.held.droppedThrough = saved.droppedThrough;
      }
    }
  }

  /** Folds a row's minute (when `fold`) and evicts; false when it holds nothing any more. */
  private settle(row: Row, fold: boolean, oldestMs: number): boolean {
    if (fold && row.live.size > 0) {
      this.heldCount += row.held.add(row.live.requests(), oldestMs);
      row.live.reset();
    }
    this.heldCount -= row.held.evictBefore(oldestMs);
    return row.held.size > 0 || row.live.size > 0;
  }

  private *dependencyRows(): Generator<DependencyRow> {
    for (const instances of this.sources.values()) {
      for (const dependencies of instances.values()) yield* dependencies.values();
    }
  }

  /** The rows an ask reads: per dependency, or per operation when one is named. */
  private *rowsOf(ask: Pick<SlowCallsAsk, 'acceptSource' | 'dependency' | 'operation'>) {
    for (const [service, instances] of this.sources) {
      for (const [instance, dependencies] of instances) {
        if (!ask.acceptSource({ service, instance })) continue;
        for (const [name, dependency] of dependencies) {
          if (ask.dependency !== undefined && name !== ask.dependency) continue;
          if (ask.operation === undefined) yield dependency.row;
          else {
            const entry = dependency.operations.get(ask.operation);
            if (entry !== undefined) yield entry.row;
          }
        }
      }
    }
  }

  private dependencyRow(
    service: string,
    instance: string,
    name: string,
  ): DependencyRow | undefined {
    let instances = this.sources.get(service);
    let dependencies = instances?.get(instance);
    const found = dependencies?.get(name);
    if (found !== undefined) return found;
    // A new dependency needs its row and its first operation's.
    if (this.rowCount + 2 > SLOW_CALL_ROW_LIMIT) return undefined;
    if (instances === undefined) {
      instances = new Map();
      this.sources.set(service, instances);
    }
    if (dependencies === undefined) {
      dependencies = new Map();
      instances.set(instance, dependencies);
    }
    const dependency: DependencyRow = {
      row: this.newRow(SLOW_CALLS_HELD_PER_DEPENDENCY),
      operations: new Map(),
    };
    dependencies.set(name, dependency);
    this.rowCount++;
    return dependency;
  }

  private operationRow(
    dependency: DependencyRow | undefined,
    row: SlowCallRow,
    of: Pick<CallRecord, 'kind' | 'system'>,
  ): { readonly names: SlowCallNames; readonly row: Row } | undefined {
    if (dependency === undefined || this.rowCount >= SLOW_CALL_ROW_LIMIT) return undefined;
    const names: SlowCallNames = {
      service: row.service,
      instance: row.instance,
      dependency: row.dependency,
      operation: row.operation,
      kind: of.kind,
      system: of.system,
    };
    const entry = { names, row: this.newRow(SLOW_CALLS_HELD_PER_OPERATION) };
    dependency.operations.set(row.operation, entry);
    this.rowCount++;
    return entry;
  }

  private newRow(cap: number): Row {
    return {
      live: new SlowestList<SlowCallDetail>(SLOW_CALLS_EXACT),
      held: new HeldSlowest<SlowCallDetail>(
        SLOW_CALLS_EXACT,
        cap,
        undefined,
        this.methods,
        this.minuteMs,
      ),
    };
  }

  /** One string per distinct statement among held calls, not one per call. */
  private shared(statement: string): string {
    const found = this.statements.get(statement);
    if (found !== undefined) return found;
    if (this.statements.size >= SLOW_CALL_STATEMENT_LIMIT) this.statements.clear();
    this.statements.set(statement, statement);
    return statement;
  }
}
