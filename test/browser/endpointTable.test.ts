import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import { launchChromium } from '../support/chromium.js';
import {
  type InPage,
  LAPTOP,
  openPage,
  PHONE,
  settled,
  tableRows,
} from '../support/dashboardPage.js';
import type { PageRecorder } from '../support/pageRecorder.js';
import { request } from '../support/records.js';
import {
  BUSIEST_ROUTE,
  backgroundPaths,
  FLEET_ROUTES,
  fleetPath,
  INCIDENT_ROUTE,
  incidentPaths,
  type RouteFleetTableApp,
  sendAll,
  startRouteFleetTableApp,
  TWO_OF_TWO_ROUTE,
} from '../support/routeFleetTableApp.js';
import { getJson } from '../support/testApp.js';

const ARTIFACTS = path.join(packageRoot(), 'test', 'artifacts');
/** The laptop. */
const WIDE = { ...LAPTOP, viewport: { width: 1440, height: 900 } };

/** The route of each body row of the endpoints table. */
async function routes(page: Page): Promise<string[]> {
  return (await tableRows(page, 'endpoints')).map((row) => row[0] as string);
}

/** The cell of `route`'s row under the column labelled `label`. */
function cellOf(page: Page, route: string, label: string) {
  return page.locator(`#endpoints tbody tr[data-route="${route}"] td[data-label="${label}"]`);
}

/** Fires the 5 s refresh now and waits until it has drawn. */
async function refreshNow(page: Page): Promise<void> {
  await page.clock.fastForward(5_000);
  await settled(page);
}

describe('the endpoint table at 400 routes in Chromium (issue 27)', function () {
  this.timeout(120_000);
  let app: RouteFleetTableApp;
  let browser: Browser;
  let laptop: { page: Page; recorder: PageRecorder };

  before(async () => {
    app = await startRouteFleetTableApp();
    await sendAll(app.url, [...backgroundPaths(), ...incidentPaths()]);
    browser = await launchChromium();
    laptop = await openPage(browser, `${app.url}/dashboard?period=15m`, WIDE);
    await settled(laptop.page);
  });

  // Each test starts from the unfiltered table, whatever the one before left.
  beforeEach(async () => {
    await laptop?.page.locator('#endpoints-search').fill('');
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('serves 400 route templates, each with traffic', async () => {
    const r = await getJson<{ by_endpoint: Record<string, number> }>(
      `${app.url}/dashboard/requests?period=15m`,
    );
    expect(Object.keys(r.by_endpoint).sort()).to.deep.equal([...FLEET_ROUTES].sort());
  });

  it('puts the incident route in the first 3 rows by default, though others are busier', async () => {
    const { page } = laptop;
    const shown = await routes(page);
    expect(shown.slice(0, 3)).to.include(INCIDENT_ROUTE);
    expect(shown[0]).to.not.equal(BUSIEST_ROUTE);
    expect(await page.locator('#endpoints-impact').getAttribute('aria-pressed')).to.equal('true');
    expect(await cellOf(page, INCIDENT_ROUTE, 'Method').textContent()).to.equal('GET');
    expect(await cellOf(page, INCIDENT_ROUTE, '5xx').textContent()).to.equal('16');
    expect(await cellOf(page, INCIDENT_ROUTE, 'Error %').getAttribute('class')).to.include('bad');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page
      .locator('#endpoints-panel')
      .screenshot({ path: path.join(ARTIFACTS, 'endpoint-table-laptop.png') });
  });

  it('shows the top 50 rows, and all 400 on "Show all"', async () => {
    const { page } = laptop;
    expect(await routes(page)).to.have.length(50);
    expect(await page.locator('#endpoints-summary').textContent()).to.equal(
      'The top 50 of 400 routes.',
    );
    const showAll = page.locator('#endpoints-show-all');
    expect(await showAll.textContent()).to.equal('Show all 400');
    await showAll.click();
    expect(await routes(page)).to.have.length(400);
    expect(await page.locator('#endpoints-summary').textContent()).to.equal('400 routes.');
    await showAll.click();
    expect(await routes(page)).to.have.length(50);
  });

  it('filters the table by part of a route typed in the search box', async () => {
    const { page } = laptop;
    const search = page.locator('#endpoints-search');
    await search.pressSequentially('payments/v1');
    const expected = FLEET_ROUTES.filter((r) => r.includes('payments/v1'));
    expect(expected).to.have.length(11);
    const shown = await routes(page);
    expect([...shown].sort()).to.deep.equal([...expected].sort());
    expect(shown[0]).to.equal(INCIDENT_ROUTE);
    expect(await page.locator('#endpoints-summary').textContent()).to.equal(
      '11 of 400 routes hold “payments/v1”.',
    );
    // The filter holds across a refresh.
    await refreshNow(page);
    expect([...(await routes(page))].sort()).to.deep.equal([...expected].sort());
    await search.fill('no-such-route');
    expect(await tableRows(page, 'endpoints')).to.deep.equal([['No route holds “no-such-route”.']]);
    await search.fill('');
    expect(await routes(page)).to.have.length(50);
  });

  it('colours no rate of a route with too few requests, and ranks it last by error rate', async () => {
    const { page } = laptop;
    await page.locator('#endpoints-search').fill(TWO_OF_TWO_ROUTE);
    expect(await cellOf(page, TWO_OF_TWO_ROUTE, 'Error %').textContent()).to.equal('100%');
    const classes = await cellOf(page, TWO_OF_TWO_ROUTE, 'Error %').getAttribute('class');
    expect(classes).to.not.match(/\b(bad|warn)\b/);
    await page.locator('#endpoints-search').fill('');
    const errorRate = page.locator('#endpoints th[data-sort="errorRate"]');
    await errorRate.locator('button').click();
    expect(await errorRate.getAttribute('aria-sort')).to.equal('descending');
    expect(await page.locator('#endpoints-impact').getAttribute('aria-pressed')).to.equal('false');
    const shown = await routes(page);
    // Only the busy routes have a rate worth ranking; the incident's 40% leads them.
    expect(shown[0]).to.equal(INCIDENT_ROUTE);
    expect(shown).to.not.include(TWO_OF_TWO_ROUTE);
    await page.locator('#endpoints-impact').click();
    expect(await errorRate.getAttribute('aria-sort')).to.equal('none');
    expect((await routes(page)).slice(0, 3)).to.include(INCIDENT_ROUTE);
  });

  it('keeps focus on a row across a refresh, on the same element, even when the row moves up', async () => {
    const { page } = laptop;
    const before = await routes(page);
    const moving = before[6] as string;
    const button = page.locator(`#endpoints button.drill-down-open[data-route="${moving}"]`);
    await button.focus();
    // A mark on the element itself: a rebuilt row would not carry it.
    await button.evaluate((el) => {
      (el as unknown as { kept: boolean }).kept = true;
    });
    const count = await cellOf(page, moving, 'Requests').textContent();
    await sendAll(
      app.url,
      Array.from({ length: 30 }, (_, i) => fleetPath(moving, i, 500)),
    );
    await refreshNow(page);
    const after = await routes(page);
    expect(after[0]).to.equal(moving);
    expect(await cellOf(page, moving, 'Requests').textContent()).to.not.equal(count);
    const focused = await page.evaluate(() => {
      const active = (globalThis as unknown as { document: { activeElement: unknown } }).document
        .activeElement as { dataset?: { route?: string }; kept?: boolean } | null;
      return { route: active?.dataset?.route, kept: active?.kept === true };
    });
    expect(focused).to.deep.equal({ route: moving, kept: true });
  });

  it('has a skip link that lands past the table', async () => {
    const { page } = laptop;
    const skip = page.locator('#endpoints-skip');
    await skip.focus();
    const box = await skip.boundingBox();
    expect(box?.width ?? 0, 'visible once focused').to.be.above(20);
    await page.keyboard.press('Enter');
    const landed = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { id: string } | null } })
        .document;
      return doc.activeElement?.id;
    });
    expect(landed).to.equal('endpoints-end');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => {
      type El = { id: string; closest(s: string): unknown };
      const active = (globalThis as unknown as { document: { activeElement: El | null } }).document
        .activeElement;
      return { id: active?.id, inTable: active?.closest('#endpoints') != null };
    });
    expect(next.inTable).to.equal(false);
    expect(next.id).to.equal('endpoints-show-all');
  });

  it('shows the numbers of the table on a phone, without sideways scrolling', async () => {
    const phone = await openPage(browser, `${app.url}/dashboard?period=15m`, PHONE);
    const { page } = phone;
    await settled(page);
    const width = PHONE.viewport?.width ?? 390;
    const layout = await page.evaluate(() => {
      const w = globalThis as unknown as InPage;
      return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: w.innerWidth };
    });
    expect(layout.innerWidth).to.equal(width);
    expect(layout.scrollWidth).to.be.at.most(layout.innerWidth);
    const rows = page.locator('#endpoints tbody tr');
    expect(await rows.count()).to.equal(50);
    for (let i = 0; i < 5; i++) {
      const cells = rows.nth(i).locator('th, td');
      expect(await cells.count()).to.equal(8);
      for (let c = 0; c < 8; c++) {
        const cell = cells.nth(c);
        expect(await cell.isVisible()).to.equal(true);
        const box = await cell.boundingBox();
        const what = `row ${i} cell ${c} (${await cell.textContent()})`;
        expect(box, what).to.not.equal(null);
        expect(box?.x ?? -1, what).to.be.at.least(0);
        expect((box?.x ?? 0) + (box?.width ?? 0), what).to.be.at.most(width);
      }
    }
    // Scrolled to, the incident's card is on screen: its 5xx figure within the viewport.
    const incident = cellOf(page, INCIDENT_ROUTE, '5xx');
    await incident.scrollIntoViewIfNeeded();
    const box = await incident.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).to.be.at.most(width);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'endpoint-table-phone.png') });
    expect(phone.recorder.failures).to.deep.equal([]);
    expect(phone.recorder.errors).to.deep.equal([]);
    await page.context().close();
  });

  it('shows each span’s start, duration and bar in the trace view on a phone', async () => {
    const e = await getJson<ErrorsReport>(`${app.url}/dashboard/errors?period=15m`);
    const traceId = e.recent[0]?.trace_id;
    expect(traceId).to.match(/^[0-9a-f]{32}$/);
    const phone = await openPage(
      browser,
      `${app.url}/dashboard?period=15m#trace=${traceId}`,
      PHONE,
    );
    const { page } = phone;
    await page.waitForSelector('#trace-spans tbody tr');
    const width = PHONE.viewport?.width ?? 390;
    const height = PHONE.viewport?.height ?? 844;
    const row = page.locator('#trace-spans tbody tr').first();
    const parts = {
      start: row.locator('td').nth(2),
      duration: row.locator('td').nth(3),
      bar: row.locator('.bar'),
    };
    for (const [name, part] of Object.entries(parts)) {
      expect(await part.isVisible(), name).to.equal(true);
      const box = await part.boundingBox();
      expect(box, name).to.not.equal(null);
      expect(box?.width ?? 0, name).to.be.above(0);
      expect(box?.x ?? -1, name).to.be.at.least(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), name).to.be.at.most(width);
      expect((box?.y ?? 0) + (box?.height ?? 0), name).to.be.at.most(height);
    }
    const dialog = await page.evaluate(() => {
      type Box = { scrollWidth: number; clientWidth: number };
      const doc = (globalThis as unknown as { document: { getElementById(id: string): Box } })
        .document;
      const box = doc.getElementById('trace-view');
      return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
    });
    expect(dialog.scrollWidth, 'no sideways scrolling in the dialog').to.be.at.most(
      dialog.clientWidth,
    );
    expect(await parts.start.textContent()).to.match(/^\+/);
    expect(await parts.duration.textContent()).to.match(/\d ?(ms|s)$/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'trace-view-phone.png') });
    expect(phone.recorder.errors).to.deep.equal([]);
    await page.context().close();
  });

  it('draws a route as text, never as HTML, and finds it by its text', async () => {
    const { page } = laptop;
    // A route name a client could send over OTLP: markup that would run if parsed.
    const hostile = '/x/<img src=x onerror="globalThis.pwned=1">';
    for (let i = 0; i < 3; i++) {
      app.goldenSignals.store?.record(request(Date.now(), { endpoint: hostile, statusCode: 500 }));
    }
    await refreshNow(page);
    await page.locator('#endpoints-search').fill('<img');
    expect(await routes(page)).to.deep.equal([hostile]);
    expect(await page.locator('#endpoints img').count()).to.equal(0);
    const pwned = await page.evaluate(() => (globalThis as { pwned?: number }).pwned);
    expect(pwned).to.equal(undefined);
  });

  it('made no failed request and logged no error or CSP violation on the laptop', () => {
    expect(laptop.recorder.failures).to.deep.equal([]);
    expect(laptop.recorder.errors).to.deep.equal([]);
  });
});
