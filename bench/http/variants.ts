/**
 * The servers the HTTP benchmark compares, each in its own process, all
 * serving the same trivial route (`GET /items/:id` → `{"id": …}`): the Koa
 * rows from bench/http/benchServer.ts, the per-framework rows from
 * expressServer.ts and fastifyServer.ts. Only what monitoring needs is added
 * per variant.
 */

/** A Koa row's key in bench/results.json. */
export type VariantKey =
  | 'plain'
  | 'otel_noop'
  | 'full'
  | 'full_stock_http'
  | 'full_otel_histogram'
  | 'lean'
  | 'swagger_stats';

/** A per-framework row's key in bench/results.json (the framework's server script reads it). */
export type FrameworkVariantKey =
  | 'express_plain'
  | 'express_ours'
  | 'express_swagger_stats'
  | 'express_prom_bundle'
  | 'fastify_plain'
  | 'fastify_ours'
  | 'fastify_metrics';

/** How to start one variant. */
export interface Variant<K extends string = VariantKey> {
  readonly key: K;
  /** Row label in the printed table. */
  readonly label: string;
  /** The server script in dist/bench/http/ (it gets the key as its argument). */
  readonly server: string;
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

const KOA = 'benchServer.js';
const EXPRESS = 'expressServer.js';
const FASTIFY = 'fastifyServer.js';
const INSTRUMENTATION = ['--import', './dist/instrumentation.js'];

/** Every variant, in the order each round measures them. */
export const VARIANTS: readonly Variant[] = [
  { key: 'plain', label: 'plain Koa (no monitoring)', server: KOA, nodeArgs: [], env: {} },
  {
    key: 'otel_noop',
    label: 'bare OTel: our SDK set-up, no-op exporter',
    server: KOA,
    nodeArgs: ['--import', './dist/bench/http/otelNoopPreload.js'],
    env: DEFAULT_CONFIG_ENV,
  },
  {
    key: 'full',
    label: 'ours, default config',
    server: KOA,
    nodeArgs: INSTRUMENTATION,
    env: DEFAULT_CONFIG_ENV,
  },
  // One lever off each, so that its gain is measured in the same run as 'full'.
  {
    key: 'full_stock_http',
    label: 'ours, default config, stock HttpInstrumentation',
    server: KOA,
    nodeArgs: INSTRUMENTATION,
    env: { ...DEFAULT_CONFIG_ENV, GOLDEN_SIGNALS_HTTP_INSTRUMENTATION: 'stock' },
  },
  {
    key: 'full_otel_histogram',
    label: 'ours, default config, SDK histogram (GOLDEN_SIGNALS_HTTP_METRICS=otel)',
    server: KOA,
    nodeArgs: INSTRUMENTATION,
    env: { ...DEFAULT_CONFIG_ENV, GOLDEN_SIGNALS_HTTP_METRICS: 'otel' },
  },
  {
    key: 'lean',
    label: 'ours, lean config',
    server: KOA,
    nodeArgs: INSTRUMENTATION,
    env: LEAN_CONFIG_ENV,
  },
  { key: 'swagger_stats', label: 'swagger-stats (peer)', server: KOA, nodeArgs: [], env: {} },
];

/**
 * The Koa variants also measured on the realistic 1 ms routes
 * (realisticRoutes.ts), the plain baseline first: add a key of VARIANTS here
 * to give it those rows too.
 */
export const REALISTIC_VARIANT_KEYS: readonly VariantKey[] = [
  'plain',
  'full',
  'lean',
  'swagger_stats',
];

/** One framework's rows; its first variant is the plain baseline the others are compared with. */
export interface Framework {
  readonly name: 'express' | 'fastify';
  readonly label: string;
  readonly variants: readonly Variant<FrameworkVariantKey>[];
}

const plain = (key: FrameworkVariantKey, server: string, label: string) => ({
  key,
  label,
  server,
  nodeArgs: [],
  env: {},
});
// The app is the plain one; only the register preload is added, with the
// default config and its own dashboard server (benchChild gives it port 0).
const zeroCode = (key: FrameworkVariantKey, server: string) => ({
  key,
  label: 'golden-signals, zero-code (--import, default config)',
  server,
  nodeArgs: INSTRUMENTATION,
  env: DEFAULT_CONFIG_ENV,
});

/** The per-framework rows, in the order each round measures them. */
export const FRAMEWORKS: readonly Framework[] = [
  {
    name: 'express',
    label: 'Express 5',
    variants: [
      plain('express_plain', EXPRESS, 'plain Express (no monitoring)'),
      zeroCode('express_ours', EXPRESS),
      plain('express_swagger_stats', EXPRESS, 'swagger-stats (peer)'),
      plain('express_prom_bundle', EXPRESS, 'express-prom-bundle (peer)'),
    ],
  },
  {
    name: 'fastify',
    label: 'Fastify 5',
    variants: [
      plain('fastify_plain', FASTIFY, 'plain Fastify (no monitoring)'),
      zeroCode('fastify_ours', FASTIFY),
      plain('fastify_metrics', FASTIFY, 'fastify-metrics (peer)'),
    ],
  },
];
