import { expect } from 'chai';
import protobuf from 'protobufjs';
import { loadPrometheusProtoFiles } from '../../../scripts/loadPrometheusProtoFiles.js';
import { ExponentialBuckets } from '../../../src/telemetry/prometheus/ExponentialBuckets.js';
import {
  encodeProtobufExposition,
  type NativeSeries,
  seriesKey,
} from '../../../src/telemetry/prometheus/encodeProtobufExposition.js';

interface Decoded {
  name: string;
  metric: {
    histogram?: { sampleCount?: number; schema?: number; positiveSpan?: object[] };
  }[];
}

/** Decodes with the official proto, read from the vendored .proto file. */
function decode(body: Uint8Array): Decoded[] {
  const type = loadPrometheusProtoFiles().lookupType('io.prometheus.client.MetricFamily');
  const reader = protobuf.Reader.create(body);
  const out: Decoded[] = [];
  while (reader.pos < reader.len) {
    out.push(type.toObject(type.decodeDelimited(reader), { longs: Number }) as Decoded);
  }
  return out;
}

const text = (count: number) =>
  [
    '# HELP d Durations',
    '# TYPE d histogram',
    `d_count{r="/a",otel_scope_name="s"} ${count}`,
    'd_sum{r="/a",otel_scope_name="s"} 0.3',
    `d_bucket{r="/a",otel_scope_name="s",le="+Inf"} ${count}`,
    '',
  ].join('\n');

function nativeOf(values: number[]): Map<string, NativeSeries> {
  const b = new ExponentialBuckets();
  for (const v of values) b.record(v);
  return new Map([
    [seriesKey([['r', '/a']]), { count: values.length, buckets: b.snapshot(), exemplars: [] }],
  ]);
}

describe('encodeProtobufExposition', () => {
  it('adds native buckets to a series whose count they hold whole', () => {
    const [d] = decode(encodeProtobufExposition(text(3), 'd', nativeOf([0.1, 0.1, 0.1])));
    expect(d?.metric[0]?.histogram?.schema).to.equal(6);
    expect(d?.metric[0]?.histogram?.sampleCount).to.equal(3);
  });

  it('serves classic only a series with requests the native buckets did not see', () => {
    const [d] = decode(encodeProtobufExposition(text(3), 'd', nativeOf([0.1, 0.1])));
    expect(d?.metric[0]?.histogram?.schema).to.equal(undefined);
    expect(d?.metric[0]?.histogram?.sampleCount).to.equal(3);
  });

  it('marks a native histogram without observations with a no-op span', () => {
    const [d] = decode(encodeProtobufExposition(text(0), 'd', nativeOf([])));
    expect(d?.metric[0]?.histogram?.schema).to.equal(6);
    expect(d?.metric[0]?.histogram?.positiveSpan).to.deep.equal([{ offset: 0, length: 0 }]);
  });

  it('leaves other histogram families classic', () => {
    const [d] = decode(encodeProtobufExposition(text(3), 'other', nativeOf([0.1, 0.1, 0.1])));
    expect(d?.metric[0]?.histogram?.schema).to.equal(undefined);
  });
});
