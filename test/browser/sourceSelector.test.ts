import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled, tableRows } from '../support/dashboardPage.js';
import { TrafficSender } from '../support/knownTraffic.js';
import { getJson, startTestApp, type TestApp } from '../support/testApp.js';

/** The JSON routes one refresh fetches. */
const API_ROUTES = [
  '/dashboard/overview',
  '/dashboard/requests',
  '/dashboard/latency',
  '/dashboard/errors',
];

describe('the /dashboard page’s service/instance selector in Chromium', function () {
  this.timeout(90_000);
  let server: TestApp;
  let browser: Browser;

  before(async () => {
    server = await startTestApp();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('stays hidden while the store holds one instance', async () => {
    const traffic = new TrafficSender(server.url);
    await traffic.many(5, 5, (i) => traffic.predict(true, i));
    const { page, recorder } = await openPage(browser, `${server.url}/dashboard?period=15m`);
    await settled(page);
    expect(await page.locator('#source-picker').isVisible()).to.equal(false);
    for (const route of API_ROUTES) {
      for (const url of recorder.requestsTo(route)) {
        expect(url.searchParams.has('service'), url.href).to.equal(false);
      }
    }
    await page.context().close();
  });

  it('offers every service and instance once a second one reports, and filters every call by the choice', async () => {
    // A second service with two instances, recorded as the OTLP receiver will record them.
    const store = server.goldenSignals.store;
    if (store === undefined) throw new Error('the test app has a store');
    const now = Date.now();
    for (let i = 0; i < 7; i++) {
      store.record({
        timestampMs: now - i,
        durationMs: 5 + i,
        endpoint: '/invoices/:id',
        method: 'GET',
        statusCode: i === 0 ? 503 : 200,
        errorType: i === 0 ? 'UpstreamError' : undefined,
        service: 'billing',
        instance: i % 2 === 0 ? 'billing-1' : 'billing-2',
      });
    }
    const overview = await getJson<OverviewReport>(`${server.url}/dashboard/overview`);
    const local = overview.instances.find((i) => i.local);
    if (local === undefined) throw new Error('no local instance listed');

    const { page, recorder } = await openPage(browser, `${server.url}/dashboard?period=15m`);
    await settled(page);
    expect(await page.locator('#source-picker').isVisible()).to.equal(true);
    expect(await page.locator('#source option').allTextContents()).to.deep.equal([
      'All services',
      'billing (2 instances)',
      'billing · billing-1',
      'billing · billing-2',
      `${local.service} (1 instance)`,
    ]);
    expect(await page.locator('#traffic-value').textContent()).to.equal('12 requests');

    const from = recorder.requests.length;
    const answered = page.waitForResponse(
      (r) => r.url().includes('/dashboard/errors') && r.url().includes('instance=billing-1'),
    );
    await page.locator('#source').selectOption('service=billing&instance=billing-1');
    await answered;
    await settled(page);
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as {
            document: { getElementById(id: string): { textContent: string } | null };
          }
        ).document.getElementById('traffic-value')?.textContent === '4 requests',
    );
    expect(await tableRows(page, 'endpoints')).to.have.length(1);
    expect((await tableRows(page, 'endpoints'))[0]?.[0]).to.equal('/invoices/:id');
    const url = new URL(page.url());
    expect([url.searchParams.get('service'), url.searchParams.get('instance')]).to.deep.equal([
      'billing',
      'billing-1',
    ]);
    for (const route of API_ROUTES) {
      const urls = recorder.requestsTo(route, from);
      expect(urls, route).to.have.length.at.least(1);
      for (const u of urls) {
        expect(
          [u.searchParams.get('service'), u.searchParams.get('instance')],
          u.href,
        ).to.deep.equal(['billing', 'billing-1']);
      }
    }
    expect(recorder.failures).to.deep.equal([]);
    expect(recorder.errors).to.deep.equal([]);
    await page.context().close();
  });
});
