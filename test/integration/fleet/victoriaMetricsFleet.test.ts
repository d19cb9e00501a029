import { expect } from 'chai';
import { SERVER_DURATION_BOUNDARIES } from '../../../src/telemetry/http/ServerDurationHistogram.js';
import { type ChildService, startPromqlServe } from '../../support/childService.js';
import {
  expectExactCounts,
  FLEET_PERIOD,
  fleetInstances,
  instanceFilterOf,
  latencyAt,
  waitForOwnDashboards,
} from '../../support/fleet/fleetReports.js';
import { STREAM_ROUTE } from '../../support/fleet/fleetRoutes.js';
import {
  exactPercentile,
  expectedCounts,
  type FleetRequest,
  sendFleetTraffic,
} from '../../support/fleet/fleetTraffic.js';
import { type Fleet, startFleet } from '../../support/fleet/startFleet.js';
import { parsePrometheusText } from '../../support/prometheusText.js';
import { VictoriaMetricsServer } from '../../support/VictoriaMetricsServer.js';

/**
 * Issue 21's acceptance on a second Prometheus-compatible engine:
 * VictoriaMetrics (Debian's, single node) scrapes the same fleet, in the
 * text format, so classic buckets only. Through `golden-signals serve
 * --prometheus`, the counts must still be the clients' exactly; a
 * percentile can only be placed within its bucket, so it must fall in the
 * classic bucket that holds the exact value.
 */

const PERCENTILES = [
  ['p50_ms', 0.5],
  ['p95_ms', 0.95],
  ['p99_ms', 0.99],
] as const;

/** The classic bucket (lower, upper] in ms that holds `ms`, from the bounds `/metrics` serves. */
function bucketOf(bounds: readonly number[], ms: number): [number, number] {
  const i = bounds.findIndex((upper) => ms <= upper);
  return [
    i > 0 ? (bounds[i - 1] as number) : 0,
    i < 0 ? Number.POSITIVE_INFINITY : (bounds[i] as number),
  ];
}

describe('a fleet on VictoriaMetrics (classic buckets), through golden-signals serve --prometheus', function () {
  this.timeout(180_000);
  let fleet: Fleet;
  let vm: VictoriaMetricsServer;
  let serve: ChildService | undefined;
  let serveFailure: unknown;
  let sent: FleetRequest[];
  /** The classic bucket bounds in ms, as the apps' text `/metrics` serves them. */
  let bounds: number[];
  const served = (): string => {
    if (serve === undefined) throw serveFailure;
    return serve.url;
  };

  before(async () => {
    fleet = await startFleet();
    vm = await VictoriaMetricsServer.start(fleet.targets);
    await vm.waitForScrapes(0, 1);
    sent = await sendFleetTraffic(fleet);
    await waitForOwnDashboards(fleet, sent);
    await vm.waitForScrapes(Date.now(), 2);
    await vm.flush();
    const text = await (await fetch(`http://${fleet.member('shop').target}/metrics`)).text();
    bounds = [
      ...new Set(
        parsePrometheusText(text)
          .filter((s) => s.name === 'http_server_request_duration_bucket')
          .map((s) =>
            s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le) * 1000,
          ),
      ),
    ].sort((a, b) => a - b);
    serve = await startPromqlServe(vm.url).catch((err: unknown) => {
      serveFailure = err;
      return undefined;
    });
  });

  after(async function () {
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
    if (failed) {
      console.log(`      fleet output:\n${fleet?.output()}`);
      console.log(`      serve output:\n${serve?.output().slice(-3000)}`);
      console.log(`      victoria-metrics output:\n${vm?.log().slice(-3000)}`);
    }
    await serve?.stop();
    await vm?.stop();
    await fleet?.stop();
  });

  it('serves the apps’ classic buckets, the bounds the percentiles are checked against', () => {
    expect(bounds).to.deep.equal([
      ...SERVER_DURATION_BOUNDARIES.map((s) => s * 1000),
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('holds every request the apps served, under its route (the engine alone)', async () => {
    const counts = await vm.query('sum by (fleet_app) (http_server_request_duration_count)');
    const byApp = Object.fromEntries(counts.map((s) => [s.metric.fleet_app, s.value]));
    expect(byApp).to.deep.equal(
      Object.fromEntries(
        fleet.members.map((m) => [m.name, sent.filter((r) => r.member === m).length]),
      ),
    );
    const [streamed] = await vm.query(
      `sum(http_server_request_duration_count{http_route="${STREAM_ROUTE}"})`,
    );
    expect(streamed?.value).to.equal(50);
  });

  it('counts exactly what the clients sent, summed over the fleet', async () => {
    await expectExactCounts(served(), sent);
  });

  it('counts exactly what the clients sent, per instance (?instance=), each worker apart', async () => {
    const instances = fleetInstances(fleet, sent);
    expect(instances).to.have.length(5);
    for (const instance of instances) {
      const id = await instanceFilterOf(served(), instance);
      await expectExactCounts(
        served(),
        instance.requests,
        `&instance=${encodeURIComponent(id)}`,
        instance.label,
      );
    }
  });

  it('puts p50, p95 and p99, overall and per endpoint, in the classic bucket that holds the exact value', async () => {
    const latency = await latencyAt(served());
    const endpoints = Object.keys(expectedCounts(sent).by_endpoint);
    expect(Object.keys(latency.by_endpoint)).to.have.members(endpoints);
    const check = (label: string, requests: readonly FleetRequest[], got: number, q: number) => {
      const exact = exactPercentile(requests, q);
      const holding = [bucketOf(bounds, exact.low), bucketOf(bounds, exact.high)];
      expect(holding, `${label}: ${got} ms against ${JSON.stringify(exact)}`).to.deep.include(
        bucketOf(bounds, got),
      );
    };
    for (const [field, q] of PERCENTILES) {
      check(`overall ${field}`, sent, latency.overall[field], q);
      for (const endpoint of endpoints) {
        check(
          `${endpoint} ${field}`,
          sent.filter((r) => r.route.template === endpoint),
          latency.by_endpoint[endpoint]?.[field] ?? Number.NaN,
          q,
        );
      }
    }
  });

  it(`shows the 50 streamed downloads under ${STREAM_ROUTE} as the files app’s own dashboard does`, async () => {
    const files = fleetInstances(fleet, sent).find((i) => i.label === 'files');
    if (files === undefined) throw new Error('no files instance');
    const id = await instanceFilterOf(served(), files);
    const engine = (await (
      await fetch(
        `${served()}/dashboard/requests?period=${FLEET_PERIOD}&instance=${encodeURIComponent(id)}`,
      )
    ).json()) as { by_endpoint: Record<string, number> };
    const own = (await (
      await fetch(`${fleet.member('files').dashboardUrl}/requests?period=${FLEET_PERIOD}`)
    ).json()) as { by_endpoint: Record<string, number> };
    expect(engine.by_endpoint[STREAM_ROUTE]).to.equal(50);
    expect(own.by_endpoint[STREAM_ROUTE]).to.equal(50);
  });
});
