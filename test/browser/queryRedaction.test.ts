import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { GoldenSignals } from '../../src/index.js';
import { launchChromium } from '../support/chromium.js';
import { openPage } from '../support/dashboardPage.js';
import { listen, type RunningServer } from '../support/listen.js';
import { startTestPipeline } from '../support/testApp.js';

const QUERY = 'token=s3cr3t&password=hunter2&api_key=K3YVALUE&user=bob';

describe('query redaction in the page, in Chromium', function () {
  this.timeout(90_000);
  let gs: GoldenSignals;
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    gs = startTestPipeline();
    const dash = gs.handler();
    server = await listen((req: IncomingMessage, res: ServerResponse) => {
      if (dash(req, res)) return;
      res.statusCode = 500;
      res.end(trace.getActiveSpan()?.spanContext().traceId ?? '');
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await gs?.shutdown();
  });

  it('shows the query of a trace with its secret values masked and its keys kept', async () => {
    const traceId = await (await fetch(`${server.url}/fail?${QUERY}`)).text();
    const { page } = await openPage(browser, `${server.url}/dashboard#trace=${traceId}`);
    await page.locator('#trace-view[open] #trace-spans').waitFor();
    await page.locator('#trace-spans th.span-name summary').first().click();
    const attributes = await page.locator('#trace-spans dl.span-attributes').first().textContent();
    expect(attributes).to.include(
      'url.querytoken=REDACTED&password=REDACTED&api_key=REDACTED&user=bob',
    );
    const html = await page.content();
    for (const secret of ['s3cr3t', 'hunter2', 'K3YVALUE']) expect(html).not.to.contain(secret);
    await page.context().close();
  });
});
