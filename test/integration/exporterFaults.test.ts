import { createRequire } from 'node:module';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { type ReadableSpan, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { createApp } from '../../demo/app.js';
import { SentimentModel } from '../../demo/SentimentModel.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { CountingBatchSpanProcessor } from '../../src/telemetry/CountingBatchSpanProcessor.js';
import { DashboardSpanExporter } from '../../src/telemetry/DashboardSpanExporter.js';
import { DashboardSpanProcessor } from '../../src/telemetry/DashboardSpanProcessor.js';
import { getJson, handleOver, postJson, type RunningServer, serve } from '../support/testApp.js';

type Fault = 'throws' | 'returns FAILED' | 'hangs' | 'is slow';

/** A SpanExporter that misbehaves in one way. */
function faultyExporter(fault: Fault): SpanExporter {
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
      switch (fault) {
        case 'throws':
          throw new Error('exporter exploded');
        case 'returns FAILED':
          done({ code: ExportResultCode.FAILED, error: new Error('backend said no') });
          return;
        case 'hangs':
          return; // never calls back
        case 'is slow':
          setTimeout(() => done({ code: ExportResultCode.SUCCESS }), 150 + spans.length);
          return;
      }
    },
    shutdown: () => Promise.resolve(),
  };
}

const N = 30;
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** The instrumentation's definition for the `http` module. */
function httpDefinition(instrumentation: HttpInstrumentation) {
  const definition = instrumentation.getModuleDefinitions().find((d) => d.name === 'http');
  if (definition === undefined) throw new Error('instrumentation-http has no http definition');
  return definition;
}

/**
 * Each fault sits in both places an exporter can: behind the dashboard's
 * synchronous processor, and behind the counted batch processor that OTLP
 * uses. For the length of each case, an HTTP instrumentation bound to a
 * tracer provider holding these processors takes the place of the
 * process-wide one, so real requests make the server spans.
 */
for (const fault of ['throws', 'returns FAILED', 'hangs', 'is slow'] as Fault[]) {
  describe(`a span exporter that ${fault}`, function () {
    this.timeout(20_000);
    let server: RunningServer;
    let instrumentation: HttpInstrumentation;
    let provider: TracerProvider;
    let batch: CountingBatchSpanProcessor;
    let faultySync: DashboardSpanProcessor;
    let saved: { emit: unknown; request: unknown; get: unknown };
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);

    before(async () => {
      process.on('unhandledRejection', onRejection);
      const store = new RequestStore();
      const healthy = new DashboardSpanProcessor(new DashboardSpanExporter(store));
      faultySync = new DashboardSpanProcessor(faultyExporter(fault));
      batch = new CountingBatchSpanProcessor(faultyExporter(fault), {
        maxQueueSize: 8,
        maxExportBatchSize: 4,
        scheduledDelayMillis: 10,
        exportTimeoutMillis: 300,
      });
      provider = new TracerProvider({ spanProcessors: [healthy, faultySync, batch] });
      // Not enabled through require hooks: node:http is cached and already patched by the
      // process-wide SDK. Patching by hand replaces that patch (instrumentation-http unwraps
      // before it wraps), so the originals are saved here and put back afterwards.
      saved = { emit: http.Server.prototype.emit, request: http.request, get: http.get };
      instrumentation = new HttpInstrumentation({
        enabled: false,
        ignoreIncomingRequestHook: (req) => req.url?.startsWith('/dashboard') ?? false,
      });
      instrumentation.setTracerProvider(provider);
      httpDefinition(instrumentation).patch?.(http);
      const app = createApp({
        goldenSignals: handleOver({
          store,
          activeRequests: () => healthy.activeRequests,
          droppedSpans: () => faultySync.failedExports,
          otlpSpans: () => batch.stats(),
          forwardedSpans: () => undefined,
          tracesExporters: ['memory', 'otlp'],
          metricsExporters: ['none'],
          metricsHandler: undefined,
          shutdown: () => Promise.resolve(),
        }),
        predict: { model: new SentimentModel(), latency: { minMs: 0, maxMs: 0 }, failureRate: 0 },
      });
      server = await serve(app);
    });

    after(async () => {
      await server.close();
      httpDefinition(instrumentation).unpatch?.(http);
      Object.defineProperty(http.Server.prototype, 'emit', {
        value: saved.emit,
        writable: true,
        configurable: true,
      });
      Object.defineProperty(http, 'request', {
        value: saved.request,
        writable: true,
        configurable: true,
        enumerable: true,
      });
      Object.defineProperty(http, 'get', {
        value: saved.get,
        writable: true,
        configurable: true,
        enumerable: true,
      });
      await provider.shutdown().catch(() => {});
      process.off('unhandledRejection', onRejection);
    });

    it('keeps answering 200, throws nothing, and shows the failures under telemetry', async () => {
      for (let i = 0; i < N; i++) {
        const res = await postJson(`${server.url}/predict`, { text: 'steady' });
        expect(res.status).to.equal(200);
        await res.arrayBuffer();
      }
      // Let the batch processor finish what it can (timeouts are 300 ms).
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const o = await getJson<OverviewReport>(`${server.url}/dashboard/overview`);
      expect(o.requests_last_hour).to.equal(N);
      expect(o.active_requests).to.equal(0);
      const otlp = o.telemetry.otlp;
      if (otlp === null) throw new Error('telemetry.otlp is missing');
      expect(
        otlp.exported_spans + otlp.failed_spans + otlp.dropped_spans + otlp.pending_spans,
      ).to.equal(N);
      switch (fault) {
        case 'throws':
        case 'returns FAILED':
          expect(o.telemetry.dropped_spans).to.equal(N);
          expect(otlp.exported_spans).to.equal(0);
          expect(otlp.failed_spans + otlp.dropped_spans).to.equal(N);
          break;
        case 'hangs':
          expect(otlp.exported_spans).to.equal(0);
          expect(otlp.failed_spans + otlp.dropped_spans).to.be.above(0);
          break;
        case 'is slow':
          expect(o.telemetry.dropped_spans).to.equal(0);
          expect(otlp.failed_spans).to.equal(0);
          expect(otlp.exported_spans + otlp.dropped_spans).to.equal(N);
          break;
      }
      expect(rejections).to.deep.equal([]);
    });
  });
}
