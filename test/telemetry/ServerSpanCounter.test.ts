import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { ServerSpanCounter } from '../../src/telemetry/ServerSpanCounter.js';

describe('ServerSpanCounter', () => {
  it('counts server spans started and not ended, and ignores other kinds', () => {
    const counter = new ServerSpanCounter();
    const tracer = new TracerProvider({ spanProcessors: [counter] }).getTracer('test');
    const a = tracer.startSpan('a', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    const b = tracer.startSpan('b', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    const client = tracer.startSpan('c', { kind: SpanKind.CLIENT }, ROOT_CONTEXT);
    expect(counter.activeRequests).to.equal(2);
    client.end();
    a.end();
    expect(counter.activeRequests).to.equal(1);
    b.end();
    expect(counter.activeRequests).to.equal(0);
  });

  it('never goes negative', () => {
    const counter = new ServerSpanCounter();
    const tracer = new TracerProvider({ spanProcessors: [counter] }).getTracer('test');
    const span = tracer.startSpan('a', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    span.end();
    // A second end is ignored by the SDK; onEnd of an unknown span must not go below 0 either.
    counter.onEnd(span as unknown as Parameters<ServerSpanCounter['onEnd']>[0]);
    expect(counter.activeRequests).to.equal(0);
  });
});
