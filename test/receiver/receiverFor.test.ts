import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import { receiverFor } from '../../src/receiver/receiverFor.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';

/** A reader the test collects from when it asks, and never on a timer. */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Every point of the metric `name`, as `outcome/reason = value`. */
async function pointsOf(reader: MetricReader, name: string): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      for (const point of metric.dataPoints) {
        const { outcome, reason } = point.attributes;
        out[reason === undefined ? String(outcome) : `${outcome}/${reason}`] =
          point.value as number;
      }
    }
  }
  return out;
}

const CONFIG = { dashboardToken: undefined, receiverMaxBytes: 4_096 };

describe('receiverFor', () => {
  let reader: OnDemandReader;
  let provider: MeterProvider;

  beforeEach(() => {
    reader = new OnDemandReader();
    provider = new MeterProvider({ readers: [reader] });
  });

  afterEach(() => provider.shutdown());

  it('makes no receiver when there is no store to feed', () => {
    expect(receiverFor(undefined, CONFIG, provider.getMeter('test'))).to.equal(undefined);
  });

  it("makes a receiver into the store, its counts observed on the pipeline's meter", async () => {
    const store = new RequestStore();
    const receiver = receiverFor(store, CONFIG, provider.getMeter('test'));
    if (receiver === undefined) throw new Error('no receiver for a store');
    const body = protobufBody(jsonRequest([jsonSpan(), jsonSpan(), jsonSpan({ kind: 3 })]));
    expect(receiver.ingest(body, 'protobuf')).to.deep.include({ recorded: 2, ignored: 1 });
    const requests = await pointsOf(reader, 'golden_signals.receiver.requests');
    const spans = await pointsOf(reader, 'golden_signals.receiver.spans');
    expect(requests).to.deep.include({ accepted: 1, 'rejected/malformed': 0 });
    expect(spans).to.deep.include({ accepted: 2, ignored: 1, 'rejected/invalid_span': 0 });
  });
});
