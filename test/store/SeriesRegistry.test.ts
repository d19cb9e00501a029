import { expect } from 'chai';
import { OVERFLOW_ENDPOINT, SeriesRegistry } from '../../src/store/SeriesRegistry.js';
import { SourceRegistry } from '../../src/store/SourceRegistry.js';
import { SingleSourceSeries } from '../support/SingleSourceSeries.js';

describe('SeriesRegistry', () => {
  describe('#resolve', () => {
    it('returns the same object for the same combination', () => {
      const registry = new SingleSourceSeries(10);
      const a = registry.resolve('/items', 'GET', 200, '');
      const b = registry.resolve('/items', 'GET', 200, '');
      expect(b).to.equal(a);
      expect(registry.size).to.equal(1);
      expect(a).to.deep.include({
        endpoint: '/items',
        method: 'GET',
        statusCode: 200,
        errorType: '',
        index: 0,
        lastBucketStart: -1,
      });
      expect(a.source).to.equal(registry.source);
      expect(a.key).to.deep.equal({ source: registry.source, endpoint: '/items' });
    });

    const variants: [string, string, number, string][] = [
      ['/other', 'GET', 500, 'ModelError'],
      ['/items', 'POST', 500, 'ModelError'],
      ['/items', 'GET', 503, 'ModelError'],
      ['/items', 'GET', 500, 'ValidationError'],
    ];
    for (const [endpoint, method, status, type] of variants) {
      it(`keeps ${endpoint} ${method} ${status} ${type} apart from /items GET 500 ModelError`, () => {
        const registry = new SingleSourceSeries(10);
        const base = registry.resolve('/items', 'GET', 500, 'ModelError');
        const other = registry.resolve(endpoint, method, status, type);
        expect(other).not.to.equal(base);
        expect(registry.size).to.equal(2);
      });
    }

    for (const limit of [1, 2, 5]) {
      it(`folds new endpoints past a limit of ${limit} into ${OVERFLOW_ENDPOINT}`, () => {
        const registry = new SingleSourceSeries(limit);
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
      const registry = new SingleSourceSeries(1);
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
      const registry = new SingleSourceSeries(10);
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
      const registry = new SingleSourceSeries(2);
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
      const registry = new SingleSourceSeries(3);
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
      const registry = new SingleSourceSeries(100);
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

  describe('limits per service', () => {
    it('holds each service to its own limit, so a noisy one cannot evict another', () => {
      const sources = new SourceRegistry(10, 10);
      const registry = new SeriesRegistry(3);
      const ours = sources.resolve('ours', 'a');
      const noisy = sources.resolve('noisy', 'x');
      registry.resolve(ours, '/ours', 'GET', 200, '');
      for (let i = 0; i < 50; i++) registry.resolve(noisy, `/flood/${i}`, 'GET', 200, '');
      expect(ours.owner.liveSeries).to.equal(1);
      expect(noisy.owner.liveSeries).to.equal(3 + 1);
      expect(noisy.owner.overflowedRequests).to.equal(47);
      // Ours still has room for two more series of its own.
      expect(registry.resolve(ours, '/b', 'GET', 200, '').endpoint).to.equal('/b');
      expect(registry.resolve(ours, '/c', 'GET', 200, '').endpoint).to.equal('/c');
      expect(registry.resolve(ours, '/d', 'GET', 200, '').endpoint).to.equal(OVERFLOW_ENDPOINT);
      expect(ours.owner.overflowedRequests).to.equal(1);
      expect(registry.overflowedRequests).to.equal(48);
    });

    it('shares the limit among the instances of one service, each folding into its own overflow', () => {
      const sources = new SourceRegistry(10, 10);
      const registry = new SeriesRegistry(2);
      const one = sources.resolve('svc', 'one');
      const two = sources.resolve('svc', 'two');
      registry.resolve(one, '/a', 'GET', 200, '');
      registry.resolve(two, '/a', 'GET', 200, '');
      const folded = registry.resolve(one, '/b', 'GET', 200, '');
      expect(folded.endpoint).to.equal(OVERFLOW_ENDPOINT);
      expect(folded.source).to.equal(one);
      expect(registry.resolve(two, '/b', 'GET', 200, '').source).to.equal(two);
    });

    it('keeps one latency key per source and endpoint, shared by its series', () => {
      const sources = new SourceRegistry(10, 10);
      const registry = new SeriesRegistry(100);
      const one = sources.resolve('svc', 'one');
      const two = sources.resolve('svc', 'two');
      const a = registry.resolve(one, '/a', 'GET', 200, '');
      const b = registry.resolve(one, '/a', 'GET', 500, 'E');
      const c = registry.resolve(two, '/a', 'GET', 200, '');
      expect(b.key).to.equal(a.key);
      expect(c.key).not.to.equal(a.key);
      expect(registry.keyOf(one, '/a')).to.equal(a.key);
    });
  });
});
