import { expect } from 'chai';
import { acceptsProtobufExposition } from '../../../src/telemetry/prometheus/acceptsProtobufExposition.js';

describe('acceptsProtobufExposition', () => {
  const cases: [string | undefined, boolean][] = [
    // Prometheus 2.42 with --enable-feature=native-histograms.
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      true,
    ],
    // Prometheus 2.42 without it.
    [
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      false,
    ],
    [
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
      true,
    ],
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text',
      false,
    ],
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0',
      false,
    ],
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.2,text/plain',
      false,
    ],
    ['*/*', false],
    [undefined, false],
  ];
  for (const [accept, expected] of cases) {
    it(`${expected ? 'asks' : 'does not ask'} for protobuf: ${accept}`, () => {
      expect(acceptsProtobufExposition(accept)).to.equal(expected);
    });
  }
});
