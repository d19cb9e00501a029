import { BadRequestError } from '../http/httpErrors.js';
import { JsonAnswer } from './DashboardRoute.js';
import { traceQuery } from './queries/traceQuery.js';
import type { RouteInput } from './RouteInput.js';

const TRACE_ID = /^[0-9a-f]{32}$/;
const INVALID_TRACE_ID = '0'.repeat(32);

/**
 * `GET /traces/<traceId>`: the held trace; 400 for an id that is not 32 hex
 * digits (or all zero); a JSON 404 naming the ring's limits and where else
 * the trace may be when it is no longer held.
 */
export function traceAnswer(input: RouteInput): unknown {
  const deps = input.drillDown();
  const id = input.param.toLowerCase();
  if (!TRACE_ID.test(id) || id === INVALID_TRACE_ID) {
    throw new BadRequestError(
      `a trace id is 32 hex digits, not all zero, got: ${JSON.stringify(id.slice(0, 64))}`,
    );
  }
  const live = input.live();
  const trace = live.traces.get(id);
  if (trace !== undefined) return traceQuery(trace, deps.fallbackInstance);
  const stats = live.traces.stats();
  const where =
    deps.otlpTracesEndpoint === undefined
      ? 'OTLP export is off (OTEL_TRACES_EXPORTER has no otlp), so it is nowhere else'
      : `look in the tracing backend behind ${deps.otlpTracesEndpoint}`;
  return new JsonAnswer(404, {
    error: `trace ${id} is not held: the dashboard keeps the spans of the newest ${stats.trace_limit} traces (${stats.span_limit} spans in all) of this process; ${where}`,
    trace_id: id,
    otlp_endpoint: deps.otlpTracesEndpoint ?? null,
    limits: stats,
  });
}
