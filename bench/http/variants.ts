/**
 * The servers the HTTP benchmark compares, each in its own process, all
 * serving the same trivial route (`GET /items/:id` → `{"id": …}`) from the
 * same Koa app (bench/http/benchServer.ts). Only what monitoring needs is
 * added per variant.
 */

/** A variant's key in bench/results.json. */
export type VariantKey = 'plain' | 'otel_noop' | 'full' | 'lean' | 'swagger_stats';

/** How to start one variant. */
export interface Variant {
  readonly key: VariantKey;
  /** Row label in the printed table. */
  readonly label: string;
  /** Node arguments before the server script (the `--import` preload). */
  readonly nodeArgs: readonly string[];
  /** Environment added to a clean one (no inherited OTEL_* variables). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The environment of "our default config": the in-memory dashboard exporter
 * and the Prometheus metric reader, so instrumentation-http records the
 * http.server.request.duration histogram. These are the service's defaults;
 * they are set here explicitly so the row keeps measuring them.
 */
export const DEFAULT_CONFIG_ENV = {
  OTEL_TRACES_EXPORTER: 'memory',
  OTEL_METRICS_EXPORTER: 'prometheus',
} as const;

/**
 * The environment of "our lean config": the dashboard exporter and no metric
 * reader, so no histogram is recorded (the dashboard keeps its own sketches).
 */
export const LEAN_CONFIG_ENV = {
  OTEL_TRACES_EXPORTER: 'memory',
  OTEL_METRICS_EXPORTER: 'none',
} as const;

const INSTRUMENTATION = ['--import', './dist/instrumentation.js'];

/** Every variant, in the order each round measures them. */
export const VARIANTS: readonly Variant[] = [
  { key: 'plain', label: 'plain Koa (no monitoring)', nodeArgs: [], env: {} },
  {
    key: 'otel_noop',
    label: 'bare OTel: our SDK set-up, no-op exporter',
    nodeArgs: ['--import', './dist/bench/http/otelNoopPreload.js'],
    env: DEFAULT_CONFIG_ENV,
  },
  {
    key: 'full',
    label: 'ours, default config',
    nodeArgs: INSTRUMENTATION,
    env: DEFAULT_CONFIG_ENV,
  },
  { key: 'lean', label: 'ours, lean config', nodeArgs: INSTRUMENTATION, env: LEAN_CONFIG_ENV },
  { key: 'swagger_stats', label: 'swagger-stats (peer)', nodeArgs: [], env: {} },
];
