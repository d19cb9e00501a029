import { expect } from 'chai';
import { apdexQuery } from '../../../src/dashboard/queries/apdexQuery.js';
import { sloQuery } from '../../../src/dashboard/queries/sloQuery.js';
import type { SloSettings } from '../../../src/slo/SloSettings.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

/** 99% succeed (budget 1%), 90% within 100 ms (budget 10%), over 24 h; Apdex T 100 ms. */
const SETTINGS: SloSettings = {
  apdexThresholdMs: 100,
  apdexRoutes: {},
  availabilityObjective: 0.99,
  latencyObjective: 0.9,
  latencyThresholdMs: 100,
  windowMs: 24 * HOUR,
  window: '24h',
  badStatuses: [],
  routes: {},
};

/**
 * The original design's curl scenario in one minute (the clock at 10:00:30):
 * 150 good `POST /predict`, 10 `{}` bodies answered 422, 5 unknown paths
 * answered 404, and `more` on top (5xx, 429…).
 */
function curlScenario(more: { statusCode: number; endpoint?: string }[] = []): RequestStore {
  const clock = new FakeClock(T0 + 10 * HOUR + 30_000);
  const store = new RequestStore({ now: clock.now });
  const predict = { endpoint: '/predict', method: 'POST' };
  for (let i = 0; i < 150; i++) store.record(request(clock.ms, { ...predict, durationMs: 20 }));
  for (let i = 0; i < 10; i++) {
    store.record(request(clock.ms, { ...predict, statusCode: 422, errorType: 'ValidationError' }));
  }
  for (let i = 0; i < 5; i++) {
    store.record(request(clock.ms, { endpoint: 'unmatched', statusCode: 404 }));
  }
  for (const r of more) store.record(request(clock.ms, { ...predict, ...r }));
  return store;
}

/**
 * Ten hours of traffic, 100 requests a minute at 50 ms, from T0 to T0+10h,
 * then 50 in the current minute (10:00, the clock at 10:00:30):
 * - 9:00–9:54: 15 errors (500) a minute;
 * - 9:55–9:59: 20 errors and 30 slow (250 ms, status 200) a minute;
 * - 10:00: 10 errors among its 50.
 */
function tenHours(clock: FakeClock): RequestStore {
  const store = new RequestStore({ now: clock.now });
  for (let m = 0; m < 600; m++) {
    const start = T0 + m * MINUTE;
    clock.set(start + 10_000);
    const errors = m >= 540 && m < 595 ? 15 : m >= 595 ? 20 : 0;
    const slow = m >= 595 ? 30 : 0;
    for (let i = 0; i < 100; i++) {
      const isError = i < errors;
      const isSlow = !isError && i < errors + slow;
      store.record(
        request(start + 10_000, {
          statusCode: isError ? 500 : 200,
          durationMs: isSlow ? 250 : 50,
        }),
      );
    }
  }
  clock.set(T0 + 10 * HOUR + 30_000);
  for (let i = 0; i < 50; i++) {
    store.record(request(clock.ms, { statusCode: i < 10 ? 500 : 200, durationMs: 50 }));
  }
  return store;
}

describe('sloQuery', () => {
  const clock = new FakeClock();
  const store = tenHours(clock);
  const report = sloQuery(store, SETTINGS);
  const [availability, latency] = report.objectives;

  describe('availability (99%: 5xx fail)', () => {
    it('counts good and bad over the SLO window, and the budget left', () => {
      // 600 minutes × 100 + 50 = 60,050 requests; 55 × 15 + 5 × 20 + 10 = 935 errors.
      expect(availability?.total).to.equal(60_050);
      expect(availability?.bad).to.equal(935);
      expect(availability?.good).to.equal(59_115);
      // Allowed: 1% of 60,050 = 600.5; spent 935: overspent by 334.5, 1 − 935/600.5 = −0.557036.
      expect(availability?.error_budget.allowed_bad).to.be.closeTo(600.5, 1e-9);
      expect(availability?.error_budget.remaining_requests).to.be.closeTo(-334.5, 1e-9);
      expect(availability?.error_budget.remaining_fraction).to.equal(-0.557);
      // The window is the last 24 h, aligned to a minute, whether or not data reaches back that far.
      expect(availability?.since).to.equal(new Date(T0 + 10 * HOUR - 24 * HOUR).toISOString());
    });

    it('gives the 1h/5m and 6h/30m burn rates, each window whole minutes plus the current one', () => {
      const [fast, slow] = availability?.burn_rates ?? [];
      // 5m: 9:55–10:00, 5 × 100 + 50 = 550 requests, 110 errors: 0.2 / 0.01 = 20.
      expect(fast?.short).to.include({ window: '5m', total: 550, bad: 110, error_ratio: 0.2 });
      expect(fast?.short.burn_rate).to.equal(20);
      expect(fast?.short.since).to.equal(new Date(T0 + 9 * HOUR + 55 * MINUTE).toISOString());
      // 1h: 9:00–10:00, 6,050 requests, 935 errors: 0.154545 / 0.01 = 15.4545.
      expect(fast?.long).to.include({ window: '1h', total: 6_050, bad: 935 });
      expect(fast?.long.burn_rate).to.equal(15.4545);
      expect(fast?.threshold).to.equal(14.4);
      expect(fast?.alerting).to.equal(true);
      // 30m: 9:30–10:00, 3,050 requests, 25 × 15 + 110 = 485 errors: 15.9016.
      expect(slow?.short).to.include({ window: '30m', total: 3_050, bad: 485 });
      expect(slow?.short.burn_rate).to.equal(15.9016);
      // 6h: 4:00–10:00, 36,050 requests, 935 errors: 2.5936, under 6, so no alert.
      expect(slow?.long).to.include({ window: '6h', total: 36_050, bad: 935 });
      expect(slow?.long.burn_rate).to.equal(2.5936);
      expect(slow?.threshold).to.equal(6);
      expect(slow?.alerting).to.equal(false);
    });
  });

  describe('latency (90% within 100 ms)', () => {
    it('counts the slow requests from the sketches', () => {
      // 5 × 30 = 150 requests at 250 ms; allowed 10% of 60,050 = 6,005.
      expect(latency).to.include({ threshold_ms: 100, total: 60_050, bad: 150 });
      expect(latency?.error_budget.allowed_bad).to.be.closeTo(6_005, 1e-9);
      expect(latency?.error_budget.remaining_requests).to.be.closeTo(5_855, 1e-9);
      // 1 − 150 / 6,005 = 0.975021.
      expect(latency?.error_budget.remaining_fraction).to.equal(0.975);
      const [fast, slow] = latency?.burn_rates ?? [];
      // 5m: 150 / 550 = 0.272727 / 0.1 = 2.7273; 1h: 150 / 6,050 / 0.1 = 0.2479.
      expect(fast?.short.burn_rate).to.equal(2.7273);
      expect(fast?.long.burn_rate).to.equal(0.2479);
      expect(fast?.alerting).to.equal(false);
      // 30m: 150 / 3,050 / 0.1 = 0.4918; 6h: 150 / 36,050 / 0.1 = 0.0416.
      expect(slow?.short.burn_rate).to.equal(0.4918);
      expect(slow?.long.burn_rate).to.equal(0.0416);
    });
  });

  describe("the original design's curl scenario", () => {
    it('leaves availability within budget and not alerting: 422s and 404s are no outage', () => {
      const [availability] = sloQuery(curlScenario(), SETTINGS).objectives;
      expect(availability).to.include({ total: 165, good: 165, bad: 0 });
      expect(availability?.error_budget.remaining_fraction).to.equal(1);
      expect(availability?.burn_rates.map((p) => p.alerting)).to.deep.equal([false, false]);
      expect(availability?.rule).to.equal('5xx count as failures, 4xx do not');
      expect(availability?.description).to.equal(
        '99% of requests succeed (5xx count as failures, 4xx do not)',
      );
      expect(availability?.route).to.equal(null);
    });

    it('spends the budget once the same traffic has 5xx', () => {
      const five = Array.from({ length: 5 }, (_, i) => ({ statusCode: i < 4 ? 500 : 503 }));
      const [availability] = sloQuery(curlScenario(five), SETTINGS).objectives;
      // 170 requests, 5 failed; allowed 1.7: overspent, 1 − 5/1.7 = −1.941176.
      expect(availability).to.include({ total: 170, bad: 5, good: 165 });
      expect(availability?.error_budget.remaining_fraction).to.equal(-1.9412);
      // 5/170 = 0.0294 / 0.01 = 2.94 in every window: spent, but under both thresholds.
      expect(availability?.burn_rates[0]?.short.burn_rate).to.equal(2.9412);
      const burst = Array.from({ length: 40 }, () => ({ statusCode: 500 }));
      const [burning] = sloQuery(curlScenario(burst), SETTINGS).objectives;
      // 40/205 = 0.1951 / 0.01 = 19.5 > 14.4 and > 6: both pairs alert.
      expect(burning?.burn_rates.map((p) => p.alerting)).to.deep.equal([true, true]);
    });

    it('counts 429 when GOLDEN_SIGNALS_SLO_BAD_STATUSES says so, and no other 4xx', () => {
      const limited = Array.from({ length: 3 }, () => ({ statusCode: 429 }));
      const store = curlScenario(limited);
      const [without] = sloQuery(store, SETTINGS).objectives;
      expect(without).to.include({ total: 168, bad: 0 });
      const [with429] = sloQuery(store, { ...SETTINGS, badStatuses: [429] }).objectives;
      expect(with429).to.include({
        total: 168,
        bad: 3,
        rule: '5xx and 429 count as failures, other 4xx do not',
      });
      const [with408] = sloQuery(store, { ...SETTINGS, badStatuses: [408, 429] }).objectives;
      expect(with408?.rule).to.equal('5xx, 408 and 429 count as failures, other 4xx do not');
      const all = Array.from({ length: 100 }, (_, i) => 400 + i);
      const [allClient] = sloQuery(store, { ...SETTINGS, badStatuses: all }).objectives;
      expect(allClient).to.include({ bad: 18, rule: '4xx and 5xx count as failures' });
    });
  });

  describe('per-route objectives', () => {
    const settings: SloSettings = {
      ...SETTINGS,
      routes: {
        '/predict': { availabilityObjective: 0.95, latencyObjective: 0.5, latencyThresholdMs: 10 },
        '/never': { availabilityObjective: 0.99, latencyObjective: 0.9, latencyThresholdMs: 100 },
      },
    };
    const store = curlScenario([{ statusCode: 500, endpoint: '/predict' }]);
    store.record(request(T0 + 10 * HOUR + 30_000, { endpoint: '/other', statusCode: 502 }));
    const report = sloQuery(store, settings);

    it('lists each configured route with its own targets, over its own requests', () => {
      expect(report.routes.map((r) => r.route)).to.deep.equal(['/predict', '/never']);
      const [availability, latency] = report.routes[0]?.objectives ?? [];
      // /predict: 150 good, 10 × 422, 1 × 500; /other's 502 and the 404s are not its own.
      expect(availability).to.include({
        route: '/predict',
        objective: 0.95,
        total: 161,
        bad: 1,
        description: '95% of /predict requests succeed (5xx count as failures, 4xx do not)',
      });
      // 150 at 20 ms over 10 ms, 11 at the records' 10 ms within it.
      expect(latency).to.include({ route: '/predict', threshold_ms: 10, total: 161, bad: 150 });
      expect(latency?.description).to.equal('50% of /predict requests finish within 10 ms');
      expect(latency?.rule).to.equal('requests over 10 ms count as failures');
    });

    it('keeps the service-wide objectives over every route', () => {
      expect(report.objectives[0]).to.include({ route: null, total: 167, bad: 2 });
    });

    it('answers a route without requests with a full budget', () => {
      const [availability] = report.routes[1]?.objectives ?? [];
      expect(availability).to.include({ total: 0, bad: 0 });
      expect(availability?.error_budget.remaining_fraction).to.equal(1);
    });
  });

  it('reports a full budget and no burn without requests', () => {
    const empty = sloQuery(new RequestStore({ now: new FakeClock().now }), SETTINGS);
    for (const objective of empty.objectives) {
      expect(objective.total).to.equal(0);
      expect(objective.error_budget).to.deep.equal({
        allowed_bad: 0,
        remaining_requests: 0,
        remaining_fraction: 1,
      });
      for (const pair of objective.burn_rates) {
        expect(pair.long.burn_rate).to.equal(0);
        expect(pair.alerting).to.equal(false);
      }
    }
  });
});

describe('apdexQuery', () => {
  it('scores each endpoint against its own T, and overall', () => {
    const clock = new FakeClock(T0 + 30_000);
    const store = new RequestStore({ now: clock.now });
    // /items, T = 100: 6 satisfied (50 ms), 2 tolerating (200 ms <= 400), 2 frustrated (1 s).
    for (const ms of [50, 50, 50, 50, 50, 50, 200, 200, 1_000, 1_000]) {
      store.record(request(clock.ms, { durationMs: ms }));
    }
    // /report, its own T = 1,000: 3 satisfied (800 ms), 1 tolerating (3 s), 0 frustrated.
    for (const ms of [800, 800, 800, 3_000]) {
      store.record(request(clock.ms, { endpoint: '/report', durationMs: ms }));
    }
    const settings = { ...SETTINGS, apdexRoutes: { '/report': 1_000 } };
    const report = apdexQuery(store, settings, '1h', HOUR);
    expect(report.by_endpoint['/items']).to.deep.equal({
      threshold_ms: 100,
      score: 0.7, // (6 + 2/2) / 10
      satisfied: 6,
      tolerating: 2,
      frustrated: 2,
      total: 10,
    });
    expect(report.by_endpoint['/report']).to.deep.equal({
      threshold_ms: 1_000,
      score: 0.875, // (3 + 1/2) / 4
      satisfied: 3,
      tolerating: 1,
      frustrated: 0,
      total: 4,
    });
    // (6 + 3 + (2 + 1)/2) / 14 = 0.75.
    expect(report.overall).to.include({ score: 0.75, satisfied: 9, tolerating: 3, total: 14 });
    // Worst first.
    expect(Object.keys(report.by_endpoint)).to.deep.equal(['/items', '/report']);
  });

  it('gives a null score without requests', () => {
    const report = apdexQuery(new RequestStore({ now: new FakeClock().now }), SETTINGS, '1h', HOUR);
    expect(report.overall.score).to.equal(null);
    expect(report.by_endpoint).to.deep.equal({});
  });
});
