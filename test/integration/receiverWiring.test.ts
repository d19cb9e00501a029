import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { listen, type RunningServer } from '../support/listen.js';
import { jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';
import { request } from '../support/receiverHarness.js';
import { startTestPipeline } from '../support/testApp.js';

const TOKEN = 'receiver-wiring-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const PROTO = { ...AUTH, 'content-type': 'application/x-protobuf' };

describe('startGoldenSignals: the OTLP receiver', () => {
  describe('with the in-memory store, a token, the own port and a mount under /ops', () => {
    let gs: GoldenSignals;
    let own: string;
    let app: RunningServer;
    before(async () => {
      gs = startTestPipeline({ GOLDEN_SIGNALS_PORT: '0', GOLDEN_SIGNALS_DASHBOARD_TOKEN: TOKEN });
      own = new URL((await gs.dashboardUrl) ?? '').origin;
      const dash = gs.handler({ prefix: '/ops' });
      app = await listen((req: IncomingMessage, res: ServerResponse) => {
        if (!dash(req, res)) res.end('ok');
      });
    });
    after(async () => {
      await app.close();
      await gs.shutdown();
    });

    it('takes OTLP at /v1/traces on the own port and at <prefix>/v1/traces under a mount, untraced', async () => {
      const body = protobufBody(jsonRequest([jsonSpan()]));
      expect((await request(own, { headers: PROTO, body })).status).to.equal(200);
      expect(
        (await request(app.url, { path: '/ops/v1/traces', headers: PROTO, body })).status,
      ).to.equal(200);
      // Not at the app's root: that path is the app's own.
      const root = await request(app.url, { path: '/v1/traces', headers: PROTO, body });
      expect(root.body.toString()).to.equal('ok');
      // The two received spans, and not the receiving requests themselves (nor the app's `ok`, which is).
      expect(gs.store?.totalRecorded).to.equal(3);
    });

    it('requires the token', async () => {
      const res = await request(own, {
        headers: { 'content-type': 'application/x-protobuf' },
        body: protobufBody(jsonRequest([jsonSpan()])),
      });
      expect(res.status).to.equal(401);
    });

    it('shows its counts under telemetry.receiver and on /metrics', async () => {
      const overview = await request(own, {
        method: 'GET',
        path: '/dashboard/overview',
        headers: AUTH,
      });
      const receiver = (JSON.parse(overview.body.toString()) as OverviewReport).telemetry.receiver;
      expect(receiver?.requests_accepted).to.equal(2);
      expect(receiver?.spans_accepted).to.equal(2);
      expect(receiver?.requests_rejected.unauthorized).to.equal(1);
      const metrics = (
        await request(own, { method: 'GET', path: '/metrics', headers: AUTH })
      ).body.toString();
      expect(metrics).to.match(
        /^golden_signals_receiver_requests_total\{outcome="accepted"[^}]*\} 2$/m,
      );
      expect(metrics).to.match(
        /^golden_signals_receiver_requests_total\{outcome="rejected",reason="unauthorized"[^}]*\} 1$/m,
      );
      expect(metrics).to.match(
        /^golden_signals_receiver_spans_total\{outcome="accepted"[^}]*\} 2$/m,
      );
    });
  });

  it('has no receiver without the in-memory store: /v1/traces is not found', async () => {
    const gs = startTestPipeline({ GOLDEN_SIGNALS_PORT: '0', OTEL_TRACES_EXPORTER: 'none' });
    try {
      const own = new URL((await gs.dashboardUrl) ?? '').origin;
      const res = await request(own, {
        headers: { 'content-type': 'application/x-protobuf' },
        body: protobufBody(jsonRequest([jsonSpan()])),
      });
      expect(res.status).to.equal(404);
    } finally {
      await gs.shutdown();
    }
  });
});
