import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { expect } from 'chai';
import type { InflightReport } from '../../src/dashboard/queries/inflightQuery.js';
import type { TraceListReport, TraceReport } from '../../src/dashboard/queries/traceQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { setRoute } from '../../src/routes/setRoute.js';
import { listen, type RunningServer } from '../support/listen.js';
import { getJson, startTestPipeline } from '../support/testApp.js';

/**
 * A node:http app with the dashboard under /ops: `/hold` answers when
 * released; `/work` opens a child span, records a header on its server span
 * (as `headersToSpanAttributes` would) and answers its trace id.
 */
async function startApp(
  gs: GoldenSignals,
): Promise<{ server: RunningServer; release: () => void }> {
  const dash = gs.handler({ prefix: '/ops' });
  const held: ServerResponse[] = [];
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    if (dash(req, res)) return;
    if (req.url === '/hold' || req.url === '/users/42/hold') {
      // As a framework's route hook does once the router matched.
      if (req.url !== '/hold') setRoute('/users/:id/hold');
      held.push(res);
      return;
    }
    const server = trace.getActiveSpan();
    server?.setAttribute('http.request.header.cookie', ['session=secret']);
    server?.setAttribute('app.long', 'x'.repeat(1_000));
    trace.getTracer('test').startActiveSpan('db.query', (child) => {
      child.setAttribute('db.system', 'sqlite');
      child.end();
    });
    res.end(server?.spanContext().traceId ?? '');
  });
  return {
    server,
    release: () => {
      for (const res of held.splice(0)) res.end('released');
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('drill-down over a real pipeline', () => {
  describe('on a node:http app', () => {
    let gs: GoldenSignals;
    let server: RunningServer;
    let release: () => void;

    before(async () => {
      gs = startTestPipeline();
      ({ server, release } = await startApp(gs));
    });
    after(async () => {
      release();
      await server.close();
      await gs.shutdown();
    });

    it('lists a request held open with a growing age, and drops it once it ends', async () => {
      const pending = fetch(`${server.url}/hold`);
      let first: InflightReport | undefined;
      for (let i = 0; i < 100 && (first?.listed ?? 0) === 0; i++) {
        await sleep(20);
        first = await getJson<InflightReport>(`${server.url}/ops/inflight`);
      }
      expect(first?.total).to.equal(1);
      expect(first?.requests).to.have.length(1);
      const [held] = first?.requests ?? [];
      expect(held).to.include({ method: 'GET', endpoint: 'unmatched', routed: false });
      expect(held?.trace_id).to.match(/^[0-9a-f]{32}$/);
      await sleep(60);
      const later = await getJson<InflightReport>(`${server.url}/ops/inflight`);
      expect(later.requests[0]?.trace_id).to.equal(held?.trace_id);
      expect(later.requests[0]?.age_ms).to.be.greaterThan(held?.age_ms ?? Infinity);
      // Younger than a minute: filtered out by min_age_ms, and counted.
      const old = await getJson<InflightReport>(`${server.url}/ops/inflight?min_age_ms=60000`);
      expect(old).to.include({ listed: 0, younger: 1, total: 1 });
      release();
      expect(await (await pending).text()).to.equal('released');
      const after = await getJson<InflightReport>(`${server.url}/ops/inflight`);
      expect(after).to.include({ total: 0, listed: 0, left_out: 0 });
      // The request, ended, is now a recent trace.
      const held2 = await getJson<TraceReport>(`${server.url}/ops/traces/${held?.trace_id}`);
      expect(held2.spans.map((s) => s.kind)).to.deep.equal(['server']);
    });

    it('lists no more than limit, counting the rest as left out', async () => {
      const pending = [1, 2, 3].map(() => fetch(`${server.url}/hold`));
      let report: InflightReport | undefined;
      for (let i = 0; i < 100 && (report?.total ?? 0) < 3; i++) {
        await sleep(20);
        report = await getJson<InflightReport>(`${server.url}/ops/inflight?limit=2`);
      }
      expect(report).to.include({ total: 3, listed: 2, left_out: 1, limit: 2 });
      const ages = report?.requests.map((r) => r.age_ms) ?? [];
      expect(ages[0]).to.be.at.least(ages[1] ?? Infinity);
      release();
      await Promise.all(pending.map(async (p) => (await p).text()));
    });

    it('shows a trace: the server span and its local child, headers never', async () => {
      const traceId = await (await fetch(`${server.url}/work`)).text();
      expect(traceId).to.match(/^[0-9a-f]{32}$/);
      const report = await getJson<TraceReport>(`${server.url}/ops/traces/${traceId}`);
      expect(report.trace_id).to.equal(traceId);
      expect(report.dropped_spans).to.equal(0);
      const [root, child] = report.spans;
      expect(root).to.include({ kind: 'server', parent_span_id: null, start_offset_ms: 0 });
      expect(root?.attributes['http.request.method']).to.equal('GET');
      expect(root?.attributes).not.to.have.property('http.request.header.cookie');
      expect(JSON.stringify(report)).not.to.include('secret');
      expect(root?.dropped_attributes).to.be.at.least(1);
      expect(String(root?.attributes['app.long']).length).to.equal(256);
      expect(root?.service).to.equal('golden-signals');
      expect(child).to.include({
        name: 'db.query',
        kind: 'internal',
        parent_span_id: root?.span_id,
      });
      expect(child?.attributes['db.system']).to.equal('sqlite');
      expect(child?.start_offset_ms).to.be.at.least(0);
      const list = await getJson<TraceListReport>(`${server.url}/ops/traces?limit=1`);
      expect(list.traces[0]).to.include({
        trace_id: traceId,
        spans: 2,
        method: 'GET',
        status_code: 200,
      });
      expect(list.limits).to.include({
        trace_limit: 1_000,
        spans_per_trace: 100,
        span_limit: 5_000,
      });
    });

    it('answers 404 JSON for a trace no longer held, saying OTLP is off', async () => {
      const res = await fetch(`${server.url}/ops/traces/${'ab'.repeat(16)}`);
      expect(res.status).to.equal(404);
      const body = (await res.json()) as { error: string; otlp_endpoint: string | null };
      expect(body.error).to.match(/is not held.*OTLP export is off/);
      expect(body.otlp_endpoint).to.equal(null);
    });

    for (const bad of [
      'xyz',
      '0'.repeat(32),
      'a'.repeat(31),
      'a'.repeat(33),
      `${'a'.repeat(32)}/x`,
    ]) {
      it(`answers 400 JSON for the malformed trace id ${JSON.stringify(bad.slice(0, 36))}`, async () => {
        const res = await fetch(`${server.url}/ops/traces/${bad}`);
        expect(res.status).to.equal(400);
        expect(((await res.json()) as { error: string }).error).to.match(/32 hex digits/);
      });
    }

    for (const query of ['limit=0', 'limit=1001', 'limit=x', 'min_age_ms=-1', 'limit=1&limit=2']) {
      it(`answers 422 for /inflight?${query}`, async () => {
        const res = await fetch(`${server.url}/ops/inflight?${query}`);
        expect(res.status).to.equal(422);
        expect(((await res.json()) as { error: string }).error).to.match(/limit|min_age_ms/);
      });
    }

    for (const query of ['compare=next', 'compare=previous&compare=previous', 'compare=PREVIOUS']) {
      it(`answers 422 for /requests?${query}`, async () => {
        const res = await fetch(`${server.url}/ops/requests?${query}`);
        expect(res.status).to.equal(422);
        expect(((await res.json()) as { error: string }).error).to.match(/^compare /);
      });
    }

    it('adds compare to /requests only when asked', async () => {
      const plain = await getJson(`${server.url}/ops/requests?period=15m`);
      expect(plain).not.to.have.property('compare');
      const compared = await getJson<{ compare: { mode: string; by_endpoint: object } }>(
        `${server.url}/ops/requests?period=15m&compare=previous`,
      );
      expect(compared.compare.mode).to.equal('previous');
      expect(compared.compare.by_endpoint).to.have.property('unmatched');
    });

    it('serves /slo: both objectives and Apdex', async () => {
      const slo = await getJson<{
        window: string;
        objectives: { name: string; total: number; burn_rates: unknown[] }[];
        apdex: { period: string; overall: { threshold_ms: number; total: number } };
      }>(`${server.url}/ops/slo`);
      expect(slo.window).to.equal('24h');
      expect(slo.objectives.map((o) => o.name)).to.deep.equal(['availability', 'latency']);
      expect(slo.objectives[0]?.total).to.be.greaterThan(0);
      expect(slo.objectives[0]?.burn_rates).to.have.length(2);
      expect(slo.apdex.period).to.equal('1h');
      expect(slo.apdex.overall.threshold_ms).to.equal(500);
      const bad = await fetch(`${server.url}/ops/slo?period=forever`);
      expect(bad.status).to.equal(422);
    });
  });

  describe('with OTLP export on', () => {
    it('says where to look for a trace no longer held', async () => {
      const gs = startTestPipeline({
        OTEL_TRACES_EXPORTER: 'memory,otlp',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces',
      });
      const { server } = await startApp(gs);
      try {
        const res = await fetch(`${server.url}/ops/traces/${'cd'.repeat(16)}`);
        expect(res.status).to.equal(404);
        const body = (await res.json()) as { error: string; otlp_endpoint: string };
        expect(body.otlp_endpoint).to.equal('http://127.0.0.1:9/v1/traces');
        expect(body.error).to.include('http://127.0.0.1:9/v1/traces');
      } finally {
        await server.close();
        await gs.shutdown();
      }
    });
  });

  describe('with a route hook that names the route while the request runs', () => {
    it('names the route of a request in flight once the hook ran (as the Express and Fastify hooks do)', async () => {
      const gs = startTestPipeline();
      const { server, release } = await startApp(gs);
      try {
        const pending = fetch(`${server.url}/users/42/hold`);
        let report: InflightReport | undefined;
        for (let i = 0; i < 100 && (report?.listed ?? 0) === 0; i++) {
          await sleep(20);
          report = await getJson<InflightReport>(`${server.url}/ops/inflight`);
        }
        expect(report?.requests[0]).to.include({
          method: 'GET',
          endpoint: '/users/:id/hold',
          routed: true,
        });
        // The raw path, with its id, is never shown.
        expect(JSON.stringify(report)).not.to.include('/users/42');
        release();
        await (await pending).text();
      } finally {
        release();
        await server.close();
        await gs.shutdown();
      }
    });
  });
});
