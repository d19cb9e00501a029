import { expect } from 'chai';
import type { LatencyFigures } from '../../web/apiTypes.js';
import {
  DEFAULT_ENDPOINT_SORT,
  type EndpointRow,
  type EndpointSortKey,
  endpointRows,
  filterEndpointRows,
  nextEndpointSort,
  sortEndpointRows,
} from '../../web/endpointRows.js';

const figures = (p50: number, p95: number, p99: number): LatencyFigures => ({
  avg_ms: p50,
  p50_ms: p50,
  p95_ms: p95,
  p99_ms: p99,
});

describe('web/endpointRows', () => {
  const requests = {
    by_endpoint: { '/predict': 120, unmatched: 4, '/users/:id': 4 },
    methods_by_endpoint: { '/predict': ['POST'], unmatched: ['GET'], '/users/:id': ['GET', 'PUT'] },
  };
  const latency = {
    by_endpoint: {
      '/users/:id': figures(30, 90, 99),
      '/predict': figures(12, 40, 80),
      unmatched: figures(1, 2, 3),
    },
  };
  const errors = {
    by_endpoint: { '/predict': 9, unmatched: 4 },
    server_errors_by_endpoint: { '/predict': 3 },
  };

  describe('#endpointRows', () => {
    it('joins count, errors and percentiles per endpoint', () => {
      const rows = endpointRows(requests, latency, errors);
      expect(rows).to.deep.equal([
        {
          route: '/predict',
          methods: ['POST'],
          count: 120,
          errors: 9,
          serverErrors: 3,
          errorRate: 0.075,
          p50: 12,
          p95: 40,
          p99: 80,
        },
        {
          route: 'unmatched',
          methods: ['GET'],
          count: 4,
          errors: 4,
          serverErrors: 0,
          errorRate: 1,
          p50: 1,
          p95: 2,
          p99: 3,
        },
        {
          route: '/users/:id',
          methods: ['GET', 'PUT'],
          count: 4,
          errors: 0,
          serverErrors: 0,
          errorRate: 0,
          p50: 30,
          p95: 90,
          p99: 99,
        },
      ]);
    });

    it('keeps an endpoint only one answer names, with zeros for the rest', () => {
      const rows = endpointRows(
        { by_endpoint: {} },
        { by_endpoint: {} },
        { by_endpoint: { x: 2 } },
      );
      expect(rows).to.deep.equal([
        {
          route: 'x',
          methods: [],
          count: 0,
          errors: 2,
          serverErrors: 0,
          errorRate: 0,
          p50: 0,
          p95: 0,
          p99: 0,
        },
      ]);
    });

    it('has no rows when nothing was recorded', () => {
      expect(
        endpointRows({ by_endpoint: {} }, { by_endpoint: {} }, { by_endpoint: {} }),
      ).to.deep.equal([]);
    });
  });

  describe('#sortEndpointRows', () => {
    const rows = endpointRows(requests, latency, errors);
    const routes = (sorted: EndpointRow[]) => sorted.map((r) => r.route);
    const cases: [EndpointSortKey, 'ascending' | 'descending', string[]][] = [
      ['count', 'descending', ['/predict', '/users/:id', 'unmatched']],
      ['count', 'ascending', ['/users/:id', 'unmatched', '/predict']],
      ['route', 'ascending', ['/predict', '/users/:id', 'unmatched']],
      ['route', 'descending', ['unmatched', '/users/:id', '/predict']],
      // Routes under 20 requests last, either way, by route: 4 of 4 failed says less than 9 of 120.
      ['errorRate', 'descending', ['/predict', '/users/:id', 'unmatched']],
      ['errorRate', 'ascending', ['/predict', '/users/:id', 'unmatched']],
      ['serverErrors', 'descending', ['/predict', '/users/:id', 'unmatched']],
      ['method', 'ascending', ['unmatched', '/users/:id', '/predict']],
      ['impact', 'descending', ['/predict', '/users/:id', 'unmatched']],
      ['p50', 'descending', ['/users/:id', '/predict', 'unmatched']],
      ['p95', 'ascending', ['unmatched', '/predict', '/users/:id']],
      ['p99', 'descending', ['/users/:id', '/predict', 'unmatched']],
    ];
    for (const [key, direction, expected] of cases) {
      it(`sorts by ${key} ${direction}, ties by route`, () => {
        expect(routes(sortEndpointRows(rows, { key, direction }))).to.deep.equal(expected);
      });
    }

    it('does not change the rows it is given', () => {
      const before = rows.map((r) => r.route);
      sortEndpointRows(rows, { key: 'p99', direction: 'ascending' });
      expect(rows.map((r) => r.route)).to.deep.equal(before);
    });
  });

  describe('#sortEndpointRows by impact', () => {
    const row = (route: string, count: number, serverErrors: number, p95: number): EndpointRow => ({
      route,
      methods: ['GET'],
      count,
      errors: serverErrors,
      serverErrors,
      errorRate: count > 0 ? serverErrors / count : 0,
      p50: p95 / 2,
      p95,
      p99: p95,
    });
    it('puts 5xx count first, then p95 × requests, then the route', () => {
      const rows = [
        row('/busy-fast', 10_000, 0, 5), // 50 s at p95
        row('/incident', 30, 12, 900),
        row('/one-failure', 3, 1, 10),
        row('/slow-rare', 20, 0, 4_000), // 80 s at p95
        row('/b-idle', 2, 0, 1),
        row('/a-idle', 2, 0, 1),
      ];
      expect(sortEndpointRows(rows, DEFAULT_ENDPOINT_SORT).map((r) => r.route)).to.deep.equal([
        '/incident',
        '/one-failure',
        '/slow-rare',
        '/busy-fast',
        '/a-idle',
        '/b-idle',
      ]);
    });
  });

  describe('#filterEndpointRows', () => {
    const rows = endpointRows(requests, latency, errors);
    it('keeps the routes that hold the text, whatever its case and surrounding spaces', () => {
      expect(filterEndpointRows(rows, ' USERS ').map((r) => r.route)).to.deep.equal(['/users/:id']);
      expect(filterEndpointRows(rows, '/').map((r) => r.route)).to.deep.equal([
        '/predict',
        '/users/:id',
      ]);
    });
    it('keeps every row for an empty query, and none for a text no route holds', () => {
      expect(filterEndpointRows(rows, '')).to.have.length(3);
      expect(filterEndpointRows(rows, 'nothing')).to.deep.equal([]);
    });
  });

  describe('#nextEndpointSort', () => {
    it('starts with the most impact first', () => {
      expect(DEFAULT_ENDPOINT_SORT).to.deep.equal({ key: 'impact', direction: 'descending' });
    });
    it('flips the direction on the same column', () => {
      const once = nextEndpointSort(DEFAULT_ENDPOINT_SORT, 'impact');
      expect(once).to.deep.equal({ key: 'impact', direction: 'ascending' });
      expect(nextEndpointSort(once, 'impact')).to.deep.equal(DEFAULT_ENDPOINT_SORT);
    });
    it('starts a new numeric column descending, and the route ascending', () => {
      expect(nextEndpointSort(DEFAULT_ENDPOINT_SORT, 'p99')).to.deep.equal({
        key: 'p99',
        direction: 'descending',
      });
      expect(nextEndpointSort(DEFAULT_ENDPOINT_SORT, 'route')).to.deep.equal({
        key: 'route',
        direction: 'ascending',
      });
      expect(nextEndpointSort(DEFAULT_ENDPOINT_SORT, 'method')).to.deep.equal({
        key: 'method',
        direction: 'ascending',
      });
    });
  });
});
