import { expect } from 'chai';
import { OVERFLOW_ENDPOINT, SeriesRegistry } from '../../src/store/SeriesRegistry.js';
import { SourceRegistry } from '../../src/store/SourceRegistry.js';
import {
  DEFAULT_ERROR_TYPES_PER_ENDPOINT,
  DEFAULT_METHODS_PER_ENDPOINT,
  DEFAULT_OVERFLOW_ENDPOINT_SERIES,
  DEFAULT_STATUSES_PER_ENDPOINT,
  FOLDED_COMBINATIONS,
  OTHER_ERROR_TYPE,
  OTHER_METHOD,
  SERIES_OVERFLOW_ALLOWANCE,
} from '../../src/store/seriesFolding.js';
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

  describe('bounded dimensions', () => {
    const FLOOD = 100_000;

    it(`keeps ${DEFAULT_ERROR_TYPES_PER_ENDPOINT} of 100,000 error types apart and folds the rest into ${OTHER_ERROR_TYPE}, counted`, () => {
      const registry = new SingleSourceSeries(1_000);
      for (let i = 0; i < FLOOD; i++) registry.resolve('/a', 'GET', 500, `Error${i}`);
      expect(registry.size).to.equal(DEFAULT_ERROR_TYPES_PER_ENDPOINT + 1);
      expect(registry.registry.foldedErrorTypeRequests).to.equal(
        FLOOD - DEFAULT_ERROR_TYPES_PER_ENDPOINT,
      );
      expect(registry.registry.foldedMethodRequests).to.equal(0);
      expect(registry.registry.foldedStatusRequests).to.equal(0);
      expect(registry.resolve('/a', 'GET', 500, 'Error0').errorType).to.equal('Error0');
      expect(registry.resolve('/a', 'GET', 500, 'Error99999').errorType).to.equal(OTHER_ERROR_TYPE);
      expect(registry.overflowedRequests).to.equal(0);
    });

    it(`keeps ${DEFAULT_METHODS_PER_ENDPOINT} of 100,000 methods apart and folds the rest into ${OTHER_METHOD}, counted`, () => {
      const registry = new SingleSourceSeries(1_000);
      for (let i = 0; i < FLOOD; i++) registry.resolve('/a', `M${i}`, 200, '');
      expect(registry.size).to.equal(DEFAULT_METHODS_PER_ENDPOINT + 1);
      expect(registry.registry.foldedMethodRequests).to.equal(FLOOD - DEFAULT_METHODS_PER_ENDPOINT);
      expect(registry.resolve('/a', 'M99999', 200, '').method).to.equal(OTHER_METHOD);
    });

    it(`keeps ${DEFAULT_STATUSES_PER_ENDPOINT} of 100,000 statuses apart and folds the rest into x99 of their class`, () => {
      const registry = new SingleSourceSeries(1_000);
      const statusOf = (i: number) => 100 + (i % 500) + Math.floor(i / 500) / 1000;
      for (let i = 0; i < FLOOD; i++) {
        const status = statusOf(i);
        const series = registry.resolve('/a', 'GET', status, '');
        // The class stays: a 5xx is still a 5xx, a 4xx still a 4xx.
        expect(Math.floor(series.statusCode / 100)).to.equal(Math.floor(status / 100));
      }
      // 199, 299, 399, 499 and 599 themselves (i = 99, 199 … 499) are the fold values: never folded.
      const exempt = 5;
      expect(registry.size).to.equal(DEFAULT_STATUSES_PER_ENDPOINT + exempt);
      expect(registry.registry.foldedStatusRequests).to.equal(
        FLOOD - DEFAULT_STATUSES_PER_ENDPOINT - exempt,
      );
      expect(registry.resolve('/a', 'GET', 503, '').statusCode).to.equal(599);
      expect(registry.resolve('/a', 'GET', 100, '').statusCode).to.equal(100);
    });

    it('holds 100,000 distinct endpoint, method, status and error type combinations to the limit plus the allowance', () => {
      const limit = 1_000;
      const registry = new SingleSourceSeries(limit);
      for (let i = 0; i < FLOOD; i++) {
        const status = 400 + (i % 200);
        registry.resolve(`/e${i}`, `M${i}`, status, `Error${i}`);
      }
      expect(registry.size).to.be.at.most(limit + SERIES_OVERFLOW_ALLOWANCE);
      expect(registry.overflowedRequests).to.equal(FLOOD - limit);
      const overflow = registry.source.endpoints.get(OVERFLOW_ENDPOINT);
      expect(overflow?.series.length).to.be.at.most(
        DEFAULT_OVERFLOW_ENDPOINT_SERIES + FOLDED_COMBINATIONS,
      );
      // Past the overflow allowance every combination folds whole: 4xx and 5xx stay apart.
      const late = registry.resolve('/new', 'PATCH', 503, 'Late');
      expect(late).to.deep.include({
        endpoint: OVERFLOW_ENDPOINT,
        method: OTHER_METHOD,
        statusCode: 599,
        errorType: OTHER_ERROR_TYPE,
      });
      expect(registry.resolve('/new', 'PATCH', 477, 'Late').statusCode).to.equal(499);
    });

    it('makes room for a new value once the series that held an old one are forgotten', () => {
      const registry = new SingleSourceSeries(1_000);
      for (let i = 0; i < DEFAULT_ERROR_TYPES_PER_ENDPOINT; i++) {
        registry.resolve('/a', 'GET', 500, `Old${i}`).lastBucketStart = 0;
      }
      expect(registry.resolve('/a', 'GET', 500, 'New').errorType).to.equal(OTHER_ERROR_TYPE);
      registry.resolve('/a', 'GET', 500, OTHER_ERROR_TYPE).lastBucketStart = 60_000;
      registry.forgetOlderThan(60_000);
      expect(registry.size).to.equal(1);
      expect(registry.resolve('/a', 'GET', 500, 'New').errorType).to.equal('New');
    });

    it('finds a series by its key whatever the order the series were made in', () => {
      const registry = new SingleSourceSeries(1_000);
      const made = [];
      for (let i = 0; i < 20; i++) made.push(registry.resolve('/a', 'GET', 400 + i, `E${i % 3}`));
      for (let i = 19; i >= 0; i--) {
        expect(registry.resolve('/a', 'GET', 400 + i, `E${i % 3}`)).to.equal(made[i]);
      }
    });
  });
});
