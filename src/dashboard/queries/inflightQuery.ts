import type { InflightRegistry } from '../../inflight/InflightRegistry.js';
import { UNMATCHED_ENDPOINT } from '../../reportInputs/unmatchedEndpoint.js';
import { isoTime, round2 } from './numbers.js';

/** Requests `/dashboard/inflight` lists unless `limit` says otherwise. */
export const DEFAULT_INFLIGHT_LIST = 100;
/** Most requests `/dashboard/inflight` lists. */
export const MAX_INFLIGHT_LIST = 1_000;

/** One request running now. */
export interface InflightRequest {
  trace_id: string;
  span_id: string;
  method: string;
  /** The route template once routed; `unmatched` before (never the raw path, which may carry ids or tokens). */
  endpoint: string;
  /** True once a route hook named the template. */
  routed: boolean;
  started_at: string;
  age_ms: number;
}

/** The `/dashboard/inflight` answer. */
export interface InflightReport {
  /** Requests in flight now, tracked or not. */
  total: number;
  /** Listed below, oldest first. */
  listed: number;
  /** Tracked, at least `min_age_ms` old, and not listed because of `limit`. */
  left_out: number;
  /** Tracked requests younger than `min_age_ms`. */
  younger: number;
  /** Since start, requests that began while the tracked set was full: counted in `total` while they run, never listed. */
  untracked: number;
  tracked_limit: number;
  limit: number;
  min_age_ms: number;
  requests: InflightRequest[];
}

function hrToMs(time: readonly [number, number]): number {
  return time[0] * 1e3 + time[1] / 1e6;
}

/**
 * The requests running now, oldest first, at least `minAgeMs` old, at most
 * `limit` of them; `total` is the processor's exact in-flight count.
 */
export function inflightQuery(
  registry: InflightRegistry,
  total: number,
  nowMs: number,
  limit: number,
  minAgeMs: number,
): InflightReport {
  const requests: InflightRequest[] = [];
  let matching = 0;
  let younger = 0;
  for (const span of registry.values()) {
    const startMs = hrToMs(span.startTime);
    const age = Math.max(0, nowMs - startMs);
    if (age < minAgeMs) {
      younger++;
      continue;
    }
    matching++;
    if (requests.length >= limit) continue;
    const attrs = span.attributes;
    const route = attrs['http.route'];
    const method = attrs['http.request.method'] ?? attrs['http.method'];
    const routed = typeof route === 'string' && route !== '';
    const context = span.spanContext();
    requests.push({
      trace_id: context.traceId,
      span_id: context.spanId,
      method: typeof method === 'string' ? method : 'UNKNOWN',
      endpoint: routed ? route : UNMATCHED_ENDPOINT,
      routed,
      started_at: isoTime(startMs),
      age_ms: round2(age),
    });
  }
  // Start order is insertion order; a clock step could break it, so sort anyway (few rows).
  requests.sort((a, b) => b.age_ms - a.age_ms);
  return {
    total: Math.max(total, registry.size),
    listed: requests.length,
    left_out: matching - requests.length,
    younger,
    untracked: registry.untracked,
    tracked_limit: registry.trackedLimit,
    limit,
    min_age_ms: minAgeMs,
    requests,
  };
}
