import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled, tableRows } from '../support/dashboardPage.js';
import {
  type DependencyApp,
  N_PLUS_ONE_CALLS,
  startDependencyApp,
} from '../support/dependencyApp.js';

/** Every JSON body the page received from the dashboard, as text. */
function recordBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', (res) => {
    if (!new URL(res.url()).pathname.startsWith('/dashboard/')) return;
    if (!(res.headers()['content-type'] ?? '').includes('json')) return;
    void res.text().then(
      (text) => bodies.push(text),
      () => {},
    );
  });
  return bodies;
}

describe('the Dependencies panel in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let app: DependencyApp;

  before(async () => {
    [browser, app] = await Promise.all([launchChromium(), startDependencyApp()]);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('says so, and how to turn client instrumentations on, before any call', async () => {
    await app.get('/quiet');
    const { page, recorder } = await openPage(browser, `${app.url}/dashboard?period=1h`);
    await settled(page);
    await page.waitForSelector('#dependencies-empty:not([hidden])');
    expect(await page.locator('#dependencies-summary').textContent()).to.equal(
      'No outgoing calls in the last hour.',
    );
    const how = await page.locator('#dependencies-empty').textContent();
    expect(how).to.include('npm install @opentelemetry/instrumentation-pg');
    expect(how).to.include('GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS');
    expect(await page.locator('#dependencies-tables').isVisible()).to.equal(false);
    expect(recorder.errors).to.deep.equal([]);
    await page.context().close();
  });

  it('lists each dependency and where each endpoint’s time goes, flags the N+1, and opens the slow calls', async () => {
    for (let i = 0; i < 4; i++) await app.get(`/orders/${i}`);
    const report = await app.get('/report');
    await app.get('/items');
    const { page, recorder } = await openPage(browser, `${app.url}/dashboard?period=1h`);
    const bodies = recordBodies(page);
    await settled(page);
    await page.waitForSelector('#dependencies-tables:not([hidden]) button.dependency-open');

    const summary = await page.locator('#dependencies-summary').textContent();
    // 4 × 4 + 3 + 12 calls, 2 of them failed (the query and the downstream 500).
    expect(summary).to.match(/^31 calls to 2 dependencies · 2 failed · 1 N\+1 pattern/);
    const rows = await tableRows(page, 'dependencies');
    const db = rows.find((r) => r[0] === 'postgresql app');
    expect(db?.slice(1, 4)).to.deep.equal(['database · postgresql', '26', '1']);
    expect(db?.[6]).to.equal('N+1 ×1');
    const http = rows.find((r) => r[1] === 'http');
    expect(http?.slice(2, 4)).to.deep.equal(['5', '1']);

    const shares = await tableRows(page, 'dependency-endpoints');
    const orders = shares.find((r) => r[0] === '/orders/:id' && r[1] === 'postgresql app');
    expect(orders?.[2]).to.equal('3.0');
    expect(orders?.[3]).to.match(/%$/);
    const items = shares.find((r) => r[0] === '/items' && r[1] === 'postgresql app');
    expect(items?.[2]).to.equal(N_PLUS_ONE_CALLS.toFixed(0));
    expect(items?.[4]).to.equal(
      `N+1: SELECT id, price FROM items WHERE id = ? up to ×${N_PLUS_ONE_CALLS}`,
    );

    // The dependency opens its slowest calls, as a route opens its slowest requests.
    const button = page.locator(
      '#dependencies button.dependency-open[data-dependency="postgresql app"]',
    );
    await button.click();
    await page.waitForSelector('#dependency-drawer[data-dependency="postgresql app"]');
    expect(await page.locator('#dependency-drawer-name').textContent()).to.equal('postgresql app');
    expect(await page.locator('#dependency-drawer-summary').textContent()).to.match(
      /^26 calls · 1 failed · p50 /,
    );
    const operations = await tableRows(page, 'dependency-operations');
    expect(operations.map((r) => r[0])).to.include('SELECT items');
    const calls = await tableRows(page, 'dependency-slow-calls');
    expect(calls).to.have.length(20);
    expect(calls[0]?.slice(3)).to.deep.equal(['SELECT pg_sleep(?), ?', 'ok', report.traceId]);
    const failed = calls.find((r) => r[4] === 'DatabaseError');
    expect(failed?.[3]).to.equal('SELECT * FROM missing WHERE code = ?');
    expect(
      recorder.requestsTo('/dashboard/dependencies/slowest').at(-1)?.searchParams.get('dependency'),
    ).to.equal('postgresql app');

    // Its trace opens, and Escape closes the trace view, then the drawer, focus back on the button.
    await page
      .locator(`#dependency-slow-calls a.trace-link[href="#trace=${report.traceId}"]`)
      .first()
      .click();
    await page.locator('#trace-view[open] #trace-spans').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#trace-view:not([open])').waitFor({ state: 'attached' });
    await page.keyboard.press('Escape');
    await page.locator('#dependency-drawer:not([open])').waitFor({ state: 'attached' });
    expect(
      await button.evaluate(
        (b) =>
          b ===
          (globalThis as unknown as { document: { activeElement: unknown } }).document
            .activeElement,
      ),
    ).to.equal(true);

    // No literal of any statement on the page or in anything it was sent.
    const text = (await page.locator('body').textContent()) ?? '';
    expect(bodies.length).to.be.above(5);
    for (const literal of app.literals) {
      expect(text).not.to.include(literal);
      for (const body of bodies) expect(body).not.to.include(literal);
    }
    expect(recorder.errors).to.deep.equal([]);
    await page.context().close();
  });
});
