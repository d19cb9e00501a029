import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled } from '../support/dashboardPage.js';
import {
  FLEET_ROUTES,
  type RouteFleetDrillApp,
  startRouteFleetDrillApp,
} from '../support/routeFleetDrillApp.js';
import { TransferMeter } from '../support/transferMeter.js';

/** Issue 27's goal for one refresh of the page at 400 routes, compressed. */
const REFRESH_BUDGET_BYTES = 80 * 1024;

/** The JSON answers one refresh cycle of the page fetches (the drill-down closed). */
const CYCLE = [
  // Issue 23: the Dependencies panel.
  '/dashboard/dependencies',
  '/dashboard/errors',
  '/dashboard/inflight',
  '/dashboard/latency',
  '/dashboard/overview',
  '/dashboard/requests',
  '/dashboard/saturation',
  '/dashboard/slo',
  '/dashboard/verdict',
];

const pathOf = (url: string) => new URL(url).pathname;

describe('the page’s refresh at 400 routes in Chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  let app: RouteFleetDrillApp;

  before(async () => {
    [browser, app] = await Promise.all([launchChromium(), startRouteFleetDrillApp()]);
    await app.traffic(3);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('transfers at most 80 KB, gzipped, in one refresh cycle', async () => {
    let meter: TransferMeter | undefined;
    const { page } = await openPage(
      browser,
      `${app.url}/dashboard?period=1h`,
      { viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' },
      async (p) => {
        meter = await TransferMeter.attach(p);
      },
    );
    await settled(page);
    // The table draws its top 50 rows, but the poll brings every route's figures.
    expect(await page.locator('#endpoints-summary').textContent()).to.contain(
      `of ${FLEET_ROUTES} routes`,
    );
    const load = meter?.take() ?? [];
    // The page's files come gzipped too (the small ones go as they are).
    for (const t of load.filter((t) => t.decodedBytes > 4096)) {
      expect(t.encoding, t.url).to.equal('gzip');
    }
    await page.clock.fastForward(5_000);
    let cycle: ReturnType<TransferMeter['take']> = [];
    while (CYCLE.some((p) => !cycle.some((t) => pathOf(t.url) === p))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      cycle = [...cycle, ...(meter?.take() ?? [])];
    }
    await settled(page);
    cycle = [...cycle, ...(meter?.take() ?? [])];
    const total = cycle.reduce((sum, t) => sum + t.transferBytes, 0);
    const decoded = cycle.reduce((sum, t) => sum + t.decodedBytes, 0);
    console.log(
      `      one refresh at ${FLEET_ROUTES} routes: ${total} B on the wire, ${decoded} B decoded`,
    );
    for (const t of cycle) {
      console.log(
        `        ${pathOf(t.url)}: ${t.transferBytes} B (${t.decodedBytes} B, ${t.encoding})`,
      );
    }
    expect(cycle.map((t) => pathOf(t.url)).sort()).to.deep.equal(CYCLE);
    for (const t of cycle.filter((t) => t.decodedBytes > 4096)) {
      expect(t.encoding, t.url).to.equal('gzip');
    }
    expect(total).to.be.at.most(REFRESH_BUDGET_BYTES);
    await page.context().close();
  });
});
