import { expect } from 'chai';
import { BURN_ALERT_NAME, burnAlerts } from '../../src/alerts/burnAlerts.js';
import { sloQuery } from '../../src/dashboard/queries/sloQuery.js';
import { sloSettingsOf } from '../../src/slo/SloSettings.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { FakeClock, HOUR } from '../support/fakeClock.js';
import { request } from '../support/records.js';

const fail = (m: string) => new Error(m);
const slo = sloSettingsOf({}, 24 * HOUR, fail);

function reportAfter(statuses: readonly number[]) {
  const clock = new FakeClock();
  const store = new RequestStore({ now: clock.now });
  for (const statusCode of statuses) store.record(request(clock.ms, { statusCode }));
  return sloQuery(store, slo);
}

describe('burnAlerts', () => {
  it('gives one alert per objective and burn-rate pair, labelled for Alertmanager', () => {
    const alerts = burnAlerts(reportAfter([200]), 'api', 'http://d/dashboard');
    expect(alerts.map((a) => a.key)).to.deep.equal([
      'availability|api|*|1h/5m',
      'availability|api|*|6h/30m',
      'latency|api|*|1h/5m',
      'latency|api|*|6h/30m',
    ]);
    expect(alerts[0]?.labels).to.deep.equal({
      alertname: BURN_ALERT_NAME,
      objective: 'availability',
      service: 'api',
      route: '*',
      window: '1h/5m',
      severity: 'page',
    });
    expect(alerts.every((a) => !a.firing)).to.equal(true);
  });

  it('fires the pairs whose windows both burn past the threshold, with the figures in annotations', () => {
    const alerts = burnAlerts(reportAfter([500, 200, 200, 200]), 'api', undefined);
    const availability = alerts.filter((a) => a.labels.objective === 'availability');
    expect(availability.map((a) => a.firing)).to.deep.equal([true, true]);
    expect(availability[0]?.annotations).to.include({
      burn_rate_long: '250',
      burn_rate_short: '250',
      threshold: '14.4',
    });
    expect(availability[0]?.annotations).to.not.have.property('dashboard');
    expect(alerts.filter((a) => a.labels.objective === 'latency').some((a) => a.firing)).to.equal(
      false,
    );
  });

  it('labels a per-route objective with its route, so it pages apart from the service-wide one', () => {
    const clock = new FakeClock();
    const store = new RequestStore({ now: clock.now });
    for (const statusCode of [500, 200, 200, 200]) {
      store.record(request(clock.ms, { statusCode, endpoint: '/checkout' }));
    }
    const perRoute = sloSettingsOf(
      { GOLDEN_SIGNALS_SLO_ROUTES: '/checkout availability=99' },
      24 * HOUR,
      fail,
    );
    const alerts = burnAlerts(sloQuery(store, perRoute), 'api', undefined);
    const checkout = alerts.filter((a) => a.labels.route === '/checkout');
    expect(checkout.map((a) => a.key)).to.include('availability|api|/checkout|1h/5m');
    expect(checkout.find((a) => a.labels.objective === 'availability')?.firing).to.equal(true);
    expect(alerts.filter((a) => a.labels.route === '*').length).to.equal(4);
  });
});
