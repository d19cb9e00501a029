import { expect } from 'chai';
import { InstanceStatusBoard } from '../../../src/cluster/InstanceStatusBoard.js';
import {
  type OverviewContext,
  overviewQuery,
} from '../../../src/dashboard/queries/overviewQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { sampleInstanceStatus } from '../../support/instanceStatusSample.js';
import { expectWithinOnePercent, storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';

const context: OverviewContext = {
  activeRequests: 3,
  saturation: {
    event_loop_delay_p99_ms: 12.5,
    event_loop_utilization: 0.25,
    heap_used_bytes: 1_000,
    rss_bytes: 2_000,
  },
  exporterDroppedSpans: 4,
};

describe('overviewQuery', () => {
  it('reports uptime in whole seconds since the store started', () => {
    const clock = new FakeClock(T0);
    const store = new RequestStore({ now: clock.now });
    for (const [elapsed, seconds] of [
      [0, 0],
      [999, 0],
      [1_000, 1],
      [90_999, 90],
      [DAY, 86_400],
    ] as const) {
      clock.set(T0 + elapsed);
      expect(overviewQuery(store, context).uptime_seconds, `after ${elapsed} ms`).to.equal(seconds);
    }
  });

  it('counts the last hour apart from the total since start', () => {
    const clock = new FakeClock(T0 + 3 * HOUR + 30_000);
    const recs = [
      ...Array.from({ length: 40 }, (_, i) => request(T0 + HOUR + i * MINUTE)),
      ...Array.from({ length: 100 }, (_, i) => request(clock.ms - 30 * MINUTE + i * 1000)),
    ];
    const report = overviewQuery(storeWith(clock, recs), context);
    expect(report.total_requests).to.equal(140);
    expect(report.requests_last_hour).to.equal(100);
    expect(report.requests_per_minute).to.equal(1.67);
  });

  const rates = [
    { errors: 1, serverErrors: 0, total: 3, errorRate: 0.3333, serverRate: 0 },
    { errors: 2, serverErrors: 2, total: 3, errorRate: 0.6667, serverRate: 0.6667 },
    { errors: 1, serverErrors: 1, total: 7, errorRate: 0.1429, serverRate: 0.1429 },
    { errors: 3, serverErrors: 1, total: 8, errorRate: 0.375, serverRate: 0.125 },
    { errors: 5, serverErrors: 5, total: 5, errorRate: 1, serverRate: 1 },
    { errors: 0, serverErrors: 0, total: 9, errorRate: 0, serverRate: 0 },
    { errors: 1, serverErrors: 1, total: 30_000, errorRate: 0, serverRate: 0 },
  ];
  for (const { errors, serverErrors, total, errorRate, serverRate } of rates) {
    it(`rounds an error rate of ${errors}/${total} to ${errorRate}`, () => {
      const clock = new FakeClock(T0 + 30 * MINUTE);
      const recs = Array.from({ length: total }, (_, i) => {
        const statusCode = i < serverErrors ? 503 : i < errors ? 429 : 200;
        return request(T0 + 10 * MINUTE, { statusCode });
      });
      const report = overviewQuery(storeWith(clock, recs), context);
      expect(report.error_rate).to.equal(errorRate);
      expect(report.server_error_rate).to.equal(serverRate);
    });
  }

  for (const [retentionMs, hours] of [
    [DAY, 24],
    [30 * MINUTE, 0.5],
    [7 * DAY, 168],
  ] as const) {
    it(`reports a retention of ${retentionMs} ms as ${hours} hours`, () => {
      const store = new RequestStore({ now: () => T0, retentionMs });
      expect(overviewQuery(store, context).data_retention_hours).to.equal(hours);
    });
  }

  it('reports latency, context figures and pipeline health', () => {
    const clock = new FakeClock(T0 + 10 * MINUTE);
    const store = storeWith(
      clock,
      [10, 20, 30, 40].map((d, i) => request(T0 + MINUTE, { durationMs: d, endpoint: `/e${i}` })),
      { seriesLimit: 2 },
    );
    expect(store.record(request(T0 - DAY))).to.equal(false);
    const report = overviewQuery(store, context);
    expect(report.avg_response_time_ms).to.equal(25);
    expectWithinOnePercent(report.p95_response_time_ms, 40, 'p95', 0.005);
    expect(report.active_requests).to.equal(3);
    expect(report.saturation).to.deep.equal(context.saturation);
    expect(report.telemetry).to.deep.equal({
      dropped_spans: 4 + 1,
      series: 3,
      series_limit: 2,
      overflowed_requests: 2,
      folded_method_requests: 0,
      folded_status_requests: 0,
      folded_error_type_requests: 0,
      services: 1,
      service_limit: 32,
      instances: 1,
      instance_limit: 256,
      overflowed_service_requests: 0,
      overflowed_instance_requests: 0,
      otlp: null,
      receiver: null,
      own_port: null,
      forwarded: null,
      // The four requests are still the current minute's candidates: none packed yet.
      drill_down: {
        exemplars_held: 0,
        exemplar_limit: 66_000,
        exemplars_dropped: 0,
        error_groups: 0,
        error_group_limit: 500,
        error_group_overflowed_errors: 0,
        saturation_instances: 0,
        saturation_instance_limit: 64,
        saturation_dropped_samples: 0,
      },
      dependencies: {
        calls: 0,
        folded_calls: 0,
        unjoined_calls: 0,
        unattributed_calls: 0,
        rows: 0,
        row_limit: 20_000,
        dependency_limit: 100,
        operation_limit: 50,
        n_plus_one_limit: 500,
      },
    });
  });

  it('passes the OTLP pipeline counts through under telemetry.otlp', () => {
    const report = overviewQuery(new RequestStore({ now: () => T0 }), {
      ...context,
      otlpSpans: { exported: 7, failed: 3, dropped: 2, pending: 1 },
    });
    expect(report.telemetry.otlp).to.deep.equal({
      exported_spans: 7,
      failed_spans: 3,
      dropped_spans: 2,
      pending_spans: 1,
    });
  });

  it('answers zeros for an empty store', () => {
    const report = overviewQuery(new RequestStore({ now: () => T0 }), context);
    expect(report).to.deep.include({
      total_requests: 0,
      requests_last_hour: 0,
      requests_per_minute: 0,
      error_rate: 0,
      server_error_rate: 0,
      avg_response_time_ms: 0,
      p95_response_time_ms: 0,
    });
  });
});

describe('overviewQuery cluster in-flight', () => {
  it('counts the workers’ reported requests in flight, and the instances that report none', () => {
    const clock = new FakeClock(T0 + 10 * MINUTE);
    const store = storeWith(clock, [
      request(T0 + 9 * MINUTE),
      request(T0 + 9 * MINUTE, { service: 'api', instance: 'worker-1' }),
      request(T0 + 9 * MINUTE, { service: 'api', instance: 'otlp-sender' }),
    ]);
    const board = new InstanceStatusBoard();
    board.accept(
      { ...sampleInstanceStatus, service: 'api', instance: 'worker-1', active_requests: 2 },
      clock.ms,
    );
    const report = overviewQuery(store, { ...context, instanceStatus: board });
    expect(report.active_requests).to.equal(3);
    expect(report.cluster_active_requests).to.equal(3 + 2);
    expect(report.active_requests_unknown_instances).to.equal(1);
    const byId = Object.fromEntries(report.instances.map((i) => [i.instance, i.active_requests]));
    expect(byId['worker-1']).to.equal(2);
    expect(byId['otlp-sender']).to.equal(null);
    // One worker chosen: only its own.
    const one = overviewQuery(
      store,
      { ...context, instanceStatus: board },
      {
        service: 'api',
        instance: 'worker-1',
      },
    );
    expect(one.cluster_active_requests).to.equal(2);
    expect(one.active_requests_unknown_instances).to.equal(0);
  });
});
