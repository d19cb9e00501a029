import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { LAPTOP, openPage, settled, tableRows } from '../support/dashboardPage.js';
import { postJson, type RunningServer, startTestApp } from '../support/testApp.js';

const TOKEN = 'a-long-dashboard-token-for-the-browser';

describe('the page behind GOLDEN_SIGNALS_DASHBOARD_TOKEN, in Chromium', function () {
  this.timeout(90_000);
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    server = await startTestApp({}, { dashboardToken: TOKEN });
    for (let i = 0; i < 5; i++)
      await (await postJson(`${server.url}/predict`, { text: 'hi' })).text();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server.close();
  });

  it('is refused without the token, with a Basic challenge', async () => {
    const context = await browser.newContext(LAPTOP);
    const response = await context.request.get(`${server.url}/dashboard`);
    expect(response.status()).to.equal(401);
    expect(response.headers()['www-authenticate']).to.match(/^Basic realm=/);
    // A headless browser cannot show the prompt, so navigation fails on the challenge.
    const page = await context.newPage();
    const failure = await page.goto(`${server.url}/dashboard`).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(failure).to.contain('ERR_INVALID_AUTH_CREDENTIALS');
    await context.close();
  });

  it('works once the token is given as the Basic password, the page fetches included', async () => {
    const { page, recorder } = await openPage(browser, `${server.url}/dashboard`, {
      ...LAPTOP,
      httpCredentials: { username: 'oncall', password: TOKEN },
    });
    await settled(page);
    const rows = await tableRows(page, 'endpoints');
    expect(rows.map((r) => r[0])).to.deep.equal(['/predict']);
    expect(rows[0]?.[2]).to.equal('5');
    expect(recorder.failures).to.deep.equal([]);
    expect(recorder.errors).to.deep.equal([]);
    await page.context().close();
  });
});
