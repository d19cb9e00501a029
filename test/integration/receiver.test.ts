import { type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { errorsQuery } from '../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { spanToRequest } from '../../src/telemetry/spanToRequest.js';
import { type ReceiverHarness, startReceiver } from '../support/receiverHarness.js';

const HOUR = 3_600_000;

/** One server request of the known traffic. */
interface KnownRequest {
  readonly route: string | undefined;
  readonly method: string;
  readonly status: number;
  /** Exact duration in nanoseconds (not whole milliseconds, to show nothing rounds). */
  readonly durationNs: number;
  readonly error?: { readonly type: string; readonly message: string };
}

/** 12 SERVER requests over three endpoints, with typed, untyped and 5xx errors. */
const KNOWN: readonly KnownRequest[] = [
  ...Array.from({ length: 5 }, (_, i) => ({
    route: '/users/:id',
    method: 'GET',
    status: 200,
    durationNs: 10_000_000 * (i + 1) + 123_457,
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    route: '/orders',
    method: 'POST',
    status: 201,
    durationNs: 7_654_321 + i,
  })),
  { route: '/users/:id', method: 'GET', status: 404, durationNs: 1_500_000 },
  { route: undefined, method: 'GET', status: 404, durationNs: 250_001 },
  ...Array.from({ length: 2 }, (_, i) => ({
    route: '/orders',
    method: 'POST',
    status: 500,
    durationNs: 99_999_999 + i,
    error: { type: 'TypeError', message: `cannot read ${i}` },
  })),
];

/** `baseSeconds` plus `ns` nanoseconds, exactly (epoch nanoseconds do not fit a double). */
function hrTime(baseSeconds: number, ns: number): HrTime {
  return [baseSeconds + Math.floor(ns / 1e9), ns % 1e9];
}

/**
 * Emits the known traffic as real SDK spans, plus a CLIENT and an INTERNAL
 * span (which the receiver accepts and ignores), through `exporter` in
 * batches of 512; answers the spans as the SDK finished them.
 */
async function emitKnownTraffic(exporter: SpanExporter): Promise<ReadableSpan[]> {
  const local = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'receiver-test',
      'service.instance.id': 'instance-1',
    }),
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: local }),
      new BatchSpanProcessor({ exporter, maxExportBatchSize: 512, scheduledDelayMillis: 60_000 }),
    ],
  });
  const tracer = provider.getTracer('receiver-test');
  // About a minute ago, well inside the retention, on an odd nanosecond.
  const baseSeconds = Math.floor(Date.now() / 1000) - 60;
  for (const [i, known] of KNOWN.entries()) {
    const start = 123_456_789 + i * 1_000_000;
    const span = tracer.startSpan(`${known.method} ${known.route ?? ''}`, {
      kind: SpanKind.SERVER,
      startTime: hrTime(baseSeconds, start),
      attributes: {
        'http.request.method': known.method,
        'http.response.status_code': known.status,
        ...(known.route === undefined ? {} : { 'http.route': known.route }),
      },
    });
    if (known.error !== undefined) {
      const error = new TypeError(known.error.message);
      span.recordException(error);
      span.setAttribute('error.type', known.error.type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: known.error.message });
    }
    span.end(hrTime(baseSeconds, start + known.durationNs));
  }
  tracer.startSpan('GET upstream', { kind: SpanKind.CLIENT }).end();
  tracer.startSpan('work').end();
  await provider.forceFlush();
  // Before shutdown, which empties the in-memory exporter.
  const finished = local.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

/** Wraps the store's `record` to keep every record it is given. */
function recordsOf(harness: ReceiverHarness): RequestRecord[] {
  const records: RequestRecord[] = [];
  const record = harness.store.record.bind(harness.store);
  harness.store.record = (rec) => {
    records.push(rec);
    return record(rec);
  };
  return records;
}

/** Wraps the receiver's `serve` to keep the Content-Type and Content-Encoding of each request. */
function headersOf(harness: ReceiverHarness): string[] {
  const seen: string[] = [];
  const serve = harness.receiver.serve.bind(harness.receiver);
  harness.receiver.serve = (req, res) => {
    seen.push(`${req.headers['content-type']} ${req.headers['content-encoding'] ?? 'identity'}`);
    serve(req, res);
  };
  return seen;
}

/** Builds an exporter with the variables set only while its constructor reads them. */
function withEnv<T>(vars: Record<string, string>, make: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return make();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const EXPORTERS = [
  {
    name: 'exporter-trace-otlp-proto, OTEL_EXPORTER_OTLP_ENDPOINT (base URL), identity',
    sent: 'application/x-protobuf identity',
    make: (url: string) =>
      withEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'none' },
        () => new OtlpProtoTraceExporter(),
      ),
  },
  {
    name: 'exporter-trace-otlp-proto, gzip',
    sent: 'application/x-protobuf gzip',
    make: (url: string) =>
      withEnv(
        { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip' },
        () => new OtlpProtoTraceExporter({ url: `${url}/v1/traces` }),
      ),
  },
  {
    name: 'exporter-trace-otlp-http (JSON), identity',
    sent: 'application/json identity',
    make: (url: string) =>
      withEnv(
        { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'none' },
        () => new OtlpJsonTraceExporter({ url: `${url}/v1/traces` }),
      ),
  },
  {
    name: 'exporter-trace-otlp-http (JSON), gzip',
    sent: 'application/json gzip',
    make: (url: string) =>
      withEnv(
        { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip' },
        () => new OtlpJsonTraceExporter({ url: `${url}/v1/traces` }),
      ),
  },
];

describe('OTLP receiver, fed by the official OTel exporters over loopback', () => {
  for (const { name, sent, make } of EXPORTERS) {
    describe(name, () => {
      let harness: ReceiverHarness;
      let records: RequestRecord[];
      let localSpans: ReadableSpan[];
      let headers: string[];

      before(async () => {
        harness = await startReceiver();
        records = recordsOf(harness);
        headers = headersOf(harness);
        localSpans = await emitKnownTraffic(make(harness.url));
      });
      after(() => harness.close());

      it('records each SERVER span once and ignores the other kinds', () => {
        expect(headers).to.deep.equal([sent]);
        expect(records).to.have.length(KNOWN.length);
        expect(harness.report()).to.deep.include({
          requests_accepted: 1,
          spans_accepted: KNOWN.length,
          spans_ignored: 2,
        });
        expect(Object.values(harness.report().spans_rejected)).to.deep.equal([0, 0]);
        expect(Object.values(harness.report().requests_rejected).every((n) => n === 0)).to.equal(
          true,
        );
      });

      it('maps every span exactly as the local pipeline maps the same SDK span', () => {
        // Both in the order the spans ended, which is the order of KNOWN.
        const local = localSpans.map((span) => spanToRequest(span)).filter((r) => r !== undefined);
        expect(records).to.have.length(local.length);
        for (const [i, rec] of records.entries()) {
          const expected = local[i] as RequestRecord;
          // Durations are exact: OTLP carries nanoseconds, and the difference is taken exactly.
          expect(rec.durationMs).to.equal(expected.durationMs);
          expect(rec.durationMs).to.equal((KNOWN[i] as KnownRequest).durationNs / 1e6);
          // Epoch nanoseconds exceed 2^53: the end time is within a microsecond.
          expect(rec.timestampMs).to.be.closeTo(expected.timestampMs, 0.001);
          expect({ ...rec, timestampMs: 0 }).to.deep.equal({ ...expected, timestampMs: 0 });
        }
      });

      it('gives the store the exact counts, endpoints, statuses and error types', () => {
        const requests = requestsQuery(harness.store, '1h', HOUR);
        expect(requests.total).to.equal(KNOWN.length);
        expect(requests.by_endpoint).to.deep.equal({ '/users/:id': 6, '/orders': 5, unmatched: 1 });
        expect(requests.by_status).to.deep.equal({ '200': 5, '201': 3, '404': 2, '500': 2 });
        expect(requests.by_method).to.deep.equal({ GET: 7, POST: 5 });
        const errors = errorsQuery(harness.store, '1h', HOUR);
        expect(errors.total_errors).to.equal(4);
        expect(errors.by_type).to.deep.equal({ TypeError: 2, 'HTTP 404': 2 });
        const typed = errors.recent.filter((e) => e.error_type === 'TypeError');
        expect(typed.map((e) => e.message).sort()).to.deep.equal([
          'cannot read 0',
          'cannot read 1',
        ]);
        for (const e of typed) expect(e.trace_id).to.match(/^[0-9a-f]{32}$/);
        const latency = latencyQuery(harness.store, '1h', HOUR);
        expect(latency.overall.min_ms).to.equal(0.25);
        expect(latency.overall.max_ms).to.equal(100);
      });
    });
  }
});
