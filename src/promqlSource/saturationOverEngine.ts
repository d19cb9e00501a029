import type { PromQlClient } from '../promql/PromQlClient.js';
import type { SourceFilter } from '../store/SourceFilter.js';
import type { SaturationSample } from '../store/saturation/SaturationSample.js';
import { requestLabelsOf, type SourceLabels, sourceMatchers } from './requestLabels.js';

/** One instance's saturation at one step, read from the gauges `/metrics` exports. */
export interface EngineSaturationPoint {
  readonly service: string;
  readonly instance: string;
  readonly atMs: number;
  readonly sample: SaturationSample;
}

/** Most steps a saturation read asks for per series: a day at one a minute is 1,440, a week one per 10 minutes. */
export const SATURATION_STEPS = 1_500;

/** The gauges and how each fills a sample (the delay is exported in seconds). */
const GAUGES = [
  ['golden_signals_nodejs_eventloop_delay_p99', (v: number) => ({ eventLoopDelayP99Ms: v * 1000 })],
  ['golden_signals_nodejs_eventloop_utilization', (v: number) => ({ eventLoopUtilization: v })],
  ['golden_signals_v8js_memory_heap_used', (v: number) => ({ heapUsedBytes: v })],
  ['golden_signals_process_memory_usage', (v: number) => ({ rssBytes: v })],
  ['golden_signals_http_server_active_requests_peak', (v: number) => ({ peakActiveRequests: v })],
] as const satisfies readonly (readonly [string, (v: number) => Partial<SaturationSample>])[];

/**
 * Every instance's saturation over `[startMs, endMs]`, one point per step of
 * at least a minute, from the `golden_signals_*` gauges: one range query per
 * gauge and way a filtered source is named. An instance missing a gauge at a
 * step gets 0 for it (the peak in flight: unknown, as a forwarding worker's).
 */
export async function saturationOverEngine(
  client: PromQlClient,
  labels: SourceLabels,
  filter: SourceFilter,
  startMs: number,
  endMs: number,
): Promise<EngineSaturationPoint[]> {
  const stepMs = Math.max(
    60_000,
    Math.ceil((endMs - startMs) / SATURATION_STEPS / 60_000) * 60_000,
  );
  const selectors = sourceMatchers(filter, labels);
  const points = new Map<
    string,
    { service: string; instance: string; atMs: number; sample: Partial<SaturationSample> }
  >();
  await Promise.all(
    GAUGES.flatMap(([name, fill]) =>
      selectors.map(async (matchers) => {
        const series = await client.range(
          `{${[`__name__="${name}"`, ...matchers].join(',')}}`,
          startMs,
          endMs,
          stepMs,
        );
        for (const s of series) {
          const { service, instance } = requestLabelsOf(s.metric, labels);
          for (const p of s.points) {
            if (!Number.isFinite(p.v)) continue;
            const key = `${service}\u0000${instance}\u0000${p.t}`;
            let point = points.get(key);
            if (point === undefined) {
              point = { service, instance, atMs: p.t, sample: {} };
              points.set(key, point);
            }
            Object.assign(point.sample, fill(p.v));
          }
        }
      }),
    ),
  );
  return [...points.values()].map((p) => ({
    service: p.service,
    instance: p.instance,
    atMs: p.atMs,
    sample: {
      eventLoopDelayP99Ms: p.sample.eventLoopDelayP99Ms ?? 0,
      eventLoopUtilization: p.sample.eventLoopUtilization ?? 0,
      heapUsedBytes: p.sample.heapUsedBytes ?? 0,
      rssBytes: p.sample.rssBytes ?? 0,
      peakActiveRequests: p.sample.peakActiveRequests,
    },
  }));
}
