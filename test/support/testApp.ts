import type Koa from 'koa';
import { createApp } from '../../demo/app.js';
import { loadDemoConfig } from '../../demo/config.js';
import { createHttpServer, type ServerTimeouts } from '../../demo/createHttpServer.js';
import type { PredictOptions } from '../../demo/predictRouter.js';
import { SentimentModel } from '../../demo/SentimentModel.js';
import { koaAdapter } from '../../src/adapters/koa.js';
import { dashboardOver } from '../../src/dashboard/dashboardOver.js';
import { dashboardPaths } from '../../src/dashboard/dashboardPaths.js';
import type { Telemetry } from '../../src/index.js';
import {
  type GoldenSignals,
  type GoldenSignalsOptions,
  type SaturationReport,
  startGoldenSignals,
} from '../../src/index.js';
import { listening, type RunningServer } from './listen.js';

export type { RunningServer };

/** Messages of a test pipeline go nowhere. */
const SILENT = { info: () => {}, warn: () => {} };

/** The environment of a test pipeline: the service's defaults, stated, and no own port. */
export const TEST_ENV: Readonly<Record<string, string>> = Object.freeze({
  OTEL_TRACES_EXPORTER: 'memory',
  OTEL_METRICS_EXPORTER: 'prometheus',
  GOLDEN_SIGNALS_PORT: 'off',
  // The test's own fetch to the app runs in the app's process: instrumented, it
  // would be a CLIENT parent of every request. Tests of the clients turn them on.
  GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS: 'off',
});

/**
 * A golden-signals pipeline of the test's own (SDK, store, dashboard), with
 * `env` over {@link TEST_ENV} and none of the process's `OTEL_*` variables.
 * One runs at a time in a process: shut it down before starting the next.
 */
export function startTestPipeline(
  env: Readonly<Record<string, string>> = {},
  options: GoldenSignalsOptions = {},
): GoldenSignals {
  return startGoldenSignals({ env: { ...TEST_ENV, ...env }, logger: SILENT, ...options });
}

/**
 * Serves a Koa app on 127.0.0.1 with an ephemeral port, through the real
 * (instrumented) http module, on the demo's server with the demo's default timeouts.
 */
export function serve(
  app: Koa,
  timeouts: ServerTimeouts = loadDemoConfig({}).timeouts,
): Promise<RunningServer> {
  return listening(createHttpServer(app.callback(), timeouts));
}

/** Options of {@link startTestApp} beyond the predict ones. */
export interface TestAppOptions {
  readonly dashboardToken?: string;
  readonly timeouts?: ServerTimeouts;
  /** Saturation figures; fixed zeros (but the real heap) by default. */
  readonly saturation?: () => SaturationReport;
  /** Environment of the pipeline, over {@link TEST_ENV}. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The demo app on an ephemeral port, over a pipeline of its own; `close()` stops both. */
export interface TestApp extends RunningServer {
  readonly goldenSignals: GoldenSignals;
}

/** The real demo app over a fresh pipeline of its own (an empty store), with no simulated latency. */
export async function startTestApp(
  predict: Partial<PredictOptions> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const goldenSignals = startTestPipeline(options.env, {
    ...(options.dashboardToken === undefined ? {} : { dashboardToken: options.dashboardToken }),
    saturation:
      options.saturation ??
      (() => ({
        event_loop_delay_p99_ms: 0,
        event_loop_utilization: 0,
        heap_used_bytes: process.memoryUsage().heapUsed,
        rss_bytes: 0,
      })),
  });
  const app = createApp({
    goldenSignals,
    predict: {
      model: new SentimentModel(),
      latency: { minMs: 0, maxMs: 0 },
      failureRate: 0,
      ...predict,
    },
  });
  const server = await serve(app, options.timeouts);
  return {
    ...server,
    goldenSignals,
    close: async () => {
      await server.close();
      await goldenSignals.shutdown();
    },
  };
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

/**
 * The `koa` and `telemetry` of a handle over a telemetry the test built by
 * hand (faulty exporters, a switched-off exporter), for `createApp`.
 */
export function handleOver(
  telemetry: Telemetry,
  saturation: () => SaturationReport = () => ({
    event_loop_delay_p99_ms: 0,
    event_loop_utilization: 0,
    heap_used_bytes: 0,
    rss_bytes: 0,
  }),
): Pick<GoldenSignals, 'koa' | 'telemetry'> {
  const dashboard = dashboardOver({ telemetry, saturation });
  return {
    telemetry,
    koa: (options) => {
      const paths = dashboardPaths(options);
      return koaAdapter((req, res) => dashboard.serve(req, res, paths));
    },
  };
}
