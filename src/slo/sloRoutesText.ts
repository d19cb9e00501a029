import type { SloRouteOptions } from '../GoldenSignalsOptions.js';

/**
 * The `routes` option as `GOLDEN_SIGNALS_SLO_ROUTES` text
 * (`/predict availability=99.5 latency_ms=800`), so both are parsed and
 * checked by one reader; undefined when the option is.
 */
export function sloRoutesText(
  routes: Readonly<Record<string, SloRouteOptions>> | undefined,
): string | undefined {
  if (routes === undefined) return undefined;
  return Object.entries(routes)
    .map(([route, o]) => {
      const fields = [
        o.availability === undefined ? '' : ` availability=${o.availability}`,
        o.latency === undefined ? '' : ` latency=${o.latency}`,
        o.latencyThresholdMs === undefined ? '' : ` latency_ms=${o.latencyThresholdMs}`,
      ];
      return `${route}${fields.join('')}`;
    })
    .join(',');
}
