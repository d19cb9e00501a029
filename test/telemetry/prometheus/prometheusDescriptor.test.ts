import { expect } from 'chai';
import { loadPrometheusProtoFiles } from '../../../scripts/loadPrometheusProtoFiles.js';
import { PROMETHEUS_DESCRIPTOR } from '../../../src/telemetry/prometheus/prometheusDescriptor.js';

describe('prometheusDescriptor', () => {
  it('is what the vendored official metrics.proto gives (regenerate with scripts/prometheusDescriptor.ts)', () => {
    expect(JSON.parse(JSON.stringify(PROMETHEUS_DESCRIPTOR))).to.deep.equal(
      JSON.parse(JSON.stringify(loadPrometheusProtoFiles().toJSON())),
    );
  });
});
