import { expect } from 'chai';
import { DEFAULT_THRESHOLDS, thresholdSettingsOf } from '../../src/thresholds/ThresholdSettings.js';

const fail = (m: string) => new Error(m);

describe('thresholdSettingsOf', () => {
  it('takes the defaults without variables', () => {
    expect(thresholdSettingsOf({}, fail)).to.deep.equal(DEFAULT_THRESHOLDS);
  });

  it('reads percentages as fractions and durations in milliseconds', () => {
    const t = thresholdSettingsOf(
      {
        GOLDEN_SIGNALS_THRESHOLD_5XX_WARN: '0.5',
        GOLDEN_SIGNALS_THRESHOLD_5XX_CRITICAL: '2',
        GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS: '200',
        GOLDEN_SIGNALS_THRESHOLD_P95_CRITICAL_MS: '800',
        GOLDEN_SIGNALS_THRESHOLD_BURN_RATE: '1.5',
        GOLDEN_SIGNALS_THRESHOLD_MIN_REQUESTS: '50',
      },
      fail,
    );
    expect(t).to.include({
      serverErrorWarn: 0.005,
      serverErrorCritical: 0.02,
      p95WarnMs: 200,
      p95CriticalMs: 800,
      burnRateWarn: 1.5,
      minRequests: 50,
    });
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ GOLDEN_SIGNALS_THRESHOLD_5XX_WARN: 'lots' }, /^GOLDEN_SIGNALS_THRESHOLD_5XX_WARN must be/],
    [{ GOLDEN_SIGNALS_THRESHOLD_5XX_CRITICAL: '150' }, /at most 100/],
    [{ GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS: '0' }, /above 0/],
    [
      {
        GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS: '900',
        GOLDEN_SIGNALS_THRESHOLD_P95_CRITICAL_MS: '800',
      },
      /GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS \(900\) must not exceed/,
    ],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)}, naming the variable`, () => {
      expect(() => thresholdSettingsOf(env, fail)).to.throw(message);
    });
  }
});
