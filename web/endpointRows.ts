import type { ErrorsAnswer, LatencyAnswer, RequestsAnswer } from './apiTypes.js';
import { MIN_REQUESTS_FOR_RATE } from './rateThresholds.js';

/** One row of the endpoints table. */
export interface EndpointRow {
  route: string;
  /** Its methods, busiest first; empty when the server does not say (an older API). */
  methods: string[];
  count: number;
  errors: number;
  /** Of `errors`, those with a 5xx status. */
  serverErrors: number;
  /** `errors / count`, 0 when the endpoint had no requests. */
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The orders of the endpoints table: a column, or `impact` (see {@link sortEndpointRows}). */
export type EndpointSortKey =
  | 'impact'
  | 'route'
  | 'method'
  | 'count'
  | 'serverErrors'
  | 'errorRate'
  | 'p50'
  | 'p95'
  | 'p99';

/** A sort order, named as `aria-sort` names it. */
export interface EndpointSort {
  key: EndpointSortKey;
  direction: 'ascending' | 'descending';
}

/** The route that hurts most first: see {@link sortEndpointRows}. */
export const DEFAULT_ENDPOINT_SORT: EndpointSort = { key: 'impact', direction: 'descending' };

/**
 * Joins the three answers of one period into rows: count and methods from
 * `/requests`, percentiles from `/latency`, error and 5xx counts from
 * `/errors`. Every endpoint any of them names is a row.
 */
export function endpointRows(
  requests: Pick<RequestsAnswer, 'by_endpoint' | 'methods_by_endpoint'>,
  latency: Pick<LatencyAnswer, 'by_endpoint'>,
  errors: Pick<ErrorsAnswer, 'by_endpoint' | 'server_errors_by_endpoint'>,
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
      methods: requests.methods_by_endpoint?.[route] ?? [],
      count,
      errors: failed,
      serverErrors: errors.server_errors_by_endpoint?.[route] ?? 0,
      errorRate: count > 0 ? failed / count : 0,
      p50: figures?.p50_ms ?? 0,
      p95: figures?.p95_ms ?? 0,
      p99: figures?.p99_ms ?? 0,
    };
  });
}

/** The rows whose route holds `query`, ignoring case and the spaces around it; all for an empty query. */
export function filterEndpointRows(rows: readonly EndpointRow[], query: string): EndpointRow[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter((row) => row.route.toLowerCase().includes(needle));
}

const byRoute = (a: EndpointRow, b: EndpointRow): number =>
  a.route < b.route ? -1 : a.route > b.route ? 1 : 0;

/** Time spent at the p95 or worse, roughly: what a slow, busy route costs its callers. */
const latencyCost = (row: EndpointRow): number => row.p95 * row.count;

/** Compares two rows by `key`, smallest first. */
function compareBy(key: EndpointSortKey, a: EndpointRow, b: EndpointRow): number {
  switch (key) {
    case 'impact':
      return a.serverErrors - b.serverErrors || latencyCost(a) - latencyCost(b);
    case 'route':
      return byRoute(a, b);
    case 'method': {
      const [x, y] = [a.methods.join(' '), b.methods.join(' ')];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default:
      return a[key] - b[key];
  }
}

/**
 * A sorted copy; ties keep route order, so the table does not reshuffle on
 * refresh. `impact` orders by 5xx count, then by p95 × requests (the time
 * a slow, busy route costs). Sorting by error rate leaves routes with fewer
 * than `minRequests` ({@link MIN_REQUESTS_FOR_RATE} unless the server's
 * thresholds say otherwise) requests out of the ranking: they come
 * last, either way, by route, since their rate says little.
 */
export function sortEndpointRows(
  rows: readonly EndpointRow[],
  sort: EndpointSort,
  minRequests: number = MIN_REQUESTS_FOR_RATE,
): EndpointRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const rated = sort.key === 'errorRate';
  return [...rows].sort((a, b) => {
    if (rated) {
      const [fewA, fewB] = [a.count < minRequests, b.count < minRequests];
      if (fewA !== fewB) return fewA ? 1 : -1;
      if (fewA) return byRoute(a, b);
    }
    const primary = compareBy(sort.key, a, b);
    return primary !== 0 ? sign * primary : byRoute(a, b);
  });
}

/**
 * The order after a click on a column header: the same column flips its
 * direction; another column starts descending (biggest first), or ascending
 * for the route name and the method.
 */
export function nextEndpointSort(current: EndpointSort, key: EndpointSortKey): EndpointSort {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: key === 'route' || key === 'method' ? 'ascending' : 'descending' };
}
