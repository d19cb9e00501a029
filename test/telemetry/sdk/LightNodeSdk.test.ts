import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  RandomIdGenerator,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { NoEmitterBindingContextManager } from '../../../src/telemetry/NoEmitterBindingContextManager.js';
import { LightNodeSdk, type LightNodeSdkOptions } from '../../../src/telemetry/sdk/LightNodeSdk.js';

/** Options with one in-memory exporter; `over` on top. */
function options(exporter: InMemorySpanExporter, over: Partial<LightNodeSdkOptions> = {}) {
  return {
    resource: resourceFromAttributes({ 'host.name': 'h', 'service.name': 'from-resource' }),
    resourceDetectors: [],
    serviceName: 'svc',
    sampler: new AlwaysOnSampler(),
    contextManager: new NoEmitterBindingContextManager(),
    idGenerator: new RandomIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    spanLimits: { attributeCountLimit: 2 },
    metricReaders: [] as MetricReader[],
    instrumentations: [],
    textMapPropagator: new W3CTraceContextPropagator(),
    ...over,
  } satisfies LightNodeSdkOptions;
}

/** Leaves the OpenTelemetry globals as they were. */
function release(): void {
  trace.disable();
  context.disable();
  propagation.disable();
  metrics.disable();
}

describe('LightNodeSdk', () => {
  const disabled = process.env.OTEL_SDK_DISABLED;
  afterEach(() => {
    release();
    if (disabled === undefined) delete process.env.OTEL_SDK_DISABLED;
    else process.env.OTEL_SDK_DISABLED = disabled;
  });

  describe('#start', () => {
    it('registers the tracer provider, context manager and propagator; service.name over the resource; our limits', async () => {
      const exporter = new InMemorySpanExporter();
      const sdk = new LightNodeSdk(options(exporter));
      sdk.start();
      const span = trace.getTracer('t').startSpan('s', { attributes: { a: 1, b: 2, c: 3 } });
      context.with(trace.setSpan(context.active(), span), () => {
        expect(trace.getActiveSpan()).to.equal(span);
      });
      span.end();
      expect(propagation.fields()).to.have.members(['traceparent', 'tracestate']);
      const [finished] = exporter.getFinishedSpans();
      expect(finished?.resource.attributes['service.name']).to.equal('svc');
      expect(finished?.resource.attributes['host.name']).to.equal('h');
      expect(Object.keys(finished?.attributes ?? {})).to.have.length(2);
      await sdk.shutdown();
    });

    it('registers no tracer provider without span processors, and a meter provider only with readers', async () => {
      const sdk = new LightNodeSdk(options(new InMemorySpanExporter(), { spanProcessors: [] }));
      sdk.start();
      expect(trace.getTracer('t').startSpan('s').isRecording()).to.equal(false);
      expect(metrics.getMeterProvider()).not.to.be.instanceOf(MeterProvider);
      await sdk.shutdown();
    });

    it('starts nothing under OTEL_SDK_DISABLED=true, as NodeSDK', async () => {
      process.env.OTEL_SDK_DISABLED = 'true';
      const exporter = new InMemorySpanExporter();
      const sdk = new LightNodeSdk(options(exporter));
      sdk.start();
      trace.getTracer('t').startSpan('s').end();
      expect(exporter.getFinishedSpans()).to.deep.equal([]);
      await sdk.shutdown();
    });
  });
});
