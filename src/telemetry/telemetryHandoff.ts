import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { Config } from '../config.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { Telemetry } from './Telemetry.js';

/** Options of `startTelemetry` that the environment cannot express. */
export interface TelemetryStartOptions {
  /**
   * Builds the exporter the dashboard processor feeds, instead of the
   * DashboardSpanExporter. The benchmark's "bare OTel" row passes a no-op
   * exporter here, so everything else is the product's own SDK set-up.
   */
  readonly dashboardExporter?: (store: RequestStore) => SpanExporter;
}

/** What instrumentation.ts publishes for server.ts. */
export interface Handoff {
  readonly telemetry: Telemetry;
  readonly config: Config;
}

let published: Handoff | undefined;
let requested: TelemetryStartOptions = {};

/**
 * Asks instrumentation.ts for start options; call it before importing
 * instrumentation.js (which starts the SDK when it loads). Only preloads
 * such as bench/http/otelNoopPreload.ts use it.
 */
export function requestStartOptions(options: TelemetryStartOptions): void {
  if (published !== undefined) throw new Error('telemetry was already started');
  requested = options;
}

/** The start options requested before instrumentation.js loaded; none by default. */
export function requestedStartOptions(): TelemetryStartOptions {
  return requested;
}

/**
 * Hands the telemetry built by `instrumentation.ts` (loaded with `--import`)
 * to `server.ts`. Only those two entry points call this module; everything
 * below them receives its dependencies as arguments.
 */
export function publishTelemetry(handoff: Handoff): void {
  if (published !== undefined) throw new Error('telemetry was already published');
  published = handoff;
}

/** The published telemetry, or undefined when the process was not started with `--import`. */
export function publishedTelemetry(): Handoff | undefined {
  return published;
}
