/**
 * Load at a fixed rate, every request timed by the client: what the 1 ms
 * routes (httpBench.ts) need and autocannon cannot give. autocannon's
 * latency histogram keeps whole milliseconds, too coarse for a 1 ms handler,
 * and its rate limit sends each second's quota in one burst. Here request i
 * is due at start + i / rate, spread over `connections` keep-alive sockets,
 * so the server is never saturated and a request's latency is its service
 * time (the variant's own cost included), not a queue.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadRun } from './processRounds.js';

/** A request still unanswered after this is an error. */
export const REQUEST_TIMEOUT_MS = 10_000;

function get(agent: http.Agent, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${url}: status ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(new Error(`${url}: no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    );
    req.on('error', reject);
  });
}

/**
 * `rate` requests a second to `url` for `seconds`, over `connections`
 * keep-alive connections; throws on any failed request. A connection whose
 * previous request ran past the next one's due time sends at once.
 */
export async function pacedLoad(
  url: string,
  seconds: number,
  rate: number,
  connections: number,
): Promise<LoadRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.max(1, Math.round(rate * seconds));
  const latenciesMs: number[] = [];
  const start = performance.now();
  const connection = async (first: number) => {
    for (let i = first; i < total; i += connections) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      const sent = performance.now();
      await get(agent, url);
      latenciesMs.push(performance.now() - sent);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(connections, total) }, (_, c) => connection(c)),
    );
  } finally {
    agent.destroy();
  }
  return {
    requests: latenciesMs.length,
    rps: latenciesMs.length / ((performance.now() - start) / 1000),
    latenciesMs,
  };
}
