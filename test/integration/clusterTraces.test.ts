import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import type { SlowestReport } from '../../src/dashboard/queries/slowestQuery.js';
import type { TraceReport } from '../../src/dashboard/queries/traceQuery.js';
import { waitFor } from '../support/childService.js';
import { type RunningApp, startApp } from '../support/packedApp.js';

/**
 * Issue 22's cluster traces: a node:cluster of two workers under the
 * zero-code entry. The workers' spans reach the primary's dashboard over
 * OTLP on loopback; the trace ids behind `/dashboard/slowest` must open a
 * waterfall there, with the children: the call out and the request it made.
 */

const ROOT = packageRoot();
const REGISTER = path.join(ROOT, 'dist', 'instrumentation.js');
const CLUSTER_APP = path.join(ROOT, 'test', 'load', 'fixtures', 'clusterApp.mjs');

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

describe('a two-worker cluster’s trace links', function () {
  this.timeout(90_000);
  let app: RunningApp;

  before(async () => {
    app = await startApp(
      ROOT,
      ['--import', REGISTER, CLUSTER_APP],
      {
        WORKERS: '2',
        PORT: '0',
        GOLDEN_SIGNALS_PORT: '0',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      true,
    );
  });

  after(async function () {
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
    const code = await app?.stop();
    if (failed) console.log(`      cluster output (exit ${code}):\n${app?.output().slice(-3000)}`);
  });

  it('opens a waterfall (200, with spans) for every trace id behind /dashboard/slowest', async () => {
    const sleeps = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50];
    for (const ms of sleeps) {
      const res = await fetch(`${app.url}/chain?ms=${ms}`);
      expect(res.status).to.equal(200);
      await res.text();
    }
    const base = app.dashboardUrl as string;
    await waitFor(
      'the workers’ requests at the primary',
      async () => {
        const { body } = await getJson<RequestsReport>(`${base}/requests?period=15m`);
        return body.total === 2 * sleeps.length ? true : undefined;
      },
      30_000,
      200,
    );
    const { body: slowest } = await getJson<SlowestReport>(
      `${base}/slowest?period=15m&limit=10&endpoint=${encodeURIComponent('/chain')}`,
    );
    expect(slowest.requests.length).to.be.greaterThan(1);
    const instances = new Set<string>();
    for (const request of slowest.requests) {
      expect(request.trace_id).to.match(/^[0-9a-f]{32}$/);
      // The children may come in a later batch than the request.
      const trace = await waitFor(
        `the waterfall of ${request.trace_id}`,
        async () => {
          const { status, body } = await getJson<TraceReport>(`${base}/traces/${request.trace_id}`);
          return status === 200 && body.spans.length >= 3 ? body : undefined;
        },
        10_000,
        200,
      );
      const root = trace.spans.find((s) => s.parent_span_id === null);
      const names = trace.spans.map((s) => `${s.kind} ${s.name}`);
      expect(root?.name, request.trace_id).to.equal('GET /chain');
      // The call out (a CLIENT span) and the request it made, all children of the root.
      expect(names).to.include.members(['client GET', 'server GET /api/users/:id']);
      for (const s of trace.spans) instances.add(s.instance);
      const ids = new Set(trace.spans.map((s) => s.span_id));
      for (const s of trace.spans) {
        if (s !== root) expect(ids.has(s.parent_span_id as string), s.name).to.equal(true);
      }
    }
    expect([...instances], 'spans of both workers').to.have.length(2);
  });
});
