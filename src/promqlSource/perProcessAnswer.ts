/** What a route over an engine says instead of what only single requests can tell. */
export interface PerProcessReport {
  per_process: true;
  /** Why the engine cannot answer it. */
  reason: string;
  /** Where the answer is. */
  where: string;
  /** Trace ids the engine holds as exemplars of the window (of the endpoint asked), newest first, when it has some. */
  exemplar_trace_ids: string[];
}

/** Where single requests are: each instance's own dashboard. */
export const PER_PROCESS_WHERE =
  "each instance's own dashboard (its GOLDEN_SIGNALS_PORT, 9469 by default, or where the app mounts it: /dashboard/…), or the trace backend its spans go to";

/** Why each per-process route is so, by path. */
export const PER_PROCESS_REASONS: Readonly<Record<string, string>> = Object.freeze({
  '/slowest':
    'the slowest requests are single requests, which only the process that served them holds; a metrics engine keeps counts and histograms',
  '/inflight':
    'requests in flight are live in each process; a metrics engine sees only their count at each scrape',
  '/traces': 'traces are held in each process (or in a trace backend), not in a metrics engine',
  '/traces/:id': 'traces are held in each process (or in a trace backend), not in a metrics engine',
  recent:
    'recent error messages and error groups come from single requests, which only the process that served them holds',
  exemplars:
    'exemplars are single requests, which only the process that served them holds; the percentiles come from the engine',
});

/** The per-process answer of `what` (a path, or a part of an answer), with the engine's exemplars' trace ids. */
export function perProcessReport(what: string, exemplarTraceIds: string[] = []): PerProcessReport {
  return {
    per_process: true,
    reason: PER_PROCESS_REASONS[what] ?? 'single requests stay in each process',
    where: PER_PROCESS_WHERE,
    exemplar_trace_ids: exemplarTraceIds,
  };
}
