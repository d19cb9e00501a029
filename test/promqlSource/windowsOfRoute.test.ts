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
      durations: 'overall',
    });
  });
  it('reads durations per step of a series for its chart, of the whole for the latency chart, per window without one, none for counts', () => {
    const durations = (path: string, query = none) =>
      windowsOfRoute(path, HOUR, query, undefined).durations ?? 'steps';
    expect(durations('/requests')).to.equal('none');
    expect(durations('/errors')).to.equal('none');
    expect(durations('/saturation')).to.equal('none');
    // The comparison has a p95 per window; the overview, the objectives none per step.
    expect(durations('/requests', new URLSearchParams('compare=previous'))).to.equal('windows');
    for (const path of ['/slo', '/verdict', '/alerts'])
      expect(durations(path), path).to.equal('windows');
    // The overview shows no endpoint's latency: the whole's alone.
    expect(durations('/overview')).to.equal('overall');
    // The latency chart is of the whole; an endpoint's chart is of its series.
    expect(durations('/latency')).to.equal('chart');
    for (const path of ['/endpoint', '/apdex', '/endpoints'])
      expect(durations(path), path).to.equal('steps');
  });
  it('reads the SLO window and the alert pairs for the objectives', () => {
    const slo = sloSettingsOf({}, DAY, (m) => new Error(m));
    const { windowsMs } = windowsOfRoute('/slo', HOUR, none, slo);
    expect(windowsMs).to.include.members([HOUR, slo.windowMs, ...SLO_ALERT_WINDOWS_MS]);
  });
});
