import { randomBytes } from 'node:crypto';
import { waitFor } from '../childService.js';
import type { OtlpCollectorDouble } from '../OtlpCollectorDouble.js';
import { SPAN_KIND_SERVER } from '../OtlpCollectorDouble.js';
import { delayOf, errorTypeOf, FLEET_ROUTES, type FleetRoute } from './fleetRoutes.js';
import type { Fleet, FleetMember } from './startFleet.js';

/** One request the clients sent, and what they know of it. */
export interface FleetRequest {
  readonly member: FleetMember;
  readonly route: FleetRoute;
  /** The status the client got (checked against the route's). */
  readonly status: number;
  /** The process that served it, `host:pid`, from its `x-instance` header (none for an unmatched 404). */
  readonly servedBy: string | undefined;
  /** The trace the client started, which the server span joins. */
  readonly traceId: string;
  /** Body bytes the client read. */
  readonly bytes: number;
  /** The server span's duration in ms, as the collector received it. */
  durationMs: number;
}

/** Runs `jobs` at most `concurrency` at a time. */
async function pooled(jobs: readonly (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) await (jobs[i] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function send(member: FleetMember, route: FleetRoute, k: number): Promise<FleetRequest> {
  const traceId = randomBytes(16).toString('hex');
  const sep = route.path.includes('?') ? '&' : '?';
  const res = await fetch(`${member.url}${route.path}${sep}ms=${delayOf(k, route.times)}`, {
    method: route.method,
    headers: {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      ...(route.method === 'POST' || route.method === 'PUT'
        ? { 'content-type': 'application/json' }
        : {}),
    },
    ...(route.method === 'POST' || route.method === 'PUT' ? { body: '{"name":"n"}' } : {}),
  });
  const body = await res.arrayBuffer();
  return {
    member,
    route,
    status: res.status,
    servedBy: res.headers.get('x-instance') ?? undefined,
    traceId,
    bytes: body.byteLength,
    durationMs: Number.NaN,
  };
}

/**
 * Sends the known traffic of fleetRoutes.ts to every member, interleaved,
 * 24 at a time; then waits until the collector holds the server span of
 * every request and fills in each one's exact duration. Throws when a
 * status differs from the table's.
 */
export async function sendFleetTraffic(fleet: Fleet): Promise<FleetRequest[]> {
  const jobs: (() => Promise<void>)[] = [];
  const sent: FleetRequest[] = [];
  const routes = fleet.members.flatMap((member) =>
    FLEET_ROUTES[member.name].map((route) => ({ member, route })),
  );
  const most = Math.max(...routes.map((r) => r.route.times));
  // Interleaved: request k of every route before request k + 1 of any.
  for (let k = 0; k < most; k++) {
    for (const { member, route } of routes) {
      if (k >= route.times) continue;
      jobs.push(async () => {
        sent.push(await send(member, route, k));
      });
    }
  }
  await pooled(jobs, 24);
  const wrong = sent.filter((r) => r.status !== r.route.status);
  if (wrong.length > 0) {
    const r = wrong[0] as FleetRequest;
    throw new Error(
      `${wrong.length} requests got another status, e.g. ${r.route.method} ${r.route.path} on ${r.member.name}: ${r.status}, not ${r.route.status}`,
    );
  }
  await fillDurations(fleet.collector, sent);
  return sent;
}

/** Waits for the server span of each request at the collector, and takes its duration. */
async function fillDurations(
  collector: OtlpCollectorDouble,
  sent: readonly FleetRequest[],
): Promise<void> {
  const byTrace = new Map(sent.map((r) => [r.traceId, r]));
  let found = 0;
  let seen = 0;
  await waitFor(
    `the server spans of ${sent.length} requests at the collector`,
    async () => {
      for (; seen < collector.spans.length; seen++) {
        const span = collector.spans[seen];
        if (span === undefined || span.kind !== SPAN_KIND_SERVER) continue;
        const request = byTrace.get(span.traceId);
        if (request === undefined || !Number.isNaN(request.durationMs)) continue;
        request.durationMs = span.durationMs;
        found++;
      }
      return found === sent.length ? true : undefined;
    },
    30_000,
    100,
  );
}

/** Counts of requests by a key, as the dashboard's `by_*` objects give them. */
export function countBy(
  requests: readonly FleetRequest[],
  key: (r: FleetRequest) => string | undefined,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const k = key(r);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** What `/dashboard/requests` and `/dashboard/errors` must say of `requests`. */
export interface ExpectedCounts {
  readonly total: number;
  readonly by_endpoint: Record<string, number>;
  readonly by_status: Record<string, number>;
  readonly by_method: Record<string, number>;
  readonly errors_by_type: Record<string, number>;
}

/** The exact counts of `requests`, by endpoint, status, method and error type. */
export function expectedCounts(requests: readonly FleetRequest[]): ExpectedCounts {
  return {
    total: requests.length,
    by_endpoint: countBy(requests, (r) => r.route.template),
    by_status: countBy(requests, (r) => String(r.status)),
    by_method: countBy(requests, (r) => r.route.method),
    errors_by_type: countBy(requests, (r) => errorTypeOf(r.route)),
  };
}

/** The exact `q` percentile of some requests' durations, in ms, by both rank conventions. */
export interface ExactPercentile {
  /** Rank ⌈q·n⌉ (1-based): where Prometheus' `histogram_quantile` looks. */
  readonly low: number;
  /** The original design's nearest rank, `sorted[min(⌊n·q⌋, n−1)]`: the dashboard's. */
  readonly high: number;
}

/**
 * The exact `q` percentile of the requests' durations (the server spans'),
 * by both rank conventions in use. They differ only when q·n is a whole
 * number, by one request; the fleet's route counts are chosen so that it is
 * not (but for the 50 streamed downloads' p50), so both are the same value.
 */
export function exactPercentile(requests: readonly FleetRequest[], q: number): ExactPercentile {
  const sorted = requests.map((r) => r.durationMs).sort((a, b) => a - b);
  const n = sorted.length;
  const at = (i: number) => sorted[Math.max(0, Math.min(i, n - 1))] ?? Number.NaN;
  return { low: at(Math.ceil(q * n) - 1), high: at(Math.floor(q * n)) };
}

/** How far `got` is from the exact percentile, relative: 0 between its two conventions. */
export function relativeError(got: number, exact: ExactPercentile): number {
  if (got < exact.low) return (exact.low - got) / exact.low;
  if (got > exact.high) return (got - exact.high) / exact.high;
  return 0;
}
