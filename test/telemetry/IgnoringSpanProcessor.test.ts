import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { IgnoringSpanProcessor } from '../../src/telemetry/IgnoringSpanProcessor.js';
import { ServerSpanCounter } from '../../src/telemetry/ServerSpanCounter.js';

describe('IgnoringSpanProcessor', () => {
  it('hands on the spans of paths it does not ignore, and keeps those it does', () => {
    const inner = new ServerSpanCounter();
    const processor = new IgnoringSpanProcessor(inner, (path) => path === '/health');
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('test');
    const kept = tracer.startSpan(
      'GET',
      { kind: SpanKind.SERVER, attributes: { 'url.path': '/items' } },
      ROOT_CONTEXT,
    );
    tracer.startSpan(
      'GET',
      { kind: SpanKind.SERVER, attributes: { 'url.path': '/health' } },
      ROOT_CONTEXT,
    );
    expect(inner.activeRequests).to.equal(1);
    kept.end();
    expect(inner.activeRequests).to.equal(0);
  });

  describe('when its hooks throw', () => {
    it("never throws into the app's span.start and span.end, and counts each failure by site", () => {
      const guard = new InternalErrors({ warn: () => {} });
      const processor = new IgnoringSpanProcessor(
        new ServerSpanCounter(),
        () => {
          throw new Error('path check failed');
        },
        () => {
          throw new Error('first-span set-up failed');
        },
        guard,
      );
      const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('test');
      for (let i = 0; i < 2; i++) {
        const span = tracer.startSpan(
          'GET',
          { kind: SpanKind.SERVER, attributes: { 'url.path': '/items' } },
          ROOT_CONTEXT,
        );
        span.end();
      }
      expect(guard.bySite).to.deep.equal({ 'span.start': 2, 'span.end': 2 });
    });
  });
});
