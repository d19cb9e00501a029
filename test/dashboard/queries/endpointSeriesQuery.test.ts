import { expect } from 'chai';
import { endpointSeriesQuery } from '../../../src/dashboard/queries/endpointSeriesQuery.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

describe('endpointSeriesQuery', () => {
  const now = T0 + 2 * HOUR + 30_000;

  function store(): RequestStore {
    const s = new RequestStore({ now: new FakeClock(now).now });
    for (let i = 1; i <= 30; i++) {
      s.record(request(now - i * MINUTE, { endpoint: '/a', durationMs: 100 + i }));
      if (i % 3 === 0) s.record(request(now - i * MINUTE, { endpoint: '/a', statusCode: 503 }));
      if (i % 5 === 0) s.record(request(now - i * MINUTE, { endpoint: '/a', statusCode: 404 }));
      s.record(request(now - i * MINUTE, { endpoint: '/b', durationMs: 5_000 }));
    }
    return s;
  }

  it('counts only its endpoint, per step, in the steps of /requests', () => {
    const s = store();
    const report = endpointSeriesQuery(s, '1h', HOUR, '/a');
    const requests = requestsQuery(s, '1h', HOUR);
    expect(report.endpoint).to.equal('/a');
    expect(report.total).to.equal(requests.by_endpoint['/a']);
    expect(report.timeseries.step_seconds).to.equal(requests.timeseries.step_seconds);
    expect(report.timeseries.points.map((p) => p.timestamp)).to.deep.equal(
      requests.timeseries.points.map((p) => p.timestamp),
    );
    const sum = (k: 'count' | 'errors' | 'server_errors') =>
      report.timeseries.points.reduce((n, p) => n + p[k], 0);
    expect([sum('count'), sum('errors'), sum('server_errors')]).to.deep.equal([46, 16, 10]);
  });

  it('reads its own percentiles, never another endpoint’s', () => {
    const s = store();
    const report = endpointSeriesQuery(s, '1h', HOUR, '/a');
    const busy = report.timeseries.points.filter((p) => p.count > 0);
    for (const p of busy) expect(p.p99_ms).to.be.below(200);
    const quiet = report.timeseries.points.filter((p) => p.count === 0);
    for (const p of quiet) expect([p.p50_ms, p.p95_ms, p.p99_ms]).to.deep.equal([null, null, null]);
    expect(latencyQuery(s, '1h', HOUR).by_endpoint['/b']?.p50_ms).to.be.above(4_900);
  });

  it('gives zeros for an endpoint it never saw', () => {
    const report = endpointSeriesQuery(store(), '1h', HOUR, '/nope');
    expect(report.total).to.equal(0);
    for (const p of report.timeseries.points) expect(p.count).to.equal(0);
  });
});
