import { expect } from 'chai';
import { headlineLevels, levelOf } from '../../web/thresholdLevels.js';

const THRESHOLDS = {
  server_error_rate_warn: 0.01,
  server_error_rate_critical: 0.05,
  p95_warn_ms: 500,
  p95_critical_ms: 1000,
  loop_delay_warn_ms: 100,
  loop_delay_critical_ms: 500,
  min_requests: 20,
};

describe('web/thresholdLevels', () => {
  describe('#levelOf', () => {
    const cases: [number | null, string][] = [
      [null, 'none'],
      [Number.NaN, 'none'],
      [0, 'ok'],
      [0.0099, 'ok'],
      [0.01, 'warn'],
      [0.05, 'critical'],
      [0.4, 'critical'],
    ];
    for (const [value, level] of cases) {
      it(`judges ${value} against 1% and 5% as ${level}`, () => {
        expect(levelOf(value, 0.01, 0.05)).to.equal(level);
      });
    }
  });

  it('colours the 5xx rate and p95 only past enough requests, the loop delay always', () => {
    expect(
      headlineLevels({ requests: 400, serverErrors: 8, p95Ms: 600, loopDelayMs: 20 }, THRESHOLDS),
    ).to.deep.equal({ errors: 'warn', latency: 'warn', saturation: 'ok' });
    expect(
      headlineLevels({ requests: 3, serverErrors: 2, p95Ms: 5000, loopDelayMs: 800 }, THRESHOLDS),
    ).to.deep.equal({ errors: 'none', latency: 'none', saturation: 'critical' });
    expect(
      headlineLevels({ requests: 0, serverErrors: 0, p95Ms: null, loopDelayMs: null }, THRESHOLDS),
    ).to.deep.equal({ errors: 'none', latency: 'none', saturation: 'none' });
  });
});
