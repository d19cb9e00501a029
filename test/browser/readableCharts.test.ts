import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled, tableRows } from '../support/dashboardPage.js';
import { TrafficSender } from '../support/knownTraffic.js';
import { getJson, startTestApp, type TestApp } from '../support/testApp.js';

describe('readable charts in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let app: TestApp;
  let traffic: TrafficSender;

  before(async () => {
    [browser, app] = await Promise.all([launchChromium(), startTestApp()]);
    traffic = new TrafficSender(app.url);
    await traffic.many(24, 3, (i) => traffic.predict(i % 4 !== 0, i));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('writes units on the axes, shows values on hover, draws the SLO line and the start marker', async () => {
    const { page, recorder } = await openPage(browser, `${app.url}/dashboard?period=15m`);
    await settled(page);
    // uPlot draws the units on the canvas; the chart says which it asked for.
    const axisLabels = async (id: string) =>
      ((await page.locator(`#${id}`).getAttribute('data-units')) ?? '').split('\n');
    expect(await axisLabels('traffic-chart')).to.include('requests / min');
    expect(await axisLabels('errors-chart')).to.include('% of requests');
    expect(await axisLabels('latency-chart')).to.include('ms');
    // The default latency objective: 99% within 300 ms.
    expect(await page.locator('#latency-chart').getAttribute('data-threshold')).to.equal('300');
    for (const id of ['traffic-chart', 'errors-chart', 'latency-chart']) {
      expect(await page.locator(`#${id}`).getAttribute('data-markers'), id).to.equal('started');
    }

    const over = page.locator('#traffic-chart .u-over');
    const box = await over.boundingBox();
    if (box === null) throw new Error('no plot area');
    // The newest step, at the right edge, holds this test's requests.
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const values = (await page.locator('#traffic-chart .u-legend .u-value').allTextContents()).map(
      (t) => t.trim(),
    );
    expect(values[0]).to.match(/^\d\d:\d\d:\d\d$/);
    expect(Number(values[1])).to.be.above(0);
    expect(recorder.errors).to.deep.equal([]);
    await page.context().close();
  });

  it('shows a chart’s data as a table, step by step, on demand', async () => {
    const { page } = await openPage(browser, `${app.url}/dashboard?period=15m`);
    await settled(page);
    const toggle = page.locator('#traffic-chart + button.chart-table-toggle');
    expect(await page.locator('#traffic-chart-table').isVisible()).to.equal(false);
    expect(await toggle.getAttribute('aria-pressed')).to.equal('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(await page.locator('#traffic-chart-table').isVisible()).to.equal(true);
    const requests = await getJson<RequestsReport>(`${app.url}/dashboard/requests?period=15m`);
    const rows = await tableRows(page, 'traffic-chart-table table');
    expect(rows).to.have.length(requests.timeseries.points.length);
    const total = rows.reduce((sum, r) => sum + (Number(r[1]) || 0), 0);
    expect(total).to.equal(requests.total);
    expect(await page.locator('#traffic-chart-table caption').textContent()).to.equal(
      'Requests per step over the period',
    );
    await toggle.click();
    expect(await page.locator('#traffic-chart-table').isVisible()).to.equal(false);
    await page.context().close();
  });
});
