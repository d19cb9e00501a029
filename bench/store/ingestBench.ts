/**
 * Ingest on one core: finished SDK spans through the dashboard's half of the
 * pipeline, `DashboardSpanProcessor.onEnd` → `DashboardSpanExporter.export`
 * → `spanToRequest` → `RequestStore.record`. The spans are real `Span`
 * objects from the SDK's TracerProvider, with the attributes, exception
 * events and statuses instrumentation-http and our error handler leave on
 * them (status mix and latencies from the synthetic traffic), made once and
 * replayed: what is timed is exactly what runs for each span the
 * application ends. The span's own creation belongs to the SDK and is the
 * same with any exporter (see the HTTP rows for that).
 *
 *   node dist/bench/store/ingestBench.js
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { RequestStore } from '../../src/store/RequestStore.js';
import { DashboardSpanExporter } from '../../src/telemetry/DashboardSpanExporter.js';
import { DashboardSpanProcessor } from '../../src/telemetry/DashboardSpanProcessor.js';
import { SIM_START_MS } from '../support/fillStore.js';
import { median, report, round } from '../support/measure.js';
import { ShapePool } from '../support/syntheticTraffic.js';

/** Distinct spans made, at 1,000 a simulated second. */
const SPANS = 20_000;
/** Spans fed per timed run, and runs. */
const PER_RUN = 2_000_000;
const RUNS = 5;

function makeSpans(): ReadableSpan[] {
  const pool = new ShapePool(SPANS, 7);
  const tracer = new TracerProvider({ spanProcessors: [] }).getTracer('bench');
  return Array.from({ length: SPANS }, (_, i) => {
    const shape = pool.shape(i);
    const end = SIM_START_MS + i;
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
    return span as unknown as ReadableSpan;
  });
}

const spans = makeSpans();
const now = SIM_START_MS + SPANS;
const rates: number[] = [];
let recorded = 0;
let dropped = 0;
for (let run = 0; run < RUNS + 1; run++) {
  const store = new RequestStore({ now: () => now });
  const exporter = new DashboardSpanExporter(store);
  const processor = new DashboardSpanProcessor(exporter);
  const started = performance.now();
  for (let i = 0; i < PER_RUN; i++) processor.onEnd(spans[i % SPANS] as ReadableSpan);
  const seconds = (performance.now() - started) / 1000;
  // The first run warms the JIT up and is not counted.
  if (run > 0) rates.push(PER_RUN / seconds);
  recorded += store.totalRecorded;
  dropped += exporter.droppedSpans + processor.failedExports + store.droppedTooOld;
}
report({
  spans_per_s: Math.round(median(rates)),
  runs_spans_per_s: rates.map((r) => Math.round(r)),
  recorded_every_span: recorded === (RUNS + 1) * PER_RUN && dropped === 0,
  mspans_per_s: round(median(rates) / 1e6, 2),
});
