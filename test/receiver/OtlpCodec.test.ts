import { expect } from 'chai';
import { CONTENT_TYPES, OtlpCodec } from '../../src/receiver/OtlpCodec.js';
import type { ExportTraceRequest, SpanMessage } from '../../src/receiver/otlpMessages.js';
import { ReceiverRejection } from '../../src/receiver/ReceiverRejection.js';
import { WorkSlicer } from '../../src/receiver/WorkSlicer.js';
import {
  decodePartialSuccess,
  decodeStatus,
  type Json,
  jsonRequest,
  jsonSpan,
  protobufBody,
} from '../support/otlpBodies.js';

const codec = new OtlpCodec();
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

/** A span with fixed ids, times and a string, int, bool, double and array attribute. */
function knownSpan(): Json {
  return jsonSpan({
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    attributes: [
      { key: 'http.request.method', value: { stringValue: 'POST' } },
      { key: 'http.response.status_code', value: { intValue: '503' } },
      { key: 'retry', value: { boolValue: true } },
      { key: 'ratio', value: { doubleValue: 0.25 } },
      { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }] } } },
    ],
    status: { code: 2, message: 'down' },
  });
}

/** The first span of a decoded request. */
function firstSpan(request: ExportTraceRequest): SpanMessage {
  const span = request.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0];
  if (span === undefined) throw new Error('no span decoded');
  return span;
}

/** The rejection `fn` throws (or rejects with), failing the test when there is none. */
async function rejectionOf(fn: () => unknown): Promise<ReceiverRejection> {
  try {
    await fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ReceiverRejection);
    return err as ReceiverRejection;
  }
  throw new Error('expected a ReceiverRejection');
}

/** Every span a walk hands over, as the JSON of its message. */
async function walkedNames(body: Buffer, format: 'json' | 'protobuf', maxSpans = 100) {
  const names: unknown[] = [];
  const count = await codec.walk(codec.parse(body, format), maxSpans, new WorkSlicer(), {
    resource: (resource) => resource,
    span: (span) => names.push(span.name),
  });
  return { count, names };
}

describe('OtlpCodec', () => {
  describe('#decode', () => {
    it('decodes a protobuf request built with the official OTLP protos, field for field', () => {
      const body = protobufBody(
        jsonRequest([knownSpan()], [{ key: 'service.instance.id', value: { stringValue: 'i-1' } }]),
      );
      const request = codec.decode(body, 'protobuf');
      const span = firstSpan(request);
      expect(Buffer.from(span.traceId ?? []).toString('hex')).to.equal(TRACE_ID);
      expect(Buffer.from(span.spanId ?? []).toString('hex')).to.equal(SPAN_ID);
      expect(span.name).to.equal('GET /items/:id');
      expect(span.kind).to.equal(2);
      expect(String(span.startTimeUnixNano)).to.equal('1700000000000000000');
      expect(String(span.endTimeUnixNano)).to.equal('1700000000250000000');
      expect(span.status).to.deep.include({ code: 2, message: 'down' });
      expect(span.attributes?.map((kv) => kv.key)).to.deep.equal([
        'http.request.method',
        'http.response.status_code',
        'retry',
        'ratio',
        'tags',
      ]);
      const resource = request.resourceSpans?.[0]?.resource?.attributes ?? [];
      expect(resource.map((kv) => [kv.key, kv.value?.stringValue])).to.deep.equal([
        ['service.name', 'hostile'],
        ['service.instance.id', 'i-1'],
      ]);
    });

    it('decodes OTLP/JSON to the same message, its hex ids read as bytes', () => {
      const request = jsonRequest([knownSpan()]);
      const fromJson = codec.decode(Buffer.from(JSON.stringify(request)), 'json');
      const fromProtobuf = codec.decode(protobufBody(request), 'protobuf');
      expect(JSON.stringify(firstSpan(fromJson))).to.equal(JSON.stringify(firstSpan(fromProtobuf)));
    });

    it('reads an id that is not hex as no bytes (the span check then refuses that span)', () => {
      const body = Buffer.from(JSON.stringify(jsonRequest([jsonSpan({ traceId: 'not-hex!' })])));
      expect(firstSpan(codec.decode(body, 'json')).traceId).to.have.length(0);
    });

    const malformed: [string, Buffer, 'json' | 'protobuf'][] = [
      ['JSON that does not parse', Buffer.from('{"resourceSpans": ['), 'json'],
      ['a JSON array', Buffer.from('[]'), 'json'],
      ['JSON of the wrong shape', Buffer.from('{"resourceSpans": 7}'), 'json'],
      ['protobuf cut short', protobufBody(jsonRequest([jsonSpan()])).subarray(0, 20), 'protobuf'],
    ];
    for (const [what, body, format] of malformed) {
      it(`refuses ${what} with a 400 "malformed"`, async () => {
        const rejection = await rejectionOf(() => codec.decode(body, format));
        expect(rejection.status).to.equal(400);
        expect(rejection.reason).to.equal('malformed');
      });
    }
  });

  describe('#parse', () => {
    it('keeps protobuf as the bytes it was given', () => {
      const body = protobufBody(jsonRequest([jsonSpan()]));
      expect(codec.parse(body, 'protobuf')).to.deep.equal({ format: 'protobuf', bytes: body });
    });

    it('refuses a JSON body that is not an object with a 400', async () => {
      for (const text of ['null', '"text"', '[1]', 'nope']) {
        const rejection = await rejectionOf(() => codec.parse(Buffer.from(text), 'json'));
        expect(rejection.status, text).to.equal(400);
      }
    });
  });

  describe('#walk', () => {
    it('hands over every span, in order, from either encoding', async () => {
      const request = jsonRequest(Array.from({ length: 5 }, (_, i) => jsonSpan({ name: `s${i}` })));
      const json = await walkedNames(Buffer.from(JSON.stringify(request)), 'json');
      const protobuf = await walkedNames(protobufBody(request), 'protobuf');
      expect(json).to.deep.equal({ count: 5, names: ['s0', 's1', 's2', 's3', 's4'] });
      expect(protobuf).to.deep.equal(json);
    });

    it('refuses more than maxSpans spans with a 413, in either encoding', async () => {
      const request = jsonRequest(Array.from({ length: 4 }, () => jsonSpan()));
      for (const [body, format] of [
        [Buffer.from(JSON.stringify(request)), 'json'],
        [protobufBody(request), 'protobuf'],
      ] as const) {
        const rejection = await rejectionOf(() => walkedNames(body, format, 3));
        expect(rejection.status, format).to.equal(413);
        expect(rejection.reason, format).to.equal('too_large');
      }
    });

    it('refuses OTLP/JSON whose lists are not lists with a 400', async () => {
      for (const json of [{ resourceSpans: {} }, { resourceSpans: [{ scopeSpans: 'x' }] }]) {
        const body = Buffer.from(JSON.stringify(json));
        const rejection = await rejectionOf(() => walkedNames(body, 'json'));
        expect(rejection.status, JSON.stringify(json)).to.equal(400);
      }
    });
  });

  describe('#encodeResponse', () => {
    for (const format of ['protobuf', 'json'] as const) {
      it(`answers a full success with no partial_success (${format})`, () => {
        const body = codec.encodeResponse(format, 0, '');
        expect(decodePartialSuccess(body, CONTENT_TYPES[format])).to.deep.equal({
          rejectedSpans: 0,
          errorMessage: '',
        });
      });

      it(`carries the rejected spans and the message (${format})`, () => {
        const body = codec.encodeResponse(format, 3, '3 spans were invalid');
        expect(decodePartialSuccess(body, CONTENT_TYPES[format])).to.deep.equal({
          rejectedSpans: 3,
          errorMessage: '3 spans were invalid',
        });
      });
    }

    it('writes nothing at all for a protobuf full success', () => {
      expect(codec.encodeResponse('protobuf', 0, '')).to.have.length(0);
    });
  });

  describe('#encodeStatus', () => {
    for (const format of ['protobuf', 'json'] as const) {
      it(`writes a google.rpc.Status the official schema reads back (${format})`, () => {
        const body = codec.encodeStatus(format, 8, 'too many spans');
        expect(decodeStatus(body, CONTENT_TYPES[format])).to.deep.include({
          code: 8,
          message: 'too many spans',
        });
      });
    }
  });
});
