import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { SaturationMonitor } from '../../src/telemetry/SaturationMonitor.js';
import { formatCount, formatMs, formatPercent } from '../../web/format.js';
import { launchChromium } from '../support/chromium.js';
import {
  CHARTS,
  type InPage,
  LAPTOP,
  openPage,
  PHONE,
  seriesPixels,
  settled,
  tableRows,
} from '../support/dashboardPage.js';
import { SwitchableRandom, TrafficSender } from '../support/knownTraffic.js';
import type { PageRecorder } from '../support/pageRecorder.js';
import { getJson, type RunningServer, startTestApp } from '../support/testApp.js';

/** `UPDATE_SCREENSHOT=1` also writes docs/dashboard.png, after minutes of background traffic. */
const UPDATE_SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1';
const BACKGROUND_MINUTES = UPDATE_SCREENSHOT
  ? Number(process.env.SCREENSHOT_TRAFFIC_MINUTES ?? '8')
  : 0;
const ARTIFACTS = path.join(packageRoot(), 'test', 'artifacts');
const README_SCREENSHOT = path.join(packageRoot(), 'docs', 'dashboard.png');

/** Every JSON route a refresh fetches, and whether it carries the period. */
const API_ROUTES = [
  ['/dashboard/overview', false],
  ['/dashboard/requests', true],
  ['/dashboard/latency', true],
  ['/dashboard/errors', true],
] as const;

/**
 * The endpoints table the page should show for a period, from the JSON API:
 * most impact first (5xx count, then p95 × requests, then the route).
 */
async function expectedEndpointRows(baseUrl: string, period: string): Promise<string[][]> {
  const [r, l, e] = await Promise.all([
    getJson<RequestsReport>(`${baseUrl}/dashboard/requests?period=${period}`),
    getJson<LatencyReport>(`${baseUrl}/dashboard/latency?period=${period}`),
    getJson<ErrorsReport>(`${baseUrl}/dashboard/errors?period=${period}`),
  ]);
  expect(Object.keys(l.by_endpoint).sort()).to.deep.equal(Object.keys(r.by_endpoint).sort());
  const fivexx = (route: string) => e.server_errors_by_endpoint[route] ?? 0;
  const cost = (route: string) => (l.by_endpoint[route]?.p95_ms ?? 0) * (r.by_endpoint[route] ?? 0);
  return Object.entries(r.by_endpoint)
    .sort(
      ([ra], [rb]) =>
        fivexx(rb) - fivexx(ra) || cost(rb) - cost(ra) || (ra < rb ? -1 : ra > rb ? 1 : 0),
    )
    .map(([route, count]) => {
      const lat = l.by_endpoint[route];
      if (lat === undefined) throw new Error(`no latency for ${route}`);
      return [
        route,
        (r.methods_by_endpoint[route] ?? []).join(' '),
        formatCount(count),
        formatCount(fivexx(route)),
        formatPercent((e.by_endpoint[route] ?? 0) / count),
        formatMs(lat.p50_ms),
        formatMs(lat.p95_ms),
        formatMs(lat.p99_ms),
      ];
    });
}

/** Asserts each refresh's JSON requests from index `from` on asked for `period`. */
function expectPeriodRequests(recorder: PageRecorder, from: number, period: string): void {
  for (const [route, hasPeriod] of API_ROUTES) {
    const urls = recorder.requestsTo(route, from);
    expect(urls, route).to.have.length.at.least(1);
    if (hasPeriod)
      for (const u of urls) expect(u.searchParams.get('period'), route).to.equal(period);
  }
}

describe('the /dashboard page in Chromium (real app, real traffic)', function () {
  this.timeout(90_000 + BACKGROUND_MINUTES * 90_000);
  const random = new SwitchableRandom();
  const saturation = new SaturationMonitor();
  let server: RunningServer;
  let browser: Browser;
  let traffic: TrafficSender;
  /** Opened before any traffic, kept open: what someone who opens the page first sees. */
  let first: { page: Page; recorder: PageRecorder };

  before(async () => {
    const latency = UPDATE_SCREENSHOT ? { minMs: 15, maxMs: 250 } : { minMs: 1, maxMs: 40 };
    server = await startTestApp(
      { latency, failureRate: 0.05, random: random.next },
      { saturation: () => saturation.read() },
    );
    traffic = new TrafficSender(server.url);
    browser = await launchChromium();
    first = await openPage(browser, `${server.url}/dashboard?period=15m`);
    await settled(first.page);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    saturation.stop();
  });

  it('shows the empty state, and says what to do, before any traffic', async () => {
    const { page } = first;
    expect(await page.locator('#empty').isVisible()).to.equal(true);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, without the hidden hint.
    const empty = await page.locator('#empty').innerText();
    expect(empty).to.match(/No traffic yet\s+—\s+send a request to your app and it shows here\./);
    // The packaged page speaks to any app, not to the demo's own scripts.
    expect(empty).not.to.match(/npm run/);
    expect(await tableRows(page, 'endpoints')).to.deep.equal([
      ['No requests in the last 15 minutes.'],
    ]);
    expect(await tableRows(page, 'recent-errors')).to.deep.equal([
      ['No errors in the last 15 minutes.'],
    ]);
    expect(await page.locator('#traffic-value').textContent()).to.equal('0 requests');
    expect(await page.locator('#problem').isVisible()).to.equal(false);
    // Nothing drawn yet: the pixel count that later proves each series was drawn starts at 0.
    for (const id of ['traffic-chart', 'errors-chart', 'latency-chart']) {
      for (const s of await page.evaluate(seriesPixels, id)) {
        expect(s.pixels, `${id} ${s.label}`).to.equal(0);
      }
    }
  });

  describe('with known traffic, including 422s, 500s and 404s', () => {
    let second: { page: Page; recorder: PageRecorder };

    before(async () => {
      if (BACKGROUND_MINUTES > 0) await backgroundTraffic(traffic, random, BACKGROUND_MINUTES);
      random.mode = 'succeed';
      await traffic.many(120, 20, (i) => traffic.predict(true, i));
      random.mode = 'fail';
      for (let i = 0; i < 3; i++) await traffic.predict(true, i);
      random.mode = 'succeed';
      for (let i = 0; i < 4; i++) await traffic.predict(false);
      for (let i = 0; i < 2; i++) await traffic.notFound();
      second = await openPage(browser, `${server.url}/dashboard`);
      await settled(second.page);
    });

    it('sent what it meant to: 200s, 500s, 422s and 404s', () => {
      const statuses = new Map<number, number>();
      for (const r of traffic.sent.slice(-129))
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(Object.fromEntries(statuses)).to.deep.equal({ 200: 120, 500: 3, 422: 4, 404: 2 });
    });

    it('fills the page that was already open on its next 5 s refresh', async () => {
      const { page, recorder } = first;
      const before = recorder.requestsTo('/dashboard/overview').length;
      await page.clock.fastForward(5_000);
      await settled(page);
      expect(recorder.requestsTo('/dashboard/overview').length).to.be.above(before);
      expect(await page.locator('#empty').isVisible()).to.equal(false);
      expect(await tableRows(page, 'endpoints')).to.deep.equal(
        await expectedEndpointRows(server.url, '15m'),
      );
    });

    it('keeps the default period in the URL and asks the API for it', async () => {
      const { page, recorder } = second;
      expect(new URL(page.url()).searchParams.get('period')).to.equal('1h');
      expect(await page.locator('#periods a[aria-current]').textContent()).to.equal('1h');
      expectPeriodRequests(recorder, 0, '1h');
    });

    it('draws data in every chart', async () => {
      const { page } = second;
      const expected: Record<string, string[]> = {
        'traffic-chart': ['Requests'],
        'errors-chart': ['4xx', '5xx'],
        'latency-chart': ['p50', 'p95', 'p99'],
        'saturation-chart': ['In flight', 'Event-loop delay p99'],
      };
      for (const id of CHARTS) {
        const series = await page.evaluate(seriesPixels, id);
        expect(
          series.map((s) => s.label),
          id,
        ).to.deep.equal(expected[id]);
        for (const s of series) {
          let pixels = s.pixels;
          if (pixels <= 10) {
            // Drawn under a later series with the same values (p95 = p99 in a quiet minute):
            // isolate it, as a ctrl-click on its legend entry does, and count again.
            const entry = page
              .locator(`#${id} .u-legend .u-series th`)
              .filter({ hasText: new RegExp(`^${s.label}$`) });
            await entry.click({ modifiers: ['Control'] });
            const alone = await page.evaluate(seriesPixels, id);
            pixels = alone.find((a) => a.label === s.label)?.pixels ?? 0;
            const others = alone.filter((a) => a.label !== s.label).map((a) => a.pixels);
            expect(others, `${id}: the other series hidden`).to.deep.equal(others.map(() => 0));
            await entry.click({ modifiers: ['Control'] });
          }
          expect(pixels, `${id} ${s.label} (${s.color}) pixels on the canvas`).to.be.above(10);
        }
      }
    });

    it('shows the headline figures of the JSON API', async () => {
      const { page } = second;
      const [r, l, e] = await Promise.all([
        getJson<RequestsReport>(`${server.url}/dashboard/requests?period=1h`),
        getJson<LatencyReport>(`${server.url}/dashboard/latency?period=1h`),
        getJson<ErrorsReport>(`${server.url}/dashboard/errors?period=1h`),
      ]);
      expect(r.total).to.equal(traffic.sent.length);
      expect(await page.locator('#traffic-value').textContent()).to.equal(
        `${formatCount(r.total)} requests`,
      );
      // 5xx is the headline error figure (issue 27), with 4xx apart.
      const clientErrors = e.total_errors - e.total_server_errors;
      expect(await page.locator('#errors-value').textContent()).to.equal(
        `${formatPercent(e.total_server_errors / e.total_requests)} 5xx`,
      );
      expect(await page.locator('#errors-detail').textContent()).to.equal(
        `${formatCount(e.total_server_errors)} of ${formatCount(e.total_requests)} · 4xx apart: ${formatPercent(clientErrors / e.total_requests)} (${formatCount(clientErrors)})`,
      );
      expect(await page.locator('#latency-value').textContent()).to.equal(
        `p95 ${formatMs(l.overall.p95_ms)}`,
      );
      expect(await page.locator('#saturation-value').textContent()).to.match(/^\d+ in flight$/);
    });

    it('lists each endpoint with the counts of /dashboard/requests and /dashboard/latency', async () => {
      const rows = await tableRows(second.page, 'endpoints');
      expect(rows).to.deep.equal(await expectedEndpointRows(server.url, '1h'));
      // And those are the counts that were sent.
      const sent = traffic.countsByEndpoint();
      expect(rows.map((row) => [row[0], row[2]])).to.have.deep.members(
        Object.entries(sent).map(([route, n]) => [route, formatCount(n)]),
      );
    });

    it('sorts the endpoints table by a column, both ways', async () => {
      const { page } = second;
      const header = (key: string) => page.locator(`#endpoints th[data-sort="${key}"]`);
      // The impact order first, which no single column holds.
      expect(await page.locator('#endpoints-impact').getAttribute('aria-pressed')).to.equal('true');
      expect(await header('count').getAttribute('aria-sort')).to.equal('none');
      const l = await getJson<LatencyReport>(`${server.url}/dashboard/latency?period=1h`);
      const byP99 = Object.entries(l.by_endpoint)
        .sort(([ra, a], [rb, b]) => a.p99_ms - b.p99_ms || (ra < rb ? -1 : 1))
        .map(([route]) => route);
      await header('p99').locator('button').click();
      expect(await header('p99').getAttribute('aria-sort')).to.equal('descending');
      expect(await header('count').getAttribute('aria-sort')).to.equal('none');
      expect((await tableRows(page, 'endpoints')).map((r) => r[0])).to.deep.equal(
        [...byP99].reverse(),
      );
      await header('p99').locator('button').click();
      expect(await header('p99').getAttribute('aria-sort')).to.equal('ascending');
      expect((await tableRows(page, 'endpoints')).map((r) => r[0])).to.deep.equal(byP99);
      await header('count').locator('button').click();
      expect(await header('count').getAttribute('aria-sort')).to.equal('descending');
      await page.locator('#endpoints-impact').click();
      expect(await header('count').getAttribute('aria-sort')).to.equal('none');
      expect(await tableRows(page, 'endpoints')).to.deep.equal(
        await expectedEndpointRows(server.url, '1h'),
      );
    });

    it('lists the errors sent in the recent-errors table, with their trace ids', async () => {
      const { page } = second;
      const e = await getJson<ErrorsReport>(`${server.url}/dashboard/errors?period=1h`);
      const rows = await tableRows(page, 'recent-errors');
      expect(rows.map((row) => row.slice(1))).to.deep.equal(
        e.recent.map((x) => [
          `${x.method} ${x.endpoint}`,
          x.error_type,
          String(x.status_code),
          x.message,
          x.trace_id,
        ]),
      );
      const times = await page
        .locator('#recent-errors tbody time')
        .evaluateAll((els) => els.map((el) => (el as unknown as { dateTime: string }).dateTime));
      expect(times).to.deep.equal(e.recent.map((x) => x.timestamp));
      for (const row of rows) expect(row[0]).to.match(/^\d\d:\d\d:\d\d$/);
      // Every error sent last is there, with its status, endpoint and type.
      const byTrace = new Map(rows.map((row) => [row[5], row]));
      const sentErrors = traffic.errors().slice(-9);
      expect(sentErrors).to.have.length(9);
      const types: Record<number, string> = {
        500: 'ModelError',
        422: 'ValidationError',
        404: 'NotFoundError',
      };
      for (const sent of sentErrors) {
        const row = byTrace.get(sent.traceId);
        expect(row, `trace ${sent.traceId} (${sent.status})`).to.not.equal(undefined);
        expect(row?.slice(1, 4)).to.deep.equal([
          `${sent.method} ${sent.endpoint}`,
          types[sent.status],
          String(sent.status),
        ]);
      }
      if (BACKGROUND_MINUTES === 0) expect(rows).to.have.length(9);
    });

    it('refetches with the new period when it changes, keeps it in the URL, and goes back', async () => {
      const { page, recorder } = second;
      let from = recorder.requests.length;
      await page.locator('#periods a', { hasText: '6h' }).click();
      await settled(page);
      expect(new URL(page.url()).searchParams.get('period')).to.equal('6h');
      expect(await page.locator('#periods a[aria-current]').textContent()).to.equal('6h');
      expectPeriodRequests(recorder, from, '6h');
      expect(await tableRows(page, 'endpoints')).to.deep.equal(
        await expectedEndpointRows(server.url, '6h'),
      );
      // The rate over the time covered (issue 27): the period's, or since the first data in it.
      expect(await page.locator('#traffic-detail').textContent()).to.match(
        /^[\d.,]+\/min (over the last 6 hours|since \d\d:\d\d:\d\d \(the first data\))$/,
      );

      from = recorder.requests.length;
      await page.goBack();
      await settled(page);
      expect(new URL(page.url()).searchParams.get('period')).to.equal('1h');
      expectPeriodRequests(recorder, from, '1h');
    });

    it('refreshes every 5 s, and not while paused', async () => {
      const { page, recorder } = second;
      const overviews = () => recorder.requestsTo('/dashboard/overview').length;
      let before = overviews();
      await page.clock.fastForward(5_000);
      await settled(page);
      expect(overviews()).to.equal(before + 1);

      await page.getByRole('button', { name: 'Pause' }).click();
      expect(await page.locator('#pause').textContent()).to.equal('Resume');
      expect(await page.locator('#status').textContent()).to.match(/^Paused/);
      before = overviews();
      await page.clock.fastForward(30_000);
      // A round trip through the page, so a refresh the jump had started would have asked by now.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      await page.waitForTimeout(300);
      expect(overviews()).to.equal(before);

      await page.getByRole('button', { name: 'Resume' }).click();
      await settled(page);
      expect(overviews()).to.equal(before + 1);
      expect(await page.locator('#pause').textContent()).to.equal('Pause');
    });

    it('shows a failed fetch with its reason, keeps refreshing, and recovers', async () => {
      // A page whose latency fetches the browser answers 503 itself, before they reach the app.
      const forged = '**/dashboard/latency?*';
      const { page, recorder } = await openPage(
        browser,
        `${server.url}/dashboard?period=15m`,
        LAPTOP,
        (p) =>
          p.route(forged, (route) =>
            route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({
                error: 'in-memory exporter disabled (OTEL_TRACES_EXPORTER=none)',
              }),
            }),
          ),
      );
      const problem = page.locator('#problem');
      await problem.waitFor({ state: 'visible' });
      expect(await problem.getAttribute('role')).to.equal('alert');
      expect(await problem.textContent()).to.match(
        /^Refresh failed at \d\d:\d\d:\d\d: \/dashboard\/latency\?period=15m&exemplars=0 answered 503: in-memory exporter disabled \(OTEL_TRACES_EXPORTER=none\)\. No data yet\. Retrying every 5 s\.$/,
      );
      await page.unroute(forged);
      await page.clock.fastForward(5_000);
      await problem.waitFor({ state: 'hidden' });
      await settled(page);
      expect(await tableRows(page, 'endpoints')).to.deep.equal(
        await expectedEndpointRows(server.url, '15m'),
      );
      // The only failures are the answers the test forged.
      expect(recorder.failures.length).to.be.at.least(1);
      for (const f of recorder.failures)
        expect(f).to.match(/\/dashboard\/latency\?period=15m&exemplars=0: HTTP 503$/);
      for (const e of recorder.errors) expect(e).to.match(/503/);
      await page.context().close();
    });

    it('fits a phone in the dark theme, with no sideways scrolling of the page', async () => {
      const phone = await openPage(browser, `${server.url}/dashboard?period=15m`, PHONE);
      const { page } = phone;
      await settled(page);
      const layout = await page.evaluate(() => {
        const w = globalThis as unknown as InPage;
        return {
          scrollWidth: w.document.documentElement.scrollWidth,
          innerWidth: w.innerWidth,
          background: w.getComputedStyle(w.document.body).backgroundColor,
        };
      });
      expect(layout.scrollWidth).to.be.at.most(layout.innerWidth);
      const [r, g, b] = (layout.background.match(/\d+/g) ?? []).map(Number) as number[];
      expect((r ?? 255) + (g ?? 255) + (b ?? 255), layout.background).to.be.below(120);
      for (const id of CHARTS) {
        const box = await page.locator(`#${id} canvas`).boundingBox();
        expect(box?.width, id).to.be.at.most(390);
        expect(box?.width, id).to.be.above(200);
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({
        path: path.join(ARTIFACTS, 'dashboard-phone-dark.png'),
        fullPage: true,
      });
      expect(phone.recorder.failures).to.deep.equal([]);
      expect(phone.recorder.errors).to.deep.equal([]);
      await page.context().close();
    });

    it('uses the light theme on a laptop', async () => {
      const background = await second.page.evaluate(() => {
        const w = globalThis as unknown as InPage;
        return w.getComputedStyle(w.document.body).backgroundColor;
      });
      const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number) as number[];
      expect((r ?? 0) + (g ?? 0) + (b ?? 0), background).to.be.above(600);
    });

    it('made no request to another host, none failed, and logged no error', () => {
      const origin = new URL(server.url).origin;
      for (const { recorder } of [first, second]) {
        expect(recorder.requests.length).to.be.above(10);
        for (const url of recorder.requests) expect(new URL(url).origin, url).to.equal(origin);
        expect(recorder.failures).to.deep.equal([]);
        expect(recorder.errors).to.deep.equal([]);
      }
    });

    after(async () => {
      if (first === undefined) return;
      mkdirSync(ARTIFACTS, { recursive: true });
      const shot = path.join(ARTIFACTS, 'dashboard.png');
      await first.page.screenshot({ path: shot, fullPage: true });
      if (UPDATE_SCREENSHOT) {
        mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
        copyFileSync(shot, README_SCREENSHOT);
      }
    });
  });
});

/**
 * Minutes of traffic at a varying rate with the default failure rate, so the
 * README's screenshot shows the charts' shape; only with UPDATE_SCREENSHOT=1.
 */
async function backgroundTraffic(
  traffic: TrafficSender,
  random: SwitchableRandom,
  minutes: number,
): Promise<void> {
  random.mode = 'natural';
  const end = Date.now() + minutes * 60_000;
  let sent = 0;
  for (let second = 0; Date.now() < end && second < minutes * 60; second++) {
    const startedAt = Date.now();
    const perSecond = Math.round(6 + 5 * Math.sin(second / 45) + 3 * Math.sin(second / 11));
    // The traffic script's mix: about 6% `{}` (422), and a few unknown paths (404).
    await traffic.many(perSecond, 8, async () => {
      const n = sent++;
      if (n % 16 === 3) return traffic.predict(false);
      if (n % 97 === 7) return traffic.notFound();
      return traffic.predict(true, n);
    });
    const left = 1000 - (Date.now() - startedAt);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
  random.mode = 'succeed';
}
