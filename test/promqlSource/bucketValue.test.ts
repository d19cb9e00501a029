import { expect } from 'chai';
import { bucketValue } from '../../src/promqlSource/bucketValue.js';

describe('bucketValue', () => {
  it('stands within 0.55% of any value of a schema-6 native bucket', () => {
    const base = 2 ** (1 / 64);
    for (const i of [-300, -5, 0, 7, 400]) {
      const lower = base ** (i - 1);
      const upper = base ** i;
      const v = bucketValue(lower, upper);
      expect(v / lower - 1).to.be.within(0, 0.0055);
      expect(1 - v / upper).to.be.within(0, 0.0055);
    }
  });
  it('stands at half the bound from 0, at the lower bound up to +Inf, at 0 below 0', () => {
    expect(bucketValue(0, 0.005)).to.equal(0.0025);
    expect(bucketValue(-1e-128, 1e-128)).to.equal(5e-129);
    expect(bucketValue(10, Number.POSITIVE_INFINITY)).to.equal(10);
    expect(bucketValue(-2, -1)).to.equal(0);
  });
});
