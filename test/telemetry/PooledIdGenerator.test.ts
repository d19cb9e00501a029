import { expect } from 'chai';
import { ID_POOL_BYTES, PooledIdGenerator } from '../../src/telemetry/PooledIdGenerator.js';

describe('PooledIdGenerator', () => {
  it('gives lowercase hex ids of W3C length, distinct across many pool refills', () => {
    const ids = new PooledIdGenerator();
    const seen = new Set<string>();
    // Far past one pool: 24 bytes a span.
    const spans = Math.ceil(ID_POOL_BYTES / 24) * 5;
    for (let i = 0; i < spans; i++) {
      const traceId = ids.generateTraceId();
      const spanId = ids.generateSpanId();
      expect(traceId).to.match(/^[0-9a-f]{32}$/);
      expect(spanId).to.match(/^[0-9a-f]{16}$/);
      seen.add(traceId);
      seen.add(spanId);
    }
    expect(seen.size).to.equal(spans * 2);
  });

  it('never gives an all-zero id, as the SDK generator ends one with 01', () => {
    let fills = 0;
    const ids = new PooledIdGenerator((pool) => {
      fills++;
      pool.fill(0);
    });
    expect(ids.generateTraceId()).to.equal(`${'0'.repeat(30)}01`);
    expect(ids.generateSpanId()).to.equal(`${'0'.repeat(14)}01`);
    expect(fills).to.equal(1);
  });

  it('refills the pool when an id would run past its end', () => {
    let fills = 0;
    let byte = 0;
    const ids = new PooledIdGenerator((pool) => {
      fills++;
      byte++;
      pool.fill(byte);
    });
    for (let i = 0; i < ID_POOL_BYTES / 16; i++) ids.generateTraceId();
    expect(fills).to.equal(1);
    expect(ids.generateSpanId()).to.equal('02'.repeat(8));
    expect(fills).to.equal(2);
  });
});
