import { expect } from 'chai';
import { ConfigError, loadConfig } from '../src/config.js';
import { environmentOf } from '../src/environmentOf.js';

describe('environmentOf', () => {
  it('writes the alerts options over their variables', () => {
    const env = environmentOf({
      env: {
        GOLDEN_SIGNALS_ALERTMANAGER_URL: 'http://old:9093',
        GOLDEN_SIGNALS_ALERT_TIMEOUT_MS: '900',
      },
      alerts: {
        alertmanagerUrl: 'http://127.0.0.1:9093',
        webhookUrl: 'https://hooks.example/T/B/x',
        intervalMs: 1_000,
        resendMs: 2_000,
        dashboardUrl: 'https://ops.example/dashboard',
      },
    });
    expect(loadConfig(env).alerts).to.deep.equal({
      alertmanagerUrl: 'http://127.0.0.1:9093/api/v2/alerts',
      webhookUrl: 'https://hooks.example/T/B/x',
      intervalMs: 1_000,
      resendMs: 2_000,
      timeoutMs: 900,
      dashboardUrl: 'https://ops.example/dashboard',
    });
  });

  it('leaves a bad alerts option to a ConfigError naming its variable', () => {
    expect(() => loadConfig(environmentOf({ env: {}, alerts: { webhookUrl: 'hooks' } }))).to.throw(
      ConfigError,
      /^GOLDEN_SIGNALS_ALERT_WEBHOOK_URL must be an http\(s\) URL/,
    );
  });

  it('writes the thresholds options over their variables', () => {
    const env = environmentOf({
      env: { GOLDEN_SIGNALS_THRESHOLD_5XX_WARN: '3', GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS: '250' },
      thresholds: { serverErrorWarnPercent: 0.5, serverErrorCriticalPercent: 2, minRequests: 5 },
    });
    expect(loadConfig(env).thresholds).to.include({
      serverErrorWarn: 0.005,
      serverErrorCritical: 0.02,
      p95WarnMs: 250,
      minRequests: 5,
    });
  });
});
