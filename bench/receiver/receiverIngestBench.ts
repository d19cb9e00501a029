/**
 * The OTLP receiver's ingest rate on one core, decode included: protobuf
 * ExportTraceServiceRequest bodies of 512 SERVER spans each (what the SDK's
 * batch processor sends by default), serialized by the official
 * otlp-transformer from real SDK spans with instrumentation-http's
 * attributes, handed to `OtlpReceiver.ingest` in-process. Timed: protobufjs
 * decode → span checks → ReceivedSpan → `spanToRequest` → `RequestStore.record`.
 * Not timed: HTTP and gunzip (the loopback request costs about the same for
 * any handler; see the HTTP rows).
 *
 *   node dist/bench/receiver/receiverIngestBench.js [--quick]
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { OtlpReceiver } from '../../src/receiver/OtlpReceiver.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { SIM_START_MS } from '../support/fillStore.js';
import { median, report, round } from '../support/measure.js';
import { ShapePool } from '../support/syntheticTraffic.js';

const BATCH = 512;
const BATCHES = 40;
const quick = process.argv.includes('--quick');
/** Batches ingested per timed run, and runs. */
const PER_RUN = quick ? 200 : 1_000;
const RUNS = quick ? 3 : 5;

function makeBodies(): Buffer[] {
  const pool = new ShapePool(BATCH * BATCHES, 11);
  const tracer = new TracerProvider({
    spanProcessors: [],
    resource: resourceFromAttributes({
      'service.name': 'bench-worker',
      'service.instance.id': 'worker-1',
      'process.pid': 4242,
      'host.name': 'bench',
    }),
  }).getTracer('@opentelemetry/instrumentation-http');
  const bodies: Buffer[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const spans: ReadableSpan[] = [];
    for (let j = 0; j < BATCH; j++) {
      const i = b * BATCH + j;
      const shape = pool.shape(i);
      const end = SIM_START_MS + i / 20;
      const span = tracer.startSpan(`${shape.method} ${shape.endpoint}`, {
        kind: SpanKind.SERVER,
        startTime: end - shape.durationMs,
        attributes: {
          'http.request.method': shape.method,
          'url.scheme': 'http',
          'url.path': shape.endpoint.replace(':id', String(i)),
          'server.address': '127.0.0.1',
          'server.port': 8000,
          'network.protocol.version': '1.1',
          'user_agent.original': 'autocannon',
          'http.route': shape.endpoint,
          'http.response.status_code': shape.statusCode,
        },
      });
      if (shape.statusCode >= 400) {
        const type = shape.errorType ?? String(shape.statusCode);
        span.recordException({ name: type, message: 'simulated failure' });
        span.setAttribute('error.type', type);
        if (shape.statusCode >= 500)
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'simulated failure' });
      }
      span.end(end);
      spans.push(span as unknown as ReadableSpan);
    }
    bodies.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? []));
  }
  return bodies;
}

const bodies = makeBodies();
const now = () => SIM_START_MS + BATCH * BATCHES;
const rates: number[] = [];
let recorded = 0;
let rejected = 0;
for (let run = 0; run < RUNS + 1; run++) {
  const store = new RequestStore({ now });
  const receiver = new OtlpReceiver({ store, now });
  const started = performance.now();
  for (let i = 0; i < PER_RUN; i++) {
    const result = receiver.ingest(bodies[i % BATCHES] as Buffer, 'protobuf');
    rejected += result.invalid + result.tooOld;
  }
  const seconds = (performance.now() - started) / 1000;
  // The first run warms the JIT up and is not counted.
  if (run > 0) rates.push((PER_RUN * BATCH) / seconds);
  recorded += store.totalRecorded;
}
report({
  spans_per_s: Math.round(median(rates)),
  runs_spans_per_s: rates.map((r) => Math.round(r)),
  batch_spans: BATCH,
  body_bytes_per_batch: Math.round(bodies.reduce((n, b) => n + b.length, 0) / BATCHES),
  recorded_every_span: recorded === (RUNS + 1) * PER_RUN * BATCH && rejected === 0,
  kspans_per_s: round(median(rates) / 1e3, 0),
});
