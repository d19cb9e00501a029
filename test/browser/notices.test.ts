import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { GoldenSignals } from '../../src/index.js';
import type { SaturationReport } from '../../src/reportInputs/SaturationReport.js';
import { startGoldenSignals } from '../../src/startGoldenSignals.js';
import { launchChromium } from '../support/chromium.js';
import { openPage, settled } from '../support/dashboardPage.js';
import { TEST_ENV } from '../support/testApp.js';

describe('the page says what the preload set aside and what it caught, in Chromium', function () {
  this.timeout(90_000);
  let browser: Browser;
  let gs: GoldenSignals | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await gs?.shutdown();
    gs = undefined;
  });

  it('shows nothing when all is well', async () => {
    gs = startGoldenSignals({ env: TEST_ENV, port: 0, logger: { info() {}, warn() {} } });
    const { page } = await openPage(browser, (await gs.dashboardUrl) as string);
    await settled(page);
    expect(await page.isHidden('#notices')).to.equal(true);
    await page.context().close();
  });

  it('names a bad variable and the internal errors caught', async () => {
    const failing = (): SaturationReport => {
      throw new Error('no descriptors');
    };
    gs = startGoldenSignals(
      {
        env: { ...TEST_ENV, GOLDEN_SIGNALS_RETENTION: 'banana' },
        port: 0,
        saturation: failing,
        logger: { info() {}, warn() {} },
      },
      { lenientConfig: true },
    );
    const { page } = await openPage(browser, (await gs.dashboardUrl) as string);
    await settled(page);
    const text = await page.textContent('#notices');
    expect(await page.isVisible('#notices')).to.equal(true);
    expect(text).to.match(/Configuration: GOLDEN_SIGNALS_RETENTION must .*got: banana/);
    expect(text).to.match(/golden-signals caught \d+ internal errors \(.*saturation\.read \d+/);
    await page.context().close();
  });
});
