import { expect } from 'chai';
import { OVERFLOW_ENDPOINT, SeriesRegistry } from '../../src/store/SeriesRegistry.js';

describe('SeriesRegistry', () => {
  describe('#resolve', () => {
    it('returns the same object for the same combination', () => {
      const registry = new SeriesRegistry(10);
      const a = registry.resolve('/items', 'GET', 200, '');
      const b = registry.resolve('/items', 'GET', 200, '');
      expect(b).to.equal(a);
      expect(registry.size).to.equal(1);
      expect(a).to.deep.equal({
        endpoint: '/items',
        method: 'GET',
        statusCode: 200,
        errorType: '',
        index: 0,
        lastBucketStart: -1,
      });
    });

    const variants: [string, string, number, string][] = [
      ['/other', 'GET', 500, 'ModelError'],
      ['/items', 'POST', 500, 'ModelError'],
      ['/items', 'GET', 503, 'ModelError'],
      ['/items', 'GET', 500, 'ValidationError'],
    ];
    for (const [endpoint, method, status, type] of variants) {
      it(`keeps ${endpoint} ${method} ${status} ${type} apart from /items GET 500 ModelError`, () => {
        const registry = new SeriesRegistry(10);
        const base = registry.resolve('/items', 'GET', 500, 'ModelError');
        const other = registry.resolve(endpoint, method, status, type);
        expect(other).not.to.equal(base);
        expect(registry.size).to.equal(2);
      });
    }

    for (const limit of [1, 2, 5]) {
      it(`folds new endpoints past a limit of ${limit} into ${OVERFLOW_ENDPOINT}`, () => {
        const registry = new SeriesRegistry(limit);
        for (let i = 0; i < limit; i++) {
          expect(registry.resolve(`/e${i}`, 'GET', 200, '').endpoint).to.equal(`/e${i}`);
        }
        expect(registry.overflowedRequests).to.equal(0);
        const folded = [0, 1, 2].map((i) => registry.resolve(`/new${i}`, 'GET', 200, ''));
        for (const series of folded) {
          expect(series.endpoint).to.equal(OVERFLOW_ENDPOINT);
          expect(series).to.equal(folded[0]);
        }
        expect(registry.overflowedRequests).to.equal(3);
        expect(registry.size).to.equal(limit + 1);
        // Known series still resolve to themselves.
        expect(registry.resolve('/e0', 'GET', 200, '').endpoint).to.equal('/e0');
        expect(registry.overflowedRequests).to.equal(3);
      });
    }

    it('keeps method, status and error type in the overflow series', () => {
      const registry = new SeriesRegistry(1);
      registry.resolve('/a', 'GET', 200, '');
      const s = registry.resolve('/b', 'DELETE', 409, 'ConflictError');
      expect(s).to.deep.include({
        endpoint: OVERFLOW_ENDPOINT,
        method: 'DELETE',
        statusCode: 409,
        errorType: 'ConflictError',
      });
      const t = registry.resolve('/c', 'DELETE', 500, 'ModelError');
      expect(t).not.to.equal(s);
      expect(t.statusCode).to.equal(500);
      expect(registry.size).to.equal(3);
      expect(registry.overflowedRequests).to.equal(2);
    });
  });

  describe('#forgetOlderThan', () => {
    it('forgets only series last seen before the given bucket', () => {
      const registry = new SeriesRegistry(10);
      const old = registry.resolve('/a', 'GET', 200, '');
      old.lastBucketStart = 1_000;
      const edge = registry.resolve('/a', 'GET', 500, 'E');
      edge.lastBucketStart = 2_000;
      const fresh = registry.resolve('/b', 'POST', 200, '');
      fresh.lastBucketStart = 3_000;
      registry.forgetOlderThan(2_000);
      expect(registry.size).to.equal(2);
      expect(registry.resolve('/a', 'GET', 500, 'E')).to.equal(edge);
      expect(registry.resolve('/b', 'POST', 200, '')).to.equal(fresh);
      // A forgotten series comes back as a new object.
      const again = registry.resolve('/a', 'GET', 200, '');
      expect(again).not.to.equal(old);
      expect(again.lastBucketStart).to.equal(-1);
      expect(registry.size).to.equal(3);
    });

    it('frees room under the limit for new endpoints', () => {
      const registry = new SeriesRegistry(2);
      for (const endpoint of ['/a', '/b']) {
        registry.resolve(endpoint, 'GET', 200, '').lastBucketStart = 0;
      }
      expect(registry.resolve('/c', 'GET', 200, '').endpoint).to.equal(OVERFLOW_ENDPOINT);
      registry.forgetOlderThan(60_000);
      expect(registry.size).to.equal(0);
      expect(registry.resolve('/c', 'GET', 200, '').endpoint).to.equal('/c');
      expect(registry.size).to.equal(1);
    });

    it('forgets everything, overflow series included, when all are old', () => {
      const registry = new SeriesRegistry(3);
      for (let i = 0; i < 20; i++) {
        registry.resolve(`/e${i}`, 'GET', 200 + (i % 3), '').lastBucketStart = i;
      }
      expect(registry.size).to.equal(3 + 3);
      registry.forgetOlderThan(100);
      expect(registry.size).to.equal(0);
    });
  });

  describe('index', () => {
    it('gives live series distinct small indexes and reuses those of forgotten ones', () => {
      const registry = new SeriesRegistry(100);
      const first = ['/a', '/b', '/c'].map((e, i) => {
        const series = registry.resolve(e, 'GET', 200, '');
        series.lastBucketStart = i;
        return series;
      });
      expect(first.map((s) => s.index)).to.deep.equal([0, 1, 2]);
      expect(registry.indexBound).to.equal(3);
      registry.forgetOlderThan(2); // /a and /b go
      const next = ['/d', '/e', '/f'].map((e) => registry.resolve(e, 'GET', 200, ''));
      const live = [first[2], ...next].map((s) => s?.index);
      expect(new Set(live).size).to.equal(4);
      expect([...live].sort()).to.deep.equal([0, 1, 2, 3]);
      expect(registry.indexBound).to.equal(4);
    });
  });
});
