import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { SloReport } from '../../src/dashboard/queries/sloQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled, tableRows } from '../support/dashboardPage.js';
import { listen, type RunningServer } from '../support/listen.js';
import { getJson, startTestPipeline } from '../support/testApp.js';

/**
 * A node:http app with the dashboard at /dashboard: `/hold` answers when
 * released; `/work` opens a child span; `/fail` answers 500 after one.
 */
async function startApp(
  gs: GoldenSignals,
): Promise<{ server: RunningServer; release: () => void }> {
  const dash = gs.handler();
  const held: ServerResponse[] = [];
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    if (dash(req, res)) return;
    if (req.url === '/hold') {
      held.push(res);
      return;
    }
    trace.getTracer('test').startActiveSpan('db.query', (child) => child.end());
    res.statusCode = req.url === '/fail' ? 500 : 200;
    res.end(trace.getActiveSpan()?.spanContext().traceId ?? '');
  });
  return {
    server,
    release: () => {
      for (const res of held.splice(0)) res.end('released');
    },
  };
}

/** Waits until closing the trace view has cleared the hash. */
async function hashCleared(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as { location: { hash: string } }).location.hash === '',
  );
  expect(new URL(page.url()).hash).to.equal('');
}

describe('the drill-down panels in Chromium', function () {
  this.timeout(90_000);
  let gs: GoldenSignals;
  let server: RunningServer;
  let release: () => void;
  let browser: Browser;
  let page: Page;
  let failedTrace: string;

  before(async () => {
    // A route of its own: this app names no routes, so it stays without requests.
    gs = startTestPipeline({ GOLDEN_SIGNALS_SLO_ROUTES: '/work availability=99' });
    ({ server, release } = await startApp(gs));
    for (let i = 0; i < 5; i++) await (await fetch(`${server.url}/work`)).text();
    failedTrace = await (await fetch(`${server.url}/fail`)).text();
    browser = await launchChromium();
    ({ page } = await openPage(browser, `${server.url}/dashboard`));
    await settled(page);
  });

  after(async () => {
    release();
    await browser?.close();
    await server?.close();
    await gs?.shutdown();
  });

  it('shows the objectives with their budget and burn rates, and Apdex, as /slo says', async () => {
    const slo = await getJson<SloReport>(`${server.url}/dashboard/slo?period=1h`);
    const rows = await tableRows(page, 'slo');
    const objectives = [...slo.objectives, ...slo.routes.flatMap((r) => r.objectives)];
    expect(rows.map((r) => r[0])).to.deep.equal(objectives.map((o) => o.description));
    expect(rows[0]?.[0]).to.equal('99.9% of requests succeed (5xx count as failures, 4xx do not)');
    expect(await page.locator('#slo tbody th').first().getAttribute('title')).to.equal(
      '5xx count as failures, 4xx do not',
    );
    expect(rows[2]).to.deep.equal([
      '99% of /work requests succeed (5xx count as failures, 4xx do not)',
      '0 / 0 (24h)',
      '100.0% left (0 requests)',
      '1h 0.00 · 5m 0.00',
      '6h 0.00 · 30m 0.00',
    ]);
    expect(rows).to.have.length(4);
    // 1 error in 6: the availability budget is overspent, the latency one untouched.
    expect(rows[0]?.[1]).to.equal('5 / 6 (24h)');
    expect(rows[0]?.[2]).to.match(/^overspent by 1 requests$/);
    expect(rows[0]?.[3]).to.match(/^1h 166\.67 · 5m 166\.67 · alerting$/);
    expect(rows[1]?.[2]).to.equal('100.0% left (0 requests)');
    expect(await page.locator('#apdex').textContent()).to.equal(
      'Apdex 1.00 over 6 requests (T = 500 ms)',
    );
  });

  it('lists a request held open past the threshold, and drops it once it ends', async () => {
    const pending = fetch(`${server.url}/hold`);
    await page.locator('#inflight-threshold').fill('0');
    await page.locator('#inflight-threshold').dispatchEvent('change');
    const row = page.locator('#inflight tbody tr', { hasText: 'GET unmatched' });
    await row.waitFor();
    expect(await page.locator('#inflight-summary').textContent()).to.match(
      /^1 in flight · 1 older than 0 ms$/,
    );
    const link = row.locator('a.trace-link');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).to.match(/^#trace=[0-9a-f]{32}$/);
    // Still running: the trace view says it is not held yet.
    await link.click();
    await page.locator('#trace-view[open] #trace-problem').waitFor();
    expect(await page.locator('#trace-problem').textContent()).to.match(
      /answered 404: trace [0-9a-f]{32} is not held/,
    );
    await page.locator('#trace-close').click();
    await hashCleared(page);
    release();
    await (await pending).text();
    await page.clock.fastForward(5_000);
    await page
      .locator('#inflight tbody td.empty-row', { hasText: 'Nothing running longer than 0 ms.' })
      .waitFor();
    // Ended, it is a recent trace: the same link now opens its spans.
    await page.evaluate((h) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = h;
    }, href);
    await page.locator('#trace-view[open] #trace-spans').waitFor();
    expect((await tableRows(page, 'trace-spans')).map((r) => r[1])).to.deep.equal(['server']);
    await page.keyboard.press('Escape');
    await page.locator('#trace-view:not([open])').waitFor({ state: 'attached' });
    await hashCleared(page);
  });

  it('opens the trace view from a recent error, with the server span and its child', async () => {
    await page.clock.fastForward(5_000);
    await settled(page);
    const link = page.locator(`#recent-errors a.trace-link[href="#trace=${failedTrace}"]`);
    await link.click();
    expect(new URL(page.url()).hash).to.equal(`#trace=${failedTrace}`);
    await page.locator('#trace-view[open] #trace-spans').waitFor();
    expect(await page.locator('#trace-title').textContent()).to.equal(`Trace ${failedTrace}`);
    const names = await page.locator('#trace-spans th.span-name summary').allTextContents();
    const rows = await tableRows(page, 'trace-spans');
    expect(rows.map((r, i) => [names[i], r[1], r[2]])).to.deep.equal([
      ['GET', 'server', 'golden-signals'],
      ['db.query', 'internal', 'golden-signals'],
    ]);
    // A span's attributes open below its name.
    await page.locator('#trace-spans th.span-name summary').first().click();
    expect(await page.locator('#trace-spans dl.span-attributes').first().textContent()).to.include(
      'http.response.status_code500',
    );
    // The child is indented below its parent.
    const pads = await page
      .locator('#trace-spans th.span-name')
      .evaluateAll((els) =>
        els.map((e) => (e as unknown as { style: { paddingLeft: string } }).style.paddingLeft),
      );
    expect(pads).to.deep.equal(['0.5em', '1.7em']);
    await page.locator('#trace-close').click();
    await page.locator('#trace-view:not([open])').waitFor({ state: 'attached' });
    await hashCleared(page);
  });

  it('opens the trace view when the page is loaded with #trace=<id>', async () => {
    const { page: direct } = await openPage(
      browser,
      `${server.url}/dashboard#trace=${failedTrace}`,
    );
    await direct.locator('#trace-view[open] #trace-spans').waitFor();
    expect(await tableRows(direct, 'trace-spans')).to.have.length(2);
    await direct.context().close();
  });

  it('adds the compare columns when the toggle is on, and says the previous period is partial', async () => {
    expect(await page.locator('#endpoints th.compare-col:visible').count()).to.equal(0);
    await page.locator('#compare').check();
    await page.locator('#endpoints th.compare-col:visible').first().waitFor();
    await settled(page);
    const rows = await tableRows(page, 'endpoints');
    expect(rows[0]?.[0]).to.equal('unmatched');
    expect(rows[0]).to.have.length(11);
    // Nothing before this process started: every rate is new, the rest has nothing to compare.
    expect(rows[0]?.slice(8)).to.deep.equal(['new', '+14.3 pts', '—']);
    expect(await page.locator('#compare-note').textContent()).to.match(/only partly kept/);
    await page.locator('#compare').uncheck();
    await settled(page);
    expect((await tableRows(page, 'endpoints'))[0]).to.have.length(8);
  });
});
