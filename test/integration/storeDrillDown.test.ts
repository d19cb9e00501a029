import { expect } from 'chai';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { SaturationHistoryReport } from '../../src/dashboard/queries/saturationQuery.js';
import type { SlowestReport } from '../../src/dashboard/queries/slowestQuery.js';
import { TrafficSender } from '../support/knownTraffic.js';
import { getJson, startTestApp, type TestApp } from '../support/testApp.js';

describe('drill-down over HTTP (real app, real OTel pipeline)', () => {
  let app: TestApp;
  let traffic: TrafficSender;

  before(async () => {
    app = await startTestApp();
    traffic = new TrafficSender(app.url);
    await traffic.many(40, 4, (i) => traffic.predict(i % 4 !== 0, i));
  });
  after(() => app.close());

  it('lists the slowest requests, slowest first, each a request that was sent', async () => {
    const report = await getJson<SlowestReport>(`${app.url}/dashboard/slowest?period=1h&limit=100`);
    const sent = new Map(traffic.sent.map((r) => [r.traceId, r]));
    expect(report.requests.length).to.be.greaterThan(0);
    for (const r of report.requests) {
      expect(sent.get(r.trace_id), r.trace_id).to.deep.include({
        endpoint: r.endpoint,
        status: r.status_code,
      });
    }
    const durations = report.requests.map((r) => r.duration_ms);
    expect(durations).to.deep.equal([...durations].sort((a, b) => b - a));
    expect(report.exemplars.limit).to.be.greaterThan(0);
    const only = await getJson<SlowestReport>(
      `${app.url}/dashboard/slowest?endpoint=/predict&limit=1`,
    );
    expect(only.requests).to.have.length(1);
    expect(only.requests[0]?.duration_ms).to.equal(durations[0]);
  });

  it('groups the validation errors with their exact count and a sample trace', async () => {
    const report = await getJson<ErrorsReport>(`${app.url}/dashboard/errors?period=1h`);
    const invalid = traffic.errors();
    const group = report.groups.find((g) => g.endpoint === '/predict');
    expect(group?.count).to.equal(invalid.length);
    expect(group?.statuses).to.deep.equal({ '422': invalid.length });
    expect(invalid.map((r) => r.traceId)).to.include(group?.sample_trace_id);
    expect(report.recent.length).to.be.greaterThan(0);
  });

  it('gives a sent request near p95 and p99', async () => {
    const report = await getJson<LatencyReport>(`${app.url}/dashboard/latency?period=1h`);
    const ids = traffic.sent.map((r) => r.traceId);
    expect(ids).to.include(report.exemplars.overall.p99?.trace_id);
    expect(ids).to.include(report.exemplars.by_endpoint['/predict']?.p95?.trace_id);
  });

  it('serves the local saturation history', async () => {
    const report = await getJson<SaturationHistoryReport>(
      `${app.url}/dashboard/saturation?period=1h`,
    );
    const local = report.instances.find((i) => i.local);
    expect(local?.points.length).to.be.at.least(1);
    expect(local?.points[0]?.heap_used_bytes).to.be.greaterThan(0);
  });

  for (const [path, status] of [
    ['/dashboard/slowest?limit=0', 422],
    ['/dashboard/slowest?limit=101', 422],
    ['/dashboard/slowest?limit=abc', 422],
    ['/dashboard/slowest?limit=1.5', 422],
    ['/dashboard/slowest?limit=1&limit=2', 422],
    ['/dashboard/slowest?endpoint=a&endpoint=b', 422],
    ['/dashboard/slowest?endpoint=%01x', 422],
    [`/dashboard/slowest?endpoint=${'x'.repeat(600)}`, 422],
    ['/dashboard/slowest?period=abc', 422],
    ['/dashboard/saturation?period=0m', 422],
    [`/dashboard/saturation?instance=${'x'.repeat(300)}`, 422],
    ['/dashboard/errors?period=__proto__', 422],
  ] as const) {
    it(`answers ${path.slice(0, 60)} with ${status} and a JSON error`, async () => {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).to.equal(status);
      const body = (await res.json()) as { error: string };
      expect(body.error)
        .to.be.a('string')
        .and.not.match(/at .*\.js/);
    });
  }
});
