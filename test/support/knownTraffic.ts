import { randomBytes } from 'node:crypto';
import { lcgRandom } from './seededRandom.js';

/** One request sent, with what it should show on the dashboard. */
export interface SentRequest {
  method: string;
  /** The endpoint it counts under: the route template, or `unmatched`. */
  endpoint: string;
  status: number;
  /** The trace id sent in `traceparent`, so the server span joins this trace. */
  traceId: string;
}

/**
 * The randomness /predict draws from (delay, then failure): `succeed` gives
 * varied delays and never fails, `fail` fails every request, `natural` is
 * Math.random (about PREDICT_FAILURE_RATE fail).
 */
export class SwitchableRandom {
  mode: 'succeed' | 'fail' | 'natural' = 'succeed';
  private readonly draw = lcgRandom(12345);

  /** The function to inject as `random`. */
  readonly next = (): number => {
    if (this.mode === 'fail') return 0;
    if (this.mode === 'natural') return Math.random();
    // Varied delays, reproducible; never below 0.05, so never a failure.
    return 0.05 + 0.95 * this.draw();
  };
}

const TEXTS = ['This is amazing!', 'This is terrible!', 'This is okay'];

/** Sends requests to a running app and remembers each one. */
export class TrafficSender {
  readonly sent: SentRequest[] = [];

  constructor(private readonly baseUrl: string) {}

  /** `POST /predict` with a valid text (`valid`) or `{}` (a 422). */
  predict(valid: boolean, i = 0): Promise<SentRequest> {
    const body = valid ? { text: TEXTS[i % TEXTS.length] } : {};
    return this.send('POST', '/predict', '/predict', body);
  }

  /** `GET` of a path no route has: a 404 counted under `unmatched`. */
  notFound(): Promise<SentRequest> {
    return this.send('GET', '/no/such/page', 'unmatched');
  }

  /** Runs `count` calls of `one`, at most `concurrency` at a time. */
  async many(
    count: number,
    concurrency: number,
    one: (i: number) => Promise<unknown>,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < count) await one(next++);
    };
    await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
  }

  /** Sent requests by endpoint, as `by_endpoint` counts them. */
  countsByEndpoint(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.sent) counts[r.endpoint] = (counts[r.endpoint] ?? 0) + 1;
    return counts;
  }

  /** The sent requests that were errors (status >= 400). */
  errors(): SentRequest[] {
    return this.sent.filter((r) => r.status >= 400);
  }

  private async send(
    method: string,
    path: string,
    endpoint: string,
    body?: unknown,
  ): Promise<SentRequest> {
    const traceId = randomBytes(16).toString('hex');
    const headers: Record<string, string> = {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    const sent: SentRequest = { method, endpoint, status: res.status, traceId };
    this.sent.push(sent);
    return sent;
  }
}
