import type { DependencyKind } from './CallRecord.js';
import { type CallRow, CallRowKind, OTHER_CALL_ROW } from './CallRow.js';

/** Most distinct dependencies of one source kept apart; past it, new ones fold into `other`. */
export const DEFAULT_DEPENDENCY_LIMIT = 100;
/** Most operations of one dependency (of one source) kept apart; past it, new ones fold into `other`. */
export const DEFAULT_OPERATION_LIMIT = 50;
/** Most rows in all (every kind); past it, new calls fold into their source's `other` row. */
export const DEFAULT_CALL_ROW_LIMIT = 20_000;
/** Most N+1 findings (endpoint × dependency × statement) kept; past it, new ones are counted, not kept. */
export const DEFAULT_N_PLUS_ONE_LIMIT = 500;

/** The limits of a {@link DependencyRows} table. */
export interface DependencyLimits {
  readonly dependencyLimit: number;
  readonly operationLimit: number;
  readonly rowLimit: number;
  readonly nPlusOneLimit: number;
}

/** The default limits. */
export const DEFAULT_DEPENDENCY_LIMITS: DependencyLimits = Object.freeze({
  dependencyLimit: DEFAULT_DEPENDENCY_LIMIT,
  operationLimit: DEFAULT_OPERATION_LIMIT,
  rowLimit: DEFAULT_CALL_ROW_LIMIT,
  nPlusOneLimit: DEFAULT_N_PLUS_ONE_LIMIT,
});

/**
 * The row table of the call buckets: each row interned once by its names,
 * with an index buckets count under. Bounded like the endpoints' series:
 * dependencies per source, operations per dependency, rows in all and N+1
 * findings each have a named limit; a row past one folds into `other`,
 * and {@link lastFolded} says so, so the caller counts the call. Rows no
 * retained bucket holds are forgotten and their index reused.
 */
export class DependencyRows {
  private readonly byKey = new Map<string, CallRow>();
  private readonly byIndex: (CallRow | undefined)[] = [];
  private readonly freeIndexes: number[] = [];
  /** Per source (`service\0instance`): operations held per dependency. */
  private readonly operations = new Map<string, Map<string, number>>();
  private regular = 0;
  private findings = 0;
  /** True when the last {@link resolve} folded its names into an `other` row (or kept no N+1 row). */
  lastFolded = false;
  /** Dependency rows by service, instance, dependency and operation: the per-call look-up builds no key string. */
  private readonly fast = new Map<string, Map<string, Map<string, Map<string, CallRow>>>>();
  /** Each dependency row's endpoint shares (of its own source), by endpoint. */
  private shares = new WeakMap<CallRow, Map<string, CallRow>>();

  constructor(readonly limits: DependencyLimits = DEFAULT_DEPENDENCY_LIMITS) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer, got: ${value}`);
      }
    }
  }

  /** Rows held, every kind. */
  get size(): number {
    return this.byIndex.length - this.freeIndexes.length;
  }

  /** The row at `index`, if held. */
  at(index: number): CallRow | undefined {
    return this.byIndex[index];
  }

  /** Every row held. */
  *rows(): Generator<CallRow> {
    for (const row of this.byIndex) if (row !== undefined) yield row;
  }

  /**
   * The row of these names, made when new; folded into `other` past a limit
   * (see {@link lastFolded}). An N+1 finding past its limit has no row:
   * undefined.
   */
  resolve(
    rowKind: CallRowKind,
    service: string,
    instance: string,
    endpoint: string,
    dependency: string,
    kind: DependencyKind,
    system: string,
    operation: string,
  ): CallRow | undefined {
    return this.lookUp(rowKind, service, instance, endpoint, dependency, kind, system, operation);
  }

  /**
   * The dependency row of a call, as {@link resolve} gives it, found
   * through nested maps of the names (no key string) once it exists.
   */
  dependencyRow(
    service: string,
    instance: string,
    dependency: string,
    kind: DependencyKind,
    system: string,
    operation: string,
  ): CallRow {
    const found = this.fast.get(service)?.get(instance)?.get(dependency)?.get(operation);
    if (found !== undefined && this.byIndex[found.index] === found) {
      this.lastFolded = false;
      return found;
    }
    const row = this.lookUp(
      CallRowKind.Dependency,
      service,
      instance,
      '',
      dependency,
      kind,
      system,
      operation,
    ) as CallRow;
    // Only rows kept apart: a folded call looks its names up again, and is counted again.
    if (!this.lastFolded) {
      mapOf(mapOf(mapOf(this.fast, service), instance), dependency).set(operation, row);
    }
    return row;
  }

  /** The share row of an endpoint of `source` in the calls of dependency row `of`, as {@link resolve} gives it. */
  shareRow(of: CallRow, service: string, instance: string, endpoint: string): CallRow {
    const own = of.service === service && of.instance === instance;
    const found = own ? this.shares.get(of)?.get(endpoint) : undefined;
    if (found !== undefined && this.byIndex[found.index] === found) {
      this.lastFolded = false;
      return found;
    }
    const row = this.lookUp(
      CallRowKind.EndpointShare,
      service,
      instance,
      endpoint,
      of.dependency,
      of.kind,
      of.system,
      of.operation,
    ) as CallRow;
    if (own && !this.lastFolded) {
      let byEndpoint = this.shares.get(of);
      if (byEndpoint === undefined) {
        byEndpoint = new Map();
        this.shares.set(of, byEndpoint);
      }
      byEndpoint.set(endpoint, row);
    }
    return row;
  }

  private lookUp(
    rowKind: CallRowKind,
    service: string,
    instance: string,
    endpoint: string,
    dependency: string,
    kind: DependencyKind,
    system: string,
    operation: string,
  ): CallRow | undefined {
    this.lastFolded = false;
    const key = `${rowKind}\u0000${service}\u0000${instance}\u0000${endpoint}\u0000${dependency}\u0000${operation}`;
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    const { dependencyLimit, operationLimit, rowLimit, nPlusOneLimit } = this.limits;
    if (rowKind === CallRowKind.NPlusOne) {
      if (this.findings >= nPlusOneLimit) {
        this.lastFolded = true;
        return undefined;
      }
      this.findings++;
      return this.make(
        key,
        rowKind,
        service,
        instance,
        endpoint,
        dependency,
        kind,
        system,
        operation,
        false,
      );
    }
    if (this.regular >= rowLimit) return this.other(rowKind, service, instance, endpoint);
    if (rowKind === CallRowKind.Dependency) {
      const source = `${service}\u0000${instance}`;
      let ops = this.operations.get(source);
      if (ops === undefined) {
        ops = new Map();
        this.operations.set(source, ops);
      }
      const held = ops.get(dependency);
      if (held === undefined && ops.size >= dependencyLimit) {
        return this.other(rowKind, service, instance, endpoint);
      }
      if (held !== undefined && held >= operationLimit) {
        return this.foldOperation(rowKind, service, instance, endpoint, dependency, kind, system);
      }
      ops.set(dependency, (held ?? 0) + 1);
    }
    this.regular++;
    return this.make(
      key,
      rowKind,
      service,
      instance,
      endpoint,
      dependency,
      kind,
      system,
      operation,
      false,
    );
  }

  /**
   * Takes a saved row back as it was (an `other` row stays one), counted
   * against the limits as when it was made; an N+1 row past its limit is
   * not kept (undefined).
   */
  restoreRow(
    rowKind: CallRowKind,
    service: string,
    instance: string,
    endpoint: string,
    dependency: string,
    kind: DependencyKind,
    system: string,
    operation: string,
    other: boolean,
  ): CallRow | undefined {
    if (other) return this.otherRow(rowKind, service, instance, endpoint, dependency, kind, system);
    return this.resolve(rowKind, service, instance, endpoint, dependency, kind, system, operation);
  }

  /** Forgets every row that no bucket from `oldest` on holds. */
  forgetOlderThan(oldest: number): void {
    for (const [key, row] of this.byKey) {
      if (row.lastBucketStart >= oldest) continue;
      this.byKey.delete(key);
      this.byIndex[row.index] = undefined;
      this.freeIndexes.push(row.index);
      if (row.rowKind === CallRowKind.NPlusOne) this.findings--;
      else if (!row.other) this.regular--;
      if (row.rowKind === CallRowKind.Dependency) {
        const ops = this.fast.get(row.service)?.get(row.instance)?.get(row.dependency);
        if (ops?.get(row.operation) === row) ops.delete(row.operation);
      }
      if (row.rowKind === CallRowKind.Dependency && !row.other) {
        const source = `${row.service}\u0000${row.instance}`;
        const ops = this.operations.get(source);
        const held = ops?.get(row.dependency);
        if (ops === undefined || held === undefined) continue;
        if (held > 1) ops.set(row.dependency, held - 1);
        else ops.delete(row.dependency);
        if (ops.size === 0) this.operations.delete(source);
      }
    }
  }

  /** Drops every row. */
  clear(): void {
    this.fast.clear();
    this.shares = new WeakMap();
    this.byKey.clear();
    this.byIndex.length = 0;
    this.freeIndexes.length = 0;
    this.operations.clear();
    this.regular = 0;
    this.findings = 0;
  }

  /** The source's (and, for shares, the endpoint's) `other` row of this kind. */
  private other(
    rowKind: CallRowKind,
    service: string,
    instance: string,
    endpoint: string,
  ): CallRow {
    const folded = this.otherRow(
      rowKind,
      service,
      instance,
      rowKind === CallRowKind.EndpointShare ? OTHER_CALL_ROW : endpoint,
      OTHER_CALL_ROW,
      'other',
      OTHER_CALL_ROW,
    );
    this.lastFolded = true;
    return folded;
  }

  /** The dependency's `other` operation row. */
  private foldOperation(
    rowKind: CallRowKind,
    service: string,
    instance: string,
    endpoint: string,
    dependency: string,
    kind: DependencyKind,
    system: string,
  ): CallRow {
    const folded = this.otherRow(rowKind, service, instance, endpoint, dependency, kind, system);
    this.lastFolded = true;
    return folded;
  }

  private otherRow(
    rowKind: CallRowKind,
    service: string,
    instance: string,
    endpoint: string,
    dependency: string,
    kind: DependencyKind,
    system: string,
  ): CallRow {
    const key = `${rowKind}\u0000${service}\u0000${instance}\u0000${endpoint}\u0000${dependency}\u0000\u0001${OTHER_CALL_ROW}`;
    return (
      this.byKey.get(key) ??
      this.make(
        key,
        rowKind,
        service,
        instance,
        endpoint,
        dependency,
        kind,
        system,
        OTHER_CALL_ROW,
        true,
      )
    );
  }

  private make(
    key: string,
    rowKind: CallRowKind,
    service: string,
    instance: string,
    endpoint: string,
    dependency: string,
    kind: DependencyKind,
    system: string,
    operation: string,
    other: boolean,
  ): CallRow {
    const index = this.freeIndexes.pop() ?? this.byIndex.length;
    const row: CallRow = {
      index,
      rowKind,
      service,
      instance,
      endpoint,
      dependency,
      kind,
      system,
      operation,
      other,
      lastBucketStart: Number.NEGATIVE_INFINITY,
      traceId: '',
    };
    this.byIndex[index] = row;
    this.byKey.set(key, row);
    return row;
  }
}

/** The map under `key` of `outer`, made when absent. */
function mapOf<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
