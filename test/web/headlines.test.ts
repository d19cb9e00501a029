import { expect } from 'chai';
import {
  errorsHeadline,
  latencyHeadline,
  saturationHeadline,
  trafficHeadline,
} from '../../web/headlines.js';

describe('web/headlines', () => {
  const since = '2026-12-07T04:00:00.000Z';
  const now = Date.parse('2026-12-07T05:00:00.000Z');

  it('gives traffic as requests and the rate over the whole period when data covers it', () => {
    expect(
      trafficHeadline(
        { total: 600, since, first_request_at: since, requests_per_minute: 40 },
        '1h',
        now,
      ),
    ).to.deep.equal({ value: '600 requests', detail: '40/min over the last hour' });
    expect(
      trafficHeadline(
        { total: 1, since, first_request_at: since, requests_per_minute: 0.02 },
        '1h',
        now,
      ).value,
    ).to.equal('1 request');
  });

  it('gives the rate since the first data when it began inside the period', () => {
    const first = '2026-12-07T04:52:00.000Z';
    expect(
      trafficHeadline(
        { total: 10_000, since, first_request_at: first, requests_per_minute: 1250 },
        '24h',
        now,
      ).detail,
    ).to.equal('1,250/min since 04:52:00 (the first data)');
  });

  it('gives a dash for the rate without requests', () => {
    expect(
      trafficHeadline(
        { total: 0, since, first_request_at: null, requests_per_minute: null },
        '15m',
        now,
      ),
    ).to.deep.equal({ value: '0 requests', detail: '–/min: no requests in the last 15 minutes' });
  });

  it('gives the 5xx rate as the headline, with 4xx apart', () => {
    expect(
      errorsHeadline({ total_requests: 200, total_errors: 30, total_server_errors: 10 }),
    ).to.deep.equal({ value: '5.0% 5xx', detail: '10 of 200 · 4xx apart: 10.0% (20)' });
  });

  it('never says 0% with no requests: a dash', () => {
    expect(
      errorsHeadline({ total_requests: 0, total_errors: 0, total_server_errors: 0 }),
    ).to.deep.equal({ value: '– 5xx', detail: 'no requests' });
  });

  it('gives p95 first, then p50 and p99; dashes when there were no requests', () => {
    const overall = { avg_ms: 20, p50_ms: 12, p95_ms: 38.25, p99_ms: 1234 };
    expect(latencyHeadline({ total_requests: 9, overall })).to.deep.equal({
      value: 'p95 38.3 ms',
      detail: 'p50 12.0 ms · p99 1.23 s',
    });
    const zeros = { avg_ms: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0 };
    expect(latencyHeadline({ total_requests: 0, overall: zeros })).to.deep.equal({
      value: 'p95 –',
      detail: 'p50 – · p99 –',
    });
  });

  const overview = {
    active_requests: 3,
    cluster_active_requests: 3,
    active_requests_unknown_instances: 0,
    saturation: { event_loop_delay_p99_ms: 10.42 },
    instances: [],
  };

  it('gives requests in flight and the event-loop delay p99', () => {
    expect(saturationHeadline(overview)).to.deep.equal({
      value: '3 in flight',
      detail: 'event-loop delay p99 10.4 ms',
    });
  });

  it('counts the workers in flight, and shows the chosen worker’s event loop', () => {
    const worker = {
      service: 's',
      instance: 'w1',
      alive: true,
      local: false,
      saturation: { event_loop_delay_p99_ms: 250 },
      active_requests: 2,
    };
    const local = { ...worker, instance: 'p', local: true, active_requests: 3 };
    const cluster = { ...overview, cluster_active_requests: 5, instances: [local, worker] };
    expect(saturationHeadline(cluster)).to.deep.equal({
      value: '5 in flight',
      detail: 'event-loop delay p99 of this process 10.4 ms (workers included)',
    });
    expect(saturationHeadline(cluster, 'w1').detail).to.equal(
      'event-loop delay p99 of w1 250 ms (workers included)',
    );
    const otlp = { ...cluster, active_requests_unknown_instances: 1 };
    expect(saturationHeadline(otlp).detail).to.match(/1 instance does not report theirs/);
  });
});
