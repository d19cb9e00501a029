import { fetchJson } from './api.js';
import type { SaturationSample } from './chartData.js';
import type { SaturationAnswer } from './drillDownTypes.js';
import type { Period } from './period.js';
import { type SourceChoice, sourceParams } from './sourceChoice.js';

/** The saturation history of a period, from the store (so a reload, or a restart with a snapshot, keeps it). */
export function fetchSaturation(
  base: string,
  period: Period,
  source: SourceChoice,
): Promise<SaturationAnswer> {
  const filter = sourceParams(source);
  return fetchJson<SaturationAnswer>(
    `${base}/saturation?period=${encodeURIComponent(period)}${filter === '' ? '' : `&${filter}`}`,
  );
}

/**
 * The chart's samples: one instance's history (the chosen one, else this
 * process, else the first), a point per step, with the peak in flight and
 * the event-loop delay p99 of the step.
 */
export function historySamples(answer: SaturationAnswer): SaturationSample[] {
  const one =
    answer.instances.length === 1
      ? answer.instances[0]
      : (answer.instances.find((i) => i.local) ?? answer.instances[0]);
  return (one?.points ?? []).map((p) => ({
    t: Date.parse(p.timestamp) / 1000,
    inFlight: p.peak_active_requests ?? 0,
    loopDelayP99Ms: p.event_loop_delay_p99_ms,
  }));
}
