import cluster from 'node:cluster';
import { metrics } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { composeHandle } from './composeHandle.js';
import { type Config, loadConfig } from './config.js';
import type { Env } from './configValues.js';
import { CONSOLE_LOGGER } from './consoleLogger.js';
import { environmentOf } from './environmentOf.js';
import type { GoldenSignals } from './GoldenSignals.js';
import type { GoldenSignalsLogger, GoldenSignalsOptions } from './GoldenSignalsOptions.js';
import { InternalErrors } from './guard/InternalErrors.js';
import { IgnoredRequests } from './IgnoredRequests.js';
import { loadConfigLeniently } from './loadConfigLeniently.js';
import {
  type AutoInstrumentations,
  dropInTracesExporters,
  loadAutoInstrumentations,
} from './otel/autoInstrumentations.js';
import { otherSdkRegistered } from './otel/otherSdkRegistered.js';
import { startBesideOtherSdk } from './otel/startBesideOtherSdk.js';
import { zeroCodeTracesExporters } from './otel/zeroCodeTracesExporters.js';
import { receiverFor } from './receiver/receiverFor.js';
import { registerEsmHooks } from './routes/registerEsmHooks.js';
import { routeInstrumentations } from './routes/routeInstrumentations.js';
import {
  appLocation,
  CLIENT_INSTRUMENTATIONS,
  type ClientInstrumentations,
  clientInstrumentations,
} from './telemetry/clients/clientInstrumentations.js';
import { ReceivedDurationHistogram } from './telemetry/http/ReceivedDurationHistogram.js';
import {
  type ForwardSettings,
  type StartedTelemetry,
  startTelemetry,
  type TelemetryStartOptions,
} from './telemetry/startTelemetry.js';

/**
 * Where the receiver puts the duration of each request it records, so that
 * this process's `/metrics` serves every received instance's series (a
 * cluster's one scrape target); undefined without a store or `/metrics`.
 */
function receivedDurationsOf(telemetry: StartedTelemetry): ReceivedDurationHistogram | undefined {
  if (telemetry.store === undefined || telemetry.prometheus === undefined) return undefined;
  const durations = new ReceivedDurationHistogram({
    scopeVersion: telemetry.httpInstrumentation.instrumentationVersion,
  });
  telemetry.prometheus.addSeries(durations);
  return durations;
}

/**
 * In a `node:cluster` worker (unless `GOLDEN_SIGNALS_CLUSTER=off`), where
 * its spans go: the primary's receiver. Undefined in any other process.
 */
function forwardingOf(config: Config, log: GoldenSignalsLogger): ForwardSettings | undefined {
  if (!cluster.isWorker || config.cluster.mode === 'off') return undefined;
  const url = config.cluster.receiverUrl;
  if (url === undefined) {
    log.warn(
      'a cluster worker with no receiver to send its spans to (GOLDEN_SIGNALS_FORWARD_URL unset, GOLDEN_SIGNALS_PORT 0 or off): this worker keeps a dashboard of its own',
    );
    return undefined;
  }
  return { url, token: config.dashboardToken, delayMs: config.cluster.forwardDelayMs };
}

/**
 * With `GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS=on`, what auto-instrumentations-node
 * brings (said at start); undefined when off, or not installed (said too).
 */
function dropInOf(
  config: Config,
  env: Env,
  log: GoldenSignalsLogger,
): AutoInstrumentations | undefined {
  if (config.autoInstrumentations !== 'on') return undefined;
  const loaded = loadAutoInstrumentations(env);
  if ('missing' in loaded) {
    log.warn(`WARNING: ${loaded.missing}`);
    return undefined;
  }
  if (loaded.sampler.problem !== undefined) log.warn(`WARNING: ${loaded.sampler.problem}`);
  log.info(
    `${loaded.notice}; spans go to ${dropInTracesExporters(env, config.tracesExporters).join(',')} (OTEL_TRACES_EXPORTER)`,
  );
  return loaded;
}

/**
 * The installed clients' instrumentations (`GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS`,
 * on by default) but those the caller passes in `theirs`; none when off,
 * or when auto-instrumentations-node's drop-in brings its own. Says once
 * which installed clients lack theirs.
 */
function clientsOf(
  config: Config,
  dropIn: AutoInstrumentations | undefined,
  theirs: readonly Instrumentation[],
  log: GoldenSignalsLogger,
): ClientInstrumentations | undefined {
  if (config.clientInstrumentations === 'off' || dropIn !== undefined) return undefined;
  // One the caller passes itself is not made twice (two CLIENT spans a call).
  const given = new Set(theirs.map((i) => i.instrumentationName));
  const clients = clientInstrumentations(
    appLocation(),
    CLIENT_INSTRUMENTATIONS.filter((spec) => !given.has(spec.instrumentation)),
  );
  if (clients.missing !== undefined) log.warn(clients.missing);
  return clients;
}

/** Internal options the public ones cannot express (the bench's bare-OTel row). */
export interface InternalStartOptions {
  readonly dashboardExporter?: TelemetryStartOptions['dashboardExporter'];
  /**
   * The preload's reading of the environment: a value that cannot be used is
   * logged and replaced by its default rather than thrown, so the app starts.
   */
  readonly lenientConfig?: boolean;
}

/**
 * The composition root of zero-code and programmatic mode. Starts the
 * OpenTelemetry NodeSDK with the HTTP instrumentation and the route hooks of
 * Koa, Express and Fastify (startTelemetry), feeds the in-memory store from
 * the server spans, and builds the handle (composeHandle), which serves the
 * dashboard on its own port unless told not to. Options override the environment; of the
 * environment, only `GOLDEN_SIGNALS_*` and `OTEL_*` are read, as documented
 * in the README. Call it once per process, before the
 * app's framework is loaded (a `--import` preload); `shutdown()` undoes it.
 * @throws ConfigError naming the variable (or option) whose value is unusable.
 */
export function startGoldenSignals(
  options: GoldenSignalsOptions = {},
  internal: InternalStartOptions = {},
): GoldenSignals {
  const log = options.logger ?? CONSOLE_LOGGER;
  // Another SDK owns the globals: starting ours would add a second server span to its traces.
  if (otherSdkRegistered()) return startBesideOtherSdk(options, log);
  const env = environmentOf(options);
  const { config: read, problems } = internal.lenientConfig
    ? loadConfigLeniently(env)
    : { config: loadConfig(env), problems: [] };
  for (const problem of problems) log.warn(`WARNING: ${problem}`);
  const dropIn = dropInOf(read, env, log);
  const exporting: Config =
    dropIn === undefined
      ? read
      : Object.freeze({
          ...read,
          tracesExporters: dropInTracesExporters(env, read.tracesExporters),
        });
  // The preload reads OTEL_TRACES_EXPORTER as the app's export choice: it never silently turns the dashboard off.
  const chosen = internal.lenientConfig ? zeroCodeTracesExporters(exporting) : undefined;
  if (chosen?.notice !== undefined) log.info(chosen.notice);
  const loaded: Config =
    chosen === undefined
      ? exporting
      : Object.freeze({ ...exporting, tracesExporters: chosen.exporters });
  const forward = forwardingOf(loaded, log);
  // A worker keeps no store and no port of its own: the primary's dashboard shows it.
  const config: Config =
    forward === undefined
      ? loaded
      : Object.freeze({
          ...loaded,
          tracesExporters: loaded.tracesExporters.filter((name) => name !== 'memory'),
          dashboardPort: undefined,
        });
  const ignored = new IgnoredRequests(config.ignorePaths);
  // One guard per handle: everything of ours that runs on the app's time reports to it.
  const guard = new InternalErrors(log);
  // Built once the HTTP instrumentation exists (startTelemetry's order), before the app loads its clients.
  let clients: ClientInstrumentations | undefined;
  const telemetry = startTelemetry(config, {
    guard,
    log,
    forward,
    ignoreIncoming: (req) => ignored.matches(req),
    route: options.route,
    instrumentations: () => {
      clients = clientsOf(config, dropIn, options.instrumentations ?? [], log);
      return [
        ...routeInstrumentations({ guard }),
        ...(dropIn?.instrumentations() ?? []),
        ...(clients?.instrumentations ?? []),
        ...(options.instrumentations ?? []),
      ];
    },
    resourceDetectors: dropIn?.resourceDetectors,
    rootSampler: dropIn?.sampler.sampler,
    dashboardExporter: internal.dashboardExporter,
  });
  // Before the app imports Koa, whose ESM entry only import-in-the-middle sees.
  registerEsmHooks();
  const meter = metrics.getMeter('golden-signals');
  return composeHandle({
    config,
    configProblems: problems,
    warnings: clients?.missing === undefined ? [] : [clients.missing],
    telemetry,
    ignored,
    log,
    saturation: options.saturation,
    forward:
      forward === undefined || telemetry.forwarder === undefined
        ? undefined
        : { settings: forward, forwarder: telemetry.forwarder },
    // OTLP in (POST /v1/traces): other processes' spans into the same store and trace ring.
    receiver: receiverFor(
      telemetry.store,
      config,
      meter,
      guard,
      telemetry.live?.traces,
      receivedDurationsOf(telemetry),
    ),
    meter,
  });
}
