/**
 * The worker-side cost per span of the two forwarding encodings, in one
 * process, without the network: the stock OTLP/HTTP protobuf path (our
 * counting batch processor over the stock batch processor, serializing each
 * batch with otlp-transformer's ProtobufTraceSerializer, as the OTLP
 * exporter does before it posts) against the compact batch
 * (CompactSpanWriter, written at span end). Spans are real SDK spans with
 * the attributes of an Express request under the HTTP instrumentation.
 *
 *   node dist/bench/cluster/forwardEncodingBench.js [spans]
 */
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { CompactSpanWriter } from '../../src/cluster/CompactSpanWriter.js';
import { CountingBatchSpanProcessor } from '../../src/telemetry/CountingBatchSpanProcessor.js';
import { median, round } from '../support/measure.js';

const SPANS = Number(process.argv[2] ?? 20_000);
const ROUNDS = 7;

function makeSpans(n: number): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  const provider = new TracerProvider({
    spanProcessors: [
      {
        onStart() {},
        onEnd: (s) => spans.push(s),
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
    resource: resourceFromAttributes({
      'service.name': 'clusterApp',
      'host.name': 'bench',
      'process.pid': 4242,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': '20.20.2',
    }),
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http', '0.223.0');
  for (let i = 0; i < n; i++) {
    tracer
      .startSpan('GET /api/users/:id', {
        kind: SpanKind.SERVER,
        attributes: {
          'http.url': `http://127.0.0.1:3000/api/users/${i % 100}`,
          'http.host': '127.0.0.1:3000',
          'net.host.name': '127.0.0.1',
          'http.method': 'GET',
          'http.scheme': 'http',
          'http.target': `/api/users/${i % 100}`,
          'http.user_agent': 'autocannon/7.15.0',
          'http.flavor': '1.1',
          'net.transport': 'ip_tcp',
          'net.host.ip': '127.0.0.1',
          'net.host.port': 3000,
          'net.peer.ip': '127.0.0.1',
          'net.peer.port': 40000 + (i % 1000),
          'http.status_code': 200,
          'http.status_text': 'OK',
          'http.route': '/api/users/:id',
        },
      })
      .end();
  }
  return spans;
}

/** ns per span of `run` over `spans`, median of the rounds. */
function timed(
  spans: readonly ReadableSpan[],
  run: (spans: readonly ReadableSpan[]) => Promise<void> | void,
) {
  return async () => {
    const results: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const start = process.hrtime.bigint();
      await run(spans);
      results.push(Number(process.hrtime.bigint() - start) / spans.length);
    }
    return round(median(results), 0);
  };
}

const spans = makeSpans(SPANS);

const otlp = timed(spans, async (list) => {
  const serializing: SpanExporter = {
    export(batch, done) {
      ProtobufTraceSerializer.serializeRequest(batch);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
  const settings = {
    maxQueueSize: SPANS,
    maxExportBatchSize: 512,
    scheduledDelayMillis: 60_000,
    exportTimeoutMillis: 30_000,
  };
  const processor = new CountingBatchSpanProcessor(serializing, settings, true);
  for (const span of list) processor.onEnd(span);
  await processor.forceFlush();
});

const compact = timed(spans, (list) => {
  const writer = new CompactSpanWriter();
  for (const span of list) {
    writer.append(span, 1 << 20);
    if (writer.spans >= 512) writer.finish();
  }
  writer.finish();
});

// Interleaved, the first pair a warm-up.
const figures: { otlp: number[]; compact: number[] } = { otlp: [], compact: [] };
for (let i = 0; i < 4; i++) {
  const a = await otlp();
  const b = await compact();
  if (i === 0) continue;
  figures.otlp.push(a);
  figures.compact.push(b);
}
console.log(`ns per span, ${SPANS} spans, median of ${ROUNDS} runs, 3 interleaved passes:`);
console.log(
  `  stock OTLP protobuf path (batch processor + serializer): ${figures.otlp.join(', ')}`,
);
console.log(
  `  compact batch (CompactSpanWriter):                      ${figures.compact.join(', ')}`,
);
