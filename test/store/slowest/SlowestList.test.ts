import { expect } from 'chai';
import type { EndpointKey } from '../../../src/store/EndpointKey.js';
import { SlowestList } from '../../../src/store/slowest/SlowestList.js';
import { seededRandom } from '../../support/seededRandom.js';

const KEY: EndpointKey = {
  source: { service: 's', instance: 'i', recorded: 0, lastSeenMs: 0 },
  endpoint: '/e',
};

describe('SlowestList', () => {
  describe('#offer', () => {
    it('keeps the k slowest offered, slowest first, as a sort of all of them', () => {
      const random = seededRandom(7);
      const list = new SlowestList(5);
      const all: number[] = [];
      for (let i = 0; i < 500; i++) {
        const d = Math.round(random() * 1e6) / 1e3;
        all.push(d);
        list.offer(KEY, i, d, 200, 'GET', '', '');
      }
      const expected = all.sort((a, b) => b - a).slice(0, 5);
      expect(list.requests().map((r) => r.durationMs)).to.deep.equal(expected);
    });

    it('says whether a request entered: one faster than the last of a full list does not', () => {
      const list = new SlowestList(2);
      expect(list.offer(KEY, 1, 10, 200, 'GET', 'a', 'span-a')).to.equal(true);
      expect(list.offer(KEY, 2, 20, 200, 'GET', 'b', 'span-b')).to.equal(true);
      expect(list.offer(KEY, 3, 5, 200, 'GET', 'x', 'span-x')).to.equal(false);
      // As slow as the last and newer: the answer lists it first, so it stays.
      expect(list.offer(KEY, 4, 10, 200, 'GET', 'c', 'span-c')).to.equal(true);
      expect(list.offer(KEY, 3, 10, 200, 'GET', 'y', 'span-y')).to.equal(false);
      expect(list.offer(KEY, 5, 15, 500, 'POST', 'd', 'span-d')).to.equal(true);
      expect(
        list.requests().map((r) => [r.traceId, r.spanId, r.statusCode, r.method]),
      ).to.deep.equal([
        ['b', 'span-b', 200, 'GET'],
        ['d', 'span-d', 500, 'POST'],
      ]);
    });
  });

  describe('#reset', () => {
    it('empties the list for the next minute', () => {
      const list = new SlowestList(1);
      list.offer(KEY, 1, 99, 200, 'GET', 'a', 'span-a');
      list.reset();
      expect(list.size).to.equal(0);
      expect(list.offer(KEY, 2, 1, 200, 'GET', 'b', 'span-b')).to.equal(true);
    });
  });
});
