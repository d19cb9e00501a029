import type { Exemplar } from '../../store/exemplars/Exemplar.js';
import { isoTime, round2 } from './numbers.js';

/** A held request, as the JSON API shows it. */
export interface ExemplarJson {
  timestamp: string;
  endpoint: string;
  method: string;
  status_code: number;
  duration_ms: number;
  /** Lower-case hex; `''` when the span had none. */
  trace_id: string;
  /** Lower-case hex of the request's server span; `''` when none is known (kept since issue 22). */
  span_id: string;
  service: string;
  instance: string;
}

/** An exemplar near a percentile: the held request closest to it. */
export interface NearExemplarJson extends ExemplarJson {
  /** The percentile it stands for, in milliseconds. */
  percentile_ms: number;
  /** `|duration - percentile| / percentile`, in percent. */
  distance_pct: number;
}

/** The JSON form of an exemplar. */
export function exemplarJson(e: Exemplar): ExemplarJson {
  return {
    timestamp: isoTime(e.timestampMs),
    endpoint: e.endpoint,
    method: e.method,
    status_code: e.statusCode,
    duration_ms: round2(e.durationMs),
    trace_id: e.traceId,
    span_id: e.spanId ?? '',
    service: e.service,
    instance: e.instance,
  };
}

/** `e` as the exemplar near a percentile of `percentileMs`, `distanceMs` from it. */
export function nearJson(e: Exemplar, percentileMs: number, distanceMs: number): NearExemplarJson {
  const pct = percentileMs > 0 ? (100 * distanceMs) / percentileMs : 0;
  return {
    ...exemplarJson(e),
    percentile_ms: round2(percentileMs),
    distance_pct: Math.round(pct * 1000) / 1000,
  };
}

/** The held request whose duration is closest to `percentileMs`, or null when none is held. */
export function nearestExemplar(
  exemplars: readonly Exemplar[],
  percentileMs: number,
): NearExemplarJson | null {
  let best: Exemplar | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const e of exemplars) {
    const d = Math.abs(e.durationMs - percentileMs);
    if (d < bestDistance) {
      best = e;
      bestDistance = d;
    }
  }
  return best === undefined ? null : nearJson(best, percentileMs, bestDistance);
}
