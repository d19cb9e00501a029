import { NotFoundError } from '../http/httpErrors.js';
import { matchesSource, type SourceFilter } from '../store/SourceFilter.js';
import type { Period } from './parsePeriod.js';
import { parseSlowCallsParams } from './parseSlowCallsParams.js';
import { pinListedTraces } from './pinListedTraces.js';
import {
  type SlowCallReport,
  type SlowCallsReport,
  slowCallsQuery,
} from './queries/slowCallsQuery.js';
import type { RouteInput } from './RouteInput.js';

/**
 * `/dependencies/slowest`: `dependency`, `operation` and `limit` (400 when
 * bad), a 404 for a dependency the store holds no call of (for the sources
 * asked for), then the store; the listed traces are pinned, and each call
 * says whether its trace is held (`trace_held`).
 */
export function slowCallsAnswer(
  p: Period,
  filter: SourceFilter,
  r: RouteInput,
): SlowCallsReport & { calls: (SlowCallReport & { trace_held: boolean })[] } {
  const ask = parseSlowCallsParams(r.query);
  const store = r.store();
  const accept = (source: { service: string; instance: string }) => matchesSource(filter, source);
  if (ask.dependency !== undefined && !store.slowCalls.has(accept, ask.dependency)) {
    throw new NotFoundError(
      `no call to dependency ${JSON.stringify(ask.dependency)} is held; /dashboard/dependencies lists the known ones`,
    );
  }
  const report = slowCallsQuery(store, p.text, p.ms, ask, filter);
  const held = pinListedTraces(
    r,
    report.calls.map((c) => c.trace_id),
  );
  return { ...report, calls: report.calls.map((c) => ({ ...c, trace_held: held(c.trace_id) })) };
}
