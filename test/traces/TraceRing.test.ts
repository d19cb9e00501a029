import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { LiveRequests } from '../../src/inflight/LiveRequests.js';
import type { HeldSpan } from '../../src/traces/HeldSpan.js';
import { SpanRecord } from '../../src/traces/SpanRecord.js';
import { TraceRing } from '../../src/traces/TraceRing.js';

let nextSpan = 1;

/** A finished span of `traceId` (the unit tests of the pure ring may build spans by hand). */
function span(traceId: string, kind = SpanKind.SERVER, attributes: Attributes = {}): HeldSpan {
  const spanId = (nextSpan++).toString(16).padStart(16, '0');
  return {
    name: 'GET',
    kind,
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    startTime: [1_700_000_000, 0],
    duration: [0, 5_000_000],
    status: { code: SpanStatusCode.UNSET },
    attributes,
    resource: { attributes: { 'service.name': 'svc' } },
  };
}

const id = (n: number) => n.toString(16).padStart(32, '0');

/** The span ids of the spans held of `traceId`. */
function heldIds(live: LiveRequests, traceId: string): string[] | undefined {
  return live.traces.get(traceId)?.spans.map((s) => s.spanId);
}

const rec = (traceId: string, kind = SpanKind.SERVER) => SpanRecord.of(span(traceId, kind));

describe('TraceRing', () => {
  it('holds spans by trace id, in the order they ended', () => {
    const ring = new TraceRing();
    const a = rec(id(1));
    const b = rec(id(1), SpanKind.INTERNAL);
    ring.add(id(1), a);
    ring.add(id(1), b);
    expect(ring.get(id(1))?.spans).to.deep.equal([a, b]);
    expect(ring.get(id(2))).to.equal(undefined);
  });

  it('evicts the oldest trace past the trace limit, and counts it', () => {
    const ring = new TraceRing({ traceLimit: 3 });
    for (let n = 1; n <= 5; n++) ring.add(id(n), rec(id(n)));
    expect(ring.has(id(1))).to.equal(false);
    expect(ring.has(id(2))).to.equal(false);
    expect(ring.newest(10).map((t) => t.traceId)).to.deep.equal([id(5), id(4), id(3)]);
    expect(ring.stats()).to.include({ traces: 3, spans: 3, evicted_traces: 2, dropped_spans: 0 });
  });

  it('drops spans past the per-trace cap, counted on the trace and in all', () => {
    const ring = new TraceRing({ spansPerTrace: 2, spanLimit: 10 });
    for (let i = 0; i < 5; i++) ring.add(id(1), rec(id(1)));
    expect(ring.get(id(1))?.spans).to.have.length(2);
    expect(ring.get(id(1))?.droppedSpans).to.equal(3);
    expect(ring.stats()).to.include({ spans: 2, dropped_spans: 3 });
  });

  it('evicts whole traces, oldest first, past the span limit', () => {
    const ring = new TraceRing({ traceLimit: 100, spansPerTrace: 4, spanLimit: 6 });
    for (let n = 1; n <= 3; n++) for (let i = 0; i < 3; i++) ring.add(id(n), rec(id(n)));
    // 9 spans in 3 traces, at most 6: the first trace goes.
    expect(ring.has(id(1))).to.equal(false);
    expect(ring.stats()).to.include({ traces: 2, spans: 6, evicted_traces: 1 });
  });

  it('holds nothing with a trace limit of 0, counting every span', () => {
    const ring = new TraceRing({ traceLimit: 0 });
    ring.add(id(1), rec(id(1)));
    expect(ring.stats()).to.include({ traces: 0, spans: 0, dropped_spans: 1 });
  });

  it('rejects limits that are not non-negative integers, or a span limit below the per-trace one', () => {
    expect(() => new TraceRing({ traceLimit: -1 })).to.throw(RangeError, /traceLimit/);
    expect(() => new TraceRing({ spansPerTrace: 1.5 })).to.throw(RangeError, /spansPerTrace/);
    expect(() => new TraceRing({ spansPerTrace: 10, spanLimit: 5 })).to.throw(
      RangeError,
      /spanLimit/,
    );
  });
});

describe('LiveRequests', () => {
  it('lists a server span while it runs and holds it once it ends', () => {
    const live = new LiveRequests();
    const server = span(id(7));
    live.started(server);
    expect([...live.inflight.values()]).to.deep.equal([server]);
    live.ended(server);
    expect(live.inflight.size).to.equal(0);
    expect(heldIds(live, id(7))).to.deep.equal([server.spanContext().spanId]);
  });

  it('holds a child only when its trace has a server span here, running or held', () => {
    const live = new LiveRequests();
    const server = span(id(8));
    live.started(server);
    const child = span(id(8), SpanKind.CLIENT);
    live.started(child);
    live.ended(child);
    live.ended(server);
    const late = span(id(8), SpanKind.INTERNAL);
    live.ended(late);
    // Background work, in a trace with no server span here: not held.
    const background = span(id(9), SpanKind.INTERNAL);
    live.started(background);
    live.ended(background);
    expect(heldIds(live, id(8))).to.deep.equal(
      [child, server, late].map((s) => s.spanContext().spanId),
    );
    expect(live.traces.has(id(9))).to.equal(false);
  });

  it('past its rate holds only the traces the store kept as exemplar candidates, or errors', () => {
    const live = new LiveRequests({ tracesPerSecond: 1, errorTracesPerSecond: 1 });
    const ended = (traceId: string, candidate: boolean, error = false) => {
      const server = span(traceId);
      const done = error ? { ...server, status: { code: SpanStatusCode.ERROR } } : server;
      live.started(done);
      live.ended(done, candidate);
    };
    ended(id(1), false);
    ended(id(2), false);
    ended(id(3), true);
    ended(id(4), false, true);
    ended(id(5), false, true);
    expect([1, 2, 3, 4, 5].map((n) => live.traces.has(id(n)))).to.deep.equal([
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(live.traces.stats()).to.include({
      traces: 3,
      traces_per_second: 1,
      error_traces_per_second: 1,
      passed_over_traces: 2,
    });
  });

  it("keeps a request's children until it ends, then holds them with it or lets them go", () => {
    const live = new LiveRequests({ tracesPerSecond: 0 });
    for (const [n, candidate] of [
      [1, true],
      [2, false],
    ] as const) {
      const server = span(id(n));
      live.started(server);
      const child = span(id(n), SpanKind.CLIENT);
      live.ended(child);
      expect(live.traces.has(id(n))).to.equal(false);
      live.ended(server, candidate);
      if (candidate) {
        expect(heldIds(live, id(n))).to.deep.equal(
          [child, server].map((s) => s.spanContext().spanId),
        );
      } else {
        expect(live.traces.has(id(n))).to.equal(false);
      }
    }
    expect(live.inflight.size).to.equal(0);
    expect(live.traces.stats()).to.include({ traces: 1, spans: 2, passed_over_traces: 1 });
  });

  it('counts the children past the pending limit as dropped spans', () => {
    const live = new LiveRequests({ pendingLimit: 1 });
    const server = span(id(1));
    live.started(server);
    live.ended(span(id(1), SpanKind.CLIENT));
    live.ended(span(id(1), SpanKind.CLIENT));
    live.ended(server, true);
    expect(live.traces.stats()).to.include({ spans: 2, dropped_spans: 1 });
    expect(live.inflight.droppedPending).to.equal(1);
  });

  it('counts the server spans past the tracked limit instead of listing them', () => {
    const live = new LiveRequests({ inflightTrackedLimit: 2 });
    const spans = [1, 2, 3].map((n) => span(id(n)));
    for (const s of spans) live.started(s);
    expect(live.inflight.size).to.equal(2);
    expect(live.inflight.untracked).to.equal(1);
    for (const s of spans) live.ended(s);
    expect(live.inflight.size).to.equal(0);
  });
});
