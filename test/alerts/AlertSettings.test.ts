import { expect } from 'chai';
import { alertSettingsOf } from '../../src/alerts/AlertSettings.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadConfigLeniently } from '../../src/loadConfigLeniently.js';

const fail = (m: string) => new ConfigError(m);

function rejection(env: Record<string, string>): ConfigError {
  try {
    alertSettingsOf(env, fail);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('alertSettingsOf', () => {
  it('sends nowhere by default, evaluating every 30 s and re-sending every minute', () => {
    expect(alertSettingsOf({}, fail)).to.deep.equal({
      alertmanagerUrl: undefined,
      webhookUrl: undefined,
      intervalMs: 30_000,
      resendMs: 60_000,
      timeoutMs: 5_000,
      dashboardUrl: undefined,
    });
  });

  it("appends Alertmanager's v2 path to a base URL once, behind a path prefix too", () => {
    const cases: [string, string][] = [
      ['http://127.0.0.1:9093', 'http://127.0.0.1:9093/api/v2/alerts'],
      ['http://am:9093/', 'http://am:9093/api/v2/alerts'],
      ['https://ops.example/alertmanager/', 'https://ops.example/alertmanager/api/v2/alerts'],
      ['http://am:9093/api/v2/alerts', 'http://am:9093/api/v2/alerts'],
    ];
    for (const [given, url] of cases) {
      const s = alertSettingsOf({ GOLDEN_SIGNALS_ALERTMANAGER_URL: given }, fail);
      expect(s.alertmanagerUrl, given).to.equal(url);
    }
  });

  it('keeps a webhook URL whole, query included', () => {
    const url = 'https://hooks.example/services/T0/B0/secret?channel=ops';
    expect(alertSettingsOf({ GOLDEN_SIGNALS_ALERT_WEBHOOK_URL: url }, fail).webhookUrl).to.equal(
      url,
    );
  });

  it('names the variable of a bad URL or setting', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ GOLDEN_SIGNALS_ALERTMANAGER_URL: 'am:9093' }, /^GOLDEN_SIGNALS_ALERTMANAGER_URL must be/],
      [
        { GOLDEN_SIGNALS_ALERTMANAGER_URL: 'ftp://am:9093' },
        /^GOLDEN_SIGNALS_ALERTMANAGER_URL must be an http\(s\) URL/,
      ],
      [
        { GOLDEN_SIGNALS_ALERTMANAGER_URL: 'http://u:p@am:9093' },
        /^GOLDEN_SIGNALS_ALERTMANAGER_URL .*user:password@/,
      ],
      [
        { GOLDEN_SIGNALS_ALERTMANAGER_URL: 'http://am:9093/?x=1' },
        /^GOLDEN_SIGNALS_ALERTMANAGER_URL/,
      ],
      [{ GOLDEN_SIGNALS_ALERT_WEBHOOK_URL: 'not a url' }, /^GOLDEN_SIGNALS_ALERT_WEBHOOK_URL/],
      [{ GOLDEN_SIGNALS_ALERT_DASHBOARD_URL: '/dashboard' }, /^GOLDEN_SIGNALS_ALERT_DASHBOARD_URL/],
      [
        { GOLDEN_SIGNALS_ALERT_INTERVAL_MS: '10' },
        /^GOLDEN_SIGNALS_ALERT_INTERVAL_MS must be an integer from 100 to 3600000/,
      ],
      [{ GOLDEN_SIGNALS_ALERT_INTERVAL_MS: '1m' }, /^GOLDEN_SIGNALS_ALERT_INTERVAL_MS/],
      [{ GOLDEN_SIGNALS_ALERT_TIMEOUT_MS: '600000' }, /^GOLDEN_SIGNALS_ALERT_TIMEOUT_MS/],
      [
        { GOLDEN_SIGNALS_ALERT_INTERVAL_MS: '60000', GOLDEN_SIGNALS_ALERT_RESEND_MS: '1000' },
        /^GOLDEN_SIGNALS_ALERT_RESEND_MS \(1000\) must be at least GOLDEN_SIGNALS_ALERT_INTERVAL_MS/,
      ],
    ];
    for (const [env, message] of cases) {
      expect(rejection(env).message, JSON.stringify(env)).to.match(message);
    }
  });

  it('re-sends no more often than it evaluates when only the interval is set', () => {
    const s = alertSettingsOf({ GOLDEN_SIGNALS_ALERT_INTERVAL_MS: '120000' }, fail);
    expect(s.resendMs).to.equal(120_000);
  });

  it('is part of the configuration, and the preload falls back to sending nowhere', () => {
    expect(() => loadConfig({ GOLDEN_SIGNALS_ALERTMANAGER_URL: 'nope' })).to.throw(
      ConfigError,
      /GOLDEN_SIGNALS_ALERTMANAGER_URL/,
    );
    const lenient = loadConfigLeniently({ GOLDEN_SIGNALS_ALERTMANAGER_URL: 'nope' });
    expect(lenient.config.alerts.alertmanagerUrl).to.equal(undefined);
    expect(lenient.problems[0]).to.match(/^GOLDEN_SIGNALS_ALERTMANAGER_URL must be/);
  });
});
