/**
 * What a client span costs per call (issue 23), on one core:
 *
 * - `sdk_ns_per_call`: the OpenTelemetry SDK making and ending one CLIENT
 *   span with a PostgreSQL instrumentation's attributes, under a SERVER
 *   parent, with a no-op span processor: what any OTel set-up pays per call.
 * - `rollup_ns_per_call`: what golden-signals adds to each such span, the
 *   dashboard half of the pipeline, `DashboardSpanProcessor.onEnd` →
 *   `spanToCall` → `RequestStore.recordCall` and the join to its request:
 *   the same finished spans replayed with their CLIENT spans and without
 *   them (the store before the rollup saw only the SERVER span), the
 *   difference divided by the calls.
 *
 * Each request makes {@link CALLS_PER_REQUEST} calls over a few
 * dependencies and statements; the runs are medians after a warm-up run.
 *
 *   node dist/bench/dependencies/callCostBench.js [--quick]
 */
import { context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { type ReadableSpan, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { RequestStore } from '../../src/store/RequestStore.js';
import { DashboardSpanExporter } from '../../src/telemetry/DashboardSpanExporter.js';
import { DashboardSpanProcessor } from '../../src/telemetry/DashboardSpanProcessor.js';
import { SIM_START_MS } from '../support/fillStore.js';
import { median, report, round } from '../support/measure.js';

/** Calls each simulated request makes. */
const CALLS_PER_REQUEST = 5;
/** Distinct requests made, replayed. */
const REQUESTS = 4_000;
/** `--quick`: a smoke run (a tenth of the requests, two runs), not a measurement. */
const QUICK = process.argv.includes('--quick');
/** Requests per timed run, and timed runs (after one warm-up run). */
const PER_RUN = QUICK ? 20_000 : 200_000;
const RUNS = QUICK ? 2 : 5;

/** The attributes of instrumentation-pg's query span (new semantic conventions). */
function pgAttributes(i: number): Record<string, string | number> {
  return {
    'db.system.name': 'postgresql',
    'db.namespace': `app${i % 3}`,
    'db.query.text': `SELECT id, name FROM items${i % 7} WHERE id = $1 AND owner = 'x${i}'`,
    'db.operation.name': 'SELECT',
    'server.address': '127.0.0.1',
    'server.port': 5432,
  };
}

const NOOP: SpanProcessor = {
  onStart: () => {},
  onEnd: () => {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/** Makes one request's spans (its calls then the SERVER span, in end order) with `provider`. */
function makeRequest(provider: TracerProvider, n: number): ReadableSpan[] {
  const tracer = provider.getTracer('bench');
  const start = SIM_START_MS + n;
  const server = tracer.startSpan('GET /orders/:id', {
    kind: SpanKind.SERVER,
    startTime: start,
    attributes: {
      'http.request.method': 'GET',
      'http.route': '/orders/:id',
      'url.path': `/orders/${n}`,
      'http.response.status_code': 200,
    },
  });
  const parent = trace.setSpan(context.active(), server);
  const spans: Span[] = [];
  for (let c = 0; c < CALLS_PER_REQUEST; c++) {
    const call = tracer.startSpan(
      'SELECT app.items',
      { kind: SpanKind.CLIENT, startTime: start + 0.1 + c * 0.1, attributes: pgAttributes(n + c) },
      parent,
    );
    call.end(start + 0.15 + c * 0.1);
    spans.push(call);
  }
  server.end(start + 0.7);
  return [...spans, server] as unknown as ReadableSpan[];
}

/** Nanoseconds per call for the SDK to make and end CLIENT spans (no-op processor), per request's calls. */
function sdkCost(): number[] {
  const provider = new TracerProvider({ spanProcessors: [NOOP] });
  const tracer = provider.getTracer('bench');
  const out: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const server = tracer.startSpan('GET /orders/:id', { kind: SpanKind.SERVER });
    const parent = trace.setSpan(context.active(), server);
    const calls = PER_RUN * CALLS_PER_REQUEST;
    const started = performance.now();
    for (let i = 0; i < calls; i++) {
      tracer
        .startSpan(
          'SELECT app.items',
          { kind: SpanKind.CLIENT, attributes: pgAttributes(i) },
          parent,
        )
        .end();
    }
    const ns = ((performance.now() - started) * 1e6) / calls;
    server.end();
    if (run > 0) out.push(ns);
  }
  return out;
}

/** Seconds to replay PER_RUN requests into a fresh store; `withCalls` false hands only the SERVER spans over. */
function replay(
  requests: readonly ReadableSpan[][],
  withCalls: boolean,
): {
  seconds: number;
  calls: number;
  recorded: number;
} {
  const now = SIM_START_MS + REQUESTS + 1_000;
  const store = new RequestStore({ now: () => now });
  const processor = new DashboardSpanProcessor(new DashboardSpanExporter(store));
  const started = performance.now();
  for (let r = 0; r < PER_RUN; r++) {
    const spans = requests[r % REQUESTS] as ReadableSpan[];
    if (withCalls) for (const span of spans) processor.onEnd(span);
    else processor.onEnd(spans[spans.length - 1] as ReadableSpan);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    calls: store.dependencies.recordedCalls,
    recorded: store.totalRecorded,
  };
}

const provider = new TracerProvider({ spanProcessors: [NOOP] });
const requests = Array.from({ length: REQUESTS }, (_, n) => makeRequest(provider, n));
const rollup: number[] = [];
let everyCall = true;
for (let run = 0; run < RUNS + 1; run++) {
  // Alternated, so load on the machine falls on both alike.
  const without = replay(requests, false);
  const withCalls = replay(requests, true);
  everyCall &&=
    withCalls.calls === PER_RUN * CALLS_PER_REQUEST &&
    withCalls.recorded === PER_RUN &&
    without.recorded === PER_RUN;
  if (run > 0)
    rollup.push(((withCalls.seconds - without.seconds) * 1e9) / (PER_RUN * CALLS_PER_REQUEST));
}
const sdk = sdkCost();
report({
  calls_per_request: CALLS_PER_REQUEST,
  requests_per_run: PER_RUN,
  sdk_ns_per_call: Math.round(median(sdk)),
  rollup_ns_per_call: Math.round(median(rollup)),
  total_ns_per_call: Math.round(median(sdk) + median(rollup)),
  runs_sdk_ns_per_call: sdk.map((v) => Math.round(v)),
  runs_rollup_ns_per_call: rollup.map((v) => Math.round(v)),
  rollup_calls_per_s: Math.round(1e9 / median(rollup)),
  recorded_every_call: everyCall,
  rollup_share_of_call: round(median(rollup) / (median(sdk) + median(rollup)), 3),
});
