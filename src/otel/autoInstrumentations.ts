import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResourceDetector } from '@opentelemetry/resources';
import type { TraceExporterName } from '../config.js';
import type { Env } from '../configValues.js';
import { type SamplerFromEnv, samplerFromEnv } from './samplerFromEnv.js';

/** The package whose preload golden-signals can stand in for (an optional peer). */
export const AUTO_INSTRUMENTATIONS_PACKAGE = '@opentelemetry/auto-instrumentations-node';

/** What the preload takes from auto-instrumentations-node. */
export interface AutoInstrumentations {
  /** The installed instrumentations it would turn on, after `OTEL_NODE_ENABLED_INSTRUMENTATIONS` / `…_DISABLED_…`; its HTTP one left out (ours serves). */
  instrumentations(): Instrumentation[];
  /** Its resource detectors, after `OTEL_NODE_RESOURCE_DETECTORS`. */
  readonly resourceDetectors: ResourceDetector[];
  /** The sampler its NodeSDK would take from `OTEL_TRACES_SAMPLER`, and what was wrong with the variable. */
  readonly sampler: SamplerFromEnv;
  /** One line for start-up: what was turned on. */
  readonly notice: string;
}

/** The two functions of the package its own `register` entry calls. */
interface AutoInstrumentationsModule {
  getNodeAutoInstrumentations(config?: Record<string, { enabled?: boolean }>): Instrumentation[];
  getResourceDetectors(): ResourceDetector[];
}

/**
 * Loads auto-instrumentations-node, when installed, the way its own
 * `register` entry uses it: `getNodeAutoInstrumentations()` (which honours
 * `OTEL_NODE_ENABLED_INSTRUMENTATIONS` and `OTEL_NODE_DISABLED_INSTRUMENTATIONS`)
 * and `getResourceDetectors()` (`OTEL_NODE_RESOURCE_DETECTORS`). Its
 * instrumentation-http is left out: golden-signals' HTTP instrumentation
 * makes the same server and client spans, and keeps the dashboard's own
 * paths out of them. Undefined, with the reason, when it is not installed.
 */
export function loadAutoInstrumentations(
  env: Env,
  from: string = import.meta.url,
): AutoInstrumentations | { readonly missing: string } {
  let loaded: AutoInstrumentationsModule;
  try {
    loaded = createRequire(from)(AUTO_INSTRUMENTATIONS_PACKAGE) as AutoInstrumentationsModule;
  } catch (err) {
    return {
      missing: `GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS=on but ${AUTO_INSTRUMENTATIONS_PACKAGE} could not be loaded (${
        err instanceof Error ? err.message.split('\n')[0] : String(err)
      }); install it beside golden-signals (npm i ${AUTO_INSTRUMENTATIONS_PACKAGE}); only the HTTP and route instrumentations run`,
    };
  }
  const resourceDetectors = loaded.getResourceDetectors();
  return {
    resourceDetectors,
    sampler: samplerFromEnv(env),
    instrumentations: () =>
      loaded.getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-http': { enabled: false },
      }),
    notice: `standing in for ${AUTO_INSTRUMENTATIONS_PACKAGE}/register: its installed instrumentations are on (OTEL_NODE_ENABLED_INSTRUMENTATIONS, OTEL_NODE_DISABLED_INSTRUMENTATIONS) with ${resourceDetectors.length} resource detectors (OTEL_NODE_RESOURCE_DETECTORS)`,
  };
}

/**
 * The trace exporters of the drop-in: its preload's default when
 * `OTEL_TRACES_EXPORTER` is unset is `otlp`, so replacing it keeps the
 * exports; a value that is set is read as always.
 */
export function dropInTracesExporters(
  env: Env,
  exporters: readonly TraceExporterName[],
): readonly TraceExporterName[] {
  return env.OTEL_TRACES_EXPORTER?.trim() ? exporters : Object.freeze(['otlp'] as const);
}
