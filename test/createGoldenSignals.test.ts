import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { expect } from 'chai';
import type { OverviewReport } from '../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../src/dashboard/queries/requestsQuery.js';
import type { TraceReport } from '../src/dashboard/queries/traceQuery.js';
import { createGoldenSignals, type GoldenSignalsParts } from '../src/index.js';
import { LeanHttpInstrumentation } from '../src/telemetry/http/LeanHttpInstrumentation.js';
import { consoleWritesDuring } from './support/consoleWrites.js';
import { listen, type RunningServer } from './support/listen.js';
import { jsonRequest, jsonSpan } from './support/otlpBodies.js';
import { TEST_ENV } from './support/testApp.js';

const SILENT = { info: () => {}, warn: () => {} };

/**
 * Processor mode in process (the package test runs it inside an app with its
 * own NodeSDK): what it starts, and what it serves, with no SDK at all.
 */
describe('createGoldenSignals (processor mode)', () => {
  let gs: GoldenSignalsParts;
  let server: RunningServer;

  before(async () => {
    gs = createGoldenSignals({ env: TEST_ENV, port: false, logger: SILENT });
    const dash = gs.handler({ prefix: '/ops' });
    server = await listen((req: IncomingMessage, res: ServerResponse) => {
      if (!dash(req, res)) res.writeHead(404).end();
    });
  });
  after(async () => {
    await server.close();
    await gs.shutdown();
  });

  it('registers no OpenTelemetry global and starts no SDK', () => {
    // The API's default provider is a proxy to a no-op: nobody set one.
    const tracer = trace.getTracer('probe');
    const span = tracer.startSpan('probe');
    expect(span.isRecording()).to.equal(false);
    span.end();
  });

  it('gives the same processor and reader on every call, and fresh route hooks', () => {
    expect(gs.spanProcessor()).to.equal(gs.spanProcessor());
    expect(gs.metricReader()).to.equal(gs.metricReader());
    const hooks = gs.instrumentations();
    // Enabled on construction, as every instrumentation: undone so later suites start clean.
    for (const hook of hooks) hook.disable();
    expect(hooks.map((i) => i.instrumentationName)).to.deep.equal([
      'golden-signals-koa-route',
      'golden-signals-express-route',
      'golden-signals-fastify-route',
      'golden-signals-nest-route',
      'golden-signals-hono-route',
      'golden-signals-hapi-route',
    ]);
  });

  it('answers /metrics with 503 and what to do while no MeterProvider reads through the reader', async () => {
    const res = await fetch(`${server.url}/ops/metrics`);
    expect(res.status).to.equal(503);
    expect(((await res.json()) as { error: string }).error).to.include('metricReader()');
  });

  it('keeps its own paths and the ignored ones out of the HTTP instrumentation, and runs yours', () => {
    const seen: string[] = [];
    const config = gs.httpInstrumentationConfig({
      ignoreIncomingRequestHook: (req) => {
        seen.push(req.url ?? '');
        return req.url === '/mine';
      },
    });
    const hook = config.ignoreIncomingRequestHook as (req: IncomingMessage) => boolean;
    const req = (url: string) => ({ url, headers: {}, socket: {} }) as unknown as IncomingMessage;
    expect(hook(req('/ops/overview'))).to.equal(true);
    expect(hook(req('/health/ready'))).to.equal(true);
    expect(hook(req('/mine'))).to.equal(true);
    expect(hook(req('/api/users/1'))).to.equal(false);
    expect(seen).to.include('/api/users/1');
  });

  it('builds the lean HTTP instrumentation over the same config, not enabled until the SDK enables it', () => {
    const http = gs.httpInstrumentation({ enabled: false });
    expect(http).to.be.instanceOf(LeanHttpInstrumentation);
    expect((http as LeanHttpInstrumentation).upstreamProblem).to.equal(undefined);
    const hook = http.getConfig().ignoreIncomingRequestHook as (req: IncomingMessage) => boolean;
    const req = (url: string) => ({ url, headers: {}, socket: {} }) as unknown as IncomingMessage;
    expect(hook(req('/ops/overview'))).to.equal(true);
    expect(hook(req('/api/users/1'))).to.equal(false);
  });

  it('receives OTLP/JSON at <prefix>/v1/traces into its store and trace ring, as the other modes do', async () => {
    const sent = jsonSpan();
    const res = await fetch(`${server.url}/ops/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        jsonRequest([sent], [{ key: 'service.name', value: { stringValue: 'billing' } }]),
      ),
    });
    expect(res.status).to.equal(200);
    const requests = (await (
      await fetch(`${server.url}/ops/requests?period=1h&service=billing`)
    ).json()) as RequestsReport;
    expect(requests.total).to.equal(1);
    expect(requests.by_endpoint).to.deep.equal({ '/items/:id': 1 });
    const held = await fetch(`${server.url}/ops/traces/${sent.traceId}`);
    expect(held.status).to.equal(200);
    expect(((await held.json()) as TraceReport).spans.map((s) => s.span_id)).to.deep.equal([
      sent.spanId,
    ]);
  });
});

describe('createGoldenSignals (processor mode) with a saturation option that throws', () => {
  it('starts, serves the overview with zeros for it, and counts each failed read', async () => {
    const warnings: string[] = [];
    const gs = createGoldenSignals({
      env: TEST_ENV,
      port: false,
      logger: { info: () => {}, warn: (m) => warnings.push(m) },
      saturation: () => {
        throw new Error('no figures today');
      },
    });
    const dash = gs.handler({ prefix: '/ops' });
    const server = await listen((req: IncomingMessage, res: ServerResponse) => {
      if (!dash(req, res)) res.writeHead(404).end();
    });
    try {
      const res = await fetch(`${server.url}/ops/overview`);
      expect(res.status).to.equal(200);
      const overview = (await res.json()) as OverviewReport;
      expect(overview.saturation.heap_used_bytes).to.equal(0);
      // The sampler's first sample at start (skipped), then the overview's own read.
      expect(overview.internal_errors.by_site['saturation.sample']).to.be.at.least(1);
      expect(overview.internal_errors.by_site['saturation.read']).to.be.at.least(1);
      expect(gs.internalErrors.total).to.be.at.least(2);
      expect(warnings.filter((w) => w.includes('saturation.read'))).to.have.length(1);
    } finally {
      await server.close();
      await gs.shutdown();
    }
  });
});

describe('createGoldenSignals (processor mode) with a logger', () => {
  it('gets the snapshot and own-port messages, and nothing goes to the console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gs-parts-logger-'));
    const file = join(dir, 'dashboard.json');
    const lines: string[] = [];
    const logger = {
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
    };
    const run = async () => {
      const gs = createGoldenSignals({
        env: { ...TEST_ENV, GOLDEN_SIGNALS_SNAPSHOT_FILE: file },
        port: 0,
        logger,
      });
      try {
        await gs.dashboardUrl;
      } finally {
        await gs.shutdown();
      }
    };
    try {
      // Twice: the first run starts empty and writes the snapshot, the second restores it.
      const written = await consoleWritesDuring(async () => {
        await run();
        await run();
      });
      expect(written).to.deep.equal([]);
      expect(lines.filter((l) => l.startsWith('info no snapshot at'))).to.have.length(1);
      expect(lines.filter((l) => l.startsWith(`info restored ${file}`))).to.have.length(1);
      expect(lines.filter((l) => l.startsWith('info dashboard on http://'))).to.have.length(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
