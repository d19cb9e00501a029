import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { InflightReport, InflightRequest } from '../../src/dashboard/queries/inflightQuery.js';
import type { TraceReport } from '../../src/dashboard/queries/traceQuery.js';
import { stopChild, waitFor } from '../support/childService.js';
import { cleanEnv } from '../support/packedApp.js';
import { getJson, postJson, startTestApp, type TestApp } from '../support/testApp.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const APP = `${ROOT}test/integration/fixtures/heldRequests.mjs`;
const REGISTER = `${ROOT}dist/instrumentation.js`;

/** Polls the in-flight list until it lists one request, and returns it. */
function heldRequest(dashboard: string): Promise<InflightRequest> {
  return waitFor('the held request to be listed', async () => {
    const report = await getJson<InflightReport>(`${dashboard}/inflight`);
    return report.requests[0];
  });
}

/** The finished server span of a trace, from the trace view, once the ring holds it. */
async function serverSpanOf(dashboard: string, traceId: string) {
  const report = await waitFor('the finished trace', async () => {
    const res = await fetch(`${dashboard}/traces/${traceId}`);
    return res.ok ? ((await res.json()) as TraceReport) : undefined;
  });
  return report.spans.find((s) => s.kind === 'server');
}

describe('the route of a request in flight, as soon as it is matched', () => {
  describe('the demo (Koa, @koa/router, koaRouteTag)', () => {
    let app: TestApp;
    const waiting: (() => void)[] = [];
    before(async () => {
      app = await startTestApp({
        latency: { minMs: 1, maxMs: 1 },
        // The simulated model latency waits for the test instead of a timer.
        sleep: () => new Promise<void>((resolve) => waiting.push(resolve)),
      });
    });
    after(async () => {
      for (const resolve of waiting.splice(0)) resolve();
      await app?.close();
    });

    it('lists a held POST /predict as /predict, routed, and its span keeps the route', async () => {
      const pending = postJson(`${app.url}/predict`, { text: 'a fine day' });
      const held = await heldRequest(`${app.url}/dashboard`);
      expect(held).to.include({ method: 'POST', endpoint: '/predict', routed: true });
      await waitFor('the handler to wait', async () => (waiting.length > 0 ? true : undefined));
      for (const resolve of waiting.splice(0)) resolve();
      expect((await pending).status).to.equal(200);
      const span = await serverSpanOf(`${app.url}/dashboard`, held.trace_id);
      expect(span?.attributes['http.route']).to.equal('/predict');
      expect(span?.name).to.equal('POST /predict');
    });
  });

  for (const framework of ['koa', 'express', 'fastify']) {
    describe(`${framework} under the preload (zero code, nested prefixed routers)`, function () {
      this.timeout(30_000);
      let child: ChildProcess;
      let exited: Promise<[number | null]>;
      let appUrl: string;
      let dashboard: string;

      before(async () => {
        child = spawn(process.execPath, ['--import', REGISTER, APP, framework], {
          cwd: ROOT,
          env: cleanEnv({ GOLDEN_SIGNALS_PORT: '0' }),
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        });
        exited = once(child, 'exit') as Promise<[number | null]>;
        let output = '';
        const collect = (c: Buffer) => {
          output += c.toString();
        };
        child.stdout?.on('data', collect);
        child.stderr?.on('data', collect);
        [appUrl, dashboard] = await waitFor('the app and its dashboard to listen', async () => {
          if (child.exitCode !== null) throw new Error(`exited: ${output}`);
          const port = /LISTENING (\d+)/.exec(output)?.[1];
          const board = /dashboard on (http:\/\/127\.0\.0\.1:\d+\/dashboard)/.exec(output)?.[1];
          return port === undefined || board === undefined
            ? undefined
            : [`http://127.0.0.1:${port}`, board];
        });
      });
      after(async () => {
        if (child === undefined) return;
        child.send('release');
        await stopChild(child, exited, 5_000);
      });

      for (const [path, route, where] of [
        ['/api/users/7', '/api/users/:id', 'its handler'],
        ['/api/users/7/gate', '/api/users/:id/gate', 'route-level middleware'],
      ] as const) {
        it(`lists GET ${path}, held in ${where}, as ${route}, routed; its span keeps the route`, async () => {
          const pending = fetch(appUrl + path);
          const held = await heldRequest(dashboard);
          expect(held).to.include({ method: 'GET', endpoint: route, routed: true });
          child.send('release');
          const res = await pending;
          expect(res.status).to.equal(200);
          expect(await res.text()).to.equal('user');
          const span = await serverSpanOf(dashboard, held.trace_id);
          expect(span?.attributes['http.route']).to.equal(route);
          expect(span?.name).to.equal(`GET ${route}`);
        });
      }
    });
  }
});
