import { type Attributes, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { CompactSpanWriter } from '../../src/cluster/CompactSpanWriter.js';
import { CompactSpanReader, MalformedCompactBatch } from '../../src/receiver/CompactSpanReader.js';
import { decodeCompactSpans } from '../../src/receiver/compactSpans.js';
import { OtlpCodec } from '../../src/receiver/OtlpCodec.js';
import { attributesOf } from '../../src/receiver/otlpAttributes.js';
import type { ExportTraceRequest, SpanMessage } from '../../src/receiver/otlpMessages.js';
import { receivedSpan } from '../../src/receiver/ReceivedSpan.js';
import { DEFAULT_RECEIVER_LIMITS } from '../../src/receiver/ReceiverLimits.js';

const LIMITS = DEFAULT_RECEIVER_LIMITS;
const codec = new OtlpCodec();

/** Attribute values of every kind OTLP's `toAnyValue` maps, edge cases included. */
const ODD_ATTRIBUTES: Attributes = {
  'http.request.method': 'GET',
  'url.path': '/items/42',
  'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
  'long.text': 'x'.repeat(300),
  'non.ascii': 'café ☕ 𝄞 naïve',
  'non.ascii.long': 'é'.repeat(100),
  'lone.surrogate': 'a\ud800b',
  'empty.string': '',
  'http.response.status_code': 200,
  'int.negative': -17,
  'int.zero.negative': -0,
  'int.big': 2 ** 60,
  'int.past.int64': 1e20,
  'int.past.int64.negative': -1e20,
  'int.past.uint64': 2 ** 70,
  'double.half': 1.5,
  'double.nan': Number.NaN,
  'double.infinity': Number.POSITIVE_INFINITY,
  'bool.true': true,
  'bool.false': false,
  'array.strings': ['a', 'b', 'a'],
  'array.numbers': [1, 2.5, -3],
  'array.mixed': ['a', 1] as unknown as string[],
  'array.holes': ['a', null, 'b'] as unknown as string[],
  'array.empty': [],
};

interface Made {
  readonly spans: ReadableSpan[];
}

/** Real SDK spans of every kind, with and without parents, errors, events; from two resources. */
function makeSpans(): Made {
  const spans: ReadableSpan[] = [];
  const collect = {
    onStart() {},
    onEnd: (s: ReadableSpan) => spans.push(s),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const providers = [
    new TracerProvider({
      spanProcessors: [collect],
      resource: resourceFromAttributes({
        'service.name': 'shop',
        'process.pid': 4242,
        'host.name': 'h',
      }),
    }),
    new TracerProvider({
      spanProcessors: [collect],
      resource: resourceFromAttributes({ 'service.name': 'other', 'service.instance.id': 'i-2' }),
    }),
  ];
  for (const [p, provider] of providers.entries()) {
    const tracer = provider.getTracer('test');
    for (const kind of [
      SpanKind.SERVER,
      SpanKind.CLIENT,
      SpanKind.INTERNAL,
      SpanKind.PRODUCER,
      SpanKind.CONSUMER,
    ]) {
      const parent = tracer.startSpan(`GET /items/:id ${p}`, { kind, attributes: ODD_ATTRIBUTES });
      const child = tracer.startSpan(
        'SELECT shop',
        {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT 1' },
        },
        trace.setSpan(context.active(), parent),
      );
      child.addEvent('not an exception', { a: 1 });
      child.recordException(new TypeError('first'));
      child.recordException(new RangeError('second'));
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'it failed: ünïcode' });
      child.end();
      parent.setAttribute('kv.list', { a: 1, b: 'two' } as unknown as string);
      parent.setAttribute('bytes', new Uint8Array([1, 2, 3]) as unknown as string);
      parent.setStatus({ code: SpanStatusCode.OK });
      parent.end();
    }
  }
  return { spans };
}

/** What the receiver makes of each span of a decoded request, keyed by span id: every field its consumers read. */
function viewsOf(request: ExportTraceRequest): Map<string, unknown> {
  const views = new Map<string, unknown>();
  const now = Date.now() + 60_000;
  for (const rs of request.resourceSpans ?? []) {
    const attributes = attributesOf(rs.resource?.attributes, LIMITS);
    for (const ss of rs.scopeSpans ?? []) {
      for (const message of ss.spans ?? []) {
        const span = receivedSpan(
          message as SpanMessage,
          { attributes: attributes ?? {} },
          LIMITS,
          now,
        );
        if (span === undefined) throw new Error('a valid span was refused');
        views.set(span.spanContext().spanId, {
          name: span.name,
          kind: span.kind,
          traceId: span.traceId,
          context: span.spanContext(),
          parent: span.parentSpanContext,
          start: span.startTime,
          end: span.endTime,
          duration: span.duration,
          status: span.status,
          attributes: span.attributes,
          events: span.events,
          resource: span.resource.attributes,
        });
      }
    }
  }
  return views;
}

function compact(spans: readonly ReadableSpan[]): Buffer {
  const writer = new CompactSpanWriter();
  for (const span of spans) expect(writer.append(span, 1 << 20)).to.equal(true);
  const batch = writer.finish();
  if (batch === undefined) throw new Error('no batch');
  expect(batch.spans).to.equal(spans.length);
  return batch.bytes;
}

describe('CompactSpanWriter', () => {
  describe('#append', () => {
    it('gives the receiver exactly what the OTLP protobuf exporter gives it, span for span', () => {
      const { spans } = makeSpans();
      const otlp = codec.decode(
        Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? []),
        'protobuf',
      );
      const expected = viewsOf(otlp);
      const actual = viewsOf(decodeCompactSpans(compact(spans)));
      expect(expected.size).to.equal(spans.length);
      expect([...actual.keys()].sort()).to.deep.equal([...expected.keys()].sort());
      for (const [id, view] of expected) expect(actual.get(id), id).to.deep.equal(view);
    });

    it('reads the same through the receiver codec as through the reader', () => {
      const { spans } = makeSpans();
      const bytes = compact(spans);
      expect(viewsOf(codec.decode(bytes, 'compact'))).to.deep.equal(
        viewsOf(decodeCompactSpans(bytes)),
      );
    });

    it('writes each resource once, and again only when it changes', () => {
      const { spans } = makeSpans();
      const reader = new CompactSpanReader(compact(spans));
      let resources = 0;
      for (let r = reader.next(); r !== undefined; r = reader.next())
        if (r.span === undefined) resources++;
      expect(resources).to.equal(2);
    });

    it('leaves out a span over the byte limit, and the batch as it was', () => {
      const { spans } = makeSpans();
      const writer = new CompactSpanWriter();
      const [first, second] = spans as [ReadableSpan, ReadableSpan];
      expect(writer.append(first, 1 << 20)).to.equal(true);
      const bytes = writer.bytes;
      expect(writer.append(second, 10)).to.equal(false);
      expect(writer.bytes).to.equal(bytes);
      expect(writer.spans).to.equal(1);
      expect(viewsOf(decodeCompactSpans(writer.finish()?.bytes ?? Buffer.alloc(0))).size).to.equal(
        1,
      );
    });

    it('rolls back a span whose attributes throw, table entries included, and rethrows', () => {
      const { spans } = makeSpans();
      const writer = new CompactSpanWriter();
      const [first, second] = spans as [ReadableSpan, ReadableSpan];
      const hostile = Object.create(second, {
        attributes: {
          get: () => ({
            'new.key': 'new value',
            get boom(): string {
              throw new Error('boom');
            },
          }),
        },
      }) as ReadableSpan;
      expect(() => writer.append(hostile, 1 << 20)).to.throw('boom');
      expect(writer.append(first, 1 << 20)).to.equal(true);
      expect(writer.append(second, 1 << 20)).to.equal(true);
      const batch = writer.finish();
      expect(batch?.spans).to.equal(2);
      expect(viewsOf(decodeCompactSpans(batch?.bytes ?? Buffer.alloc(0))).size).to.equal(2);
    });

    it('starts a fresh batch (and string table) after finish', () => {
      const { spans } = makeSpans();
      const writer = new CompactSpanWriter();
      expect(writer.finish()).to.equal(undefined);
      for (const span of spans.slice(0, 3)) writer.append(span, 1 << 20);
      writer.finish();
      for (const span of spans.slice(3, 6)) writer.append(span, 1 << 20);
      const again = writer.finish();
      expect(again?.spans).to.equal(3);
      expect(viewsOf(decodeCompactSpans(again?.bytes ?? Buffer.alloc(0))).size).to.equal(3);
    });
  });
});

describe('CompactSpanReader', () => {
  it('throws MalformedCompactBatch, never anything else, on every truncation and on corrupt bytes', () => {
    const { spans } = makeSpans();
    const bytes = compact(spans);
    const readAll = (body: Buffer) => {
      const reader = new CompactSpanReader(body);
      while (reader.next() !== undefined) {}
    };
    for (let cut = 0; cut < bytes.length; cut += 7) {
      const truncated = bytes.subarray(0, cut);
      try {
        readAll(truncated);
      } catch (err) {
        expect(err).to.be.instanceOf(MalformedCompactBatch);
      }
    }
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      const corrupt = Buffer.from(bytes);
      for (let k = 0; k < 4; k++) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        corrupt[3 + (seed % (corrupt.length - 3))] = seed & 0xff;
      }
      try {
        readAll(corrupt);
      } catch (err) {
        expect(err).to.be.instanceOf(MalformedCompactBatch);
      }
    }
  });

  it('refuses a body without the magic bytes', () => {
    expect(() => new CompactSpanReader(Buffer.from('{"resourceSpans":[]}'))).to.throw(
      MalformedCompactBatch,
    );
  });
});
