import {
  type Attributes,
  type HrTime,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
} from '@opentelemetry/api';
import { emptyResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { UNMATCHED_ENDPOINT } from '../../src/reportInputs/unmatchedEndpoint.js';
import type { RequestSpan } from '../../src/telemetry/RequestSpan.js';
import { ResourceIdentities } from '../../src/telemetry/ResourceIdentities.js';
import { spanToRequest } from '../../src/telemetry/spanToRequest.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const INVALID_TRACE_ID = '00000000000000000000000000000000';

/** What a test may set on a hand-built span. */
interface SpanParts {
  kind?: SpanKind;
  attributes?: Attributes;
  events?: TimedEvent[];
  status?: SpanStatus;
  traceId?: string;
  endTime?: HrTime;
  duration?: HrTime;
  resource?: ReadableSpan['resource'];
}

/**
 * A hand-built finished span. Allowed here only because spanToRequest is a
 * pure mapping; integration tests use the real SDK.
 */
function fakeSpan(parts: SpanParts = {}): ReadableSpan {
  const endTime = parts.endTime ?? [1_704_067_200, 250_000_000];
  const duration = parts.duration ?? [0, 42_500_000];
  return {
    name: 'POST /predict',
    kind: parts.kind ?? SpanKind.SERVER,
    spanContext: () => ({
      traceId: parts.traceId ?? TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
    }),
    startTime: [endTime[0] - duration[0], endTime[1]],
    endTime,
    status: parts.status ?? { code: SpanStatusCode.UNSET },
    attributes: parts.attributes ?? {
      'http.route': '/predict',
      'http.request.method': 'POST',
      'http.response.status_code': 200,
    },
    links: [],
    events: parts.events ?? [],
    duration,
    ended: true,
    resource: parts.resource ?? emptyResource(),
    instrumentationScope: { name: '@opentelemetry/instrumentation-http' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** An `exception` event as `span.recordException` adds it. */
function exceptionEvent(type: string, message: string): TimedEvent {
  return {
    name: 'exception',
    time: [1_704_067_200, 200_000_000],
    attributes: { 'exception.type': type, 'exception.message': message },
  };
}

/** HTTP attributes for `status`, with optional extras. */
function http(status: number | undefined, extra: Attributes = {}): Attributes {
  const attrs: Attributes = { 'http.route': '/predict', 'http.request.method': 'POST', ...extra };
  if (status !== undefined) attrs['http.response.status_code'] = status;
  return attrs;
}

describe('spanToRequest', () => {
  describe('#spanToRequest', () => {
    it('maps a successful server span to a record', () => {
      expect(spanToRequest(fakeSpan())).to.deep.equal({
        timestampMs: 1_704_067_200_250,
        durationMs: 42.5,
        endpoint: '/predict',
        method: 'POST',
        service: 'unknown_service',
        instance: 'unknown_instance',
        statusCode: 200,
        traceId: TRACE_ID,
        spanId: SPAN_ID,
      });
    });

    it('leaves error fields out of a success', () => {
      const record = spanToRequest(fakeSpan({ events: [exceptionEvent('Ignored', 'ignored')] }));
      expect(record).not.to.have.any.keys('errorType', 'errorMessage');
      expect(record?.traceId).to.equal(TRACE_ID);
    });

    const times: { name: string; endTime: HrTime; duration: HrTime; ts: number; ms: number }[] = [
      {
        name: 'whole seconds',
        endTime: [1_700_000_000, 0],
        duration: [2, 0],
        ts: 1_700_000_000_000,
        ms: 2000,
      },
      {
        name: 'nanoseconds',
        endTime: [1_700_000_000, 123_456_789],
        duration: [0, 1_234_567],
        ts: 1_700_000_000_123.456_8,
        ms: 1.234_567,
      },
      {
        name: 'a zero duration',
        endTime: [1_700_000_001, 999_999_999],
        duration: [0, 0],
        ts: 1_700_000_002_000, // 1_700_000_001_999.999_999, within a double's precision
        ms: 0,
      },
      {
        name: 'a long duration',
        endTime: [1_700_000_100, 500_000],
        duration: [65, 500_000_000],
        ts: 1_700_000_100_000.5,
        ms: 65_500,
      },
    ];
    for (const { name, endTime, duration, ts, ms } of times) {
      it(`converts HrTime with ${name} to milliseconds`, () => {
        const record = spanToRequest(fakeSpan({ endTime, duration }));
        expect(record?.timestampMs).to.be.closeTo(ts, 1e-3);
        expect(record?.durationMs).to.be.closeTo(ms, 1e-9);
      });
    }

    it("gives a duration as its whole nanoseconds over 1e6, the store's grid", () => {
      // As seconds * 1e3 + ns / 1e6 this one is off the grid by an ulp: 1000.1726630000001.
      const record = spanToRequest(fakeSpan({ duration: [1, 172_663] }));
      expect(record?.durationMs).to.equal(1_000_172_663 / 1e6);
      expect(1 * 1e3 + 172_663 / 1e6).to.not.equal(1_000_172_663 / 1e6);
    });

    const kinds = [SpanKind.CLIENT, SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER];
    for (const kind of kinds) {
      it(`ignores a ${SpanKind[kind]} span`, () => {
        expect(spanToRequest(fakeSpan({ kind }))).to.equal(undefined);
      });
    }

    const routes: { name: string; route: unknown; endpoint: string }[] = [
      { name: 'a route template', route: '/users/:id', endpoint: '/users/:id' },
      { name: 'no route', route: undefined, endpoint: UNMATCHED_ENDPOINT },
      { name: 'an empty route', route: '', endpoint: UNMATCHED_ENDPOINT },
      { name: 'a non-string route', route: 42, endpoint: UNMATCHED_ENDPOINT },
    ];
    for (const { name, route, endpoint } of routes) {
      it(`records ${name} as endpoint ${JSON.stringify(endpoint)}`, () => {
        const attributes: Attributes = {
          'http.request.method': 'GET',
          'http.response.status_code': 404,
          'url.path': '/users/123?secret=1',
        };
        if (route !== undefined) attributes['http.route'] = route as string;
        const record = spanToRequest(fakeSpan({ attributes }));
        expect(record?.endpoint).to.equal(endpoint);
        expect(UNMATCHED_ENDPOINT).to.equal('unmatched');
      });
    }

    it('records a missing method as UNKNOWN', () => {
      const record = spanToRequest(
        fakeSpan({ attributes: { 'http.route': '/x', 'http.response.status_code': 200 } }),
      );
      expect(record?.method).to.equal('UNKNOWN');
    });

    const statuses: { name: string; status: unknown; expected: number }[] = [
      { name: 'a missing status', status: undefined, expected: 500 },
      { name: 'a zero status', status: 0, expected: 500 },
      { name: 'a status below 100', status: 99, expected: 500 },
      { name: 'a status above 599', status: 600, expected: 500 },
      { name: 'a string status', status: '200', expected: 500 },
      { name: 'status 100', status: 100, expected: 100 },
      { name: 'status 204', status: 204, expected: 204 },
      { name: 'status 399', status: 399, expected: 399 },
      { name: 'status 599', status: 599, expected: 599 },
    ];
    for (const { name, status, expected } of statuses) {
      it(`records ${name} as ${expected}`, () => {
        const attributes = http(undefined);
        if (status !== undefined) attributes['http.response.status_code'] = status as number;
        expect(spanToRequest(fakeSpan({ attributes }))?.statusCode).to.equal(expected);
      });
    }

    it('treats a span without a status as a 500 error', () => {
      const record = spanToRequest(
        fakeSpan({
          attributes: http(undefined),
          status: { code: SpanStatusCode.ERROR, message: 'socket hang up' },
        }),
      );
      expect(record).to.deep.include({
        statusCode: 500,
        errorMessage: 'socket hang up',
        traceId: TRACE_ID,
      });
      expect(record?.errorType).to.equal(undefined);
    });

    it('takes the error type from error.type and the message from the exception event', () => {
      const record = spanToRequest(
        fakeSpan({
          attributes: http(422, { 'error.type': 'ValidationError' }),
          events: [
            { name: 'log', time: [1, 0], attributes: { 'exception.message': 'not this one' } },
            exceptionEvent('Error', 'text must be a non-empty string'),
          ],
          status: { code: SpanStatusCode.ERROR, message: 'status message' },
        }),
      );
      expect(record).to.deep.equal({
        timestampMs: 1_704_067_200_250,
        durationMs: 42.5,
        endpoint: '/predict',
        method: 'POST',
        service: 'unknown_service',
        instance: 'unknown_instance',
        statusCode: 422,
        errorType: 'ValidationError',
        errorMessage: 'text must be a non-empty string',
        traceId: TRACE_ID,
        spanId: SPAN_ID,
      });
    });

    it('falls back to the exception type without error.type', () => {
      const record = spanToRequest(
        fakeSpan({ attributes: http(503), events: [exceptionEvent('ModelError', 'overloaded')] }),
      );
      expect(record).to.deep.include({ errorType: 'ModelError', errorMessage: 'overloaded' });
    });

    it('prefers the exception type over an error.type that is only the status code', () => {
      // instrumentation-http 0.30x writes error.type = "500" on a 5xx server span as it ends.
      const record = spanToRequest(
        fakeSpan({
          attributes: http(500, { 'error.type': '500' }),
          events: [exceptionEvent('BoomError', 'boom')],
        }),
      );
      expect(record).to.deep.include({ errorType: 'BoomError', errorMessage: 'boom' });
    });

    it('keeps an error.type that is only the status code when no exception names a class', () => {
      const record = spanToRequest(fakeSpan({ attributes: http(503, { 'error.type': '503' }) }));
      expect(record?.errorType).to.equal('503');
    });

    it('leaves the type to the store and takes the span status message without an exception', () => {
      const record = spanToRequest(
        fakeSpan({
          attributes: http(404),
          status: { code: SpanStatusCode.ERROR, message: 'gone' },
        }),
      );
      expect(record).to.deep.include({ errorMessage: 'gone' });
      expect(record?.errorType).to.equal(undefined);
    });

    it('gives an empty message when there is none at all', () => {
      const record = spanToRequest(fakeSpan({ attributes: http(500) }));
      expect(record).to.deep.include({ errorMessage: '', traceId: TRACE_ID });
    });

    it('uses the first exception event', () => {
      const record = spanToRequest(
        fakeSpan({
          attributes: http(500),
          events: [exceptionEvent('FirstError', 'first'), exceptionEvent('SecondError', 'second')],
        }),
      );
      expect(record).to.deep.include({ errorType: 'FirstError', errorMessage: 'first' });
    });

    it('records an invalid trace id as empty', () => {
      const record = spanToRequest(fakeSpan({ attributes: http(500), traceId: INVALID_TRACE_ID }));
      expect(record?.traceId).to.equal('');
    });

    it('treats status 400 as an error and 399 as not', () => {
      expect(spanToRequest(fakeSpan({ attributes: http(400) }))?.errorMessage).to.equal('');
      expect(spanToRequest(fakeSpan({ attributes: http(399) }))?.errorMessage).to.equal(undefined);
    });
  });

  describe('service and instance, from the resource', () => {
    const cases: [string, Attributes, string, string][] = [
      ['an empty resource', {}, 'unknown_service', 'fallback:1'],
      [
        'service.instance.id',
        {
          'service.name': 'api',
          'service.instance.id': 'pod-7',
          'host.name': 'h',
          'process.pid': 9,
        },
        'api',
        'pod-7',
      ],
      [
        'host.name and process.pid',
        { 'service.name': 'api', 'host.name': 'h', 'process.pid': 9 },
        'api',
        'h:9',
      ],
      ['process.pid alone', { 'service.name': 'api', 'process.pid': 9 }, 'api', 'fallback:1'],
      ['host.name alone', { 'service.name': 'api', 'host.name': 'h' }, 'api', 'fallback:1'],
      [
        'an empty service.name',
        { 'service.name': '', 'service.instance.id': 'i' },
        'unknown_service',
        'i',
      ],
      ['a non-string service.name', { 'service.name': 42 }, 'unknown_service', 'fallback:1'],
    ];
    for (const [name, attributes, service, instance] of cases) {
      it(`names ${service} / ${instance} for ${name}`, () => {
        const identities = new ResourceIdentities('fallback:1');
        const record = spanToRequest(
          fakeSpan({ resource: resourceFromAttributes(attributes) }),
          identities,
        );
        expect(record).to.include({ service, instance });
      });
    }

    it('works the identity out once per resource object', () => {
      const identities = new ResourceIdentities('fallback:1');
      let reads = 0;
      const resource = {
        get attributes(): Attributes {
          reads++;
          return { 'service.name': 'api', 'service.instance.id': 'a' };
        },
      } as unknown as ReadableSpan['resource'];
      for (let i = 0; i < 5; i++) {
        expect(spanToRequest(fakeSpan({ resource }), identities)).to.include({ service: 'api' });
      }
      expect(reads).to.equal(1);
      const other = resourceFromAttributes({ 'service.name': 'web' });
      expect(spanToRequest(fakeSpan({ resource: other }), identities)?.service).to.equal('web');
    });

    it('takes a decoded span that is not an SDK ReadableSpan', () => {
      const decoded: RequestSpan = {
        kind: SpanKind.SERVER,
        attributes: http(503, { 'error.type': 'ModelError' }),
        endTime: [1_704_067_200, 0],
        duration: [0, 1_000_000],
        events: [],
        status: { message: 'warming up' },
        spanContext: () => ({ traceId: TRACE_ID }),
        resource: { attributes: { 'service.name': 'remote', 'service.instance.id': 'r1' } },
      };
      expect(spanToRequest(decoded)).to.deep.equal({
        timestampMs: 1_704_067_200_000,
        durationMs: 1,
        endpoint: '/predict',
        method: 'POST',
        service: 'remote',
        instance: 'r1',
        statusCode: 503,
        errorType: 'ModelError',
        errorMessage: 'warming up',
        traceId: TRACE_ID,
        spanId: '',
      });
    });
  });
});
