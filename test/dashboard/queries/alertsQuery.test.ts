import { expect } from 'chai';
import { alertsQuery } from '../../../src/dashboard/queries/alertsQuery.js';
import type { AlertsState } from '../../../src/reportInputs/AlertsState.js';
import { sloSettingsOf } from '../../../src/slo/SloSettings.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { FakeClock, HOUR, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

const slo = sloSettingsOf({}, 24 * HOUR, (m) => new Error(m));

describe('alertsQuery', () => {
  it('without a notifier, lists what fires now, evaluated on the spot, and nothing sent', () => {
    const clock = new FakeClock();
    const store = new RequestStore({ now: clock.now });
    store.record(request(clock.ms, { statusCode: 500, service: 'api' }));
    const report = alertsQuery(undefined, store, slo);
    expect(report.enabled).to.equal(false);
    expect(
      report.firing.map((f) => [f.labels.service, f.labels.window, f.starts_at]),
    ).to.deep.equal([
      ['api', '1h/5m', null],
      ['api', '6h/30m', null],
    ]);
    expect(report.sent).to.deep.equal([]);
  });

  it("shows the notifier's state: the webhook's origin only, sends newest first", () => {
    const state: AlertsState = {
      alertmanagerUrl: 'http://am:9093/api/v2/alerts',
      webhookUrl: 'https://hooks.example/services/T/B/secret',
      intervalMs: 30_000,
      resendMs: 60_000,
      evaluations: 3,
      lastEvaluationMs: T0,
      skippedServices: 0,
      firing: [],
      sent: [
        {
          atMs: T0,
          destination: 'webhook',
          kind: 'firing',
          key: 'k',
          outcome: 'sent',
          attempts: 1,
          status: 200,
        },
        {
          atMs: T0 + 1,
          destination: 'alertmanager',
          kind: 'refresh',
          key: 'k',
          outcome: 'retrying',
          attempts: 1,
          error: 'ECONNREFUSED',
        },
      ],
      counts: { sent: 1, failedSends: 1, retries: 1, droppedQueueFull: 0, droppedGaveUp: 0 },
      queued: 1,
      queueLimit: 256,
    };
    const report = alertsQuery(state, new RequestStore(), slo);
    expect(report.destinations).to.deep.equal({
      alertmanager: 'http://am:9093/api/v2/alerts',
      webhook: 'https://hooks.example',
    });
    expect(report.sent.map((s) => [s.destination, s.status, s.error])).to.deep.equal([
      ['alertmanager', null, 'ECONNREFUSED'],
      ['webhook', 200, null],
    ]);
    expect(report.counters).to.deep.equal({
      sent: 1,
      failed_sends: 1,
      retries: 1,
      dropped_queue_full: 0,
      dropped_gave_up: 0,
      queued: 1,
      queue_limit: 256,
    });
    expect(report.last_evaluation).to.equal('2024-01-01T00:00:00.000Z');
  });
});
