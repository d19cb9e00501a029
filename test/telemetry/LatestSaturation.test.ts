import {
  AggregationTemporality,
  type GaugeMetricData,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import type { SaturationSample } from '../../src/store/saturation/SaturationSample.js';
import { LatestSaturation, SATURATION_STALE_MS } from '../../src/telemetry/LatestSaturation.js';
import {
  registerSaturationMetrics,
  SATURATION_METRICS,
} from '../../src/telemetry/registerSaturationMetrics.js';

const sample = (delayMs: number, peak?: number): SaturationSample => ({
  eventLoopDelayP99Ms: delayMs,
  eventLoopUtilization: 0.25,
  heapUsedBytes: 1_000,
  rssBytes: 5_000,
  ...(peak === undefined ? {} : { peakActiveRequests: peak }),
});

function seen(latest: LatestSaturation): [number, string | undefined, string | undefined][] {
  const out: [number, string | undefined, string | undefined][] = [];
  latest.forEach((s, service, instance) => {
    out.push([s.eventLoopDelayP99Ms, service, instance]);
  });
  return out;
}

describe('LatestSaturation', () => {
  it("keeps this process's last sample and each received instance's", () => {
    const latest = new LatestSaturation(() => 0);
    latest.recordSaturation(sample(1));
    latest.recordSaturation(sample(2));
    latest.recordSaturation(sample(7), 'shop', 'w1');
    latest.recordSaturation(sample(8), 'shop', 'w1');
    latest.recordSaturation(sample(9), 'shop', 'w2');
    expect(seen(latest)).to.deep.equal([
      [2, undefined, undefined],
      [8, 'shop', 'w1'],
      [9, 'shop', 'w2'],
    ]);
  });

  it('forgets an instance silent for longer than SATURATION_STALE_MS', () => {
    let now = 0;
    const latest = new LatestSaturation(() => now);
    latest.recordSaturation(sample(1), 'shop', 'gone');
    now = SATURATION_STALE_MS / 2;
    latest.recordSaturation(sample(2), 'shop', 'alive');
    now = SATURATION_STALE_MS + 1;
    expect(seen(latest)).to.deep.equal([[2, 'shop', 'alive']]);
  });

  it('holds at most its limit of instances, counting the samples of the others', () => {
    let now = 0;
    const latest = new LatestSaturation(() => now, 2);
    for (const id of ['a', 'b', 'c']) latest.recordSaturation(sample(1), 's', id);
    expect(seen(latest).map(([, , i]) => i)).to.deep.equal(['a', 'b']);
    expect(latest.droppedInstances).to.equal(1);
    now = SATURATION_STALE_MS + 1;
    latest.recordSaturation(sample(1), 's', 'c');
    expect(seen(latest).map(([, , i]) => i)).to.deep.equal(['c']);
  });
});

describe('registerSaturationMetrics', () => {
  it('observes one series per instance: unlabelled for this process, service and instance for the others', async () => {
    const latest = new LatestSaturation(() => 0);
    latest.recordSaturation(sample(12.5, 4));
    latest.recordSaturation(sample(40), 'shop', 'w1');
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    registerSaturationMetrics(provider.getMeter('golden-signals'), latest);
    await reader.forceFlush();
    const metrics = exporter
      .getMetrics()
      .flatMap((r) => r.scopeMetrics)
      .flatMap((s) => s.metrics) as GaugeMetricData[];
    await provider.shutdown();
    const byName = Object.fromEntries(
      metrics.map((m) => [m.descriptor.name, m.dataPoints.map((p) => [p.value, p.attributes])]),
    );
    const w1 = { 'service.name': 'shop', 'service.instance.id': 'w1' };
    expect(byName).to.deep.equal({
      [SATURATION_METRICS.delayP99]: [
        [0.0125, {}],
        [0.04, w1],
      ],
      [SATURATION_METRICS.utilization]: [
        [0.25, {}],
        [0.25, w1],
      ],
      [SATURATION_METRICS.heapUsed]: [
        [1_000, {}],
        [1_000, w1],
      ],
      [SATURATION_METRICS.rss]: [
        [5_000, {}],
        [5_000, w1],
      ],
      // A worker reports no peak in flight.
      [SATURATION_METRICS.peakActive]: [[4, {}]],
    });
    expect(
      metrics.find((m) => m.descriptor.name === SATURATION_METRICS.delayP99)?.descriptor.unit,
    ).to.equal('s');
  });
});
