import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled, tableRows } from '../support/dashboardPage.js';
import {
  fleetPath,
  fleetRoute,
  type RouteFleetDrillApp,
  startRouteFleetDrillApp,
} from '../support/routeFleetDrillApp.js';

/** The incident route of the test, far down a 400-row table. */
const ROUTE = 321;
/** A ring small enough that a few minutes of the fleet's traffic turn it over several times. */
const TRACE_LIMIT = 100;

interface InPageFocus {
  document: {
    activeElement: { closest(s: string): unknown; getAttribute(n: string): string | null } | null;
  };
}

/** Whether the focused element is inside `selector`. */
function focusInside(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    (s) => (globalThis as unknown as InPageFocus).document.activeElement?.closest(s) != null,
    selector,
  );
}

describe('the drill-down drawer at 400 routes in Chromium', function () {
  this.timeout(240_000);
  let browser: Browser;
  let app: RouteFleetDrillApp;

  before(async () => {
    [browser, app] = await Promise.all([
      launchChromium(),
      startRouteFleetDrillApp({ GOLDEN_SIGNALS_TRACE_LIMIT: String(TRACE_LIMIT) }),
    ]);
    await app.traffic(1);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens beside the click, and its slowest trace link still opens 3 minutes and a turned-over ring later', async () => {
    const slow = await app.get(fleetPath(ROUTE, 7, 200, 400));
    // A request of the same moment that no open page lists: the load must evict it.
    const unlisted = await app.get(fleetPath(ROUTE + 1, 8));
    expect(slow.status).to.equal(200);
    const { page, recorder } = await openPage(browser, `${app.url}/dashboard?period=15m`, {
      viewport: { width: 1440, height: 900 },
      timezoneId: 'UTC',
    });
    await settled(page);

    const route = fleetRoute(ROUTE);
    const button = page.locator(`#endpoints button.drill-down-open[data-route="${route}"]`);
    await button.click();
    await page.waitForSelector(`#drill-down[data-route="${route}"]`);
    // In the viewport, wherever the row was, with the focus inside it.
    const box = await page.locator('#drill-down').boundingBox();
    expect(box).not.to.equal(null);
    expect(box?.y).to.be.at.least(0);
    expect((box?.y ?? 0) + 40).to.be.below(900);
    expect(await page.locator('#drill-down-route').isVisible()).to.equal(true);
    expect(await page.locator('#drill-down-route').textContent()).to.equal(route);
    expect(await focusInside(page, '#drill-down')).to.equal(true);
    // The route's own charts, drawn from its own series.
    for (const id of ['drill-traffic-chart', 'drill-errors-chart', 'drill-latency-chart']) {
      await page.waitForSelector(`#${id} canvas`);
    }
    expect(await page.locator('#drill-down-summary').textContent()).to.match(/^2 requests · 5xx /);
    expect(
      recorder.requestsTo('/dashboard/endpoint').at(-1)?.searchParams.get('endpoint'),
    ).to.equal(route);
    const first = (await tableRows(page, 'drill-down-slowest'))[0];
    expect(first?.[4]).to.equal(slow.traceId);

    // Three minutes of the page's refreshes, with the fleet's traffic between them.
    for (let minute = 0; minute < 3; minute++) {
      await app.traffic(1);
      await page.clock.fastForward(60_000);
      await settled(page);
    }
    const ring = app.goldenSignals.store === undefined ? undefined : await traceLimits();
    expect(ring?.evicted_traces).to.be.above(2 * TRACE_LIMIT);
    expect(ring?.kept_pinned_traces).to.be.at.least(1);
    expect((await fetch(`${app.url}/dashboard/traces/${unlisted.traceId}`)).status).to.equal(404);

    const link = page.locator(`#drill-down-slowest a.trace-link[href="#trace=${slow.traceId}"]`);
    await link.click();
    await page.locator('#trace-view[open] #trace-spans').waitFor();
    expect(recorder.failures.filter((f) => f.includes(slow.traceId))).to.deep.equal([]);
    expect((await fetch(`${app.url}/dashboard/traces/${slow.traceId}`)).status).to.equal(200);

    // Escape closes the trace view, then the drawer; the focus goes back to the route's button.
    await page.keyboard.press('Escape');
    await page.locator('#trace-view:not([open])').waitFor({ state: 'attached' });
    expect(await page.locator('#drill-down').isVisible()).to.equal(true);
    await page.keyboard.press('Escape');
    await page.locator('#drill-down:not([open])').waitFor({ state: 'attached' });
    expect(await page.locator('#drill-down').isVisible()).to.equal(false);
    expect(
      await button.evaluate(
        (b) =>
          b ===
          (globalThis as unknown as { document: { activeElement: unknown } }).document
            .activeElement,
      ),
    ).to.equal(true);
    await page.context().close();
  });

  async function traceLimits(): Promise<Record<string, number>> {
    const res = await fetch(`${app.url}/dashboard/traces?limit=1`);
    return ((await res.json()) as { limits: Record<string, number> }).limits;
  }

  it('marks a slowest request whose trace the ring let go before any page listed it as expired', async () => {
    const gone = await app.get(fleetPath(ROUTE + 2, 9, 200, 300));
    // Nobody lists it yet: the fleet's traffic turns the ring over.
    await app.traffic(1);
    expect((await fetch(`${app.url}/dashboard/traces/${gone.traceId}`)).status).to.equal(404);
    const { page } = await openPage(browser, `${app.url}/dashboard?period=15m`, {
      viewport: { width: 1440, height: 900 },
      timezoneId: 'UTC',
    });
    await settled(page);
    const route = fleetRoute(ROUTE + 2);
    await page.locator(`#endpoints button.drill-down-open[data-route="${route}"]`).click();
    await page.waitForSelector(`#drill-down[data-route="${route}"]`);
    const first = (await tableRows(page, 'drill-down-slowest'))[0];
    expect(first?.[4]).to.equal(`${gone.traceId} expired`);
    expect(
      await page.locator(`#drill-down a.trace-link[href="#trace=${gone.traceId}"]`).count(),
    ).to.equal(0);
    expect(await page.locator('#drill-latency-chart').getAttribute('data-markers')).to.equal(
      'started',
    );
    await page.context().close();
  });
});
