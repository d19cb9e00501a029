import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { CompactSpanWriter } from '../../src/cluster/CompactSpanWriter.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { COMPACT_CONTENT_TYPE } from '../../src/receiver/compactSpanFormat.js';
import { OtlpReceiver } from '../../src/receiver/OtlpReceiver.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { HOUR } from '../support/fakeClock.js';
import { listen } from '../support/listen.js';

/** `n` ended SERVER spans and one CLIENT child of the first, from a real SDK. */
function spans(n: number): ReadableSpan[] {
  const ended: ReadableSpan[] = [];
  const provider = new TracerProvider({
    spanProcessors: [
      {
        onStart() {},
        onEnd: (s) => ended.push(s),
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
    resource: resourceFromAttributes({ 'service.name': 'shop', 'service.instance.id': 'w-9' }),
  });
  const tracer = provider.getTracer('test');
  for (let i = 0; i < n; i++) {
    tracer
      .startSpan('GET /a/:id', {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/a/:id',
          'http.response.status_code': 200,
        },
      })
      .end();
  }
  tracer
    .startSpan('GET', {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': 'GET',
        'server.address': 'api.example',
        'server.port': 443,
      },
    })
    .end();
  return ended;
}

function batchOf(list: readonly ReadableSpan[]): Buffer {
  const writer = new CompactSpanWriter();
  for (const span of list) writer.append(span, 1 << 20);
  return writer.finish()?.bytes ?? Buffer.alloc(0);
}

async function post(url: string, body: Buffer): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': COMPACT_CONTENT_TYPE },
    body,
  });
  return { status: res.status, json: await res.json() };
}

describe('compact span batches at the receiver', () => {
  it('records the SERVER spans, rolls up the CLIENT one, and answers 200 in OTLP/JSON', async () => {
    const store = new RequestStore();
    const receiver = new OtlpReceiver({ store });
    const server = await listen((req, res) => receiver.serve(req, res));
    try {
      const answer = await post(server.url, batchOf(spans(5)));
      expect(answer).to.deep.equal({ status: 200, json: {} });
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(5);
      const report = receiver.stats.report();
      expect(report.spans_accepted).to.equal(5);
      expect(report.spans_ignored).to.equal(1);
    } finally {
      await server.close();
    }
  });

  it('answers a malformed batch 400, counts it, records none of it, and goes on serving', async () => {
    const store = new RequestStore();
    const receiver = new OtlpReceiver({ store });
    const server = await listen((req, res) => receiver.serve(req, res));
    try {
      const whole = batchOf(spans(5));
      const truncated = whole.subarray(0, whole.length - 9);
      const bad = await post(server.url, truncated);
      expect(bad.status).to.equal(400);
      expect((bad.json as { message: string }).message).to.match(/^Malformed compact span batch/);
      const notOurs = await post(server.url, Buffer.from('not a batch at all'));
      expect(notOurs.status).to.equal(400);
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(0);
      expect(receiver.stats.report().requests_rejected.malformed).to.equal(2);
      expect((await post(server.url, whole)).status).to.equal(200);
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(5);
    } finally {
      await server.close();
    }
  });

  it('refuses a batch of more spans than the limit whole (413)', async () => {
    const store = new RequestStore();
    const receiver = new OtlpReceiver({ store, limits: { maxSpansPerRequest: 3 } });
    const server = await listen((req, res) => receiver.serve(req, res));
    try {
      expect((await post(server.url, batchOf(spans(5)))).status).to.equal(413);
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(0);
      expect(receiver.stats.report().requests_rejected.too_large).to.equal(1);
    } finally {
      await server.close();
    }
  });

  it('ingests a batch without slicing the same way (the bench path)', () => {
    const store = new RequestStore();
    const receiver = new OtlpReceiver({ store });
    const result = receiver.ingest(batchOf(spans(4)), 'compact');
    expect(result).to.deep.equal({ recorded: 4, ignored: 1, invalid: 0, tooOld: 0 });
  });
});
