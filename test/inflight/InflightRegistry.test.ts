import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { InflightRegistry } from '../../src/inflight/InflightRegistry.js';
import type { HeldSpan } from '../../src/traces/HeldSpan.js';

/** A running server span of `traceId` that started `startSec` seconds after an epoch. */
function span(traceId: string, spanId: string, startSec: number): HeldSpan {
  return {
    name: 'GET',
    kind: SpanKind.SERVER,
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    startTime: [1_700_000_000 + startSec, 0],
    duration: [-1, -1],
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    resource: { attributes: {} },
  };
}

const ids = (registry: InflightRegistry) =>
  [...registry.values()].map((s) => s.spanContext().spanId);

describe('InflightRegistry', () => {
  it('lists running spans oldest first, each until it ends', () => {
    const registry = new InflightRegistry();
    const a = span('t1', 'a', 0);
    const b = span('t2', 'b', 1);
    registry.start(a);
    registry.start(b);
    expect(ids(registry)).to.deep.equal(['a', 'b']);
    expect(registry.size).to.equal(2);
    registry.end(a);
    expect(ids(registry)).to.deep.equal(['b']);
    expect(registry.hasLiveTrace('t1')).to.equal(false);
    expect(registry.hasLiveTrace('t2')).to.equal(true);
  });

  it('keeps a trace live while any of its server spans runs, listing them in start order', () => {
    const registry = new InflightRegistry();
    const outer = span('t1', 'outer', 0);
    const other = span('t2', 'other', 1);
    const inner = span('t1', 'inner', 2);
    registry.start(outer);
    registry.start(other);
    registry.start(inner);
    // The trace's second span started after another trace's span: it is listed after it.
    expect(ids(registry)).to.deep.equal(['outer', 'other', 'inner']);
    expect(registry.size).to.equal(3);
    registry.end(outer);
    expect(registry.hasLiveTrace('t1')).to.equal(true);
    expect(ids(registry)).to.deep.equal(['other', 'inner']);
    registry.end(inner);
    expect(registry.hasLiveTrace('t1')).to.equal(false);
    expect(registry.size).to.equal(1);
  });

  it('ignores a span ended twice, or never tracked', () => {
    const registry = new InflightRegistry(1);
    const a = span('t1', 'a', 0);
    const late = span('t1', 'late', 1);
    registry.start(a);
    registry.start(late);
    expect(registry.untracked).to.equal(1);
    registry.end(late);
    expect(ids(registry)).to.deep.equal(['a']);
    registry.end(a);
    registry.end(a);
    expect(registry.size).to.equal(0);
    expect(ids(registry)).to.deep.equal([]);
  });

  it('rejects a tracked limit that is not a non-negative integer', () => {
    expect(() => new InflightRegistry(-1)).to.throw(RangeError);
    expect(() => new InflightRegistry(1.5)).to.throw(RangeError);
  });
});
