import { expect } from 'chai';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { getJson, postJson, type RunningServer, startTestApp } from '../support/testApp.js';

const TEXTS = ['This is amazing!', 'This is terrible!', 'This is okay'];

/**
 * Injected randomness for /predict: each valid request draws twice, delay
 * then failure, with no await between; the first `failures` failure draws
 * return 0 (fail), every other draw 0.999 (succeed).
 */
function scriptedRandom(failures: number): () => number {
  let calls = 0;
  let failed = 0;
  return () => {
    const isFailureDraw = calls++ % 2 === 1;
    if (isFailureDraw && failed < failures) {
      failed++;
      return 0;
    }
    return 0.999;
  };
}

describe('the span pipeline end to end (real SDK, real HTTP)', () => {
  const FAILURES = 7;
  let server: RunningServer;

  before(async () => {
    server = await startTestApp({ failureRate: 0.05, random: scriptedRandom(FAILURES) });
    // The original design's test: 150 concurrent calls mixing three texts, then 10 `{}`.
    const mixed = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        postJson(`${server.url}/predict`, { text: TEXTS[i % 3] }),
      ),
    );
    const invalid = await Promise.all(
      Array.from({ length: 10 }, () => postJson(`${server.url}/predict`, {})),
    );
    for (const res of [...mixed, ...invalid]) await res.arrayBuffer();
  });

  after(() => server.close());

  it('counts every request exactly once in /dashboard/requests', async () => {
    const r = await getJson<RequestsReport>(`${server.url}/dashboard/requests?period=1h`);
    expect(r.total).to.equal(160);
    expect(r.by_status).to.deep.equal({ '200': 143, '422': 10, '500': FAILURES });
    expect(Object.keys(r.by_status)).to.deep.equal(['200', '422', '500']);
    expect(r.by_endpoint).to.deep.equal({ '/predict': 160 });
    expect(r.by_method).to.deep.equal({ POST: 160 });
    expect(r.by_minute.reduce((sum, p) => sum + p.count, 0)).to.equal(160);
    expect(r.timeseries.points.reduce((sum, p) => sum + p.count, 0)).to.equal(160);
    expect(r.timeseries.points.reduce((sum, p) => sum + p.errors, 0)).to.equal(10 + FAILURES);
  });

  it('reports errors exactly, with the 10 newest first', async () => {
    const e = await getJson<ErrorsReport>(`${server.url}/dashboard/errors?period=24h`);
    expect(e.total_requests).to.equal(160);
    expect(e.total_errors).to.equal(10 + FAILURES);
    expect(e.total_server_errors).to.equal(FAILURES);
    expect(e.error_rate).to.equal(Math.round(((10 + FAILURES) / 160) * 10_000) / 10_000);
    expect(e.by_type).to.deep.equal({ ValidationError: 10, ModelError: FAILURES });
    expect(e.by_status).to.deep.equal({ '422': 10, '500': FAILURES });
    expect(e.by_endpoint).to.deep.equal({ '/predict': 10 + FAILURES });
    expect(e.recent).to.have.length(10);
    const times = e.recent.map((x) => Date.parse(x.timestamp));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    // The ten validation errors were sent last, so they are the ten newest.
    for (const entry of e.recent) {
      expect(entry).to.include({ endpoint: '/predict', method: 'POST', status_code: 422 });
      expect(entry.error_type).to.equal('ValidationError');
      expect(entry.message).to.equal('Field "text" is required');
      expect(entry.trace_id).to.match(/^[0-9a-f]{32}$/);
    }
  });

  it('reports latency percentiles in order', async () => {
    const l = await getJson<LatencyReport>(`${server.url}/dashboard/latency?period=1h`);
    expect(l.total_requests).to.be.at.least(160);
    const o = l.overall;
    expect(o.min_ms).to.be.at.most(o.p50_ms);
    expect(o.p50_ms).to.be.at.most(o.p95_ms);
    expect(o.p95_ms).to.be.at.most(o.p99_ms);
    expect(o.p99_ms).to.be.at.most(o.max_ms);
    expect(o.avg_ms).to.be.within(o.min_ms, o.max_ms);
    expect(Object.keys(l.by_endpoint)).to.deep.equal(['/predict']);
    const counted = l.timeseries.points.reduce((sum, p) => sum + p.count, 0);
    expect(counted).to.equal(l.total_requests);
  });

  it('shows the overview with active_requests back to 0', async () => {
    const o = await getJson<OverviewReport>(`${server.url}/dashboard/overview`);
    expect(o.active_requests).to.equal(0);
    expect(o.requests_last_hour).to.equal(o.total_requests);
    expect(o.total_requests).to.be.at.least(160);
    expect(o.telemetry.dropped_spans).to.equal(0);
    expect(o.telemetry.series).to.be.at.least(3);
    expect(o.saturation.heap_used_bytes).to.be.above(0);
  });
});

describe('what the pipeline does not record', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestApp();
  });
  after(() => server.close());

  it('does not record /health, /health/ready, /dashboard/* or /metrics', async () => {
    for (const path of [
      '/health',
      '/health/ready',
      '/dashboard/overview',
      '/dashboard/requests',
      '/dashboard/latency?period=5m',
      '/dashboard/errors',
      '/dashboard/nope',
      '/metrics',
    ]) {
      await (await fetch(`${server.url}${path}`)).arrayBuffer();
    }
    const r = await getJson<RequestsReport>(`${server.url}/dashboard/requests`);
    expect(r.total).to.equal(0);
  });

  it('records 300 unknown paths under one endpoint key, unmatched', async () => {
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${server.url}/random/${i}/${Math.random().toString(36).slice(2)}`);
      expect(res.status).to.equal(404);
      await res.arrayBuffer();
    }
    const r = await getJson<RequestsReport>(`${server.url}/dashboard/requests`);
    expect(r.by_endpoint).to.deep.equal({ unmatched: 300 });
    expect(r.by_status).to.deep.equal({ '404': 300 });
  });

  it('counts a request before its client can ask (read-after-write)', async () => {
    const before = (await getJson<RequestsReport>(`${server.url}/dashboard/requests`)).total;
    for (let i = 1; i <= 50; i++) {
      const res = await postJson(`${server.url}/predict`, { text: 'good' });
      await res.arrayBuffer();
      const r = await getJson<RequestsReport>(`${server.url}/dashboard/requests`);
      expect(r.total, `after request ${i}`).to.equal(before + i);
    }
  });

  it('counts a request whose traceparent says "not sampled"', async () => {
    const before = (await getJson<RequestsReport>(`${server.url}/dashboard/requests`)).total;
    const res = await fetch(`${server.url}/predict`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
      },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(res.status).to.equal(200);
    const r = await getJson<RequestsReport>(`${server.url}/dashboard/requests`);
    expect(r.total).to.equal(before + 1);
  });
});

describe('an injected model failure', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestApp({ failureRate: 1 });
  });
  after(() => server.close());

  it('answers 500 with a hidden message, and the dashboard keeps the real one', async () => {
    const res = await postJson(`${server.url}/predict`, { text: 'This is amazing!' });
    expect(res.status).to.equal(500);
    expect(await res.json()).to.deep.equal({ error: 'Internal server error' });
    const e = await getJson<ErrorsReport>(`${server.url}/dashboard/errors`);
    expect(e.recent).to.have.length(1);
    expect(e.recent[0]).to.include({
      error_type: 'ModelError',
      message: 'Random ML failure',
      status_code: 500,
      endpoint: '/predict',
    });
    expect(e.total_server_errors).to.equal(1);
  });
});

describe('active_requests', () => {
  let server: RunningServer;
  let release: () => void = () => {};
  before(async () => {
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The simulated latency waits on a gate, so the requests stay in flight until released.
    server = await startTestApp({ latency: { minMs: 1, maxMs: 1 }, sleep: () => gate });
  });
  after(() => server.close());

  it('counts in-flight requests from the span pipeline, then returns to 0', async () => {
    const pending = Array.from({ length: 5 }, () =>
      postJson(`${server.url}/predict`, { text: 'slow' }),
    );
    let active = 0;
    for (let i = 0; i < 100 && active < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      active = (await getJson<OverviewReport>(`${server.url}/dashboard/overview`)).active_requests;
    }
    expect(active).to.equal(5);
    const ready = await getJson<{ active_requests: number }>(`${server.url}/health/ready`);
    expect(ready.active_requests).to.equal(5);
    release();
    for (const res of await Promise.all(pending)) expect(res.status).to.equal(200);
    const after = await getJson<OverviewReport>(`${server.url}/dashboard/overview`);
    expect(after.active_requests).to.equal(0);
    expect(after.requests_last_hour).to.equal(5);
  });
});
