import { expect } from 'chai';
import type { AlertsReport } from '../../src/index.js';
import { AlertmanagerServer, freePort } from '../support/AlertmanagerServer.js';
import { waitFor } from '../support/childService.js';
import { getJson, postJson, startTestApp, type TestApp } from '../support/testApp.js';
import { WebhookReceiver } from '../support/WebhookReceiver.js';

const SERVICE = 'alerting-demo';

/** `count` predictions, `parallel` at a time; returns their statuses. */
async function predictions(app: TestApp, count: number, parallel = 8): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next++;
        const res = await postJson(`${app.url}/predict`, { text: 'good day' });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
    }),
  );
  return statuses;
}

/**
 * The demo app under a real pipeline whose model fails while `burn.on`
 * (5xx), evaluating its objectives every 100 ms and notifying `env`'s
 * destinations.
 */
async function burningApp(env: Record<string, string>) {
  const burn = { on: false };
  const app = await startTestApp(
    // Two draws per request: the latency (none here), then the failure.
    { failureRate: 0.5, random: () => (burn.on ? 0 : 0.99) },
    { env: { OTEL_SERVICE_NAME: SERVICE, GOLDEN_SIGNALS_ALERT_INTERVAL_MS: '100', ...env } },
  );
  return { app, burn };
}

describe('alerting (integration)', function () {
  this.timeout(60_000);
  let am: AlertmanagerServer;
  let hook: WebhookReceiver;
  let app: TestApp | undefined;

  before(async () => {
    am = await AlertmanagerServer.start();
  });
  after(async () => {
    await am?.stop();
  });
  beforeEach(async () => {
    hook = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await hook.close();
  });

  it('pages Alertmanager and the webhook when 5xx burn the budget, and resolves when the burn ends', async () => {
    const started = await burningApp({
      GOLDEN_SIGNALS_ALERTMANAGER_URL: am.url,
      GOLDEN_SIGNALS_ALERT_WEBHOOK_URL: hook.url,
    });
    app = started.app;
    const labels = { service: SERVICE, objective: 'availability', window: '1h/5m' };

    started.burn.on = true;
    expect(new Set(await predictions(app, 5))).to.deep.equal(new Set([500]));
    const active = await waitFor('the alert in Alertmanager', async () => {
      const listed = await am.alerts(labels);
      return listed.length === 1 ? listed : undefined;
    });
    expect(active[0]?.status.state).to.equal('active');
    await waitFor('the firing webhook', async () =>
      hook.bodies.some((b) => b.status === 'firing') ? true : undefined,
    );
    const firingReport = await getJson<AlertsReport>(`${app.url}/dashboard/alerts`);
    expect(firingReport.enabled).to.equal(true);
    expect(firingReport.destinations).to.deep.equal({
      alertmanager: `${am.url}/api/v2/alerts`,
      webhook: new URL(hook.url).origin,
    });
    expect(firingReport.firing.map((f) => f.labels.window).sort()).to.deep.equal([
      '1h/5m',
      '6h/30m',
    ]);

    // 1000 good requests bring 5 failures below 0.6%: both pairs resolve.
    started.burn.on = false;
    expect(new Set(await predictions(app, 1_000))).to.deep.equal(new Set([200]));
    await waitFor('the alert to resolve in Alertmanager', async () =>
      (await am.alerts(labels)).length === 0 ? true : undefined,
    );
    const resolved = await waitFor('the resolved webhooks', async () => {
      const bodies = hook.bodies.filter((b) => b.status === 'resolved');
      return bodies.length === 2 ? bodies : undefined;
    });
    expect(String(resolved[0]?.text)).to.match(/^\[RESOLVED\] alerting-demo: availability/);
    const report = await getJson<AlertsReport>(`${app.url}/dashboard/alerts`);
    expect(report.firing).to.deep.equal([]);
    const sent = report.sent.filter((s) => s.outcome === 'sent');
    expect(
      sent
        .filter((s) => s.kind === 'resolved')
        .map((s) => s.destination)
        .sort(),
    ).to.deep.equal(['alertmanager', 'alertmanager', 'webhook', 'webhook']);
    expect(report.counters.failed_sends).to.equal(0);
  });

  it('keeps serving with the endpoints down, and counts the failed sends', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const started = await burningApp({
      GOLDEN_SIGNALS_ALERTMANAGER_URL: closed,
      GOLDEN_SIGNALS_ALERT_WEBHOOK_URL: `${closed}/hook`,
    });
    app = started.app;
    started.burn.on = true;
    expect(new Set(await predictions(app, 5))).to.deep.equal(new Set([500]));
    const report = await waitFor('failed sends', async () => {
      const r = await getJson<AlertsReport>(`${app?.url}/dashboard/alerts`);
      return r.counters.failed_sends >= 2 ? r : undefined;
    });
    expect(report.counters.sent).to.equal(0);
    expect(report.sent.some((s) => s.error === 'ECONNREFUSED')).to.equal(true);
    expect(report.firing).to.have.length(2);
    // The app answers as before, and the dashboard too.
    started.burn.on = false;
    expect(new Set(await predictions(app, 20))).to.deep.equal(new Set([200]));
    const metrics = await fetch(`${app.url}/metrics`);
    const text = await metrics.text();
    expect(text).to.match(/golden_signals_alerts_failed_sends(_total)?\S* [1-9]/);
    expect(app.goldenSignals.internalErrors.total).to.equal(0);
  });
});
