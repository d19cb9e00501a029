import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { type AppDependencies, createApp } from '../../src/app.js';
import {
  createHttpServer,
  DEFAULT_SERVER_TIMEOUTS,
  type ServerTimeouts,
} from '../../src/http/createHttpServer.js';
import type { PredictOptions } from '../../src/service/predictRouter.js';
import { SentimentModel } from '../../src/service/SentimentModel.js';
import type { Telemetry } from '../../src/telemetry/Telemetry.js';
import { publishedTelemetry } from '../../src/telemetry/telemetryHandoff.js';

/** The process-wide telemetry that mocha loaded with `--import ./dist/instrumentation.js`. */
export function sharedTelemetry(): Telemetry {
  const handoff = publishedTelemetry();
  if (handoff === undefined) {
    throw new Error('run the tests with --import ./dist/instrumentation.js (see .mocharc.json)');
  }
  return handoff.telemetry;
}

/** A server on an ephemeral loopback port. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a Koa app on 127.0.0.1 with an ephemeral port, through the real (instrumented) http module. */
export async function serve(
  app: Koa,
  timeouts: ServerTimeouts = DEFAULT_SERVER_TIMEOUTS,
): Promise<RunningServer> {
  const server = createHttpServer(app.callback(), timeouts);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Options of {@link startTestApp} beyond the predict ones. */
export interface TestAppOptions {
  readonly dashboardToken?: string;
  readonly timeouts?: ServerTimeouts;
  /** Saturation figures; fixed zeros (but the real heap) by default. */
  readonly saturation?: AppDependencies['saturation'];
}

/** The real app over the shared telemetry, with an empty store and no simulated latency. */
export async function startTestApp(
  predict: Partial<PredictOptions> = {},
  options: TestAppOptions = {},
): Promise<RunningServer> {
  const telemetry = sharedTelemetry();
  telemetry.store?.clear();
  const app = createApp({
    telemetry,
    saturation:
      options.saturation ??
      (() => ({
        event_loop_delay_p99_ms: 0,
        event_loop_utilization: 0,
        heap_used_bytes: process.memoryUsage().heapUsed,
        rss_bytes: 0,
      })),
    predict: {
      model: new SentimentModel(),
      latency: { minMs: 0, maxMs: 0 },
      failureRate: 0,
      ...predict,
    },
    dashboardToken: options.dashboardToken,
  });
  return serve(app, options.timeouts);
}

/** A JSON POST. */
export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** GETs a URL and parses the JSON answer, failing on a non-2xx status. */
export async function getJson<T = Record<string, unknown>>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
