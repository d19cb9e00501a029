import type { ErrorsAnswer, LatencyAnswer, RequestsAnswer } from './apiTypes.js';

/** One row of the endpoints table. */
export interface EndpointRow {
  route: string;
  count: number;
  errors: number;
  /** `errors / count`, 0 when the endpoint had no requests. */
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The columns the endpoints table sorts by. */
export type EndpointSortKey = 'route' | 'count' | 'errorRate' | 'p50' | 'p95' | 'p99';

/** A sort order, named as `aria-sort` names it. */
export interface EndpointSort {
  key: EndpointSortKey;
  direction: 'ascending' | 'descending';
}

/** Busiest endpoint first. */
export const DEFAULT_ENDPOINT_SORT: EndpointSort = { key: 'count', direction: 'descending' };

/**
 * Joins the three answers of one period into rows: count from
 * `requests.by_endpoint`, percentiles from `latency.by_endpoint`, error
 * count from `errors.by_endpoint`. Every endpoint any of them names is a row.
 */
export function endpointRows(
  requests: Pick<RequestsAnswer, 'by_endpoint'>,
  latency: Pick<LatencyAnswer, 'by_endpoint'>,
  errors: Pick<ErrorsAnswer, 'by_endpoint'>,
): EndpointRow[] {
  const routes = new Set([
    ...Object.keys(requests.by_endpoint),
    ...Object.keys(latency.by_endpoint),
    ...Object.keys(errors.by_endpoint),
  ]);
  return [...routes].map((route): EndpointRow => {
    const count = requests.by_endpoint[route] ?? 0;
    const failed = errors.by_endpoint[route] ?? 0;
    const figures = latency.by_endpoint[route];
    return {
      route,
      count,
      errors: failed,
      errorRate: count > 0 ? failed / count : 0,
      p50: figures?.p50_ms ?? 0,
      p95: figures?.p95_ms ?? 0,
      p99: figures?.p99_ms ?? 0,
    };
  });
}

/** A sorted copy; ties keep route order, so the table does not reshuffle on refresh. */
export function sortEndpointRows(rows: readonly EndpointRow[], sort: EndpointSort): EndpointRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byRoute = (a: EndpointRow, b: EndpointRow) =>
    a.route < b.route ? -1 : a.route > b.route ? 1 : 0;
  return [...rows].sort((a, b) => {
    const primary =
      sort.key === 'route' ? byRoute(a, b) : (a[sort.key] as number) - (b[sort.key] as number);
    return primary !== 0 ? sign * primary : byRoute(a, b);
  });
}

/**
 * The order after a click on a column header: the same column flips its
 * direction; another column starts descending (biggest first), or ascending
 * for the route name.
 */
export function nextEndpointSort(current: EndpointSort, key: EndpointSortKey): EndpointSort {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: key === 'route' ? 'ascending' : 'descending' };
}
