import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { VerdictReport } from '../../src/dashboard/queries/verdictQuery.js';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled } from '../support/dashboardPage.js';
import {
  INCIDENT_ROUTE,
  type RouteFleetApp,
  sendFleetTraffic,
  stageIncident,
  startRouteFleetApp,
} from '../support/routeFleetApp.js';
import { getJson } from '../support/testApp.js';

/** The review's laptop: whatever the page says first must fit in it. */
const WIDE: BrowserContextOptions = {
  viewport: { width: 1440, height: 900 },
  colorScheme: 'light',
  timezoneId: 'UTC',
};
const FOLD_PX = 900;
/** The review's three screens; `UPDATE_SCREENSHOT=1` copies their shots into docs/. */
const SCREENS = [
  ['laptop', 1440, 900],
  ['tablet', 1024, 768],
  ['phone', 390, 844],
] as const;
const UPDATE_SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1';
const ARTIFACTS = path.join(packageRoot(), 'test', 'artifacts');
/** A route name that would run script if the strip parsed it as HTML. */
const HOSTILE_ROUTE = '/x/<img src=x onerror="window.__xss=1">';

/** The bottom edge of an element in page pixels (the page is not scrolled). */
async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  if (box === null) throw new Error(`${selector} is not drawn`);
  return box.y + box.height;
}

/** The strip's verdict, once it has one. */
async function verdictShown(page: Page): Promise<string> {
  await page.waitForSelector('#verdict:not([data-verdict="loading"])');
  return (await page.locator('#verdict-value').textContent()) ?? '';
}

describe('the /dashboard page’s verdict strip in Chromium, on 400 routes', function () {
  this.timeout(180_000);
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  describe('without an incident', () => {
    let app: RouteFleetApp;

    before(async () => {
      app = await startRouteFleetApp();
      const statuses = await sendFleetTraffic(app);
      expect(new Set(statuses)).to.deep.equal(new Set([200]));
    });
    after(() => app?.close());

    it('says OK above the fold at 1440×900', async () => {
      const { page } = await openPage(browser, `${app.url}/dashboard?period=1h`, WIDE);
      await settled(page);
      expect(await verdictShown(page)).to.equal('OK');
      expect(await page.locator('#verdict').getAttribute('data-verdict')).to.equal('ok');
      expect(await bottomOf(page, '#verdict-value')).to.be.at.most(FOLD_PX);
      expect(await page.locator('#worst-5xx').textContent()).to.equal('No 5xx.');
      // The objectives sit near the top too.
      expect((await page.locator('#slo-panel').boundingBox())?.y).to.be.below(FOLD_PX);
      await page.context().close();
    });
  });

  describe('with an incident on one route (5xx and latency)', () => {
    let app: RouteFleetApp;

    before(async () => {
      app = await startRouteFleetApp();
      await sendFleetTraffic(app);
      const statuses = await stageIncident(app);
      expect(statuses.filter((s) => s === 503)).to.have.length(20);
      // A hostile route name among the worst: shown as text, never run.
      for (let i = 0; i < 5; i++) {
        app.goldenSignals.store?.record({
          timestampMs: Date.now(),
          durationMs: 5,
          endpoint: HOSTILE_ROUTE,
          method: 'GET',
          statusCode: 500,
        });
      }
    });
    after(() => app?.close());

    it('says burning (or degraded) and names the incident route among the worst, above the fold', async () => {
      const { page } = await openPage(browser, `${app.url}/dashboard?period=1h`, WIDE);
      await settled(page);
      expect(await verdictShown(page)).to.be.oneOf(['Burning', 'Degraded']);
      expect(await bottomOf(page, '#verdict-value')).to.be.at.most(FOLD_PX);
      for (const list of ['#worst-5xx', '#worst-latency']) {
        const button = `${list} button.worst-route[data-route="${INCIDENT_ROUTE}"]`;
        expect(await page.locator(button).textContent()).to.equal(INCIDENT_ROUTE);
        expect(await bottomOf(page, button), `${list} above the fold`).to.be.at.most(FOLD_PX);
      }
      // The hostile route is text, and ran nothing.
      const hostile = page.locator('#worst-5xx button.worst-route').nth(1);
      expect(await hostile.textContent()).to.equal(HOSTILE_ROUTE);
      expect(await page.locator('#verdict img').count()).to.equal(0);
      expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).to.equal(
        undefined,
      );
      // The same answer the API gives.
      const api = await getJson<VerdictReport>(`${app.url}/dashboard/verdict`);
      expect(api.verdict).to.be.oneOf(['burning', 'degraded']);
      expect(api.by_server_errors[0]?.route).to.equal(INCIDENT_ROUTE);
      await page.context().close();
    });

    it('colours the 5xx headline past its threshold and shows 4xx apart', async () => {
      const { page } = await openPage(browser, `${app.url}/dashboard?period=1h`, WIDE);
      await settled(page);
      await verdictShown(page);
      await page.waitForSelector('#errors-value[data-level]');
      expect(await page.locator('#errors-value').getAttribute('data-level')).to.be.oneOf([
        'warn',
        'critical',
      ]);
      expect(await page.locator('#errors-value').textContent()).to.match(/^\d+\.\d% 5xx$/);
      expect(await page.locator('#time-zone').textContent()).to.match(/^Times in UTC/);
      await page.context().close();
    });

    it('opens the incident route’s drill-down from the strip', async () => {
      const { page } = await openPage(browser, `${app.url}/dashboard?period=1h`, WIDE);
      await settled(page);
      await verdictShown(page);
      await page.locator(`#worst-5xx button.worst-route[data-route="${INCIDENT_ROUTE}"]`).click();
      await page.waitForSelector(`#drill-down[data-route="${INCIDENT_ROUTE}"]`);
      expect(await page.locator('#drill-down-route').textContent()).to.equal(INCIDENT_ROUTE);
      await page.context().close();
    });
  });

  describe('at three screen sizes, during the incident', () => {
    let app: RouteFleetApp;

    before(async () => {
      app = await startRouteFleetApp();
      await sendFleetTraffic(app);
      await stageIncident(app);
    });
    after(() => app?.close());

    for (const [name, width, height] of SCREENS) {
      it(`shows the verdict and the incident route in the first screen at ${width}×${height}, without sideways scrolling`, async () => {
        const { page } = await openPage(browser, `${app.url}/dashboard?period=1h`, {
          ...WIDE,
          viewport: { width, height },
        });
        await settled(page);
        expect(await verdictShown(page)).to.be.oneOf(['Burning', 'Degraded']);
        const worst = `#worst-5xx button.worst-route[data-route="${INCIDENT_ROUTE}"]`;
        expect(await bottomOf(page, worst)).to.be.at.most(height);
        const scrollWidth = await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
              .document.documentElement.scrollWidth,
        );
        expect(scrollWidth, 'page width').to.be.at.most(width);
        mkdirSync(ARTIFACTS, { recursive: true });
        const shot = path.join(ARTIFACTS, `dashboard-${name}.png`);
        await page.screenshot({ path: shot });
        if (UPDATE_SCREENSHOT)
          copyFileSync(shot, path.join(packageRoot(), 'docs', `dashboard-${name}.png`));
        await page.context().close();
      });
    }
  });
});
