import { expect } from 'chai';
import {
  errorsHeadline,
  latencyHeadline,
  saturationHeadline,
  trafficHeadline,
} from '../../web/headlines.js';

describe('web/headlines', () => {
  it('gives traffic as requests and a mean rate over the period', () => {
    expect(trafficHeadline({ total: 600 }, '15m')).to.deep.equal({
      value: '600 requests',
      detail: '40/min over the last 15 minutes',
    });
    expect(trafficHeadline({ total: 1 }, '1h')).to.deep.equal({
      value: '1 request',
      detail: '0.0/min over the last hour',
    });
    expect(trafficHeadline({ total: 12_000 }, '24h').value).to.equal('12,000 requests');
  });

  it('gives the error rate with 4xx and 5xx apart', () => {
    expect(
      errorsHeadline({ total_requests: 200, total_errors: 30, total_server_errors: 10 }),
    ).to.deep.equal({ value: '15.0% errors', detail: '4xx 10.0% · 5xx 5.0%' });
    expect(
      errorsHeadline({ total_requests: 0, total_errors: 0, total_server_errors: 0 }),
    ).to.deep.equal({ value: '0% errors', detail: '4xx 0% · 5xx 0%' });
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

  it('gives requests in flight and the event-loop delay p99', () => {
    expect(
      saturationHeadline({ active_requests: 3, saturation: { event_loop_delay_p99_ms: 10.42 } }),
    ).to.deep.equal({ value: '3 in flight', detail: 'event-loop delay p99 10.4 ms' });
  });
});
