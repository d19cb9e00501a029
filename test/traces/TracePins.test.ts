import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { SpanRecord } from '../../src/traces/SpanRecord.js';
import { TracePins } from '../../src/traces/TracePins.js';
import { TraceRing } from '../../src/traces/TraceRing.js';

let nextSpan = 1;
const id = (n: number) => n.toString(16).padStart(32, '0');

/** A finished server span of `traceId`, as the ring holds it. */
function rec(traceId: string): SpanRecord {
  const spanId = (nextSpan++).toString(16).padStart(16, '0');
  return SpanRecord.of({
    name: 'GET',
    kind: SpanKind.SERVER,
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    startTime: [1_700_000_000, 0],
    duration: [0, 5_000_000],
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    resource: { attributes: { 'service.name': 'svc' } },
  });
}

/** A ring of `limit` traces holding traces 1..n. */
function ringOf(n: number, limit: number, pinLimit?: number, pinTtlMs?: number): TraceRing {
  const ring = new TraceRing({ traceLimit: limit, pinLimit, pinTtlMs });
  for (let i = 1; i <= n; i++) ring.add(id(i), rec(id(i)));
  return ring;
}

describe('TracePins, through the TraceRing', () => {
  it('keeps a listed trace the ring evicts, and lets an unlisted one go', () => {
    const ring = ringOf(3, 3);
    ring.pin([id(1)], 0);
    for (let i = 4; i <= 100; i++) ring.add(id(i), rec(id(i)));
    expect(ring.get(id(2))).to.equal(undefined);
    expect(ring.has(id(1))).to.equal(true);
    expect(ring.get(id(1))?.spans).to.have.length(1);
    expect(ring.newest(10).map((t) => t.traceId)).not.to.include(id(1));
    expect(ring.stats()).to.include({
      traces: 3,
      evicted_traces: 97,
      pinned_traces: 1,
      kept_pinned_traces: 1,
    });
  });

  it('adds a kept trace’s late spans to it, outside the ring’s span count', () => {
    const ring = ringOf(1, 1);
    ring.pin([id(1)], 0);
    ring.add(id(2), rec(id(2)));
    ring.add(id(1), rec(id(1)));
    expect(ring.get(id(1))?.spans).to.have.length(2);
    expect(ring.stats()).to.include({ traces: 1, spans: 1 });
  });

  it('pins only traces it holds', () => {
    const ring = ringOf(1, 5);
    ring.pin([id(1), id(99), ''], 0);
    expect(ring.stats().pinned_traces).to.equal(1);
  });

  it('lets a pin lapse after its time to live unless listed again', () => {
    const ring = ringOf(2, 2, 10, 60_000);
    ring.pin([id(1)], 0);
    ring.pin([id(2)], 30_000);
    ring.pin([id(2)], 61_000);
    for (let i = 3; i <= 10; i++) ring.add(id(i), rec(id(i)));
    expect(ring.has(id(1))).to.equal(false);
    expect(ring.has(id(2))).to.equal(true);
    // Listed again every 5 s, it stays however long the page is open.
    for (let t = 61_000; t < 3_600_000; t += 5_000) ring.pin([id(2)], t);
    expect(ring.has(id(2))).to.equal(true);
  });

  it('drops the least recently listed pin past the limit, and counts it', () => {
    const ring = ringOf(5, 5, 3);
    ring.pin([id(1), id(2), id(3)], 0);
    ring.pin([id(1)], 1);
    ring.pin([id(4)], 2);
    for (let i = 6; i <= 20; i++) ring.add(id(i), rec(id(i)));
    expect([1, 2, 3, 4].map((n) => ring.has(id(n)))).to.deep.equal([true, false, true, true]);
    expect(ring.stats()).to.include({ pinned_traces: 3, pin_limit: 3, dropped_pins: 1 });
  });

  it('pins nothing with a limit of 0', () => {
    const ring = ringOf(1, 1, 0);
    ring.pin([id(1)], 0);
    ring.add(id(2), rec(id(2)));
    expect(ring.has(id(1))).to.equal(false);
  });

  it('rejects a negative or fractional limit', () => {
    expect(() => new TracePins(-1)).to.throw(RangeError, /pinLimit/);
    expect(() => new TracePins(5, 1.5)).to.throw(RangeError, /pinTtlMs/);
  });
});
