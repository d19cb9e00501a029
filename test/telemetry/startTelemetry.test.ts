import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';
import { LeanHttpInstrumentation } from '../../src/telemetry/http/LeanHttpInstrumentation.js';
import { type StartedTelemetry, startTelemetry } from '../../src/telemetry/startTelemetry.js';
import { listen, type RunningServer } from '../support/listen.js';
import { parsePrometheusText, sumOf } from '../support/prometheusText.js';
import { startTestPipeline, TEST_ENV } from '../support/testApp.js';

/** An instrumentation that cannot be switched off: one failing shutdown step. */
class UndisablableInstrumentation extends InstrumentationBase {
  constructor() {
    super('undisablable', '0.0.1', {});
  }

  protected init(): undefined {
    return undefined;
  }

  override disable(): void {
    throw new Error('cannot disable');
  }
}

const REQUESTS = 5;

/** Starts the SDK for `env`, serves `/metrics` and `ok` for anything else, sends REQUESTS requests. */
async function withTelemetry(
  env: Readonly<Record<string, string>>,
  body: (t: StartedTelemetry, app: RunningServer, metrics: () => Promise<string>) => Promise<void>,
): Promise<void> {
  const t = startTelemetry(loadConfig({ ...TEST_ENV, ...env }), {
    ignoreIncoming: (req) => req.url === '/metrics',
    log: { info: () => {}, warn: () => {} },
  });
  const app = await listen((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/metrics' && t.metricsHandler !== undefined) t.metricsHandler(req, res);
    else res.end('ok');
  });
  try {
    for (let i = 0; i < REQUESTS; i++) await (await fetch(`${app.url}/things/${i}`)).arrayBuffer();
    await body(t, app, async () => (await fetch(`${app.url}/metrics`)).text());
  } finally {
    await app.close();
    await t.shutdown();
  }
}

const durationCount = (text: string) =>
  sumOf(parsePrometheusText(text), 'http_server_request_duration_count', {
    http_request_method: 'GET',
    http_response_status_code: '200',
  });

/** The exposition with timings (bucket counts, sums) and the process's own figures blanked. */
const shape = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('# ') || l.startsWith('http_server_request_duration'))
    .map((l) => (/_(bucket|sum)\{/.test(l) ? l.replace(/ \S+$/, ' <timing>') : l));

describe('startTelemetry', () => {
  describe('#shutdown', () => {
    it('runs every step after one that throws, resolves, and counts the failure', async () => {
      const warnings: string[] = [];
      const gs = startTestPipeline(
        {},
        {
          instrumentations: [new UndisablableInstrumentation()],
          logger: { info: () => {}, warn: (m) => warnings.push(m) },
        },
      );
      expect(trace.getTracer('test').startSpan('before').isRecording()).to.equal(true);
      await gs.shutdown();
      expect(gs.internalErrors.bySite).to.deep.equal({ 'shutdown.instrumentations': 1 });
      expect(warnings.join('\n')).to.match(/shutdown\.instrumentations.*cannot disable/);
      // The steps after it ran: the OpenTelemetry globals are released.
      expect(trace.getTracer('test').startSpan('after').isRecording()).to.equal(false);
      // And a second call returns the first one's promise, resolved.
      await gs.shutdown();
    });
  });

  describe('GOLDEN_SIGNALS_HTTP_INSTRUMENTATION and GOLDEN_SIGNALS_HTTP_METRICS', () => {
    const expositions = new Map<string, string>();

    it('by default installs LeanHttpInstrumentation, which serves the requests, with our own histogram on /metrics', async () => {
      await withTelemetry({}, async (t, _app, metrics) => {
        expect(t.httpInstrumentation).to.be.instanceOf(LeanHttpInstrumentation);
        const lean = t.httpInstrumentation as LeanHttpInstrumentation;
        expect(lean.upstreamProblem).to.equal(undefined);
        expect(lean.served.lean).to.equal(REQUESTS);
        expect(lean.served.stock).to.equal(0);
        expect(t.serverDurations?.seriesCount).to.equal(1);
        expect(t.store?.totalRecorded).to.equal(REQUESTS);
        const text = await metrics();
        expositions.set('fast', text);
        expect(durationCount(text)).to.equal(REQUESTS);
      });
    });

    it('=stock installs the stock HttpInstrumentation class itself, and spans and /metrics still count every request', async () => {
      await withTelemetry(
        { GOLDEN_SIGNALS_HTTP_INSTRUMENTATION: 'stock' },
        async (t, _app, metrics) => {
          expect(Object.getPrototypeOf(t.httpInstrumentation)).to.equal(
            HttpInstrumentation.prototype,
          );
          expect(t.serverDurations).to.equal(undefined);
          expect(t.store?.totalRecorded).to.equal(REQUESTS);
          const text = await metrics();
          expositions.set('stock', text);
          expect(durationCount(text)).to.equal(REQUESTS);
        },
      );
    });

    it('GOLDEN_SIGNALS_HTTP_METRICS=otel keeps the lean spans and records the SDK histogram', async () => {
      await withTelemetry({ GOLDEN_SIGNALS_HTTP_METRICS: 'otel' }, async (t, _app, metrics) => {
        expect(t.httpInstrumentation).to.be.instanceOf(LeanHttpInstrumentation);
        expect(t.serverDurations).to.equal(undefined);
        expect(durationCount(await metrics())).to.equal(REQUESTS);
      });
    });

    it('our own histogram alone (no SDK point) gives the stock exposition, metadata and series alike', () => {
      const fast = expositions.get('fast');
      const stock = expositions.get('stock');
      if (fast === undefined || stock === undefined)
        throw new Error('the two tests above must run first');
      expect(shape(fast)).to.deep.equal(shape(stock));
      expect(
        shape(fast).filter((l) => l.startsWith('http_server_request_duration_count')),
      ).to.have.length(1);
    });

    it('uses the SDK histogram when a push reader is on too (OTLP would not see our own)', async () => {
      await withTelemetry(
        {
          OTEL_METRICS_EXPORTER: 'prometheus,otlp',
          OTEL_METRIC_EXPORT_INTERVAL: '600000',
          // Nothing listens there: the one export at shutdown fails, quietly.
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://127.0.0.1:9/v1/metrics',
          OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '300',
        },
        async (t, _app, metrics) => {
          expect(t.serverDurations).to.equal(undefined);
          expect(durationCount(await metrics())).to.equal(REQUESTS);
        },
      );
    });

    for (const [name, value] of [
      ['GOLDEN_SIGNALS_HTTP_INSTRUMENTATION', 'fast'],
      ['GOLDEN_SIGNALS_HTTP_METRICS', 'prometheus'],
    ] as const) {
      it(`rejects ${name}=${value} with a message naming the variable`, () => {
        expect(() => loadConfig({ [name]: value })).to.throw(
          ConfigError,
          new RegExp(`^${name} must be`),
        );
      });
    }
  });
});
