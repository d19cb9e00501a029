import http from 'node:http';

/** One kind of request in the mix, and how the dashboard must count it. */
interface Kind {
  readonly method: 'GET' | 'POST';
  readonly path: (i: number) => string;
  readonly endpoint: string;
  readonly status: number;
  /** `errors.by_type` key for status >= 400. */
  readonly errorType?: string;
}

/** The known mix, one entry per 20 requests: users 11, posts 2, items 3 (1 bad), boom 1, 404 2, slow 1. */
const MIX: readonly Kind[] = [
  ...Array.from(
    { length: 11 },
    (): Kind => ({
      method: 'GET',
      path: (i) => `/api/users/${i % 977}`,
      endpoint: '/api/users/:id',
      status: 200,
    }),
  ),
  ...Array.from(
    { length: 2 },
    (): Kind => ({
      method: 'POST',
      path: () => '/api/users',
      endpoint: '/api/users',
      status: 201,
    }),
  ),
  ...Array.from(
    { length: 2 },
    (): Kind => ({
      method: 'GET',
      path: (i) => `/api/items/${i % 31}`,
      endpoint: '/api/items/:id',
      status: 200,
    }),
  ),
  {
    method: 'GET',
    path: () => '/api/items/bad',
    endpoint: '/api/items/:id',
    status: 400,
    errorType: 'HTTP 400',
  },
  { method: 'GET', path: () => '/boom', endpoint: '/boom', status: 500, errorType: 'BoomError' },
  ...Array.from(
    { length: 2 },
    (): Kind => ({
      method: 'GET',
      path: (i) => `/nope/${i}`,
      endpoint: 'unmatched',
      status: 404,
      errorType: 'HTTP 404',
    }),
  ),
  {
    method: 'GET',
    path: (i) => `/slow?ms=${1 + (i % 7)}`,
    endpoint: '/slow',
    status: 200,
  },
];

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** One request over `agent`: resolves with the status once the body is read. */
function request(agent: http.Agent, url: URL, method: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What the client sent and saw, in the dashboard's keys. */
export class MixedTraffic {
  readonly byEndpoint: Record<string, number> = {};
  readonly byStatus: Record<string, number> = {};
  readonly byErrorType: Record<string, number> = {};
  /** Requests answered with the expected status. */
  total = 0;
  /** Requests that failed at the client (connection reset by a killed worker, …), by message. */
  readonly failures: string[] = [];
  /** Answers with another status than planned. */
  readonly unexpected: string[] = [];

  constructor(private readonly baseUrl: string) {}

  /**
   * Sends `count` requests of the mix, `concurrency` at a time over as many
   * keep-alive connections of its own (new ones for each call: node:cluster
   * balances connections, not requests), and calls `at(i)` before the i-th
   * (to kill a worker mid-run, say).
   */
  async send(count: number, concurrency: number, at?: (i: number) => void | Promise<void>) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    let next = 0;
    const one = async (i: number): Promise<void> => {
      const kind = MIX[i % MIX.length] as Kind;
      try {
        const status = await request(
          agent,
          new URL(`${this.baseUrl}${kind.path(i)}`),
          kind.method,
          kind.method === 'POST' ? '{"name":"x"}' : undefined,
        );
        if (status !== kind.status) {
          this.unexpected.push(`${kind.method} ${kind.path(i)}: ${status}`);
          return;
        }
        this.total++;
        bump(this.byEndpoint, kind.endpoint);
        bump(this.byStatus, String(kind.status));
        if (kind.errorType !== undefined) bump(this.byErrorType, kind.errorType);
      } catch (err) {
        this.failures.push(
          `${kind.method} ${kind.path(i)}: ${String((err as Error).cause ?? err)}`,
        );
      }
    };
    const worker = async () => {
      while (next < count) {
        const i = next++;
        await at?.(i);
        await one(i);
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, worker));
    } finally {
      agent.destroy();
    }
  }
}
