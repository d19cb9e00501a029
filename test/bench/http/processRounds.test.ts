import { expect } from 'chai';
import { replicate, roundOrder } from '../../../bench/http/processRounds.js';

describe('processRounds', () => {
  describe('#replicate', () => {
    it('spreads the replicas: process 0 of every variant, then process 1', () => {
      expect(replicate(['a', 'b', 'c'], 2)).to.deep.equal(['a', 'b', 'c', 'a', 'b', 'c']);
    });
  });

  describe('#roundOrder', () => {
    it('runs the warm-up forwards, then alternates backwards and forwards', () => {
      const servers = ['a', 'b', 'c'];
      expect(roundOrder(servers, -1)).to.deep.equal(['a', 'b', 'c']);
      expect(roundOrder(servers, 0)).to.deep.equal(['c', 'b', 'a']);
      expect(roundOrder(servers, 1)).to.deep.equal(['a', 'b', 'c']);
      expect(servers).to.deep.equal(['a', 'b', 'c']);
    });
  });
});
