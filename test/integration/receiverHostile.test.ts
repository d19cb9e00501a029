import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { ReceiverReport } from '../../src/receiver/ReceiverStats.js';
import {
  decodePartialSuccess,
  decodeStatus,
  deeplyNestedProtobuf,
  field,
  type Json,
  jsonRequest,
  jsonSpan,
  protobufBody,
} from '../support/otlpBodies.js';
import {
  type OtlpResponse,
  type ReceiverHarness,
  type RequestOptions,
  request,
  startReceiver,
} from '../support/receiverHarness.js';

const TOKEN = 'a-receiver-test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const PROTO = { ...AUTH, 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { ...AUTH, 'content-type': 'application/json' };
const LIMITS = {
  maxBodyBytes: 2 * 1024 * 1024,
  bodyTimeoutMs: 300,
  maxConcurrentRequests: 2,
  maxSpansPerRequest: 1_000,
  maxAttributes: 1_024,
  maxAttributeValueLength: 65_536,
  maxValueDepth: 8,
};

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/** An AnyValue nested `depth` arrays deep. */
function nested(depth: number): Json {
  let value: Json = { stringValue: 'x' };
  for (let i = 0; i < depth; i++) value = { arrayValue: { values: [value] } };
  return value;
}

/** A span with one extra attribute. */
const withAttribute = (value: Json) =>
  jsonSpan({
    attributes: [...(jsonSpan().attributes as Json[]), { key: 'extra', value }],
  });

/** Counters as `path → count`, e.g. `requests_rejected.malformed`. */
function flatten(report: ReceiverReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(report)) {
    if (typeof value === 'number') out[key] = value;
    else for (const [reason, n] of Object.entries(value)) out[`${key}.${reason}`] = n as number;
  }
  return out;
}

function changes(before: ReceiverReport, after: ReceiverReport): Record<string, number> {
  const a = flatten(after);
  const b = flatten(before);
  return Object.fromEntries(
    Object.entries(a)
      .filter(([k, v]) => v !== b[k])
      .map(([k, v]) => [k, v - (b[k] ?? 0)]),
  );
}

/** One hostile (or borderline) request and what it must give. */
interface HostileCase {
  readonly name: string;
  readonly send: RequestOptions;
  readonly status: number;
  /** The counters that must move, by exactly this much; every other stays. */
  readonly counters: Record<string, number>;
  /** For a 200: the spans `partial_success` reports rejected. */
  readonly rejectedSpans?: number;
  /** Spans that must reach the store. */
  readonly recorded?: number;
}

const valid = jsonRequest([jsonSpan()]);
const validProto = protobufBody(valid);

const CASES: readonly HostileCase[] = [
  {
    name: 'truncated protobuf',
    send: {
      headers: PROTO,
      body: protobufBody(jsonRequest([jsonSpan(), jsonSpan()])).subarray(0, 40),
    },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'random bytes (an invalid wire type)',
    send: {
      headers: PROTO,
      body: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'wrong wire type (resource_spans as a varint)',
    send: { headers: PROTO, body: Buffer.from([0x08, 0x01]) },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'protobuf nested 200 AnyValues deep (protobufjs stops at 100)',
    send: { headers: PROTO, body: deeplyNestedProtobuf(200) },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'gzip bomb: 20 KB of gzip that inflates to 20 MB',
    send: {
      headers: { ...PROTO, 'content-encoding': 'gzip' },
      body: gzipSync(Buffer.alloc(20 * 1024 * 1024)),
    },
    status: 413,
    counters: { 'requests_rejected.too_large': 1 },
  },
  {
    name: 'Content-Length over the limit (refused before reading)',
    send: {
      headers: { ...PROTO, 'content-length': String(LIMITS.maxBodyBytes + 1) },
      body: validProto,
      unfinished: true,
    },
    status: 413,
    counters: { 'requests_rejected.too_large': 1 },
  },
  {
    name: 'chunked body over the limit',
    send: { headers: PROTO, body: Buffer.alloc(LIMITS.maxBodyBytes + 10) },
    status: 413,
    counters: { 'requests_rejected.too_large': 1 },
  },
  {
    name: 'more spans than the cap',
    send: {
      headers: PROTO,
      body: protobufBody(jsonRequest(Array.from({ length: 1_001 }, () => jsonSpan()))),
    },
    status: 413,
    counters: { 'requests_rejected.too_large': 1 },
  },
  {
    name: 'text/plain',
    send: { headers: { ...AUTH, 'content-type': 'text/plain' }, body: 'hello' },
    status: 415,
    counters: { 'requests_rejected.unsupported_type': 1 },
  },
  {
    name: 'no Content-Type',
    send: { headers: AUTH, body: validProto },
    status: 415,
    counters: { 'requests_rejected.unsupported_type': 1 },
  },
  {
    name: 'Content-Encoding: br',
    send: { headers: { ...PROTO, 'content-encoding': 'br' }, body: validProto },
    status: 415,
    counters: { 'requests_rejected.unsupported_type': 1 },
  },
  {
    name: 'corrupt gzip',
    send: {
      headers: { ...PROTO, 'content-encoding': 'gzip' },
      body: gzipSync(validProto).subarray(0, 12),
    },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'malformed JSON',
    send: { headers: JSON_TYPE, body: '{"resourceSpans": [' },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'JSON with wrong types (resourceSpans a string)',
    send: { headers: JSON_TYPE, body: json({ resourceSpans: 'all of them' }) },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'JSON array at the top',
    send: { headers: JSON_TYPE, body: json([valid]) },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'empty JSON body',
    send: { headers: JSON_TYPE, body: '' },
    status: 400,
    counters: { 'requests_rejected.malformed': 1 },
  },
  {
    name: 'empty protobuf body (an empty request: valid, nothing in it)',
    send: { headers: PROTO, body: Buffer.alloc(0) },
    status: 200,
    counters: { requests_accepted: 1 },
    rejectedSpans: 0,
  },
  {
    name: 'JSON without resourceSpans (valid, nothing in it)',
    send: { headers: JSON_TYPE, body: json({}) },
    status: 200,
    counters: { requests_accepted: 1 },
    rejectedSpans: 0,
  },
  {
    name: 'NaN, negative and huge timestamps, end before start, zero start, a 2-day span',
    send: {
      headers: JSON_TYPE,
      body: json(
        jsonRequest([
          jsonSpan({ startTimeUnixNano: 'NaN', endTimeUnixNano: 'NaN' }),
          jsonSpan({ startTimeUnixNano: '-5000', endTimeUnixNano: '-1000' }),
          jsonSpan({ endTimeUnixNano: '18446744073709551615' }),
          jsonSpan({
            startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
            endTimeUnixNano: '1000',
          }),
          jsonSpan({ startTimeUnixNano: '0' }),
          jsonSpan({ startTimeUnixNano: String(BigInt(Date.now() - 2 * 86_400_000) * 1_000_000n) }),
          jsonSpan(),
        ]),
      ),
    },
    status: 200,
    counters: { requests_accepted: 1, spans_accepted: 1, 'spans_rejected.invalid_span': 6 },
    rejectedSpans: 6,
    recorded: 1,
  },
  {
    name: 'a span ending a day in the future',
    send: { headers: PROTO, body: protobufBody(jsonRequest([jsonSpan({}, -86_400_000)])) },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.invalid_span': 1 },
    rejectedSpans: 1,
  },
  {
    name: 'a span older than the retention (the store drops it, counted)',
    send: { headers: PROTO, body: protobufBody(jsonRequest([jsonSpan({}, 2 * 86_400_000)])) },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.too_old': 1 },
    rejectedSpans: 1,
  },
  {
    name: '10,000 attributes on a span',
    send: {
      headers: PROTO,
      body: protobufBody(
        jsonRequest([
          jsonSpan({
            attributes: Array.from({ length: 10_000 }, (_, i) => ({
              key: `a${i}`,
              value: { intValue: i },
            })),
          }),
        ]),
      ),
    },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.invalid_span': 1 },
    rejectedSpans: 1,
  },
  {
    name: '10,000 attributes on the resource (each of its spans rejected)',
    send: {
      headers: PROTO,
      body: protobufBody(
        jsonRequest(
          [jsonSpan(), jsonSpan()],
          Array.from({ length: 10_000 }, (_, i) => ({ key: `r${i}`, value: { boolValue: true } })),
        ),
      ),
    },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.invalid_span': 2 },
    rejectedSpans: 2,
  },
  {
    name: 'a 1 MB attribute value',
    send: {
      headers: PROTO,
      body: protobufBody(jsonRequest([withAttribute({ stringValue: 'x'.repeat(1_000_000) })])),
    },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.invalid_span': 1 },
    rejectedSpans: 1,
  },
  {
    name: 'a 100,000-element array value',
    send: {
      headers: JSON_TYPE,
      body: json(
        jsonRequest([
          withAttribute({
            arrayValue: { values: Array.from({ length: 100_000 }, () => ({ intValue: 1 })) },
          }),
        ]),
      ),
    },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.invalid_span': 1 },
    rejectedSpans: 1,
  },
  {
    name: 'AnyValue nested 20 deep in JSON (over maxValueDepth)',
    send: { headers: JSON_TYPE, body: json(jsonRequest([withAttribute(nested(20))])) },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.invalid_span': 1 },
    rejectedSpans: 1,
  },
  {
    name: 'invalid ids: not hex, wrong length, all zero',
    send: {
      headers: JSON_TYPE,
      body: json(
        jsonRequest([
          jsonSpan({ traceId: 'not-hex-at-all' }),
          jsonSpan({ spanId: 'abcd' }),
          jsonSpan({ traceId: '0'.repeat(32) }),
          jsonSpan({ spanId: undefined }),
        ]),
      ),
    },
    status: 200,
    counters: { requests_accepted: 1, 'spans_rejected.invalid_span': 4 },
    rejectedSpans: 4,
  },
  {
    name: 'unknown span kind and a CLIENT span (accepted, ignored)',
    send: {
      headers: PROTO,
      body: protobufBody(jsonRequest([jsonSpan({ kind: 99 }), jsonSpan({ kind: 3 })])),
    },
    status: 200,
    counters: { requests_accepted: 1, spans_ignored: 2 },
    rejectedSpans: 0,
  },
  {
    name: 'a __proto__ attribute key (left out, pollutes nothing)',
    send: {
      headers: JSON_TYPE,
      body: Buffer.from(
        JSON.stringify(jsonRequest([withAttribute({ stringValue: 'x' })])).replace(
          '"extra"',
          '"__proto__"',
        ),
      ),
    },
    status: 200,
    counters: { requests_accepted: 1, spans_accepted: 1 },
    rejectedSpans: 0,
    recorded: 1,
  },
  {
    name: 'unknown fields (ignored, as protobuf and OTLP/JSON require)',
    send: {
      headers: PROTO,
      body: Buffer.concat([validProto, field(99, 'a field of a later OTLP')]),
    },
    status: 200,
    counters: { requests_accepted: 1, spans_accepted: 1 },
    rejectedSpans: 0,
    recorded: 1,
  },
  {
    name: 'GET',
    send: { method: 'GET', headers: AUTH },
    status: 405,
    counters: { 'requests_rejected.method_not_allowed': 1 },
  },
  {
    name: 'no token',
    send: { headers: { 'content-type': 'application/x-protobuf' }, body: validProto },
    status: 401,
    counters: { 'requests_rejected.unauthorized': 1 },
  },
  {
    name: 'a wrong token',
    send: { headers: { ...PROTO, authorization: 'Bearer not-the-token-at-all' }, body: validProto },
    status: 401,
    counters: { 'requests_rejected.unauthorized': 1 },
  },
  {
    name: 'a slow body (never finished)',
    send: {
      headers: { ...PROTO, 'content-length': String(validProto.length) },
      body: validProto.subarray(0, 5),
      unfinished: true,
    },
    status: 408,
    counters: { 'requests_rejected.timeout': 1 },
  },
];

/** Asserts the body is the right kind for its status, and answers its partial_success for a 200. */
function expectOtlpBody(res: OtlpResponse, sentType: string | undefined) {
  const contentType = res.headers['content-type'];
  const expectedType = sentType === 'application/x-protobuf' ? sentType : 'application/json';
  expect(contentType).to.equal(expectedType);
  if (res.status === 200) return decodePartialSuccess(res.body, contentType);
  const status = decodeStatus(res.body, contentType);
  expect(status.code).to.be.a('number').and.to.be.greaterThan(0);
  expect(status.message).to.be.a('string').and.not.equal('');
  return undefined;
}

describe('OTLP receiver: the catalogue of hostile bodies', () => {
  let harness: ReceiverHarness;
  before(async () => {
    harness = await startReceiver({ dashboardToken: TOKEN, limits: LIMITS });
  });
  after(() => harness.close());

  it(`has at least 20 cases (${CASES.length})`, () => {
    expect(CASES.length).to.be.at.least(20);
  });

  for (const c of CASES) {
    it(`${c.name} → ${c.status}, counted`, async () => {
      const before = harness.report();
      const recordedBefore = harness.store.totalRecorded;
      const res = await request(harness.url, c.send);
      expect(res.status, res.body.toString('utf8').slice(0, 300)).to.equal(c.status);
      const partial = expectOtlpBody(res, c.send.headers?.['content-type']);
      if (c.rejectedSpans !== undefined) expect(partial?.rejectedSpans).to.equal(c.rejectedSpans);
      if ((c.rejectedSpans ?? 0) > 0) expect(partial?.errorMessage).to.match(/spans rejected/);
      expect(changes(before, harness.report())).to.deep.equal(c.counters);
      expect(harness.store.totalRecorded - recordedBefore).to.equal(c.recorded ?? 0);
    });
  }

  it('refuses more concurrent bodies than the limit with 503 and Retry-After, counted', async () => {
    const before = harness.report();
    const stalled: RequestOptions = {
      headers: { ...PROTO, 'content-length': '1000' },
      body: 'x',
      unfinished: true,
    };
    const slow = [request(harness.url, stalled), request(harness.url, stalled)];
    // Both are being read once the receiver answers a third with 503; until then retry.
    let third: OtlpResponse;
    do third = await request(harness.url, { headers: PROTO, body: validProto });
    while (third.status === 200);
    expect(third.status).to.equal(503);
    expect(third.headers['retry-after']).to.equal('1');
    expectOtlpBody(third, 'application/x-protobuf');
    expect((await Promise.all(slow)).map((r) => r.status)).to.deep.equal([408, 408]);
    const moved = changes(before, harness.report());
    expect(moved['requests_rejected.overloaded']).to.equal(1);
    expect(moved['requests_rejected.timeout']).to.equal(2);
  });

  it('keeps serving after all of them, and shows its counts in the overview', async () => {
    const res = await request(harness.url, { headers: PROTO, body: validProto });
    expect(res.status).to.equal(200);
    const overview = await request(harness.url, {
      method: 'GET',
      path: '/dashboard/overview',
      headers: AUTH,
    });
    const report = JSON.parse(overview.body.toString('utf8')) as OverviewReport;
    expect(report.telemetry.receiver).to.deep.equal(harness.report());
    expect(report.telemetry.receiver?.requests_rejected.malformed).to.be.greaterThan(0);
  });

  it('leaves Object.prototype untouched', () => {
    expect(Object.getOwnPropertyNames(Object.prototype)).to.not.include('extra');
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  });
});
