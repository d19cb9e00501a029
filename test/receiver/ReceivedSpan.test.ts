import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { OtlpCodec } from '../../src/receiver/OtlpCodec.js';
import type { SpanMessage } from '../../src/receiver/otlpMessages.js';
import {
  type ReceivedResource,
  receivedSpan,
  type SpanLimits,
} from '../../src/receiver/ReceivedSpan.js';
import { DEFAULT_RECEIVER_LIMITS } from '../../src/receiver/ReceiverLimits.js';
import { type Json, jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';

const codec = new OtlpCodec();
const LIMITS: SpanLimits = DEFAULT_RECEIVER_LIMITS;
const RESOURCE: ReceivedResource = { attributes: { 'service.name': 'checkout' } };
/** The receiver's clock: 2023-11-14T22:13:20Z. */
const NOW_MS = 1_700_000_000_000;
const NS = 1_000_000n;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

/** A span ending `agoMs` before the receiver's clock, lasting 250 ms; `fields` override. */
function span(fields: Json = {}, agoMs = 1_000): Json {
  const endNs = BigInt(NOW_MS - agoMs) * NS;
  return jsonSpan({
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    startTimeUnixNano: String(endNs - 250n * NS),
    endTimeUnixNano: String(endNs),
    ...fields,
  });
}

/** `fields` sent in protobuf (official OTLP protos) and decoded as the receiver decodes them. */
function decoded(fields: Json = {}, agoMs?: number): SpanMessage {
  const body = protobufBody(jsonRequest([span(fields, agoMs)]));
  const message = codec.decode(body, 'protobuf').resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0];
  if (message === undefined) throw new Error('no span decoded');
  return message;
}

describe('ReceivedSpan', () => {
  describe('#receivedSpan', () => {
    it('shapes a SERVER span as the fields spanToRequest reads of a ReadableSpan', () => {
      const received = receivedSpan(decoded({ flags: 1 }), RESOURCE, LIMITS, NOW_MS);
      if (received === undefined) throw new Error('refused a valid span');
      expect(received.kind).to.equal(SpanKind.SERVER);
      expect(received.duration).to.deep.equal([0, 250_000_000]);
      expect(received.endTime).to.deep.equal([Math.floor((NOW_MS - 1_000) / 1_000), 0]);
      expect(received.attributes).to.deep.include({
        'http.request.method': 'GET',
        'http.route': '/items/:id',
        'http.response.status_code': 200,
      });
      expect(received.status).to.deep.equal({ code: SpanStatusCode.UNSET, message: '' });
      expect(received.resource).to.equal(RESOURCE);
      expect(received.spanContext()).to.deep.equal({
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: 1,
      });
    });

    it('is a span the trace ring holds: its name, trace id and parent (none for a root)', () => {
      const parentId = '00f067aa0ba902b7';
      const child = receivedSpan(
        decoded({ kind: 3, name: 'GET', parentSpanId: parentId }),
        RESOURCE,
        LIMITS,
        NOW_MS,
      );
      expect(child?.name).to.equal('GET');
      expect(child?.traceId).to.equal(TRACE_ID);
      expect(child?.parentSpanContext).to.deep.equal({
        traceId: TRACE_ID,
        spanId: parentId,
        traceFlags: 0,
      });
      const root = receivedSpan(decoded(), RESOURCE, LIMITS, NOW_MS);
      expect(root?.name).to.equal('GET /items/:id');
      expect(root?.parentSpanContext).to.equal(undefined);
      const zeroParent = receivedSpan(
        decoded({ parentSpanId: '0'.repeat(16) }),
        RESOURCE,
        LIMITS,
        NOW_MS,
      );
      expect(zeroParent?.parentSpanContext).to.equal(undefined);
    });

    it('maps OTLP kinds (2 server, 3 client…) to the API kinds, and unspecified to internal', () => {
      const kinds = [0, 1, 2, 3, 4, 5].map(
        (kind) => receivedSpan(decoded({ kind }), RESOURCE, LIMITS, NOW_MS)?.kind,
      );
      expect(kinds).to.deep.equal([
        SpanKind.INTERNAL,
        SpanKind.INTERNAL,
        SpanKind.SERVER,
        SpanKind.CLIENT,
        SpanKind.PRODUCER,
        SpanKind.CONSUMER,
      ]);
    });

    it('keeps an error status and its message, and the exception event', () => {
      const received = receivedSpan(
        decoded({
          status: { code: 2, message: 'boom' },
          events: [
            { name: 'log', timeUnixNano: String(BigInt(NOW_MS - 1_100) * NS) },
            {
              name: 'exception',
              timeUnixNano: String(BigInt(NOW_MS - 1_100) * NS),
              attributes: [{ key: 'exception.type', value: { stringValue: 'TypeError' } }],
            },
          ],
        }),
        RESOURCE,
        LIMITS,
        NOW_MS,
      );
      expect(received?.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'boom' });
      expect(received?.events).to.deep.equal([
        {
          name: 'exception',
          time: [Math.floor((NOW_MS - 1_100) / 1_000), 900_000_000],
          attributes: { 'exception.type': 'TypeError' },
        },
      ]);
    });

    const refused: [string, Json, number?][] = [
      ['a trace id of the wrong length', { traceId: 'abcd' }],
      ['an all-zero trace id', { traceId: '0'.repeat(32) }],
      ['an all-zero span id', { spanId: '0'.repeat(16) }],
      ['an unset start', { startTimeUnixNano: '0' }],
      ['an end before its start', { startTimeUnixNano: String(BigInt(NOW_MS) * NS) }],
      [
        'a duration over maxDurationMs',
        { startTimeUnixNano: String(BigInt(NOW_MS - 86_500_000) * NS) },
      ],
      ['an end past maxFutureMs', {}, -(3_600_000 + 60_000)],
      [
        'more attributes than maxAttributes',
        {
          attributes: Array.from({ length: 1_025 }, (_, i) => ({
            key: `k${i}`,
            value: { boolValue: true },
          })),
        },
      ],
      [
        'an exception event over the limits',
        {
          events: [
            {
              name: 'exception',
              timeUnixNano: '1',
              attributes: [
                { key: 'exception.message', value: { stringValue: 'x'.repeat(70_000) } },
              ],
            },
          ],
        },
      ],
    ];
    for (const [what, fields, agoMs] of refused) {
      it(`refuses a span with ${what}`, () => {
        expect(receivedSpan(decoded(fields, agoMs), RESOURCE, LIMITS, NOW_MS)).to.equal(undefined);
      });
    }

    it('takes a span ending within maxFutureMs of its clock (skew)', () => {
      const skewed = decoded({}, -(3_600_000 - 60_000));
      expect(receivedSpan(skewed, RESOURCE, LIMITS, NOW_MS)).to.not.equal(undefined);
    });
  });
});
