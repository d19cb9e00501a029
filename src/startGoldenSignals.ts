import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from '@opentelemetry/api';
import { expressAdapter } from './adapters/express.js';
import { fastifyAdapter } from './adapters/fastify.js';
import { koaAdapter } from './adapters/koa.js';
import { type Config, type Env, loadConfig } from './config.js';
import { DashboardServer } from './dashboard/DashboardServer.js';
import { dashboardOver } from './dashboard/dashboardOver.js';
import {
  type DashboardMountOptions,
  dashboardPaths,
  pathnameOf,
} from './dashboard/dashboardPaths.js';
import type { DashboardRequestHandler, GoldenSignals } from './GoldenSignals.js';
import type { GoldenSignalsLogger, GoldenSignalsOptions } from './GoldenSignalsOptions.js';
import { exposureWarning } from './http/exposureWarning.js';
import { receiverFor } from './receiver/receiverFor.js';
import { registerEsmHooks } from './routes/registerEsmHooks.js';
import { routeInstrumentations } from './routes/routeInstrumentations.js';
import { PathSet } from './telemetry/PathSet.js';
import { SaturationMonitor } from './telemetry/SaturationMonitor.js';
import { startTelemetry, type TelemetryStartOptions } from './telemetry/startTelemetry.js';

const CONSOLE_LOGGER: GoldenSignalsLogger = {
  info: (m) => console.log(`golden-signals: ${m}`),
  warn: (m) => console.warn(`golden-signals: ${m}`),
};

/**
 * A list option as its variable's text. An empty list is `none`: an empty
 * variable would read as unset, which means the default list.
 */
function listOf(list: readonly string[] | undefined): string | undefined {
  if (list === undefined) return undefined;
  return list.length === 0 ? 'none' : list.join(',');
}

/** The environment with the options that stand for a variable written over it. */
function environmentOf(options: GoldenSignalsOptions): Env {
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) env[name] = value;
  };
  set('OTEL_SERVICE_NAME', options.serviceName);
  set('RETENTION', options.retention);
  set('DASHBOARD_TOKEN', options.dashboardToken);
  set('OTEL_TRACES_EXPORTER', listOf(options.tracesExporters));
  set('OTEL_METRICS_EXPORTER', listOf(options.metricsExporters));
  set('GOLDEN_SIGNALS_PORT', options.port === false ? 'off' : options.port?.toString());
  set('GOLDEN_SIGNALS_HOST', options.host);
  set('GOLDEN_SIGNALS_IGNORE_PATHS', listOf(options.ignorePaths));
  return env;
}

/** Internal options the public ones cannot express (the bench's bare-OTel row). */
export interface InternalStartOptions {
  readonly dashboardExporter?: TelemetryStartOptions['dashboardExporter'];
}

/**
 * The one composition root. Starts the OpenTelemetry NodeSDK with the HTTP
 * instrumentation and the route hooks of Koa, Express and Fastify, feeds the
 * in-memory store from the server spans, and serves the dashboard on its own
 * port unless told not to. Options override the environment; the
 * environment (`OTEL_*`, `RETENTION`, `DASHBOARD_TOKEN`, `GOLDEN_SIGNALS_*`)
 * works as documented in the README. Call it once per process, before the
 * app's framework is loaded (a `--import` preload); `shutdown()` undoes it.
 * @throws ConfigError naming the variable (or option) whose value is unusable.
 */
export function startGoldenSignals(
  options: GoldenSignalsOptions = {},
  internal: InternalStartOptions = {},
): GoldenSignals {
  const config: Config = loadConfig(environmentOf(options));
  const log = options.logger ?? CONSOLE_LOGGER;
  // Mount paths are added as the adapters are created; ignored from then on.
  const ignored = new PathSet(config.ignorePaths);
  // The metrics paths, matched exactly as the dashboard answers them: not their sub-paths.
  const metricsPaths = new Set<string>();
  let own: DashboardServer | undefined;
  const telemetry = startTelemetry(config, {
    ignoreIncoming: (req) => {
      const pathname = pathnameOf(req.url);
      return ignored.matches(pathname) || metricsPaths.has(pathname) || own?.owns(req) === true;
    },
    route: options.route,
    instrumentations: () => [...routeInstrumentations(), ...(options.instrumentations ?? [])],
    dashboardExporter: internal.dashboardExporter,
  });
  // Before the app imports Koa, whose ESM entry only import-in-the-middle sees.
  registerEsmHooks();
  const monitor = options.saturation === undefined ? new SaturationMonitor() : undefined;
  const saturation = options.saturation ?? (() => (monitor as SaturationMonitor).read());
  // OTLP in (POST /v1/traces): other processes' spans into the same store.
  const receiver = receiverFor(telemetry.store, config, metrics.getMeter('golden-signals'));
  const dashboard = dashboardOver(telemetry, saturation, config.dashboardToken, receiver);
  if (config.dashboardPort !== undefined) {
    const warning = exposureWarning(config.dashboardHost, config.dashboardToken);
    if (warning !== undefined) log.warn(warning);
    own = new DashboardServer(dashboard, {
      port: config.dashboardPort,
      host: config.dashboardHost,
      timeouts: config.timeouts,
      log,
    });
  }
  const mount = (mountOptions?: DashboardMountOptions) => {
    const paths = dashboardPaths(mountOptions);
    ignored.add(paths.prefix);
    metricsPaths.add(paths.metricsPath);
    return (req: IncomingMessage, res: ServerResponse, url?: string) =>
      dashboard.serve(req, res, paths, url);
  };
  let stopping: Promise<void> | undefined;
  return {
    config,
    store: telemetry.store,
    telemetry,
    dashboardUrl: own?.url ?? Promise.resolve(undefined),
    handler: (mountOptions): DashboardRequestHandler => {
      const serve = mount(mountOptions);
      return (req, res) => serve(req, res);
    },
    koa: (mountOptions) => koaAdapter(mount(mountOptions)),
    express: (mountOptions) => expressAdapter(mount(mountOptions)),
    fastify: fastifyAdapter((prefix) => mount({ prefix })),
    shutdown: () => {
      stopping ??= (own?.close() ?? Promise.resolve())
        .then(() => telemetry.shutdown())
        .finally(() => monitor?.stop());
      return stopping;
    },
  };
}
