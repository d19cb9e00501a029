import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import type { InflightReport } from '../../src/dashboard/queries/inflightQuery.js';
import type { TraceReport } from '../../src/dashboard/queries/traceQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { listen, type RunningServer } from '../support/listen.js';
import { jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';
import { request } from '../support/receiverHarness.js';
import { getJson, startTestPipeline } from '../support/testApp.js';

/** Every secret the requests below carry: none may appear in anything the dashboard serves. */
const SECRETS = ['s3cr3t', 'hunter2', 'K3YVALUE', 'alice', 'pa55word', 'c0de'] as const;
const QUERY = 'token=s3cr3t&password=hunter2&api_key=K3YVALUE&user=bob';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve());
      })
      .on('error', reject);
  });
}

/**
 * A node:http app under the real SDK, dashboard under /ops: `/ok` calls an
 * upstream with userinfo and a token (a client span) and answers its trace
 * id; `/fail` answers 500 with an exception naming a URL; `/hold` answers
 * when released.
 */
async function startApp(gs: GoldenSignals): Promise<{
  app: RunningServer;
  upstream: RunningServer;
  release: () => void;
}> {
  const upstream = await listen((_req, res) => res.end('up'));
  const upstreamUrl = `http://alice:pa55word@${upstream.url.slice('http://'.length)}/up?${QUERY}`;
  const dash = gs.handler({ prefix: '/ops' });
  const held: ServerResponse[] = [];
  const app = await listen((req: IncomingMessage, res: ServerResponse) => {
    if (dash(req, res)) return;
    const span = trace.getActiveSpan();
    const traceId = span?.spanContext().traceId ?? '';
    if (req.url?.startsWith('/hold')) {
      held.push(res);
    } else if (req.url?.startsWith('/fail')) {
      const error = new Error(`upstream ${upstreamUrl} failed, code=c0de`);
      span?.recordException(error);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      res.statusCode = 500;
      res.end(traceId);
    } else {
      get(upstreamUrl).then(
        () => res.end(traceId),
        () => res.end(traceId),
      );
    }
  });
  return {
    app,
    upstream,
    release: () => {
      for (const res of held.splice(0)) res.end('released');
    },
  };
}

/** The JSON bodies of every dashboard answer that could show a request or an error. */
async function everything(base: string, traceIds: readonly string[]): Promise<string> {
  const paths = [
    '/ops/overview',
    '/ops/requests?period=1h',
    '/ops/latency?period=1h',
    '/ops/errors?period=1h',
    '/ops/slowest?period=1h&limit=100',
    '/ops/inflight',
    '/ops/traces?limit=100',
    ...traceIds.map((id) => `/ops/traces/${id}`),
  ];
  const bodies = await Promise.all(paths.map(async (p) => (await fetch(base + p)).text()));
  return bodies.join('\n');
}

describe('query redaction over a real pipeline', () => {
  describe('by default (sensitive)', () => {
    let gs: GoldenSignals;
    let app: RunningServer;
    let upstream: RunningServer;
    let release: () => void;

    before(async () => {
      gs = startTestPipeline();
      ({ app, upstream, release } = await startApp(gs));
    });
    after(async () => {
      release();
      await app.close();
      await upstream.close();
      await gs.shutdown();
    });

    it('serves no secret of a query, a userinfo or an error message anywhere, keys and plain values kept', async () => {
      const ok = await (await fetch(`${app.url}/ok?${QUERY}`)).text();
      const failed = await (await fetch(`${app.url}/fail?${QUERY}`)).text();
      // A request held open: listed in flight while the dashboard is read.
      const pending = fetch(`${app.url}/hold?${QUERY}`);
      let inflight: InflightReport | undefined;
      for (let i = 0; i < 100 && (inflight?.listed ?? 0) === 0; i++) {
        await sleep(20);
        inflight = await getJson<InflightReport>(`${app.url}/ops/inflight`);
      }
      expect(inflight?.listed).to.equal(1);
      // A span of another service, received over OTLP, with the same secrets.
      const received = jsonSpan({
        attributes: [
          { key: 'http.request.method', value: { stringValue: 'GET' } },
          { key: 'http.route', value: { stringValue: '/items/:id' } },
          { key: 'http.response.status_code', value: { intValue: '500' } },
          { key: 'url.full', value: { stringValue: `http://alice:pa55word@h/items/1?${QUERY}` } },
          { key: 'url.query', value: { stringValue: QUERY } },
        ],
        status: { code: 2, message: `GET /items/1?${QUERY} failed` },
        events: [
          {
            name: 'exception',
            timeUnixNano: String(BigInt(Date.now() - 1_000) * 1_000_000n),
            attributes: [
              { key: 'exception.type', value: { stringValue: 'UpstreamError' } },
              {
                key: 'exception.message',
                value: { stringValue: `GET http://alice:pa55word@h/items/1?${QUERY} failed` },
              },
            ],
          },
        ],
      });
      const posted = await request(app.url, {
        path: '/ops/v1/traces',
        headers: { 'content-type': 'application/x-protobuf' },
        body: protobufBody(jsonRequest([received])),
      });
      expect(posted.status).to.equal(200);

      const ids = [ok, failed, inflight?.requests[0]?.trace_id ?? '', String(received.traceId)];
      const served = await everything(app.url, ids);
      for (const secret of SECRETS) expect(served).not.to.contain(secret);

      // The trace view keeps the keys and the values that are no secret.
      const trace = await getJson<TraceReport>(`${app.url}/ops/traces/${ok}`);
      const server = trace.spans.find((s) => s.kind === 'server' && s.parent_span_id === null);
      expect(server?.attributes['url.query']).to.equal(
        'token=REDACTED&password=REDACTED&api_key=REDACTED&user=bob',
      );
      const client = trace.spans.find((s) => s.kind === 'client');
      expect(client?.attributes['url.full']).to.match(
        /^http:\/\/REDACTED(:REDACTED)?@127\.0\.0\.1:[0-9]+\/up\?token=REDACTED&password=REDACTED&api_key=REDACTED&user=bob$/,
      );
      const errors = await getJson<{ recent: { message: string }[] }>(`${app.url}/ops/errors`);
      expect(errors.recent.map((e) => e.message)).to.include.members([
        `GET http://REDACTED:REDACTED@h/items/1?token=REDACTED&password=REDACTED&api_key=REDACTED&user=bob failed`,
      ]);

      release();
      await (await pending).text();
      const afterHold = await everything(app.url, ids);
      for (const secret of SECRETS) expect(afterHold).not.to.contain(secret);
    });
  });

  describe('with GOLDEN_SIGNALS_REDACT_QUERY or the redactQuery option', () => {
    for (const [mode, query, how] of [
      ['all', 'token=REDACTED&password=REDACTED&api_key=REDACTED&user=REDACTED', 'option'],
      ['off', QUERY, 'variable'],
    ] as const) {
      it(`${mode} (by ${how}): the trace view shows ${query}`, async () => {
        const gs =
          how === 'option'
            ? startTestPipeline({}, { redactQuery: mode })
            : startTestPipeline({ GOLDEN_SIGNALS_REDACT_QUERY: mode });
        const { app, upstream } = await startApp(gs);
        try {
          const ok = await (await fetch(`${app.url}/ok?${QUERY}`)).text();
          const failed = await (await fetch(`${app.url}/fail?${QUERY}`)).text();
          const trace = await getJson<TraceReport>(`${app.url}/ops/traces/${ok}`);
          const server = trace.spans.find((s) => s.kind === 'server' && s.parent_span_id === null);
          expect(server?.attributes['url.query']).to.equal(query);
          const served = await everything(app.url, [ok, failed]);
          for (const secret of ['s3cr3t', 'hunter2', 'pa55word']) {
            if (mode === 'off') expect(served).to.contain(secret);
            else expect(served).not.to.contain(secret);
          }
        } finally {
          await app.close();
          await upstream.close();
          await gs.shutdown();
        }
      });
    }
  });
});
