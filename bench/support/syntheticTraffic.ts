/**
 * Realistic request shapes for the store benchmarks: 50 route templates (or
 * another count, e.g. 500) with Zipf popularity (of 50, the busiest route gets
 * about 22% of traffic, the quietest about 0.5%), a method per route, a status mix per route (2xx, 304, 4xx,
 * 5xx with error types) and a latency profile per route: log-normal for
 * most, bimodal (cache hit or miss) for some, Pareto-tailed for others.
 * Seeded, so every run records the same requests.
 */
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { logNormal, pareto } from '../../test/support/distributions.js';
import { type Random, seededRandom } from '../../test/support/seededRandom.js';

/** Number of route templates, unless a pool is made with another count. */
export const ROUTES = 50;

/** One request's shape; the bench gives it a timestamp. */
export interface RequestShape {
  readonly endpoint: string;
  readonly method: string;
  readonly statusCode: number;
  readonly durationMs: number;
  readonly errorType: string | undefined;
}

interface Route {
  readonly endpoint: string;
  readonly method: string;
  readonly weight: number;
  readonly latency: (r: Random) => number;
}

function routes(random: Random, count: number): Route[] {
  const resources = ['users', 'orders', 'items', 'carts', 'payments', 'sessions', 'reports'];
  return Array.from({ length: count }, (_, i): Route => {
    const resource = resources[i % resources.length] as string;
    const method = i % 10 < 7 ? 'GET' : i % 10 < 9 ? 'POST' : 'PUT';
    const endpoint = `/api/v${1 + (i % 3)}/${resource}${i}${i % 2 === 0 ? '/:id' : ''}`;
    const median = 2 * 100 ** random(); // 2 ms to 200 ms, log-uniform
    const sigma = 0.4 + 0.6 * random();
    const kind = i % 5;
    const latency =
      kind === 3
        ? (r: Random) => logNormal(r, r() < 0.8 ? median / 4 : median * 3, 0.25) // cache hit / miss
        : kind === 4
          ? (r: Random) => (r() < 0.95 ? logNormal(r, median, sigma) : pareto(r, median, 1.3))
          : (r: Random) => logNormal(r, median, sigma);
    return { endpoint, method, weight: 1 / (i + 1), latency };
  });
}

/** A status and error type for a request of `route`, with this mix: 2xx 94.5%, 304 2%, 4xx 3%, 5xx 0.5%. */
function outcome(random: Random, route: Route): [number, string | undefined, number] {
  const x = random();
  if (x < 0.945) return [route.method === 'POST' ? 201 : 200, undefined, 1];
  if (x < 0.965) return [route.method === 'GET' ? 304 : 200, undefined, 0.5];
  if (x < 0.98) return [422, 'ValidationError', 0.3];
  if (x < 0.99) return [404, 'NotFoundError', 0.2];
  if (x < 0.995) return [401, undefined, 0.1];
  if (x < 0.998) return [500, 'Error', 1.5];
  return [503, 'ModelError', 5];
}

/**
 * `count` request shapes drawn with a fixed seed, in columns (a route index,
 * a status and a duration per request) so a million of them take about 12 MB.
 */
export class ShapePool {
  readonly routes: readonly { endpoint: string; method: string }[];
  readonly route: Uint16Array;
  readonly status: Uint16Array;
  readonly duration: Float64Array;
  private readonly errorTypes = new Map<number, string | undefined>();

  constructor(
    readonly count: number,
    seed = 20_240_101,
    /** Number of route templates (Zipf popularity over them). */
    readonly routeCount = ROUTES,
  ) {
    if (!Number.isInteger(routeCount) || routeCount < 1 || routeCount > 0xffff) {
      throw new RangeError(`routeCount must be an integer from 1 to 65535, got: ${routeCount}`);
    }
    const random = seededRandom(seed);
    const all = routes(random, routeCount);
    this.routes = all.map(({ endpoint, method }) => ({ endpoint, method }));
    this.route = new Uint16Array(count);
    this.status = new Uint16Array(count);
    this.duration = new Float64Array(count);
    const total = all.reduce((sum, r) => sum + r.weight, 0);
    const cumulative: number[] = [];
    let acc = 0;
    for (const r of all) {
      acc += r.weight / total;
      cumulative.push(acc);
    }
    for (let n = 0; n < count; n++) {
      const u = random();
      let i = 0;
      while (i < all.length - 1 && (cumulative[i] as number) < u) i++;
      const route = all[i] as Route;
      const [statusCode, errorType, factor] = outcome(random, route);
      this.route[n] = i;
      this.status[n] = statusCode;
      this.duration[n] = route.latency(random) * factor;
      this.errorTypes.set(statusCode, errorType);
    }
  }

  /** Request `n` (modulo the pool size) as a shape. */
  shape(n: number): RequestShape {
    const i = n % this.count;
    const route = this.routes[this.route[i] ?? 0] ?? { endpoint: '', method: '' };
    const statusCode = this.status[i] ?? 200;
    return {
      endpoint: route.endpoint,
      method: route.method,
      statusCode,
      durationMs: this.duration[i] ?? 0,
      errorType: this.errorTypes.get(statusCode),
    };
  }

  /** Copies request `n` (modulo the pool size) into a reusable record at `timestampMs`. */
  fill(into: ReusableRecord, n: number, timestampMs: number): void {
    const i = n % this.count;
    const route = this.routes[this.route[i] ?? 0] ?? { endpoint: '', method: '' };
    const statusCode = this.status[i] ?? 200;
    const failed = statusCode >= 400;
    into.timestampMs = timestampMs;
    into.durationMs = this.duration[i] ?? 0;
    into.endpoint = route.endpoint;
    into.method = route.method;
    into.statusCode = statusCode;
    into.errorType = this.errorTypes.get(statusCode);
    into.errorMessage = failed ? 'simulated failure' : undefined;
    // Every span has one (and any request can be kept as an exemplar); one id serves the bench.
    into.traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  }
}

/** A mutable record the fill loops reuse: the store copies what it keeps, so reuse is safe. */
export type ReusableRecord = { -readonly [K in keyof RequestRecord]: RequestRecord[K] };

/** A fresh reusable record. */
export function reusableRecord(): ReusableRecord {
  return { timestampMs: 0, durationMs: 0, endpoint: '', method: '', statusCode: 200 };
}
