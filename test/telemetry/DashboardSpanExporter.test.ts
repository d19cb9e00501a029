import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { DashboardSpanExporter } from '../../src/telemetry/DashboardSpanExporter.js';
import { DashboardSpanProcessor } from '../../src/telemetry/DashboardSpanProcessor.js';

/** A finished server span as instrumentation-http would end it (hand-built: this is the adapter's unit test). */
function serverSpan(status = 200, kind = SpanKind.SERVER): ReadableSpan {
  const now = Date.now();
  return {
    name: 'POST /predict',
    kind,
    spanContext: () => ({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 }),
    startTime: [Math.floor(now / 1000), (now % 1000) * 1e6],
    endTime: [Math.floor(now / 1000), (now % 1000) * 1e6],
    duration: [0, 5e6],
    status: { code: SpanStatusCode.UNSET },
    attributes: {
      'http.route': '/predict',
      'http.request.method': 'POST',
      'http.response.status_code': status,
    },
    links: [],
    events: [],
    ended: true,
    resource: resourceFromAttributes({ 'service.name': 'svc' }),
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function exportSync(exporter: DashboardSpanExporter, spans: ReadableSpan[]): ExportResult {
  let result: ExportResult | undefined;
  exporter.export(spans, (r) => {
    result = r;
  });
  if (result === undefined) throw new Error('export did not call back synchronously');
  return result;
}

describe('DashboardSpanExporter', () => {
  describe('#export', () => {
    it('records server spans and ignores other kinds', () => {
      const store = new RequestStore();
      const exporter = new DashboardSpanExporter(store);
      const result = exportSync(exporter, [
        serverSpan(200),
        serverSpan(500),
        serverSpan(200, SpanKind.CLIENT),
        serverSpan(200, SpanKind.INTERNAL),
      ]);
      expect(result.code).to.equal(ExportResultCode.SUCCESS);
      expect(store.totalRecorded).to.equal(2);
      expect(exporter.droppedSpans).to.equal(0);
    });

    it('never throws: a failing store yields FAILED and a counted drop', () => {
      const store = new RequestStore();
      store.record = (_rec: RequestRecord): boolean => {
        throw new Error('disk full');
      };
      const exporter = new DashboardSpanExporter(store);
      const result = exportSync(exporter, [serverSpan(), serverSpan()]);
      expect(result.code).to.equal(ExportResultCode.FAILED);
      expect(result.error?.message).to.equal('disk full');
      expect(exporter.droppedSpans).to.equal(2);
    });

    it('fails and counts every span exported after shutdown', async () => {
      const store = new RequestStore();
      const exporter = new DashboardSpanExporter(store);
      await exporter.shutdown();
      const result = exportSync(exporter, [serverSpan(), serverSpan(), serverSpan()]);
      expect(result.code).to.equal(ExportResultCode.FAILED);
      expect(exporter.droppedSpans).to.equal(3);
      expect(store.totalRecorded).to.equal(0);
    });
  });

  describe('#shutdown', () => {
    it('is idempotent', async () => {
      const exporter = new DashboardSpanExporter(new RequestStore());
      await exporter.shutdown();
      await exporter.shutdown();
    });
  });

  describe('#forceFlush', () => {
    it('resolves', async () => {
      await new DashboardSpanExporter(new RequestStore()).forceFlush();
    });
  });
});

describe('DashboardSpanProcessor', () => {
  it('counts in-flight server spans and never goes negative', () => {
    const store = new RequestStore();
    const processor = new DashboardSpanProcessor(new DashboardSpanExporter(store));
    const span = serverSpan();
    const started = span as unknown as Parameters<DashboardSpanProcessor['onStart']>[0];
    processor.onStart(started, {} as Parameters<DashboardSpanProcessor['onStart']>[1]);
    processor.onStart(started, {} as Parameters<DashboardSpanProcessor['onStart']>[1]);
    expect(processor.activeRequests).to.equal(2);
    processor.onEnd(span);
    processor.onEnd(span);
    processor.onEnd(span);
    expect(processor.activeRequests).to.equal(0);
    expect(store.totalRecorded).to.equal(3);
  });

  it('exports spans the sampler marked not sampled', () => {
    const store = new RequestStore();
    const processor = new DashboardSpanProcessor(new DashboardSpanExporter(store));
    const span = serverSpan();
    const unsampled = { ...span, spanContext: () => ({ ...span.spanContext(), traceFlags: 0 }) };
    processor.onEnd(unsampled);
    expect(store.totalRecorded).to.equal(1);
  });

  it('counts an exporter that throws instead of throwing itself', () => {
    const processor = new DashboardSpanProcessor({
      export: () => {
        throw new Error('bad exporter');
      },
      shutdown: () => Promise.resolve(),
    });
    processor.onEnd(serverSpan());
    expect(processor.failedExports).to.equal(1);
  });

  it('counts a span the store could not record once, in the exporter', () => {
    const store = new RequestStore();
    const exporter = new DashboardSpanExporter(store);
    const processor = new DashboardSpanProcessor(exporter);
    store.record = () => {
      throw new Error('store failed');
    };
    processor.onEnd(serverSpan());
    expect(exporter.droppedSpans).to.equal(1);
    expect(processor.failedExports).to.equal(0);
  });

  it('stops exporting after shutdown, once', async () => {
    const store = new RequestStore();
    const processor = new DashboardSpanProcessor(new DashboardSpanExporter(store));
    await processor.shutdown();
    await processor.shutdown();
    processor.onEnd(serverSpan());
    expect(store.totalRecorded).to.equal(0);
  });
});
