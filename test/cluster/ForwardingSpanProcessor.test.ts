import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import {
  type ForwardingOptions,
  ForwardingSpanProcessor,
} from '../../src/cluster/ForwardingSpanProcessor.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { OtlpReceiver } from '../../src/receiver/OtlpReceiver.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { HOUR } from '../support/fakeClock.js';
import { listen, type RunningServer } from '../support/listen.js';

const BATCH = { maxQueueSize: 2_048, maxExportBatchSize: 512, scheduledDelayMillis: 20 };

/** A receiver over a fresh store, served on a loopback port. */
async function receiving(token?: string): Promise<{
  server: RunningServer;
  store: RequestStore;
  receiver: OtlpReceiver;
}> {
  const store = new RequestStore();
  const receiver = new OtlpReceiver({ store, dashboardToken: token });
  const server = await listen((req, res) => receiver.serve(req, res));
  return { server, store, receiver };
}

/** A tracer whose spans end in `processor`, and a way to end `n` SERVER spans (every fifth a 500). */
function tracing(processor: ForwardingSpanProcessor): {
  serve: (n: number) => void;
  provider: TracerProvider;
} {
  const provider = new TracerProvider({
    spanProcessors: [processor],
    resource: resourceFromAttributes({ 'service.name': 'shop', 'service.instance.id': 'w-1' }),
  });
  const tracer = provider.getTracer('test');
  const serve = (n: number) => {
    for (let i = 0; i < n; i++) {
      const status = i % 5 === 0 ? 500 : 200;
      const span = tracer.startSpan(`GET /items/:id`, {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/items/:id',
          'url.path': `/items/${i}`,
          'http.response.status_code': status,
        },
      });
      if (status === 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
  return { serve, provider };
}

function forwarder(url: string, extra: Partial<ForwardingOptions> = {}): ForwardingSpanProcessor {
  return new ForwardingSpanProcessor({
    url: `${url}/v1/traces`,
    token: undefined,
    timeoutMs: 5_000,
    batch: BATCH,
    ...extra,
  });
}

describe('ForwardingSpanProcessor', () => {
  it('delivers every span to the receiver, counted once, in batches of at most maxExportBatchSize', async () => {
    const { server, store, receiver } = await receiving('s3cret');
    const processor = forwarder(server.url, {
      token: 's3cret',
      batch: { ...BATCH, maxExportBatchSize: 100 },
    });
    const { serve, provider } = tracing(processor);
    try {
      serve(1_234);
      await processor.forceFlush();
      expect(processor.stats()).to.deep.equal({
        exported: 1_234,
        failed: 0,
        dropped: 0,
        pending: 0,
      });
      const requests = requestsQuery(store, '1h', HOUR);
      expect(requests.total).to.equal(1_234);
      expect(requests.by_status).to.deep.equal({ '200': 987, '500': 247 });
      expect(receiver.stats.report().requests_accepted).to.equal(13);
      expect(processor.resource?.attributes['service.name']).to.equal('shop');
    } finally {
      await provider.shutdown();
      await server.close();
    }
  });

  it('sends a partial batch after the delay, without a flush', async () => {
    const { server, store } = await receiving();
    const processor = forwarder(server.url);
    const { serve, provider } = tracing(processor);
    try {
      serve(3);
      for (let i = 0; i < 100 && requestsQuery(store, '1h', HOUR).total < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(3);
    } finally {
      await provider.shutdown();
      await server.close();
    }
  });

  it('counts a refused batch as failed (a wrong token), never exported', async () => {
    const { server, store } = await receiving('s3cret');
    const processor = forwarder(server.url, { token: 'wrong' });
    const { serve, provider } = tracing(processor);
    try {
      serve(10);
      await processor.forceFlush();
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 10, dropped: 0, pending: 0 });
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(0);
    } finally {
      await provider.shutdown();
      await server.close();
    }
  });

  it('holds at most maxQueueSize spans while the receiver does not answer, and counts the rest as dropped', async () => {
    // A receiver that never answers: every span ends pending or dropped.
    const stalled = await listen(() => {});
    const processor = forwarder(stalled.url, {
      timeoutMs: 60_000,
      batch: { ...BATCH, maxQueueSize: 50, maxExportBatchSize: 10 },
    });
    const { serve, provider } = tracing(processor);
    try {
      serve(80);
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 0, dropped: 30, pending: 50 });
    } finally {
      await stalled.close();
      await provider.shutdown();
    }
    const after = processor.stats();
    expect(after.exported + after.failed + after.dropped + after.pending).to.equal(80);
    expect(after.pending).to.equal(0);
  });

  it('never throws into the app: a span that cannot be read is dropped and counted by the guard', async () => {
    const { server } = await receiving();
    const warnings: string[] = [];
    const guard = new InternalErrors({ warn: (m) => warnings.push(m) });
    const processor = forwarder(server.url, { guard });
    const { serve, provider } = tracing(processor);
    try {
      serve(1);
      const [span] = await new Promise<ReadableSpan[]>((resolve) => {
        const spans: ReadableSpan[] = [];
        const p = new TracerProvider({
          spanProcessors: [
            {
              onStart() {},
              onEnd: (s) => spans.push(s),
              forceFlush: async () => {},
              shutdown: async () => {},
            },
          ],
        });
        p.getTracer('t').startSpan('x').end();
        resolve(spans);
      });
      const hostile = Object.create(span as object, {
        attributes: {
          get: () => {
            throw new Error('hostile getter');
          },
        },
      }) as ReadableSpan;
      expect(() => processor.onEnd(hostile)).to.not.throw();
      await processor.forceFlush();
      expect(processor.stats()).to.deep.equal({ exported: 1, failed: 0, dropped: 1, pending: 0 });
      expect(guard.bySite['span.end']).to.equal(1);
    } finally {
      await provider.shutdown();
      await server.close();
    }
  });

  it('sends what it holds at shutdown, once, and drops later spans', async () => {
    const { server, store } = await receiving();
    const processor = forwarder(server.url, { batch: { ...BATCH, scheduledDelayMillis: 60_000 } });
    const { serve, provider } = tracing(processor);
    try {
      serve(7);
      const first = processor.shutdown();
      expect(processor.shutdown()).to.equal(first);
      await first;
      serve(2);
      expect(processor.stats()).to.deep.equal({ exported: 7, failed: 0, dropped: 2, pending: 0 });
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(7);
    } finally {
      await provider.shutdown();
      await server.close();
    }
  });
});
