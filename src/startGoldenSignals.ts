import { metrics } from '@opentelemetry/api';
import { type Config, loadConfig } from './config.js';
import { CONSOLE_LOGGER, dashboardHost, IgnoredRequests } from './dashboardHost.js';
import { environmentOf } from './environmentOf.js';
import type { GoldenSignals } from './GoldenSignals.js';
import type { GoldenSignalsOptions } from './GoldenSignalsOptions.js';
import { receiverFor } from './receiver/receiverFor.js';
import { registerEsmHooks } from './routes/registerEsmHooks.js';
import { routeInstrumentations } from './routes/routeInstrumentations.js';
import { startTelemetry, type TelemetryStartOptions } from './telemetry/startTelemetry.js';

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
  const ignored = new IgnoredRequests(config.ignorePaths);
  const telemetry = startTelemetry(config, {
    ignoreIncoming: (req) => ignored.matches(req),
    route: options.route,
    instrumentations: () => [...routeInstrumentations(), ...(options.instrumentations ?? [])],
    dashboardExporter: internal.dashboardExporter,
  });
  // Before the app imports Koa, whose ESM entry only import-in-the-middle sees.
  registerEsmHooks();
  return dashboardHost({
    config,
    telemetry,
    ignored,
    log: options.logger ?? CONSOLE_LOGGER,
    saturation: options.saturation,
    // OTLP in (POST /v1/traces): other processes' spans into the same store.
    receiver: receiverFor(telemetry.store, config, metrics.getMeter('golden-signals')),
  });
}
