import type { TimeChart } from './charts.js';
import type { SloAnswer } from './drillDownTypes.js';
import { formatMs } from './format.js';

/**
 * The latency threshold the charts draw: the route's own latency objective
 * when it has one, else the objective over every route; undefined without one.
 */
export function latencyThresholdOf(slo: SloAnswer, route?: string): number | undefined {
  const own = slo.routes
    .find((r) => r.route === route)
    ?.objectives.find((o) => o.name === 'latency' && o.threshold_ms !== null);
  const all = slo.objectives.find((o) => o.name === 'latency' && o.threshold_ms !== null);
  return (own ?? all)?.threshold_ms ?? undefined;
}

/** Draws the latency objective's threshold across `chart` (its `ms` scale), or removes it. */
export function showLatencyThreshold(chart: TimeChart, slo: SloAnswer, route?: string): void {
  const ms = latencyThresholdOf(slo, route);
  chart.setThreshold(
    ms === undefined ? undefined : { scale: 'ms', value: ms, label: `SLO ${formatMs(ms)}` },
  );
}
