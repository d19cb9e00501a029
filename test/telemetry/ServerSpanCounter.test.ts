import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { LiveRequests } from '../../src/inflight/LiveRequests.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { DashboardSpanExporter } from '../../src/telemetry/DashboardSpanExporter.js';
import { DashboardSpanProcessor } from '../../src/telemetry/DashboardSpanProcessor.js';
import { ServerSpanCounter } from '../../src/telemetry/ServerSpanCounter.js';

/** A live list that fails on every span: a bug of ours, as the guard must contain it. */
class BrokenLive extends LiveRequests<ReadableSpan> {
  override started(): void {
    throw new Error('started failed');
  }
  override ended(): void {
    throw new Error('ended failed');
  }
}

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

  describe('when what it feeds throws', () => {
    for (const [name, make] of [
      [
        'ServerSpanCounter',
        (guard: InternalErrors) => new ServerSpanCounter(new BrokenLive(), guard),
      ],
      [
        'DashboardSpanProcessor',
        (guard: InternalErrors) =>
          new DashboardSpanProcessor(
            new DashboardSpanExporter(new RequestStore()),
            new BrokenLive(),
            guard,
          ),
      ],
    ] as const) {
      it(`${name}: the app's span.start and span.end never throw; each failure is counted by site`, () => {
        const guard = new InternalErrors({ warn: () => {} });
        const tracer = new TracerProvider({ spanProcessors: [make(guard)] }).getTracer('test');
        for (let i = 0; i < 3; i++) {
          const span = tracer.startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
          span.setAttribute('http.request.method', 'GET');
          span.end();
        }
        expect(guard.bySite).to.deep.equal({ 'span.start': 3, 'span.end': 3 });
      });
    }
  });
});
