import type { Attributes, Meter } from '@opentelemetry/api';
import type { LatestSaturation } from './LatestSaturation.js';

/**
 * The gauges' names: OpenTelemetry's semantic-convention names under our
 * prefix. Bare, they would collide with instrumentation-runtime-node's
 * (auto-instrumentations-node turns it on), whose `v8js.memory.heap.used`
 * is per heap space and whose window differs; one name would then hold two
 * families on `/metrics`.
 */
export const SATURATION_METRICS = Object.freeze({
  /** Event-loop delay p99 over the monitor's window, in seconds. */
  delayP99: 'golden_signals.nodejs.eventloop.delay.p99',
  /** Event-loop utilization over the monitor's window, 0 to 1. */
  utilization: 'golden_signals.nodejs.eventloop.utilization',
  /** V8 heap in use, in bytes. */
  heapUsed: 'golden_signals.v8js.memory.heap.used',
  /** Resident set size, in bytes. */
  rss: 'golden_signals.process.memory.usage',
  /** Most requests in flight at once between two samples (this process only). */
  peakActive: 'golden_signals.http.server.active_requests.peak',
});

/**
 * Registers the saturation gauges, observed at collection from the last
 * sample each instance gave (every 5 s here; a worker's every status
 * report): one series for this process (no labels, as its duration
 * histogram's), and one per received instance, labelled `service.name` and
 * `service.instance.id` as the histogram's received series are.
 */
export function registerSaturationMetrics(meter: Meter, latest: LatestSaturation): void {
  const delay = meter.createObservableGauge(SATURATION_METRICS.delayP99, {
    description:
      'Event-loop delay p99 over the last minute or so (perf_hooks.monitorEventLoopDelay).',
    unit: 's',
  });
  const utilization = meter.createObservableGauge(SATURATION_METRICS.utilization, {
    description: 'Event-loop utilization over the last minute or so, 0 to 1.',
    unit: '1',
  });
  const heap = meter.createObservableGauge(SATURATION_METRICS.heapUsed, {
    description: 'V8 heap in use.',
    unit: 'By',
  });
  const rss = meter.createObservableGauge(SATURATION_METRICS.rss, {
    description: 'Resident set size of the process.',
    unit: 'By',
  });
  const peak = meter.createObservableGauge(SATURATION_METRICS.peakActive, {
    description:
      'Most HTTP server requests in flight at once since the previous saturation sample.',
    unit: '{request}',
  });
  meter.addBatchObservableCallback(
    (result) => {
      latest.forEach((sample, service, instance) => {
        const attributes: Attributes =
          service === undefined
            ? {}
            : { 'service.name': service, 'service.instance.id': instance ?? 'unknown_instance' };
        result.observe(delay, sample.eventLoopDelayP99Ms / 1000, attributes);
        result.observe(utilization, sample.eventLoopUtilization, attributes);
        result.observe(heap, sample.heapUsedBytes, attributes);
        result.observe(rss, sample.rssBytes, attributes);
        if (sample.peakActiveRequests !== undefined) {
          result.observe(peak, sample.peakActiveRequests, attributes);
        }
      });
    },
    [delay, utilization, heap, rss, peak],
  );
}
