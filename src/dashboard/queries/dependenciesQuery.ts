import type { CallTarget } from '../../store/dependencies/CallBucket.js';
import type { DependencyKind } from '../../store/dependencies/CallRecord.js';
import { type CallRow, CallRowKind } from '../../store/dependencies/CallRow.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { LiveRollup } from '../../store/sketch/LiveRollup.js';
import { SketchAccumulator } from '../../store/sketch/SketchAccumulator.js';
import { endpointRows } from './endpointRows.js';
import { SUMMARY_QUANTILES } from './LatencySummary.js';
import { isoTime, round2 } from './numbers.js';

/** Latency of calls, in milliseconds. */
export interface CallLatency {
  p50: number;
  p95: number;
  p99: number;
  avg: number;
  max: number;
}

/** One operation of a dependency over the window. */
export interface DependencyOperationReport {
  operation: string;
  calls: number;
  errors: number;
  latency_ms: CallLatency;
}

/** One dependency over the window. */
export interface DependencyReport {
  dependency: string;
  kind: DependencyKind;
  system: string;
  calls: number;
  errors: number;
  error_rate: number;
  latency_ms: CallLatency;
  /** Busiest first. */
  operations: DependencyOperationReport[];
}

/** One dependency of an endpoint: the calls its requests made there. */
export interface EndpointDependencyReport {
  dependency: string;
  calls: number;
  calls_per_request: number;
  /** The calls' summed durations. */
  time_ms: number;
  /** `time_ms` over the endpoint's requests' summed durations; above 1 with parallel calls. */
  time_share: number;
}

/** Where one endpoint's requests spent time outside the process. */
export interface EndpointDependenciesReport {
  endpoint: string;
  requests: number;
  /** Most time first. */
  dependencies: EndpointDependencyReport[];
}

/** Requests of an endpoint that made many calls of one statement. */
export interface NPlusOneReport {
  endpoint: string;
  dependency: string;
  /** The normalised statement (literals masked), or the HTTP method for an HTTP dependency. */
  statement: string;
  /** Requests of the window that made at least the threshold's calls of it. */
  requests: number;
  max_calls_per_request: number;
  /** The newest such request's trace. */
  trace_id: string;
}

/** The `/dashboard/dependencies` answer. */
export interface DependenciesReport {
  period: string;
  since: string;
  /** The endpoint asked for, or null for all. */
  endpoint: string | null;
  total_calls: number;
  errors: number;
  /** Busiest first. */
  dependencies: DependencyReport[];
  endpoints: EndpointDependenciesReport[];
  /**
   * Where `endpoints` (and, with an endpoint, `dependencies`) start: `since`,
   * or for a window longer than the shares' minutes (2 h) its first whole
   * hour, the endpoints' requests read over the same span.
   */
  endpoints_since: string;
  /** Calls of one statement per request from which a request is flagged. */
  n_plus_one_threshold: number;
  n_plus_one: NPlusOneReport[];
  /** Calls of the window with no SERVER span of ours in their trace (every source). */
  unattributed_calls: number;
  /** Calls of the window a limit folded into `other`, and calls the join had no room for (every source). */
  dropped: { folded_calls: number; unjoined_calls: number };
}

/** A dependency's operations while the buckets are read. */
interface DependencyGroup {
  readonly row: CallRow;
  readonly operations: Map<string, CallTarget>;
}

/** An endpoint × dependency (or N+1 finding) while the buckets are read. */
interface Keyed {
  readonly row: CallRow;
  readonly target: CallTarget;
  traceId: string;
}

const newTarget = (): CallTarget => ({ latency: new LiveRollup(), errors: 0 });

/**
 * Outgoing calls over the window, of the sources `filter` passes: per
 * dependency and operation (calls, errors, latency), per endpoint where its
 * requests spent time (calls per request, summed time, share of the
 * endpoint's time), and the requests flagged as N+1. With `endpoint`, only
 * the calls that endpoint's requests made.
 */
export function dependenciesQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  filter: SourceFilter = ALL_SOURCES,
  endpoint?: string,
): DependenciesReport {
  const view = store.window(periodMs);
  const groups = new Map<string, DependencyGroup>();
  const shares = new Map<string, Keyed>();
  const findings = new Map<string, Keyed>();
  // Asked once per row a query meets: the buckets repeat the same rows.
  // By row index (dense, from 0): an array look-up per row of each bucket, not a hash.
  const targets: (CallTarget | null | undefined)[] = [];
  const targetOf = (row: CallRow): CallTarget | undefined => {
    let t = targets[row.index];
    if (t === undefined) {
      t = pick(row) ?? null;
      targets[row.index] = t;
    }
    return t ?? undefined;
  };
  const pick = (row: CallRow): CallTarget | undefined => {
    if (!matchesSource(filter, row)) return undefined;
    if (
      endpoint !== undefined &&
      row.rowKind !== CallRowKind.Dependency &&
      row.endpoint !== endpoint
    ) {
      return undefined;
    }
    if (row.rowKind === CallRowKind.NPlusOne) {
      return keyed(findings, `${row.endpoint}\u0000${row.dependency}\u0000${row.operation}`, row);
    }
    let share: CallTarget | undefined;
    if (row.rowKind === CallRowKind.EndpointShare) {
      share = keyed(shares, `${row.endpoint}\u0000${row.dependency}`, row, true);
      // With an endpoint, the dependencies are the calls its requests made.
      if (endpoint === undefined) return share;
    } else if (endpoint !== undefined) {
      return undefined;
    }
    let group = groups.get(row.dependency);
    if (group === undefined) {
      group = { row, operations: new Map() };
      groups.set(row.dependency, group);
    }
    let op = group.operations.get(row.operation);
    if (op === undefined) {
      op = newTarget();
      group.operations.set(row.operation, op);
    }
    // The share's errors are not shown; its calls and time are, and the operation gets both.
    return share === undefined
      ? op
      : { latency: share.latency, errors: 0, also: op, totalsOnly: true };
  };
  const losses = store.callsSince(view.sinceMs, targetOf);
  const q = new Float64Array(SUMMARY_QUANTILES.length);
  const sketch = new SketchAccumulator();
  const latencyOf = (roll: LiveRollup): CallLatency => {
    sketch.clear();
    sketch.addBins(
      roll.count,
      roll.sum,
      roll.min,
      roll.max,
      roll.bins,
      roll.lo,
      roll.minBin,
      roll.maxBin,
    );
    sketch.quantilesInto(SUMMARY_QUANTILES, q);
    const n = roll.count;
    return {
      p50: round2(q[0] as number),
      p95: round2(q[1] as number),
      p99: round2(q[2] as number),
      avg: n === 0 ? 0 : round2(roll.sum / n),
      max: n === 0 ? 0 : round2(roll.max),
    };
  };
  let totalCalls = 0;
  let totalErrors = 0;
  const dependencies: DependencyReport[] = [];
  for (const [dependency, group] of groups) {
    const all = newTarget();
    const operations: DependencyOperationReport[] = [];
    for (const [operation, t] of group.operations) {
      all.latency.merge(t.latency);
      all.errors += t.errors;
      operations.push({
        operation,
        calls: t.latency.count,
        errors: t.errors,
        latency_ms: latencyOf(t.latency),
      });
    }
    const calls = all.latency.count;
    totalCalls += calls;
    totalErrors += all.errors;
    dependencies.push({
      dependency,
      kind: group.row.kind,
      system: group.row.system,
      calls,
      errors: all.errors,
      error_rate: calls === 0 ? 0 : round4(all.errors / calls),
      latency_ms: latencyOf(all.latency),
      operations: operations.sort((a, b) => b.calls - a.calls),
    });
  }
  dependencies.sort((a, b) => b.calls - a.calls || a.dependency.localeCompare(b.dependency));
  return {
    period,
    since: isoTime(view.sinceMs),
    endpoint: endpoint ?? null,
    total_calls: totalCalls,
    errors: totalErrors,
    dependencies,
    endpoints: endpointReports(view, filter, shares, losses.sharesSinceMs),
    endpoints_since: isoTime(losses.sharesSinceMs),
    n_plus_one_threshold: store.nPlusOneCalls,
    n_plus_one: [...findings.values()]
      .map((f) => ({
        endpoint: f.row.endpoint,
        dependency: f.row.dependency,
        statement: f.row.operation,
        requests: f.target.latency.count,
        max_calls_per_request: f.target.latency.count === 0 ? 0 : f.target.latency.max,
        trace_id: f.traceId,
      }))
      .sort((a, b) => b.max_calls_per_request - a.max_calls_per_request || b.requests - a.requests),
    unattributed_calls: losses.unattributed,
    dropped: { folded_calls: losses.folded, unjoined_calls: losses.unjoined },
  };
}

/** Where an endpoint's time goes, per request: the `dependencies` field of `/dashboard/latency?endpoint=`. */
export interface EndpointTimeReport {
  dependency: string;
  calls_per_request: number;
  time_ms_per_request: number;
  time_share: number;
}

/** The calls per request and time per request of each dependency of `endpoint`'s requests over the window. */
export function endpointTimeOf(
  store: RequestStore,
  period: string,
  periodMs: number,
  filter: SourceFilter,
  endpoint: string,
): EndpointTimeReport[] {
  const found = dependenciesQuery(store, period, periodMs, filter, endpoint).endpoints[0];
  if (found === undefined) return [];
  return found.dependencies.map((d) => ({
    dependency: d.dependency,
    calls_per_request: d.calls_per_request,
    time_ms_per_request: found.requests === 0 ? 0 : round2(d.time_ms / found.requests),
    time_share: d.time_share,
  }));
}

/** Each endpoint's calls per dependency, with its requests' count and summed time from the endpoint rows. */
function endpointReports(
  view: ReturnType<RequestStore['window']>,
  filter: SourceFilter,
  shares: Map<string, Keyed>,
  sinceMs: number,
): EndpointDependenciesReport[] {
  const byEndpoint = new Map<string, Keyed[]>();
  for (const s of shares.values()) {
    const list = byEndpoint.get(s.row.endpoint);
    if (list === undefined) byEndpoint.set(s.row.endpoint, [s]);
    else list.push(s);
  }
  if (byEndpoint.size === 0) return [];
  const cover = view.cover();
  const rowsOf = endpointRows(
    sinceMs > view.sinceMs ? cover.filter((b) => b.start >= sinceMs) : cover,
    filter,
  );
  const merged = new SketchAccumulator();
  const out: EndpointDependenciesReport[] = [];
  for (const [endpoint, list] of byEndpoint) {
    merged.clear();
    for (const [bucket, row] of rowsOf.get(endpoint) ?? []) bucket.mergeEndpointInto(row, merged);
    const requests = merged.count;
    const requestTime = merged.sum;
    out.push({
      endpoint,
      requests,
      dependencies: list
        .map((s) => {
          const calls = s.target.latency.count;
          const time = s.target.latency.sum;
          return {
            dependency: s.row.dependency,
            calls,
            calls_per_request: requests === 0 ? 0 : round2(calls / requests),
            time_ms: round2(time),
            time_share: requestTime > 0 ? round4(time / requestTime) : 0,
          };
        })
        .sort((a, b) => b.time_ms - a.time_ms || b.calls - a.calls),
    });
  }
  return out.sort((a, b) => b.requests - a.requests || a.endpoint.localeCompare(b.endpoint));
}

/**
 * The target under `key` in `map`, made for `row` when new (`totalsOnly`:
 * an endpoint share, whose count and sum are all it shows); remembers the
 * newest trace an N+1 row names.
 */
function keyed(map: Map<string, Keyed>, key: string, row: CallRow, totalsOnly = false): CallTarget {
  let k = map.get(key);
  if (k === undefined) {
    const target = totalsOnly ? { ...newTarget(), totalsOnly } : newTarget();
    k = { row, target, traceId: row.traceId };
    map.set(key, k);
  } else if (row.traceId !== '' && k.traceId === '') {
    k.traceId = row.traceId;
  }
  return k.target;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
