import { fractionOf, MAX_THRESHOLD_MS, thresholdOf } from './objectiveValues.js';

/** Most routes with objectives of their own: each adds its windows to every `/slo` answer. */
export const MAX_SLO_ROUTES = 20;

/** A route's own objectives; what its entry leaves out is the service-wide setting. */
export interface RouteObjectives {
  /** Fraction of the route's requests that must succeed: 0.995. */
  readonly availabilityObjective: number;
  /** Fraction of the route's requests that must finish within `latencyThresholdMs`: 0.99. */
  readonly latencyObjective: number;
  /** The route's latency threshold, in milliseconds. */
  readonly latencyThresholdMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const EXAMPLE =
  '/predict availability=99.5 latency=95 latency_ms=800,/users/:id availability=99.99';

/**
 * `GOLDEN_SIGNALS_SLO_ROUTES`: objectives per route template, comma-separated
 * entries of a route and `availability=`, `latency=` (percentages) and
 * `latency_ms=`, separated by spaces; each left out takes `defaults`.
 */
export function sloRoutesOf(
  env: Env,
  defaults: RouteObjectives,
  fail: (message: string) => Error,
): Readonly<Record<string, RouteObjectives>> {
  const text = env.GOLDEN_SIGNALS_SLO_ROUTES?.trim();
  const routes: Record<string, RouteObjectives> = Object.create(null);
  if (text === undefined || text === '') return Object.freeze(routes);
  const entries = text.split(',').map((e) => e.trim());
  if (entries.length > MAX_SLO_ROUTES) {
    throw fail(
      `GOLDEN_SIGNALS_SLO_ROUTES takes at most ${MAX_SLO_ROUTES} routes, got ${entries.length}`,
    );
  }
  for (const entry of entries) {
    const [route = '', ...fields] = entry.split(/\s+/);
    const bad = (why: string) =>
      fail(
        `GOLDEN_SIGNALS_SLO_ROUTES must be a route and availability=, latency= (percentages) or latency_ms= (1 to ${MAX_THRESHOLD_MS}), entries comma-separated (e.g. ${EXAMPLE}); ${why}, got: ${entry.slice(0, 80)}`,
      );
    if (!route.startsWith('/')) throw bad('a route starts with /');
    if (fields.length === 0) throw bad(`${route} sets no objective`);
    const own: { -readonly [K in keyof RouteObjectives]: RouteObjectives[K] } = { ...defaults };
    for (const field of fields) {
      const eq = field.indexOf('=');
      const key = field.slice(0, eq);
      const value = field.slice(eq + 1);
      const parsed =
        eq === -1
          ? undefined
          : key === 'latency_ms'
            ? thresholdOf(value)
            : key === 'availability' || key === 'latency'
              ? fractionOf(value)
              : undefined;
      if (parsed === undefined) throw bad(`${field.slice(0, 40)} is not one of them`);
      if (key === 'availability') own.availabilityObjective = parsed;
      else if (key === 'latency') own.latencyObjective = parsed;
      else own.latencyThresholdMs = parsed;
    }
    routes[route] = Object.freeze(own);
  }
  return Object.freeze(routes);
}
