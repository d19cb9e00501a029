import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { traceQuery } from '../../src/dashboard/queries/traceQuery.js';
import { OtlpReceiver } from '../../src/receiver/OtlpReceiver.js';
import { ReceivedTraces } from '../../src/receiver/ReceivedTraces.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { TraceRing, type TraceRingOptions } from '../../src/traces/TraceRing.js';
import { FakeClock, HOUR, T0 } from '../support/fakeClock.js';
import { type Json, jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';

const NS = 1_000_000n;
const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_CLIENT = 3;

/** A receiver over a fresh store and ring (with `limits`), on one fake clock two hours past T0. */
function receiverWithRing(limits: TraceRingOptions = {}, pendingLimit?: number) {
  const clock = new FakeClock(T0 + 2 * HOUR);
  const store = new RequestStore({ now: clock.now });
  const ring = new TraceRing(limits);
  const traces = new ReceivedTraces(ring, { pendingLimit });
  const receiver = new OtlpReceiver({ store, now: clock.now, traces });
  /** Sends `spans` as one protobuf body, as an OTel exporter does. */
  const send = (spans: readonly Json[]) =>
    receiver.ingestSliced(protobufBody(jsonRequest(spans)), 'protobuf');
  return { clock, store, ring, traces, receiver, send };
}

/** A span of `traceId` ending `endMs` (epoch), lasting `durationMs`; `fields` override. */
function spanOf(traceId: string, endMs: number, durationMs: number, fields: Json = {}): Json {
  const endNs = BigInt(endMs) * NS;
  return jsonSpan({
    traceId,
    startTimeUnixNano: String(endNs - BigInt(durationMs) * NS),
    endTimeUnixNano: String(endNs),
    ...fields,
  });
}

/** A child of `parent` (a span of {@link spanOf}), of another kind and name. */
function childOf(parent: Json, kind: number, name: string, endMs: number): Json {
  return spanOf(parent.traceId as string, endMs, 2, {
    spanId: randomBytes(8).toString('hex'),
    parentSpanId: parent.spanId,
    kind,
    name,
    attributes: [],
  });
}

const newTraceId = () => randomBytes(16).toString('hex');

describe('ReceivedTraces', () => {
  describe('#request and #other', () => {
    it('holds a received trace whole: children sent before, with and after the request, parents kept', async () => {
      const { clock, ring, send } = receiverWithRing();
      const end = clock.ms - 1_000;
      const server = spanOf(newTraceId(), end, 20);
      const early = childOf(server, SPAN_KIND_CLIENT, 'SELECT items', end - 15);
      const middleware = childOf(server, SPAN_KIND_INTERNAL, 'middleware - query', end - 10);
      const late = childOf(server, SPAN_KIND_INTERNAL, 'flush', end + 1);
      await send([early]);
      await send([middleware, server]);
      await send([late]);
      const held = ring.get(server.traceId as string);
      expect(held, 'the trace is held').to.not.equal(undefined);
      const report = traceQuery(held as NonNullable<typeof held>, 'local');
      expect(report.spans.map((s) => [s.name, s.span_id, s.parent_span_id])).to.have.deep.members([
        ['GET /items/:id', server.spanId, null],
        ['SELECT items', early.spanId, server.spanId],
        ['middleware - query', middleware.spanId, server.spanId],
        ['flush', late.spanId, server.spanId],
      ]);
      expect(ring.stats()).to.deep.include({ traces: 1, spans: 4, dropped_spans: 0 });
    });

    it('holds nothing of a trace whose request never comes, and lets its waiting spans go within the limit', async () => {
      const { clock, ring, traces, send } = receiverWithRing({}, 10);
      const end = clock.ms - 1_000;
      for (let i = 0; i < 30; i++) {
        const orphan = spanOf(newTraceId(), end, 2, { kind: SPAN_KIND_CLIENT });
        await send([orphan]);
      }
      expect(ring.stats()).to.deep.include({ traces: 0, spans: 0 });
      expect(traces.pending).to.be.at.most(10);
      // Every orphan is either still waiting or counted as let go: none vanishes.
      expect(ring.stats().dropped_spans + traces.pending).to.equal(30);
    });
  });

  describe('the ring’s limits and counters', () => {
    it('admits received requests as local ones: the per-second rate, then only exemplar candidates', async () => {
      const { clock, ring, send } = receiverWithRing({ tracesPerSecond: 2 });
      // One second, one endpoint, one duration: the first two are the rate,
      // the next 98 enter the minute's slowest lists (the source's holds 100,
      // and takes an equal duration only while not full), the last four neither.
      const end = Math.floor((clock.ms - 2_000) / 1_000) * 1_000 + 500;
      const ids = Array.from({ length: 104 }, newTraceId);
      await send(ids.map((id) => spanOf(id, end, 20)));
      expect(ids.map((id) => ring.has(id))).to.deep.equal(ids.map((_, i) => i < 100));
      expect(ring.stats()).to.deep.include({ traces: 100, spans: 100, passed_over_traces: 4 });
    });

    it('caps spans per trace and evicts the oldest trace past the trace limit, counting both', async () => {
      const { clock, ring, send } = receiverWithRing({ traceLimit: 2, spansPerTrace: 3 });
      const end = clock.ms - 1_000;
      const first = spanOf(newTraceId(), end, 20);
      const children = Array.from({ length: 5 }, (_, i) =>
        childOf(first, SPAN_KIND_INTERNAL, `step ${i}`, end - 5),
      );
      await send([...children, first]);
      // Three waited (the trace's cap), two could not; the request itself found the trace full.
      expect(ring.get(first.traceId as string)?.spans).to.have.length(3);
      expect(ring.stats()).to.deep.include({ traces: 1, spans: 3, dropped_spans: 3 });
      await send([spanOf(newTraceId(), end + 1, 50), spanOf(newTraceId(), end + 2, 60)]);
      expect(ring.has(first.traceId as string)).to.equal(false);
      expect(ring.stats()).to.deep.include({ traces: 2, evicted_traces: 1 });
    });
  });
});
