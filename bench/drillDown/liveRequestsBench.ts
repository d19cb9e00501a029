/**
 * What the in-flight list and the recent-trace ring cost: nanoseconds per
 * span on real SDK spans (LiveRequests.started + ended, the ring full and
 * evicting, as in steady state), the same through the SDK with the
 * processor on and off, and the retained memory of the ring at its limits.
 *
 *   node --expose-gc dist/bench/drillDown/liveRequestsBench.js
 */
import { loadavg } from 'node:os';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { LiveRequests } from '../../src/inflight/LiveRequests.js';
import { ServerSpanCounter } from '../../src/telemetry/ServerSpanCounter.js';
import { DEFAULT_HELD_SPAN_LIMIT, DEFAULT_TRACE_LIMIT } from '../../src/traces/TraceRing.js';
import { median, report, retainedBytes, round } from '../support/measure.js';

/** Spans per trace in the bench: a server span and four children (a DB call, a client call...). */
const SPANS_PER_TRACE = 5;
const REQUESTS = 200_000;
const RUNS = 7;

/** The attributes instrumentation-http 0.223 puts on a server span. */
function serverAttributes(i: number) {
  return {
    'http.request.method': 'GET',
    'url.scheme': 'http',
    'server.address': '127.0.0.1',
    'server.port': 8000,
    'network.peer.address': '127.0.0.1',
    'network.peer.port': 40_000 + (i % 20_000),
    'network.protocol.version': '1.1',
    'user_agent.original': 'autocannon',
    'url.path': `/users/${i}`,
    'client.address': '127.0.0.1',
    'http.route': '/users/:id',
    'http.response.status_code': 200,
  };
}

/** `count` traces of real SDK spans, ended, each a server span and its children. */
function makeSpans(count: number): ReadableSpan[] {
  const collected: ReadableSpan[] = [];
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    spanProcessors: [
      {
        onStart: () => {},
        onEnd: (s) => collected.push(s),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  const tracer = provider.getTracer('bench');
  for (let i = 0; i < count; i++) {
    const server = tracer.startSpan('GET /users/:id', {
      kind: SpanKind.SERVER,
      attributes: serverAttributes(i),
    });
    const ctx = trace.setSpan(context.active(), server);
    for (let c = 1; c < SPANS_PER_TRACE; c++) {
      tracer
        .startSpan(
          'SELECT users',
          { kind: SpanKind.CLIENT, attributes: { 'db.system': 'pg' } },
          ctx,
        )
        .end();
    }
    server.end();
  }
  return collected;
}

/** CPU nanoseconds (user + system) `fn` takes, divided by `per`. */
function cpuNs(fn: () => void, per: number): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / per;
}

/** The ring holding every trace, whatever the rate: its worst case (TraceAdmission off). */
const HOLD_ALL = { tracesPerSecond: Number.MAX_SAFE_INTEGER } as const;

/**
 * CPU ns per span of started + ended on real SDK spans, the ring already
 * full (every new trace evicts one). The bench's spans all end within a
 * second or so: with the default admission, past 50 a second, a trace is
 * held only as an exemplar candidate or error (none here).
 */
function perSpanNs(spans: readonly ReadableSpan[], options: { tracesPerSecond?: number }): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const live = new LiveRequests<ReadableSpan>(options);
    // Fill the ring first: steady state evicts a trace for each new one.
    feed(live, spans.slice(0, DEFAULT_TRACE_LIMIT * SPANS_PER_TRACE));
    times.push(cpuNs(() => feed(live, spans), spans.length));
  }
  return median(times);
}

/** As in a request: the server span starts, its children start and end, then it ends. */
function feed(live: LiveRequests<ReadableSpan>, spans: readonly ReadableSpan[]): void {
  for (let i = 0; i + SPANS_PER_TRACE <= spans.length; i += SPANS_PER_TRACE) {
    const server = spans[i + SPANS_PER_TRACE - 1] as ReadableSpan;
    live.started(server);
    for (let c = 0; c < SPANS_PER_TRACE - 1; c++) {
      const child = spans[i + c] as ReadableSpan;
      live.started(child);
      live.ended(child);
    }
    live.ended(server);
  }
}

/** CPU ns per request through the SDK (start and end every span), with `live` fed or not. */
function sdkRequestNs(withLive: boolean): number {
  const counter = new ServerSpanCounter(withLive ? new LiveRequests<ReadableSpan>() : undefined);
  const tracer = new TracerProvider({ spanProcessors: [counter] }).getTracer('bench');
  const n = 20_000;
  return cpuNs(() => {
    for (let i = 0; i < n; i++) {
      const server = tracer.startSpan('GET', {
        kind: SpanKind.SERVER,
        attributes: serverAttributes(i),
      });
      const ctx = trace.setSpan(context.active(), server);
      for (let c = 1; c < SPANS_PER_TRACE; c++) tracer.startSpan('child', {}, ctx).end();
      server.end();
    }
  }, n);
}

/** Bytes the ring retains at its limits (1,000 traces of 5 spans: the 5,000-span cap). */
function ringBytes(): { bytes: number; traces: number; spans: number } {
  // Warm up first, so compiled code and caches are in the baseline, not the figure.
  feed(new LiveRequests<ReadableSpan>(HOLD_ALL), makeSpans(DEFAULT_TRACE_LIMIT));
  const base = retainedBytes();
  let live: LiveRequests<ReadableSpan> | undefined = new LiveRequests<ReadableSpan>(HOLD_ALL);
  feed(live, makeSpans(DEFAULT_TRACE_LIMIT * 2));
  const stats = live.traces.stats();
  const full = retainedBytes();
  live = undefined;
  return { bytes: full - base, traces: stats.traces, spans: stats.spans };
}

const memory = ringBytes();
const spans = makeSpans(REQUESTS / SPANS_PER_TRACE);
const ns = perSpanNs(spans, HOLD_ALL);
const nsAdmitted = perSpanNs(spans, {});
// Interleaved, so drift in machine load hits both alike.
const off: number[] = [];
const on: number[] = [];
for (let run = 0; run < 2 * RUNS; run++) {
  off.push(sdkRequestNs(false));
  on.push(sdkRequestNs(true));
}
report({
  live_requests_cpu_ns_per_span: round(ns, 1),
  live_requests_cpu_ns_per_span_past_admission_rate: round(nsAdmitted, 1),
  sdk_cpu_ns_per_request_without: round(median(off), 0),
  sdk_cpu_ns_per_request_with: round(median(on), 0),
  spans_per_request: SPANS_PER_TRACE,
  ring_bytes_at_limit: memory.bytes,
  ring_traces: memory.traces,
  ring_spans: memory.spans,
  span_limit: DEFAULT_HELD_SPAN_LIMIT,
  load_average: process.platform === 'linux' ? loadavg()[0] : null,
});
