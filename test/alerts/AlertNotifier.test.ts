import { expect } from 'chai';
import { AlertNotifier } from '../../src/alerts/AlertNotifier.js';
import { alertSettingsOf } from '../../src/alerts/AlertSettings.js';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { sloSettingsOf } from '../../src/slo/SloSettings.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { AlertmanagerServer, freePort } from '../support/AlertmanagerServer.js';
import { waitFor } from '../support/childService.js';
import { FakeClock, MINUTE } from '../support/fakeClock.js';
import { request } from '../support/records.js';
import { WebhookReceiver } from '../support/WebhookReceiver.js';

const fail = (m: string) => new Error(m);
const SERVICE = 'checkout';
const QUIET = { warn: () => {} };

/**
 * A notifier over a store fed directly, on a fake clock pinned near the
 * real time (Alertmanager compares `endsAt` with its own clock), sending
 * to the given destinations. `evaluate()` is called by hand.
 */
function notifierOver(env: Record<string, string>) {
  // Two minutes behind the real clock: a firing endsAt (4 resends ahead) is in
  // Alertmanager's future, a resolved one (now, a minute later) in its past.
  const clock = new FakeClock(Date.now() - 2 * MINUTE);
  const store = new RequestStore({ now: clock.now });
  const guard = new InternalErrors(QUIET);
  const settings = alertSettingsOf(
    { GOLDEN_SIGNALS_ALERT_DASHBOARD_URL: 'http://dash.example:9469/dashboard', ...env },
    fail,
  );
  const notifier = new AlertNotifier({
    store,
    slo: sloSettingsOf({}, 24 * 60 * MINUTE, fail),
    settings,
    guard,
    now: clock.now,
    backoff: { baseMs: 10, maxMs: 20, attempts: 2 },
  });
  const traffic = (n: number, statusCode: number) => {
    for (let i = 0; i < n; i++) store.record(request(clock.ms, { statusCode, service: SERVICE }));
  };
  return { clock, store, guard, notifier, traffic };
}

describe('AlertNotifier', function () {
  this.timeout(60_000);
  let am: AlertmanagerServer;
  let hook: WebhookReceiver;

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
    await hook.close();
  });

  describe('#evaluate', () => {
    it('fires to a real Alertmanager and the webhook on a burn, re-sends while firing, and resolves when it ends', async () => {
      const { clock, notifier, traffic } = notifierOver({
        GOLDEN_SIGNALS_ALERTMANAGER_URL: am.url,
        GOLDEN_SIGNALS_ALERT_WEBHOOK_URL: hook.url,
      });
      const labels = { service: SERVICE, objective: 'availability', window: '1h/5m' };
      try {
        traffic(5, 500);
        notifier.evaluate();
        await notifier.settled();
        const firing = await am.alerts(labels);
        expect(firing).to.have.length(1);
        const alert = firing[0];
        expect(alert?.status.state).to.equal('active');
        expect(alert?.labels).to.include({
          alertname: 'GoldenSignalsErrorBudgetBurn',
          route: '*',
          severity: 'page',
        });
        expect(alert?.annotations).to.include({
          burn_rate_long: '1000',
          burn_rate_short: '1000',
          threshold: '14.4',
          dashboard: 'http://dash.example:9469/dashboard',
        });
        expect(alert?.annotations.budget_remaining).to.be.a('string');
        expect(alert?.generatorURL).to.equal('http://dash.example:9469/dashboard');
        // Only availability burns: its two pairs fire, each told once.
        expect(hook.bodies.map((b) => b.status)).to.deep.equal(['firing', 'firing']);
        expect(String(hook.bodies[0]?.text)).to.match(/^\[FIRING\] checkout: availability/);

        // Same state, same clock: nothing new goes out (deduplicated).
        const sentBefore = notifier.state().counts.sent;
        notifier.evaluate();
        await notifier.settled();
        expect(notifier.state().counts.sent).to.equal(sentBefore);

        // A resend interval later, Alertmanager hears of it again, with the same start.
        clock.advance(60_000);
        notifier.evaluate();
        await notifier.settled();
        const refreshed = notifier.state().sent.filter((s) => s.kind === 'refresh');
        expect(refreshed.map((s) => s.outcome)).to.deep.equal(['sent', 'sent']);
        expect((await am.alerts(labels))[0]?.startsAt).to.equal(alert?.startsAt);
        expect(hook.bodies).to.have.length(2);

        // The burn ends: enough good requests bring both pairs below their thresholds.
        traffic(2_000, 200);
        notifier.evaluate();
        await notifier.settled();
        expect(notifier.state().firing).to.deep.equal([]);
        expect(await am.alerts(labels)).to.deep.equal([]);
        expect(hook.bodies.slice(2).map((b) => b.status)).to.deep.equal(['resolved', 'resolved']);
        expect(String(hook.bodies[2]?.text)).to.match(/^\[RESOLVED\] /);
        expect(hook.bodies[2]?.ends_at).to.equal(new Date(clock.ms).toISOString());
      } finally {
        await notifier.stop();
      }
    });

    it('counts failed sends to a closed port, retries with back-off, then drops, never throwing', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const { clock, guard, notifier, traffic } = notifierOver({
        GOLDEN_SIGNALS_ALERTMANAGER_URL: closed,
      });
      try {
        traffic(5, 500);
        notifier.evaluate();
        await notifier.settled();
        let state = notifier.state();
        expect(state.counts.failedSends).to.equal(1);
        expect(state.counts.sent).to.equal(0);
        expect(state.sent.map((s) => [s.outcome, s.error])).to.deep.equal([
          ['retrying', 'ECONNREFUSED'],
          ['retrying', 'ECONNREFUSED'],
        ]);
        // The retry is due once the back-off has passed on the injected clock.
        clock.advance(10);
        notifier.evaluate();
        await notifier.settled();
        state = notifier.state();
        expect(state.counts.failedSends).to.equal(2);
        expect(state.counts.retries).to.equal(2);
        expect(state.counts.droppedGaveUp).to.equal(2);
        expect(state.queued).to.equal(0);
        expect(guard.total).to.equal(0);
      } finally {
        await notifier.stop();
      }
    });
  });

  describe('#start', () => {
    it("evaluates on its timer, and a failure there is counted by the handle's guard, not thrown", async () => {
      const { store, guard, notifier } = notifierOver({
        GOLDEN_SIGNALS_ALERTMANAGER_URL: am.url,
        GOLDEN_SIGNALS_ALERT_INTERVAL_MS: '100',
      });
      store.services = () => {
        throw new Error('store broke');
      };
      try {
        notifier.start();
        await waitFor('a counted failure', async () =>
          (guard.bySite['alerts.evaluate'] ?? 0) > 0 ? true : undefined,
        );
        expect(notifier.state().evaluations).to.equal(0);
      } finally {
        await notifier.stop();
      }
    });
  });
});
