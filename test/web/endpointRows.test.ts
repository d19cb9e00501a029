import { expect } from 'chai';
import type { LatencyFigures } from '../../web/apiTypes.js';
import {
  DEFAULT_ENDPOINT_SORT,
  type EndpointRow,
  type EndpointSortKey,
  endpointRows,
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
  const requests = { by_endpoint: { '/predict': 120, unmatched: 4, '/users/:id': 4 } };
  const latency = {
    by_endpoint: {
      '/users/:id': figures(30, 90, 99),
      '/predict': figures(12, 40, 80),
      unmatched: figures(1, 2, 3),
    },
  };
  const errors = { by_endpoint: { '/predict': 9, unmatched: 4 } };

  describe('#endpointRows', () => {
    it('joins count, errors and percentiles per endpoint', () => {
      const rows = endpointRows(requests, latency, errors);
      expect(rows).to.deep.equal([
        { route: '/predict', count: 120, errors: 9, errorRate: 0.075, p50: 12, p95: 40, p99: 80 },
        { route: 'unmatched', count: 4, errors: 4, errorRate: 1, p50: 1, p95: 2, p99: 3 },
        { route: '/users/:id', count: 4, errors: 0, errorRate: 0, p50: 30, p95: 90, p99: 99 },
      ]);
    });

    it('keeps an endpoint only one answer names, with zeros for the rest', () => {
      const rows = endpointRows(
        { by_endpoint: {} },
        { by_endpoint: {} },
        { by_endpoint: { x: 2 } },
      );
      expect(rows).to.deep.equal([
        { route: 'x', count: 0, errors: 2, errorRate: 0, p50: 0, p95: 0, p99: 0 },
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
      ['errorRate', 'descending', ['unmatched', '/predict', '/users/:id']],
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

  describe('#nextEndpointSort', () => {
    it('starts busiest first', () => {
      expect(DEFAULT_ENDPOINT_SORT).to.deep.equal({ key: 'count', direction: 'descending' });
    });
    it('flips the direction on the same column', () => {
      const once = nextEndpointSort(DEFAULT_ENDPOINT_SORT, 'count');
      expect(once).to.deep.equal({ key: 'count', direction: 'ascending' });
      expect(nextEndpointSort(once, 'count')).to.deep.equal(DEFAULT_ENDPOINT_SORT);
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
    });
  });
});
