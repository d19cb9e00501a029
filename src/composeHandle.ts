import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import { expressAdapter } from './adapters/express.js';
import { fastifyAdapter } from './adapters/fastify.js';
import { koaAdapter } from './adapters/koa.js';
import { alertNotifierFor } from './alerts/alertNotifierFor.js';
import type { ForwardingSpanProcessor } from './cluster/ForwardingSpanProcessor.js';
import { InstanceReporter } from './cluster/InstanceReporter.js';
import { INSTANCE_STATUS_LIMIT, InstanceStatusBoard } from './cluster/InstanceStatusBoard.js';
import type { Config } from './config.js';
import { DashboardServer } from './dashboard/DashboardServer.js';
import { dashboardOver } from './dashboard/dashboardOver.js';
import { type DashboardMountOptions, dashboardPaths } from './dashboard/dashboardPaths.js';
import { DASHBOARD_ROUTES } from './dashboard/dashboardRoutes.js';
import { watchUnrouted } from './dashboard/watchUnrouted.js';
import type { GoldenSignals } from './GoldenSignals.js';
import type { GoldenSignalsLogger } from './GoldenSignalsOptions.js';
import { InternalErrors } from './guard/InternalErrors.js';
import { exposureWarning } from './http/exposureWarning.js';
import type { IgnoredRequests } from './IgnoredRequests.js';
import { engineRoutes } from './promqlSource/engineRoutes.js';
import { engineSourceOf } from './promqlSource/engineSourceOf.js';
import type { OtlpReceiver } from './receiver/OtlpReceiver.js';
import type { SaturationReport } from './reportInputs/SaturationReport.js';
import { remainingUntil, withinDeadline } from './shutdown/withinDeadline.js';
import { LatestSaturation, type SaturationRecorder } from './telemetry/LatestSaturation.js';
import { localInstanceId } from './telemetry/localInstanceId.js';
import { registerSaturationMetrics } from './telemetry/registerSaturationMetrics.js';
import { SaturationMonitor } from './telemetry/SaturationMonitor.js';
import { SaturationSampler } from './telemetry/SaturationSampler.js';
import type { ForwardSettings } from './telemetry/startTelemetry.js';
import type { Telemetry } from './telemetry/Telemetry.js';

/** The share of the shutdown deadline the own port may take to drain. */
export const OWN_PORT_SHARE = 0.5;

/** The share of the shutdown deadline kept for writing the snapshot after the flush. */
export const SNAPSHOT_SHARE = 0.1;

/** The share of the shutdown deadline a send in flight to Alertmanager or the webhook may take. */
export const ALERTS_SHARE = 0.1;

/** The saturation figures before any could be read. */
const NO_SATURATION: SaturationReport = Object.freeze({
  event_loop_delay_p99_ms: 0,
  event_loop_utilization: 0,
  heap_used_bytes: 0,
  rss_bytes: 0,
});

/** What {@link composeHandle} builds the handle over. */
export interface ComposeHandleOptions {
  /** The configuration the mode read (zero-code: from the environment; programmatic and processor: options over it). */
  readonly config: Config;
  /** What was wrong in the environment, the defaults taken instead (the preload only). */
  readonly configProblems?: readonly string[] | undefined;
  /** Why the dashboard may count less than the app serves (another SDK owns the globals); none by default. */
  readonly warnings?: readonly string[] | undefined;
  /** The running pipeline: startTelemetry's (the SDK we start), or processor mode's over the app's SDK; built once, by telemetryOver. */
  readonly telemetry: Telemetry;
  /** The paths never traced: the own port and each mount join them as they are created. */
  readonly ignored: IgnoredRequests;
  /** The caller's logger: the own port's messages and the exposure warning go there. */
  readonly log: GoldenSignalsLogger;
  /** Saturation figures; the process's own (event loop, heap) when undefined. */
  readonly saturation: (() => SaturationReport) | undefined;
  /** The OTLP receiver the dashboard serves at `/v1/traces`; none: those paths are not served. */
  readonly receiver?: OtlpReceiver | undefined;
  /** Where the own port's counters go (`golden_signals.own_port.refused_connections`); none: not on `/metrics`. */
  readonly meter?: Meter | undefined;
  /** The last saturation samples behind gauges registered elsewhere (processor mode: on the app's meter, at its first span). */
  readonly saturationGauges?: LatestSaturation | undefined;
  /** A cluster worker's forwarding: its status goes to the receiver every few seconds. */
  readonly forward?:
    | { readonly settings: ForwardSettings; readonly forwarder: ForwardingSpanProcessor }
    | undefined;
}

/**
 * The one function that builds a handle, in every mode (zero-code,
 * programmatic, processor): over the telemetry, whichever SDK feeds it, the
 * saturation readings, the dashboard, its own port when configured, a
 * worker's status reporter, the adapters, and a shutdown that closes the
 * port, then stops the telemetry.
 */
export function composeHandle(options: ComposeHandleOptions): GoldenSignals {
  const { config, telemetry, ignored, log } = options;
  const configProblems = Object.freeze([...(options.configProblems ?? [])]);
  const warnings = Object.freeze([...(options.warnings ?? [])]);
  // The composition's guard, which the telemetry was built with; a hand-built telemetry has none.
  const guard = telemetry.internalErrors ?? new InternalErrors(log);
  const monitor =
    options.saturation === undefined ? new SaturationMonitor(Date.now, guard) : undefined;
  const read = options.saturation ?? (() => (monitor as SaturationMonitor).read());
  // Read by the overview and a worker's status: a saturation option that
  // throws gives the last good figures, counted. The sampler skips a failed
  // sample instead (its own guard), so the history holds no stand-in figures.
  let lastSaturation: SaturationReport = NO_SATURATION;
  const saturation = (): SaturationReport => {
    lastSaturation = guard.run('saturation.read', read, lastSaturation);
    return lastSaturation;
  };
  const { store } = telemetry;
  // The last samples, for /metrics' saturation gauges (issue 21: the fleet's saturation panel).
  const exportsMetrics = config.metricsExporters.some((e) => e !== 'none');
  const gauges =
    options.meter === undefined || !exportsMetrics ? undefined : new LatestSaturation();
  if (options.meter !== undefined && gauges !== undefined) {
    registerSaturationMetrics(options.meter, gauges);
  }
  const latest = options.saturationGauges ?? gauges;
  const recorders = [store, latest].filter((r) => r !== undefined);
  const recorder: SaturationRecorder = {
    recordSaturation: (sample, service, instance) => {
      for (const r of recorders) r.recordSaturation(sample, service, instance);
    },
  };
  // The saturation history's own samples, whether or not anyone reads the dashboard.
  const sampler =
    recorders.length === 0
      ? undefined
      : new SaturationSampler(
          recorder,
          read,
          () => telemetry.peakActiveRequests?.() ?? 0,
          undefined,
          guard,
        );
  // With a receiver, the statuses of the workers that forward to it; each one's
  // saturation goes into the history too (no peak in flight: it reports none).
  const board =
    options.receiver === undefined
      ? undefined
      : new InstanceStatusBoard(INSTANCE_STATUS_LIMIT, ({ service, instance, saturation: s }) =>
          recorder.recordSaturation(
            {
              eventLoopDelayP99Ms: s.event_loop_delay_p99_ms,
              eventLoopUtilization: s.event_loop_utilization,
              heapUsedBytes: s.heap_used_bytes,
              rssBytes: s.rss_bytes,
            },
            service,
            instance,
          ),
        );
  // Says once on stderr when no request gets a route template (an unrecognised framework).
  const unrouted =
    store === undefined ? undefined : watchUnrouted(store, (m) => log.warn(m), guard);
  let own: DashboardServer | undefined;
  // Links in alerts point at the own port once it listens, unless configured.
  let ownUrl: string | undefined;
  const notifier = alertNotifierFor(config, store, guard, () => ownUrl, options.meter);
  // `serve --prometheus` (GOLDEN_SIGNALS_PROMETHEUS_URL): the same routes, answered over the engine.
  const engine = config.prometheus === undefined ? undefined : engineSourceOf(config.prometheus);
  const dashboard = dashboardOver({
    routes: engine && engineRoutes(DASHBOARD_ROUTES, engine),
    telemetry,
    saturation,
    dashboardToken: config.dashboardToken,
    receiver: options.receiver,
    instanceStatus: board,
    drillDown: {
      slo: config.slo,
      otlpTracesEndpoint: config.traces.otlpTracesEndpoint,
      alerts: notifier && (() => notifier.state()),
    },
    sampleSaturation: () => sampler?.sample(),
    configProblems,
    thresholds: config.thresholds,
    warnings,
    ownPort: () =>
      own === undefined
        ? undefined
        : {
            connection_limit: config.ownServer.maxConnections,
            refused_connections: own.refusedConnections,
          },
  });
  const { forward } = options;
  const reporter =
    forward === undefined
      ? undefined
      : new InstanceReporter({
          url: forward.settings.url,
          token: forward.settings.token,
          resource: () => forward.forwarder.resource,
          fallbackInstance: localInstanceId(),
          saturation,
          forwarded: () => forward.forwarder.stats(),
          activeRequests: () => telemetry.activeRequests(),
          guard,
        });
  if (config.dashboardPort !== undefined) {
    const warning = exposureWarning(config.dashboardHost, config.dashboardToken);
    if (warning !== undefined) log.warn(warning);
    own = new DashboardServer(dashboard, {
      port: config.dashboardPort,
      host: config.dashboardHost,
      timeouts: config.timeouts,
      limits: config.ownServer,
      log,
      guard,
    });
    ignored.setOwnServer(own);
    void own.url.then((url) => {
      ownUrl = url;
    });
    const served = own;
    options.meter
      ?.createObservableCounter('golden_signals.own_port.refused_connections', {
        description:
          'Connections the own port closed at once, past GOLDEN_SIGNALS_MAX_CONNECTIONS.',
        unit: '{connection}',
      })
      .addCallback((result) => result.observe(served.refusedConnections));
  }
  const mount = (mountOptions?: DashboardMountOptions) => {
    const paths = dashboardPaths(mountOptions);
    ignored.addMount(paths.prefix, paths.metricsPath);
    return (req: IncomingMessage, res: ServerResponse, url?: string) =>
      dashboard.serve(req, res, paths, url);
  };
  // One step per line, each bounded by what is left of the deadline; the
  // telemetry's step writes the snapshot even when its flush runs out of time.
  const shutdownWithin = async (timeoutMs: number): Promise<void> => {
    const endsAt = performance.now() + timeoutMs;
    // Each step is guarded: one that throws or rejects never stops the next.
    await guard.step('shutdown.alerts', () =>
      notifier === undefined
        ? undefined
        : withinDeadline(notifier.stop(), timeoutMs * ALERTS_SHARE),
    );
    await guard.step('shutdown.dashboard', () => own?.close(timeoutMs * OWN_PORT_SHARE));
    // Before the telemetry stops: its snapshot then holds the last sample.
    await guard.step('shutdown.sampler', () => sampler?.stop());
    await guard.step('shutdown.telemetry', () =>
      telemetry.shutdown(remainingUntil(endsAt) - timeoutMs * SNAPSHOT_SHARE),
    );
    // After the flush: the last status says what was still pending (nothing, unless it failed).
    await guard.step('shutdown.reporter', () =>
      reporter === undefined ? undefined : withinDeadline(reporter.stop(), remainingUntil(endsAt)),
    );
    guard.run('shutdown.monitor', () => monitor?.stop(), undefined);
    guard.run('shutdown.dashboard', () => engine?.close(), undefined);
    guard.run('unrouted.check', () => unrouted?.stop(), undefined);
  };
  let stopping: Promise<void> | undefined;
  return {
    config,
    configProblems,
    warnings,
    store: telemetry.store,
    telemetry,
    dashboardUrl: own?.url ?? Promise.resolve(undefined),
    internalErrors: guard,
    handler: (mountOptions) => {
      const serve = mount(mountOptions);
      return (req, res) => serve(req, res);
    },
    koa: (mountOptions) => koaAdapter(mount(mountOptions)),
    express: (mountOptions) => expressAdapter(mount(mountOptions)),
    fastify: fastifyAdapter((prefix) => mount({ prefix })),
    shutdown: (shutdownOptions) => {
      stopping ??= shutdownWithin(shutdownOptions?.timeoutMs ?? config.ownServer.shutdownTimeoutMs);
      return stopping;
    },
  };
}
