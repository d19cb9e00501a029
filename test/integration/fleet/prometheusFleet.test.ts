import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { RequestsReport } from '../../../src/dashboard/queries/requestsQuery.js';
import { formatCount } from '../../../web/format.js';
import { type ChildService, startPromqlServe } from '../../support/childService.js';
import { launchChromium } from '../../support/chromium.js';
import { CHARTS, openPage, seriesPixels, settled, tableRows } from '../../support/dashboardPage.js';
import {
  expectExactCounts,
  FLEET_PERIOD,
  fleetInstances,
  instanceFilterOf,
  latencyAt,
  waitForOwnDashboards,
} from '../../support/fleet/fleetReports.js';
import { STREAM_BYTES, STREAM_ROUTE } from '../../support/fleet/fleetRoutes.js';
import {
  exactPercentile,
  expectedCounts,
  type FleetRequest,
  relativeError,
  sendFleetTraffic,
} from '../../support/fleet/fleetTraffic.js';
import {
  PER_PROCESS_PANELS,
  PER_PROCESS_WORDS,
  panelState,
} from '../../support/fleet/pagePanels.js';
import { type Fleet, startFleet } from '../../support/fleet/startFleet.js';
import { PrometheusServer } from '../../support/PrometheusServer.js';
import { promtoolCheck } from '../../support/promtool.js';

/**
 * Issue 21's acceptance, on Prometheus 2.42 with native histograms: real
 * Prometheus scrapes three single-process apps and a two-worker cluster
 * (test/support/fleet/), and `golden-signals serve --prometheus` answers
 * the dashboard's JSON from it. Its counts must be the clients' exactly,
 * per instance and summed; its percentiles within 2% of the exact
 * durations of the same server spans (received over OTLP).
 */

const PERCENTILES = [
  ['p50_ms', 0.5],
  ['p95_ms', 0.95],
  ['p99_ms', 0.99],
] as const;

/** Issue 21: native histograms keep histogram_quantile within 2% of the exact value. */
const NATIVE_TOLERANCE = 0.02;

describe('a fleet on Prometheus 2.42 with native histograms, through golden-signals serve --prometheus', function () {
  this.timeout(180_000);
  let fleet: Fleet;
  let prometheus: PrometheusServer;
  let serve: ChildService | undefined;
  let serveFailure: unknown;
  let sent: FleetRequest[];
  /** The backend's origin; its start failure, for each test that needs it, when it did not start. */
  const served = (): string => {
    if (serve === undefined) throw serveFailure;
    return serve.url;
  };

  before(async () => {
    fleet = await startFleet();
    prometheus = await PrometheusServer.start(fleet.targets, ['native-histograms']);
    // Every target scraped once before any request: the series start inside the window, as in life.
    await prometheus.waitForScrapes(0, 1);
    sent = await sendFleetTraffic(fleet);
    await waitForOwnDashboards(fleet, sent);
    await prometheus.waitForScrapes(Date.now(), 2);
    // The engine-only checks (exposition, agreement on /metrics) run even when the backend cannot start.
    serve = await startPromqlServe(prometheus.url).catch((err: unknown) => {
      serveFailure = err;
      return undefined;
    });
  });

  after(async function () {
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
    if (failed) {
      console.log(`      fleet output:\n${fleet?.output()}`);
      console.log(`      serve output:\n${serve?.output().slice(-3000)}`);
      console.log(`      prometheus output:\n${prometheus?.log().slice(-3000)}`);
    }
    await serve?.stop();
    await prometheus?.stop();
    await fleet?.stop();
  });

  describe('counts', () => {
    it('equal the clients’ counts summed over the fleet: total, by_endpoint, by_status, by_method, errors.by_type', async () => {
      await expectExactCounts(served(), sent);
    });

    it('equal the clients’ counts per instance (?instance=), each worker of the cluster apart', async () => {
      const instances = fleetInstances(fleet, sent);
      expect(instances, 'three single processes and two workers').to.have.length(5);
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

    it('are what each instance’s own dashboard counts (a worker: its primary’s, under its id)', async () => {
      for (const instance of fleetInstances(fleet, sent)) {
        const first = instance.requests[0] as FleetRequest;
        const filter =
          first.member.workers > 0 ? `&instance=${encodeURIComponent(first.servedBy ?? '')}` : '';
        await expectExactCounts(
          first.member.dashboardUrl.replace(/\/dashboard$/, ''),
          instance.requests,
          filter,
          `${instance.label}'s own dashboard`,
        );
      }
    });
  });

  describe('percentiles', () => {
    it('p50, p95 and p99 over the fleet are within 2% of the exact durations of the same spans', async () => {
      const latency = await latencyAt(served());
      for (const [field, q] of PERCENTILES) {
        const exact = exactPercentile(sent, q);
        const got = latency.overall[field];
        expect(
          relativeError(got, exact),
          `overall ${field}: ${got} against ${JSON.stringify(exact)}`,
        ).to.be.at.most(NATIVE_TOLERANCE);
      }
    });

    it('p50, p95 and p99 of every endpoint are within 2% of the exact durations of its spans', async () => {
      const latency = await latencyAt(served());
      const endpoints = Object.keys(expectedCounts(sent).by_endpoint);
      expect(Object.keys(latency.by_endpoint)).to.have.members(endpoints);
      for (const endpoint of endpoints) {
        const mine = sent.filter((r) => r.route.template === endpoint);
        for (const [field, q] of PERCENTILES) {
          const exact = exactPercentile(mine, q);
          const got = latency.by_endpoint[endpoint]?.[field] ?? Number.NaN;
          expect(
            relativeError(got, exact),
            `${endpoint} ${field}: ${got} against ${JSON.stringify(exact)}`,
          ).to.be.at.most(NATIVE_TOLERANCE);
        }
      }
    });
  });

  describe('agreement on a streaming route (issue 21, part 2)', () => {
    it(`shows the 50 chunked 128 KB downloads of ${STREAM_ROUTE} under their route on /metrics, through the engine, as on the instance’s own dashboard`, async () => {
      const streamed = sent.filter((r) => r.route.template === STREAM_ROUTE);
      expect(streamed).to.have.length(50);
      expect(streamed.map((r) => r.bytes)).to.deep.equal(streamed.map(() => STREAM_BYTES));
      const files = fleet.member('files');
      const own = (await (
        await fetch(`${files.dashboardUrl}/requests?period=${FLEET_PERIOD}`)
      ).json()) as {
        by_endpoint: Record<string, number>;
      };
      expect(own.by_endpoint[STREAM_ROUTE]).to.equal(50);
      const [scraped] = await prometheus.query(
        `histogram_count(sum(http_server_request_duration{http_route="${STREAM_ROUTE}"}))`,
      );
      expect(scraped?.value, 'histogram_count in Prometheus').to.equal(50);
    });

    it(`shows them under ${STREAM_ROUTE} through golden-signals serve --prometheus too`, async () => {
      const filesInstance = fleetInstances(fleet, sent).find((i) => i.label === 'files');
      if (filesInstance === undefined) throw new Error('no files instance');
      const id = await instanceFilterOf(served(), filesInstance);
      const engine = (await (
        await fetch(
          `${served()}/dashboard/requests?period=${FLEET_PERIOD}&instance=${encodeURIComponent(id)}`,
        )
      ).json()) as { by_endpoint: Record<string, number> };
      expect(engine.by_endpoint[STREAM_ROUTE], 'serve --prometheus').to.equal(50);
    });
  });

  describe('the page, rendered in Chromium against the Prometheus-backed server', () => {
    let browser: Browser;
    let page: Page;
    /** The page; the backend's start failure when there is none. */
    const opened = (): Page => {
      served();
      return page;
    };

    before(async () => {
      // Without the backend there is no page: each test below fails with its start failure.
      if (serve === undefined) return;
      browser = await launchChromium();
      ({ page } = await openPage(browser, `${served()}/dashboard`));
      await settled(page);
    });

    after(async () => {
      await browser?.close();
    });

    it('fills every golden-signal headline: traffic, errors, latency, saturation, objectives', async () => {
      const r = (await (
        await fetch(`${served()}/dashboard/requests?period=1h`)
      ).json()) as RequestsReport;
      expect(r.total).to.equal(sent.length);
      expect(await opened().locator('#traffic-value').textContent()).to.equal(
        `${formatCount(sent.length)} requests`,
      );
      expect(await opened().locator('#errors-value').textContent()).to.match(/^\S+% 5xx$/);
      expect(await opened().locator('#latency-value').textContent()).to.match(/^p95 \d/);
      const saturation = (await opened().locator('#saturation-value').textContent()) ?? '';
      expect(saturation).not.to.match(/^(Loading…|)$/);
      expect(await opened().locator('#apdex').textContent()).not.to.match(/^(Loading…|)$/);
    });

    it('draws every golden-signal chart', async () => {
      for (const id of CHARTS) {
        const series = await opened().evaluate(seriesPixels, id);
        const drawn = series.filter((s) => s.pixels > 10).map((s) => s.label);
        expect(drawn, `${id}: series drawn`).not.to.be.empty;
      }
    });

    it('lists every endpoint of the fleet in the endpoints table', async () => {
      const rows = await tableRows(opened(), 'endpoints');
      expect(rows.map((row) => row[0])).to.include.members(
        Object.keys(expectedCounts(sent).by_endpoint),
      );
    });

    it("says an endpoint's slowest requests and error groups are per-process in its drill-down", async () => {
      const p = opened();
      await p.locator('#endpoints button.drill-down-open[data-route="/boom"]').click();
      await p.waitForSelector('#drill-down[data-route="/boom"]');
      for (const table of ['drill-down-slowest', 'drill-down-groups']) {
        const body = p.locator(`#${table} tbody`, { hasText: PER_PROCESS_WORDS });
        await body.waitFor({ timeout: 20_000 });
        const rows = await tableRows(p, table);
        expect(rows, table).to.have.length(1);
        expect(rows[0]?.join(' '), table).to.match(PER_PROCESS_WORDS);
      }
      await p.locator('#drill-down-close').click();
    });

    for (const [name, selector] of Object.entries(PER_PROCESS_PANELS)) {
      it(`hides the ${name} panel or says it is per-process, never an empty panel as if nothing happened`, async () => {
        const state = await panelState(opened(), selector);
        if (state.visible) expect(state.text, name).to.match(PER_PROCESS_WORDS);
      });
    }
  });

  describe('the exposition', () => {
    it('passes promtool check metrics on the text output of every target, the cluster’s primary included', async () => {
      for (const member of fleet.members) {
        const text = await (await fetch(`http://${member.target}/metrics`)).text();
        const { code, output } = await promtoolCheck(text);
        expect(output, member.name).to.equal('');
        expect(code, member.name).to.equal(0);
      }
    });

    it('is ingested as native histograms: histogram_count equals the requests sent to each app', async () => {
      const counts = await prometheus.query(
        'histogram_count(sum by (fleet_app) (http_server_request_duration))',
      );
      const byApp = Object.fromEntries(counts.map((s) => [s.metric.fleet_app, s.value]));
      const want = Object.fromEntries(
        fleet.members.map((m) => [m.name, sent.filter((r) => r.member === m).length]),
      );
      expect(byApp).to.deep.equal(want);
      // Native only: Prometheus 2.42 keeps no classic _count series for them.
      expect(await prometheus.query('count(http_server_request_duration_count)')).to.deep.equal([]);
    });

    it('logs no scrape or ingestion error', () => {
      expect(prometheus.log()).not.to.match(/level=error/);
    });
  });
});
