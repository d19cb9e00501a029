import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { AlertsReport } from '../../src/index.js';
import { AlertmanagerServer } from '../support/AlertmanagerServer.js';
import { waitFor } from '../support/childService.js';
import { type RunningApp, startApp } from '../support/packedApp.js';
import { WebhookReceiver } from '../support/WebhookReceiver.js';

const ROOT = packageRoot();
const REGISTER = path.join(ROOT, 'dist', 'instrumentation.js');
const CLUSTER_APP = path.join(ROOT, 'test', 'load', 'fixtures', 'clusterApp.mjs');

async function alertsOf(dashboardUrl: string): Promise<AlertsReport> {
  const res = await fetch(`${dashboardUrl}/alerts`);
  if (!res.ok) throw new Error(`GET /alerts → ${res.status}`);
  return (await res.json()) as AlertsReport;
}

describe('alerting in a node:cluster (integration)', function () {
  this.timeout(90_000);
  let am: AlertmanagerServer | undefined;
  let hook: WebhookReceiver | undefined;
  let app: RunningApp | undefined;

  after(async () => {
    await app?.stop();
    await hook?.close();
    await am?.stop();
  });

  it('sends from the primary only: each pair is told once, though three processes see the env', async () => {
    am = await AlertmanagerServer.start();
    hook = await WebhookReceiver.start();
    app = await startApp(
      ROOT,
      ['--import', REGISTER, CLUSTER_APP],
      {
        WORKERS: '2',
        PORT: '0',
        GOLDEN_SIGNALS_PORT: '0',
        OTEL_SERVICE_NAME: 'cluster-alerts',
        GOLDEN_SIGNALS_FORWARD_DELAY_MS: '50',
        GOLDEN_SIGNALS_ALERTMANAGER_URL: am.url,
        GOLDEN_SIGNALS_ALERT_WEBHOOK_URL: hook.url,
        GOLDEN_SIGNALS_ALERT_INTERVAL_MS: '100',
      },
      true,
    );
    const dashboard = app.dashboardUrl as string;
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${app.url}/boom`);
      await res.arrayBuffer();
      expect(res.status).to.equal(500);
    }
    await waitFor('both pairs to fire in Alertmanager', async () =>
      (await am?.alerts({ service: 'cluster-alerts', objective: 'availability' }))?.length === 2
        ? true
        : undefined,
    );
    // Many evaluations later, still one firing body per pair: no worker sent its own.
    const seen = (await alertsOf(dashboard)).evaluations;
    await waitFor('ten more evaluations', async () =>
      (await alertsOf(dashboard)).evaluations >= seen + 10 ? true : undefined,
    );
    const firing = hook.bodies.filter((b) => b.status === 'firing');
    expect(firing.map((b) => (b.labels as Record<string, string>).window).sort()).to.deep.equal([
      '1h/5m',
      '6h/30m',
    ]);
    const report = await alertsOf(dashboard);
    expect(report.enabled).to.equal(true);
    expect(report.firing).to.have.length(2);
  });
});
