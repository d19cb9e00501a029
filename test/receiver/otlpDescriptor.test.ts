import { expect } from 'chai';
import { loadOtlpProtoFiles } from '../../scripts/loadOtlpProtoFiles.js';
import { OTLP_DESCRIPTOR } from '../../src/receiver/otlpDescriptor.js';

describe('otlpDescriptor', () => {
  it('is what the vendored official .proto files give (regenerate with scripts/otlpDescriptor.ts)', () => {
    expect(JSON.parse(JSON.stringify(OTLP_DESCRIPTOR))).to.deep.equal(
      JSON.parse(JSON.stringify(loadOtlpProtoFiles().toJSON())),
    );
  });
});
