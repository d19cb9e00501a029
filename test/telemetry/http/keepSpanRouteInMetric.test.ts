import { type Attributes, SpanKind } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  AggregationTemporality,
  type HistogramMetricData,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { keepSpanRouteInMetric } from '../../../src/telemetry/http/keepSpanRouteInMetric.js';

interface Closing {
  _closeHttpSpan(span: unknown, kind: SpanKind, startTime: unknown, metric: Attributes): void;
}

/** The attributes of each `http.server.request.duration` point after closing one server span. */
async function metricAfterClose(
  wrap: boolean,
  spanAttributes: Attributes,
  metric: Attributes,
  thrown?: { name: string; message: string },
): Promise<Attributes[]> {
  const stock = new HttpInstrumentation({ enabled: false });
  const instrumentation = wrap ? keepSpanRouteInMetric(stock) : stock;
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  instrumentation.setMeterProvider(meterProvider);
  const tracer = new TracerProvider().getTracer('test');
  const span = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: spanAttributes });
  if (thrown !== undefined) span.recordException(thrown);
  // As the stock incoming path: the span is in its open set from its start.
  (instrumentation as unknown as { _spanNotEnded: WeakSet<object> })._spanNotEnded.add(span);
  (instrumentation as unknown as Closing)._closeHttpSpan(span, SpanKind.SERVER, hrTime(), metric);
  await reader.forceFlush();
  const points = exporter
    .getMetrics()
    .flatMap((r) => r.scopeMetrics)
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === 'http.server.request.duration')
    .flatMap((m) => (m as HistogramMetricData).dataPoints);
  await meterProvider.shutdown();
  return points.map((p) => p.attributes);
}

describe('keepSpanRouteInMetric', () => {
  const method = { 'http.request.method': 'GET', 'url.scheme': 'http' };

  it("gives the histogram the span's route when the close found none, before the status", async () => {
    const attributes = await metricAfterClose(
      true,
      { ...method, 'http.route': '/:package/-/:filename' },
      { ...method, 'http.response.status_code': 200 },
    );
    expect(attributes).to.have.length(1);
    expect(Object.entries(attributes[0] ?? {})).to.deep.equal([
      ['http.request.method', 'GET'],
      ['url.scheme', 'http'],
      ['http.route', '/:package/-/:filename'],
      ['http.response.status_code', 200],
    ]);
  });

  it('the stock class alone records no route there (what it fixes)', async () => {
    const attributes = await metricAfterClose(
      false,
      { ...method, 'http.route': '/:package/-/:filename' },
      { ...method, 'http.response.status_code': 200 },
    );
    expect(attributes[0]).to.not.have.property('http.route');
  });

  it('leaves a route the close found as it is', async () => {
    const attributes = await metricAfterClose(
      true,
      { ...method, 'http.route': '/from-span' },
      { ...method, 'http.route': '/from-context', 'http.response.status_code': 200 },
    );
    expect(attributes[0]?.['http.route']).to.equal('/from-context');
  });

  it('records no route for a span without one (unmatched)', async () => {
    const attributes = await metricAfterClose(true, method, {
      ...method,
      'http.response.status_code': 404,
    });
    expect(attributes[0]).to.not.have.property('http.route');
  });

  describe("the failed request's error type, as the store records it", () => {
    const cases: [
      string,
      Attributes,
      Attributes,
      { name: string; message: string } | undefined,
      unknown,
    ][] = [
      [
        'a 4xx gets the thrown class',
        method,
        { ...method, 'http.response.status_code': 422 },
        { name: 'ValidationError', message: 'bad' },
        'ValidationError',
      ],
      [
        'a 5xx gets the thrown class over the status',
        { ...method, 'error.type': '500' },
        { ...method, 'http.response.status_code': 500, 'error.type': '500' },
        { name: 'ModelError', message: 'x' },
        'ModelError',
      ],
      [
        'a 5xx without a class keeps its status',
        method,
        { ...method, 'http.response.status_code': 503, 'error.type': '503' },
        undefined,
        '503',
      ],
      [
        'a 4xx without a class gets none',
        method,
        { ...method, 'http.response.status_code': 404 },
        undefined,
        undefined,
      ],
      [
        'a success gets none',
        method,
        { ...method, 'http.response.status_code': 200 },
        { name: 'Handled', message: 'x' },
        undefined,
      ],
    ];
    for (const [name, spanAttributes, metric, thrown, expected] of cases) {
      it(name, async () => {
        const [attributes] = await metricAfterClose(true, spanAttributes, metric, thrown);
        expect(attributes?.['error.type']).to.equal(expected);
      });
    }
  });
});
