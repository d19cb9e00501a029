import { expect } from 'chai';
import { replicate, roundOrder } from '../../../bench/http/processRounds.js';

describe('processRounds', () => {
  describe('#replicate', () => {
    it('spreads the replicas: process 0 of every variant, then process 1', () => {
      expect(replicate(['a', 'b', 'c'], 2)).to.deep.equal(['a', 'b', 'c', 'a', 'b', 'c']);
    });
  });

  describe('#roundOrder', () => {
    it('runs the warm-up in list order, then starts round r at entry r, alternately backwards and forwards', () => {
      const servers = ['a', 'b', 'c'];
      expect(roundOrder(servers, -1)).to.deep.equal(['a', 'b', 'c']);
      expect(roundOrder(servers, 0)).to.deep.equal(['a', 'c', 'b']);
      expect(roundOrder(servers, 1)).to.deep.equal(['b', 'c', 'a']);
      expect(roundOrder(servers, 2)).to.deep.equal(['c', 'b', 'a']);
      expect(roundOrder(servers, 3)).to.deep.equal(['a', 'b', 'c']);
      expect(servers).to.deep.equal(['a', 'b', 'c']);
    });

    it('puts no server always first or always last', () => {
      const servers = replicate(['plain', 'full', 'lean', 'peer'], 3).map((v, i) => `${v}${i}`);
      const rounds = Array.from({ length: 6 }, (_, r) => roundOrder(servers, r));
      expect(new Set(rounds.map((o) => o[0])).size).to.be.greaterThan(1);
      expect(new Set(rounds.map((o) => o.at(-1))).size).to.be.greaterThan(1);
      const variantOf = (server: string | undefined) => server?.replace(/\d+$/, '');
      expect(new Set(rounds.map((o) => variantOf(o[0]))).size).to.equal(4);
      expect(new Set(rounds.map((o) => variantOf(o.at(-1)))).size).to.equal(4);
      for (const o of rounds) expect([...o].sort()).to.deep.equal([...servers].sort());
    });
  });
});
