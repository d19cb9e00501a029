import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { STATUS_PATH } from '../../src/cluster/InstanceReporter.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { sampleInstanceStatus } from '../support/instanceStatusSample.js';
import { listen, type RunningServer } from '../support/listen.js';
import { startTestPipeline } from '../support/testApp.js';

const TOKEN = 'a-test-token-of-32-characters-xx';

describe('receiveInstanceStatus', () => {
  describe(`POST <prefix>${STATUS_PATH} on a mounted dashboard (with a token)`, () => {
    let gs: GoldenSignals;
    let server: RunningServer;
    let url: string;

    before(async () => {
      gs = startTestPipeline({ GOLDEN_SIGNALS_DASHBOARD_TOKEN: TOKEN });
      const dash = gs.handler({ prefix: '/ops' });
      server = await listen((req: IncomingMessage, res: ServerResponse) => {
        if (!dash(req, res)) res.writeHead(404).end();
      });
      url = `${server.url}/ops${STATUS_PATH}`;
    });
    after(async () => {
      await server.close();
      await gs.shutdown();
    });

    const post = (body: string | Buffer, headers: Record<string, string> = {}, method = 'POST') =>
      fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          ...headers,
        },
        ...(method === 'GET' ? {} : { body }),
      });

    it('takes a status with 204, and the overview shows it once the instance has requests', async () => {
      const res = await post(JSON.stringify(sampleInstanceStatus));
      expect(res.status).to.equal(204);
      gs.store?.record({
        timestampMs: Date.now(),
        durationMs: 5,
        endpoint: '/pay',
        method: 'POST',
        statusCode: 200,
        service: sampleInstanceStatus.service,
        instance: sampleInstanceStatus.instance,
      });
      const res2 = await fetch(`${server.url}/ops/overview`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const overview = (await res2.json()) as OverviewReport;
      const shown = overview.instances.find((i) => i.instance === sampleInstanceStatus.instance);
      expect(shown?.saturation).to.deep.equal(sampleInstanceStatus.saturation);
      expect(shown?.forwarding).to.include({
        exported_spans: 90,
        failed_spans: 1,
        dropped_spans: 2,
        pending_spans: 3,
      });
      expect(overview.telemetry.forwarded).to.deep.equal({
        exported_spans: 90,
        failed_spans: 1,
        dropped_spans: 2,
        pending_spans: 3,
        instances: 1,
      });
    });

    const cases: [string, () => Promise<Response>, number][] = [
      ['no token', () => post(JSON.stringify(sampleInstanceStatus), { authorization: '' }), 401],
      [
        'a wrong token',
        () => post(JSON.stringify(sampleInstanceStatus), { authorization: 'Bearer nope' }),
        401,
      ],
      ['GET', () => post('', {}, 'GET'), 405],
      [
        'text/plain',
        () => post(JSON.stringify(sampleInstanceStatus), { 'content-type': 'text/plain' }),
        415,
      ],
      ['malformed JSON', () => post('{"service":'), 400],
      ['a wrong shape', () => post(JSON.stringify({ ...sampleInstanceStatus, forwarded: 3 })), 400],
      [
        'a body over 16 KiB',
        () => post(JSON.stringify({ ...sampleInstanceStatus, pad: 'x'.repeat(20_000) })),
        413,
      ],
      [
        'a gzip body (not accepted: statuses are small)',
        () => post(gzipSync(JSON.stringify(sampleInstanceStatus)), { 'content-encoding': 'gzip' }),
        400,
      ],
    ];
    for (const [what, send, status] of cases) {
      it(`answers ${what} with ${status} and a JSON error, never a 5xx`, async () => {
        const res = await send();
        expect(res.status).to.equal(status);
        const body = (await res.json()) as { error?: unknown };
        expect(body.error).to.be.a('string');
      });
    }
  });
});
