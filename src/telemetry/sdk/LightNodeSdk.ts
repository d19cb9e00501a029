/**
 * What golden-signals needs of `@opentelemetry/sdk-node`'s NodeSDK, without
 * its dependencies: NodeSDK depends on every OTLP exporter (gRPC included),
 * Zipkin, the logs SDK and the B3/Jaeger propagators, about 100 MB that a
 * zero-code install never used (issue 25). The steps and their order are
 * NodeSDK's own (0.223 / 0.30x `start()`), for the options we pass; the
 * exporters and propagators the environment names load on demand
 * (OptionalPackages). No logger provider is set up (we pass none), and the
 * SDK's own experimental self-metrics (NodeSDK's opt-in) are off.
 */

import {
  type ContextManager,
  context,
  DiagConsoleLogger,
  diag,
  metrics,
  propagation,
  type TextMapPropagator,
  trace,
} from '@opentelemetry/api';
import {
  diagLogLevelFromString,
  getBooleanFromEnv,
  getNumberFromEnv,
  getStringFromEnv,
} from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  detectResources,
  type Resource,
  type ResourceDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import {
  type IdGenerator,
  type Sampler,
  type SpanLimits,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

// Spelled here: the package's ESM entry would load its whole index (about 1 MB
// resident) beside the CommonJS copy OpenTelemetry's own packages load.
const ATTR_SERVICE_NAME = 'service.name';

/** The NodeSDK options golden-signals passes, under NodeSDK's names. */
export interface LightNodeSdkOptions {
  /** Merged under the detected attributes, as NodeSDK does. */
  readonly resource: Resource;
  /** Run at start; synchronous ones only, so every span has the full resource. */
  readonly resourceDetectors: readonly ResourceDetector[];
  /** `service.name`, over everything detected. */
  readonly serviceName: string;
  readonly sampler: Sampler;
  /** Enabled and set as the global context manager at start. */
  readonly contextManager: ContextManager;
  readonly idGenerator: IdGenerator;
  /** With none, no tracer provider is registered (as NodeSDK): no span is made. */
  readonly spanProcessors: readonly SpanProcessor[];
  readonly spanLimits: SpanLimits;
  /** With none, no meter provider is registered: instruments are the API's no-ops. */
  readonly metricReaders: readonly MetricReader[];
  readonly instrumentations: readonly Instrumentation[];
  /** The global propagator; null sets none (`OTEL_PROPAGATORS=none`). */
  readonly textMapPropagator: TextMapPropagator | null;
}

/** Starts and stops the providers NodeSDK would, for {@link LightNodeSdkOptions}. */
export class LightNodeSdk {
  private tracerProvider: TracerProvider | undefined;
  private meterProvider: MeterProvider | undefined;
  private readonly disabled: boolean;

  /** Reads `OTEL_SDK_DISABLED` and `OTEL_LOG_LEVEL` as NodeSDK's constructor does. */
  constructor(private readonly options: LightNodeSdkOptions) {
    this.disabled = getBooleanFromEnv('OTEL_SDK_DISABLED');
    const logLevel = getStringFromEnv('OTEL_LOG_LEVEL');
    if (logLevel !== undefined)
      diag.setLogger(new DiagConsoleLogger(), { logLevel: diagLogLevelFromString(logLevel) });
  }

  /** Registers the instrumentations, context manager, propagator and providers. */
  start(): void {
    if (this.disabled) return;
    const o = this.options;
    registerInstrumentations({ instrumentations: [...o.instrumentations] });
    o.contextManager.enable();
    context.setGlobalContextManager(o.contextManager);
    if (o.textMapPropagator !== null) propagation.setGlobalPropagator(o.textMapPropagator);
    const resource = o.resource
      .merge(detectResources({ detectors: [...o.resourceDetectors] }))
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: o.serviceName }));
    if (o.metricReaders.length > 0) {
      this.meterProvider = new MeterProvider({ resource, readers: [...o.metricReaders] });
      metrics.setGlobalMeterProvider(this.meterProvider);
      for (const instrumentation of o.instrumentations)
        instrumentation.setMeterProvider(metrics.getMeterProvider());
    }
    if (o.spanProcessors.length > 0) {
      this.tracerProvider = new TracerProvider({
        sampler: o.sampler,
        // NodeSDK's reading of the limits we do not set ourselves.
        spanLimits: {
          attributePerEventCountLimit: getNumberFromEnv(
            'OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT',
          ),
          attributePerLinkCountLimit: getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT'),
          ...o.spanLimits,
        },
        resource,
        idGenerator: o.idGenerator,
        spanProcessors: [...o.spanProcessors],
      });
      trace.setGlobalTracerProvider(this.tracerProvider);
    }
  }

  /** Flushes and stops the providers it started. */
  async shutdown(): Promise<void> {
    await Promise.all([this.tracerProvider?.shutdown(), this.meterProvider?.shutdown()]);
  }
}
