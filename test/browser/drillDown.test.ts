import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { SlowestReport } from '../../src/dashboard/queries/slowestQuery.js';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled, tableRows } from '../support/dashboardPage.js';
import { TrafficSender } from '../support/knownTraffic.js';
import { getJson, startTestApp, type TestApp } from '../support/testApp.js';

/** A saturation sample no real process of the test gives: the history, not the live figure, shows it. */
const MARK_DELAY_MS = 123.45;

function markSaturation(app: TestApp): void {
  app.goldenSignals.store?.recordSaturation({
    eventLoopDelayP99Ms: MARK_DELAY_MS,
    eventLoopUtilization: 0.5,
    heapUsedBytes: 1_000_000,
    rssBytes: 2_000_000,
    peakActiveRequests: 7,
  });
}

async function chartHolds(page: Page): Promise<{ points: number; maxDelayMs: number }> {
  await page.waitForSelector('#saturation-chart[data-points]');
  const figure = page.locator('#saturation-chart');
  return {
    points: Number(await figure.getAttribute('data-points')),
    maxDelayMs: Number(await figure.getAttribute('data-max-delay-ms')),
  };
}

describe('the /dashboard page’s drill-down in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  describe('with traffic on /predict', () => {
    let app: TestApp;
    let traffic: TrafficSender;

    before(async () => {
      app = await startTestApp();
      traffic = new TrafficSender(app.url);
      await traffic.many(30, 3, (i) => traffic.predict(i % 3 !== 0, i));
    });
    after(() => app?.close());

    it('opens an endpoint’s slowest requests and error groups from its row', async () => {
      const { page } = await openPage(browser, `${app.url}/dashboard?period=15m`);
      await settled(page);
      expect(await page.locator('#drill-down').isVisible()).to.equal(false);
      await page.locator('#endpoints button.drill-down-open[data-route="/predict"]').click();
      await page.waitForSelector('#drill-down[data-route="/predict"]');
      expect(await page.locator('#drill-down-route').textContent()).to.equal('/predict');
      const slowest = await getJson<SlowestReport>(
        `${app.url}/dashboard/slowest?period=15m&endpoint=/predict&limit=20`,
      );
      const rows = await tableRows(page, 'drill-down-slowest');
      expect(rows).to.have.length(slowest.requests.length);
      expect(rows.map((r) => r[4])).to.deep.equal(slowest.requests.map((r) => r.trace_id));
      const invalid = traffic.errors();
      const groups = await tableRows(page, 'drill-down-groups');
      expect(groups).to.have.length(1);
      expect(groups[0]?.slice(1, 4)).to.deep.equal([
        'ValidationError',
        String(invalid.length),
        `422 ×${invalid.length}`,
      ]);
      expect(invalid.map((r) => r.traceId)).to.include(groups[0]?.[5]);
      await page.locator('#drill-down-close').click();
      expect(await page.locator('#drill-down').isVisible()).to.equal(false);
      await page.context().close();
    });

    it('renders every held trace id as a link to the trace view', async () => {
      const { page } = await openPage(browser, `${app.url}/dashboard?period=15m`);
      await settled(page);
      await page.locator('#endpoints button.drill-down-open[data-route="/predict"]').click();
      await page.waitForSelector('#drill-down[data-route="/predict"]');
      const sent = traffic.sent.map((r) => r.traceId);
      const links = page.locator('#drill-down a.trace-link');
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs.length).to.be.greaterThan(1);
      for (const href of hrefs) {
        expect(href).to.match(/^#trace=[0-9a-f]{32}$/);
        expect(sent).to.include(href?.slice('#trace='.length));
      }
      await links.first().click();
      expect(new URL(page.url()).hash).to.equal(hrefs[0]);
      await page.context().close();
    });

    it('draws the saturation history from the store, so a reload keeps it', async () => {
      markSaturation(app);
      const { page } = await openPage(browser, `${app.url}/dashboard?period=1h`);
      await settled(page);
      const before = await chartHolds(page);
      expect(before.maxDelayMs).to.equal(MARK_DELAY_MS);
      expect(before.points).to.be.at.least(1);
      await page.reload();
      await settled(page);
      const after = await chartHolds(page);
      expect(after.maxDelayMs).to.equal(MARK_DELAY_MS);
      expect(after.points).to.be.at.least(before.points);
      await page.context().close();
    });
  });

  it('keeps the saturation history across a restart with a snapshot', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gs-drill-'));
    const env = { GOLDEN_SIGNALS_SNAPSHOT_FILE: path.join(dir, 'store.json') };
    try {
      const first = await startTestApp({}, { env });
      markSaturation(first);
      await first.close();
      const second = await startTestApp({}, { env });
      try {
        const { page } = await openPage(browser, `${second.url}/dashboard?period=1h`);
        await settled(page);
        expect((await chartHolds(page)).maxDelayMs).to.equal(MARK_DELAY_MS);
        await page.context().close();
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
