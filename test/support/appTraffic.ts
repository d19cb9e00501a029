import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { exactQuantile } from './distributions.js';

/** One request the client sent and timed. */
export interface TimedRequest {
  readonly method: string;
  /** The endpoint it must count under: a full route template, or `unmatched`. */
  readonly endpoint: string;
  readonly status: number;
  /** What `errors.by_type` must count it as, for status >= 400. */
  readonly errorType: string | undefined;
  /** Client-side time from just before `fetch` to the last byte of the body. */
  readonly ms: number;
  /** How long the app was asked to sleep before answering (`/slow?ms=`); 0 for the others. */
  readonly sleptMs: number;
}

/** How one app names its routes and its errors. */
export interface AppRoutes {
  /** The template of `GET /files/<path>`, in the framework's own syntax. */
  readonly wildcard: string;
  /** What the thrown `BoomError` counts as in `errors.by_type`. */
  readonly boomType: string;
  /** False when the app cannot name its routes (every request is `unmatched`). */
  readonly templates: boolean;
}

/** Requests of the slow route and how long each sleeps: 40 fixed values spread over 100–300 ms. */
export const SLOW_MS: readonly number[] = Array.from(
  { length: 40 },
  (_, i) => 100 + ((i * 17) % 41) * 5,
);

/** Runs `count` calls of `one`, at most `concurrency` at a time. */
async function pool(count: number, concurrency: number, one: (i: number) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
}

/** Sends known traffic to a fixture app and remembers exactly what it sent. */
export class AppTraffic {
  readonly sent: TimedRequest[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly routes: AppRoutes,
  ) {}

  /**
   * The whole plan: nested and parameterised routes, a POST, 2xx, a 400, a
   * thrown error, 404s on random paths (also under the nested router's
   * mount, and next to `extraUnmatched` paths), a wildcard and the slow route.
   */
  async sendAll(extraUnmatched: readonly string[] = []): Promise<void> {
    const w = this.routes.wildcard;
    for (let i = 1; i <= 20; i++) await this.send('GET', `/api/users/${i}`, '/api/users/:id', 200);
    for (let i = 0; i < 5; i++) await this.send('POST', '/api/users', '/api/users', 201, { i });
    for (const id of ['1', '2', 'bad', '3', 'bad', '4', 'bad', '5', '6', 'bad']) {
      await this.send('GET', `/api/items/${id}`, '/api/items/:id', id === 'bad' ? 400 : 200);
    }
    for (let i = 0; i < 3; i++) await this.send('GET', '/boom', '/boom', 500);
    for (const p of ['a.txt', 'b/c.txt', 'd/e/f.txt', 'g.txt']) {
      await this.send('GET', `/files/${p}`, w, 200);
    }
    for (let i = 0; i < 6; i++) {
      await this.send('GET', `/nope/${randomBytes(6).toString('hex')}`, 'unmatched', 404);
    }
    for (let i = 0; i < 2; i++) {
      await this.send('GET', `/api/nope-${randomBytes(4).toString('hex')}`, 'unmatched', 404);
    }
    for (const p of extraUnmatched) await this.send('GET', p, 'unmatched', 404);
    await pool(SLOW_MS.length, 8, (i) =>
      this.send('GET', `/slow?ms=${SLOW_MS[i]}`, '/slow', 200, undefined, SLOW_MS[i]),
    );
  }

  /** Sent requests by endpoint, as `by_endpoint` must count them. */
  byEndpoint(): Record<string, number> {
    return tally(this.sent.map((r) => r.endpoint));
  }

  /** Sent requests by status code (string keys, as JSON has them). */
  byStatus(): Record<string, number> {
    return tally(this.sent.map((r) => String(r.status)));
  }

  /** Sent requests by method. */
  byMethod(): Record<string, number> {
    return tally(this.sent.map((r) => r.method));
  }

  /** Errors by type, as `errors.by_type` must count them. */
  byErrorType(): Record<string, number> {
    return tally(this.sent.flatMap((r) => (r.errorType === undefined ? [] : [r.errorType])));
  }

  /** Client-side durations of one endpoint's requests, ascending. */
  durations(endpoint: string): number[] {
    return this.sent
      .filter((r) => r.endpoint === endpoint)
      .map((r) => r.ms)
      .sort((a, b) => a - b);
  }

  /** The exact nearest-rank quantile of an endpoint's client-side durations (the store's rank rule). */
  quantile(endpoint: string, q: number): number {
    return exactQuantile(this.durations(endpoint), q);
  }

  /** The same quantile of the sleeps the client asked that endpoint's requests for. */
  sleepQuantile(endpoint: string, q: number): number {
    const slept = this.sent.filter((r) => r.endpoint === endpoint).map((r) => r.sleptMs);
    return exactQuantile(
      slept.sort((a, b) => a - b),
      q,
    );
  }

  private async send(
    method: string,
    path: string,
    template: string,
    status: number,
    body?: unknown,
    sleptMs = 0,
  ): Promise<void> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const start = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, init);
    await res.arrayBuffer();
    const ms = performance.now() - start;
    if (res.status !== status) {
      throw new Error(`${method} ${path}: the fixture app answered ${res.status}, not ${status}`);
    }
    const endpoint = this.routes.templates || template === 'unmatched' ? template : 'unmatched';
    const errorType =
      status < 400 ? undefined : status === 500 ? this.routes.boomType : `HTTP ${status}`;
    this.sent.push({ method, endpoint, status, errorType, ms, sleptMs });
  }
}

/** Counts of each value. */
function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
