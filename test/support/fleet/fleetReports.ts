import { expect } from 'chai';
import type { ErrorsReport } from '../../../src/dashboard/queries/errorsQuery.js';
import type { LatencyReport } from '../../../src/dashboard/queries/latencyQuery.js';
import type { RequestsReport } from '../../../src/dashboard/queries/requestsQuery.js';
import { waitFor } from '../childService.js';
import { type ExpectedCounts, expectedCounts, type FleetRequest } from './fleetTraffic.js';
import type { Fleet } from './startFleet.js';

/** The window every fleet query asks for: the whole test's traffic. */
export const FLEET_PERIOD = '15m';

/** One instance of the fleet as the clients know it: its requests and the ids it may go by. */
export interface FleetInstance {
  /** `shop`, `items worker vm:1234`: for messages. */
  readonly label: string;
  readonly requests: readonly FleetRequest[];
  /**
   * The ids an engine-backed answer may name it by: its scrape target
   * (`instance` label) and its `host:pid` for a single process; the
   * worker's `service_instance_id` (`host:pid`) in a cluster.
   */
  readonly candidates: readonly string[];
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** The fleet's instances: each single process, and each worker of the cluster. */
export function fleetInstances(fleet: Fleet, sent: readonly FleetRequest[]): FleetInstance[] {
  const out: FleetInstance[] = [];
  for (const member of fleet.members) {
    const mine = sent.filter((r) => r.member === member);
    if (member.workers === 0) {
      const pids = [...new Set(mine.map((r) => r.servedBy).filter((s) => s !== undefined))];
      out.push({ label: member.name, requests: mine, candidates: [member.target, ...pids] });
      continue;
    }
    for (const worker of new Set(mine.map((r) => r.servedBy))) {
      if (worker === undefined) continue;
      out.push({
        label: `${member.name} worker ${worker}`,
        requests: mine.filter((r) => r.servedBy === worker),
        candidates: [worker],
      });
    }
  }
  return out;
}

/** The counts an answer gives, in the shape of {@link ExpectedCounts}, over `query` (`&instance=…`). */
export async function countsAt(base: string, query = ''): Promise<ExpectedCounts> {
  const [r, e] = await Promise.all([
    getJson<RequestsReport>(`${base}/dashboard/requests?period=${FLEET_PERIOD}${query}`),
    getJson<ErrorsReport>(`${base}/dashboard/errors?period=${FLEET_PERIOD}${query}`),
  ]);
  return {
    total: r.total,
    by_endpoint: r.by_endpoint,
    by_status: r.by_status,
    by_method: r.by_method,
    errors_by_type: e.by_type,
  };
}

/** Expects the answer at `base` over `query` to count `requests` exactly. */
export async function expectExactCounts(
  base: string,
  requests: readonly FleetRequest[],
  query = '',
  label = 'the fleet',
): Promise<void> {
  const got = await countsAt(base, query);
  const want = expectedCounts(requests);
  expect(got.total, `${label}: total`).to.equal(want.total);
  expect(got.by_endpoint, `${label}: by_endpoint`).to.deep.equal(want.by_endpoint);
  expect(got.by_status, `${label}: by_status`).to.deep.equal(want.by_status);
  expect(got.by_method, `${label}: by_method`).to.deep.equal(want.by_method);
  expect(got.errors_by_type, `${label}: errors.by_type`).to.deep.equal(want.errors_by_type);
}

/**
 * The `instance=` value under which the answer at `base` counts
 * `instance`: the one of its candidates with requests. Fails when none or
 * several have any.
 */
export async function instanceFilterOf(base: string, instance: FleetInstance): Promise<string> {
  const found: string[] = [];
  for (const candidate of instance.candidates) {
    const r = await getJson<RequestsReport>(
      `${base}/dashboard/requests?period=${FLEET_PERIOD}&instance=${encodeURIComponent(candidate)}`,
    );
    if (r.total > 0) found.push(candidate);
  }
  expect(
    found,
    `${instance.label}: the instance ids among ${instance.candidates.join(', ')} with requests`,
  ).to.have.length(1);
  return found[0] as string;
}

/** The latency answer at `base` over the fleet's period. */
export function latencyAt(base: string): Promise<LatencyReport> {
  return getJson<LatencyReport>(`${base}/dashboard/latency?period=${FLEET_PERIOD}`);
}

/**
 * Waits until each member's own dashboard counts what it was sent (a
 * cluster's primary: once its workers have forwarded), so the next scrape
 * of its `/metrics` holds every request.
 */
export async function waitForOwnDashboards(
  fleet: Fleet,
  sent: readonly FleetRequest[],
): Promise<void> {
  for (const member of fleet.members) {
    const want = sent.filter((r) => r.member === member).length;
    await waitFor(
      `${member.name}'s own dashboard to count ${want} requests`,
      async () => {
        const r = await getJson<RequestsReport>(
          `${member.dashboardUrl}/requests?period=${FLEET_PERIOD}`,
        );
        return r.total === want ? true : undefined;
      },
      30_000,
      100,
    );
  }
}
