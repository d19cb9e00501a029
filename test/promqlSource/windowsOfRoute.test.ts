import { expect } from 'chai';
import { SLO_ALERT_WINDOWS_MS, windowsOfRoute } from '../../src/promqlSource/windowsOfRoute.js';
import { sloSettingsOf } from '../../src/slo/SloSettings.js';
import { DAY, HOUR } from '../support/fakeClock.js';

describe('windowsOfRoute', () => {
  const none = new URLSearchParams();
  it('reads the period, and the one before it with compare=previous', () => {
    expect(windowsOfRoute('/requests', HOUR, none, undefined).windowsMs).to.deep.equal([HOUR]);
    expect(
      windowsOfRoute('/requests', HOUR, new URLSearchParams('compare=previous'), undefined)
        .windowsMs,
    ).to.deep.equal([HOUR, 2 * HOUR]);
  });
  it('reads the last hour for the overview, whatever the period', () => {
    expect(windowsOfRoute('/overview', DAY, none, undefined)).to.deep.equal({
      chartMs: HOUR,
      windowsMs: [HOUR],
    });
  });
  it('reads the SLO window and the alert pairs for the objectives', () => {
    const slo = sloSettingsOf({}, DAY, (m) => new Error(m));
    const { windowsMs } = windowsOfRoute('/slo', HOUR, none, slo);
    expect(windowsMs).to.include.members([HOUR, slo.windowMs, ...SLO_ALERT_WINDOWS_MS]);
  });
});
