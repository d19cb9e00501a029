import { metrics } from '@opentelemetry/api';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import {
  AlwaysOnSampler,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { composeHandle } from './composeHandle.js';
import { loadConfig } from './config.js';
import { CONSOLE_LOGGER } from './consoleLogger.js';
import { environmentOf } from './environmentOf.js';
import type { GoldenSignalsParts, GoldenSignalsPartsOptions } from './GoldenSignalsParts.js';
import { InternalErrors } from './guard/InternalErrors.js';
import { IgnoredRequests } from './IgnoredRequests.js';
import { receiverFor } from './receiver/receiverFor.js';
import { registerReceiverMetrics } from './receiver/registerReceiverMetrics.js';
import { registerEsmHooks } from './routes/registerEsmHooks.js';
import { routeInstrumentations } from './routes/routeInstrumentations.js';
import { createDashboardPipeline } from './telemetry/dashboardPipeline.js';
import { LeanHttpInstrumentation } from './telemetry/http/LeanHttpInstrumentation.js';
import { IgnoringSpanProcessor } from './telemetry/IgnoringSpanProcessor.js';
import { LatestSaturation } from './telemetry/LatestSaturation.js';
import { PrometheusReader } from './telemetry/PrometheusReader.js';
import { registerPipelineMetrics } from './telemetry/registerPipelineMetrics.js';
import { registerSaturationMetrics } from './telemetry/registerSaturationMetrics.js';
import { routeFallbackHook } from './telemetry/routeFallbackHook.js';
import { pipelineSourcesOf, telemetryOver } from './telemetry/telemetryOver.js';

/**
 * Processor mode: golden-signals inside an app that already runs an
 * OpenTelemetry SDK. Builds the store, its Telemetry (telemetryOver, as
 * startTelemetry does), the handle (composeHandle, as startGoldenSignals
 * does: the same dashboard, own port unless `port: false`, and adapters)
 * and the parts to give that SDK; starts no SDK and
 * sets no OpenTelemetry global. The environment is read as by
 * startGoldenSignals, except `OTEL_TRACES_EXPORTER` and
 * `OTEL_METRICS_EXPORTER`, which belong to the app's SDK.
 * @throws ConfigError naming the variable (or option) whose value is unusable.
 */
export function createGoldenSignals(
  options: GoldenSignalsPartsOptions = {},
  internal: { readonly warnings?: readonly string[] } = {},
): GoldenSignalsParts {
  const log = options.logger ?? CONSOLE_LOGGER;
  const config = loadConfig(
    environmentOf({ ...options, tracesExporters: ['memory'], metricsExporters: ['prometheus'] }),
  );
  const ignored = new IgnoredRequests(config.ignorePaths);
  // One guard per handle: everything of ours that runs on the app's time reports to it.
  const guard = new InternalErrors(log);
  const pipeline = createDashboardPipeline(config, { log, guard });
  const reader = new PrometheusReader();
  // OTLP in (POST /v1/traces), as in the other modes; its counters join the app's meter below.
  const receiver = receiverFor(pipeline.store, config, undefined, guard, pipeline.live.traces);
  // Filled by the saturation sampler once the handle is composed; read at each collection.
  const saturationGauges = new LatestSaturation();
  // The app's MeterProvider is global once its SDK has started, which is
  // before the first span: the pipeline's own gauges register then.
  const processor = new IgnoringSpanProcessor(
    pipeline.processor,
    (pathname) => ignored.matchesPath(pathname),
    () => {
      const meter = metrics.getMeter('golden-signals');
      registerPipelineMetrics(meter, pipelineSourcesOf(telemetry));
      registerSaturationMetrics(meter, saturationGauges);
      if (receiver !== undefined) registerReceiverMetrics(meter, receiver.stats);
    },
    guard,
  );
  // The app's own OTLP pipeline is the app's to watch: no otlpSpans here.
  const telemetry = telemetryOver(pipeline, {
    config,
    guard,
    stopSpans: () => processor.shutdown(),
    metricsHandler: (req, res) => reader.serve(req, res),
  });
  const handle = composeHandle({
    config,
    telemetry,
    ignored,
    log,
    saturation: options.saturation,
    receiver,
    warnings: internal.warnings,
    saturationGauges,
  });
  const { route } = options;
  const httpInstrumentationConfig = (
    base: HttpInstrumentationConfig = {},
  ): HttpInstrumentationConfig => {
    const theirIgnore = base.ignoreIncomingRequestHook;
    const theirAttributes = base.applyCustomAttributesOnSpan;
    const ours = route === undefined ? undefined : routeFallbackHook(route);
    return {
      ...base,
      ignoreIncomingRequestHook: (req) => ignored.matches(req) || theirIgnore?.(req) === true,
      ...(ours === undefined && theirAttributes === undefined
        ? {}
        : {
            applyCustomAttributesOnSpan: (span, req, res) => {
              ours?.(span, req, res);
              theirAttributes?.(span, req, res);
            },
          }),
    };
  };
  return {
    ...handle,
    spanProcessor: () => processor,
    instrumentations: () => {
      registerEsmHooks();
      return routeInstrumentations({ guard });
    },
    httpInstrumentationConfig,
    httpInstrumentation: (base?: HttpInstrumentationConfig) =>
      new LeanHttpInstrumentation(httpInstrumentationConfig(base), {
        guard,
        warn: (m) => log.warn(m),
      }),
    sampler: (root?: Sampler) =>
      createAlwaysRecordSampler(root ?? new ParentBasedSampler({ root: new AlwaysOnSampler() })),
    metricReader: () => reader,
  };
}
