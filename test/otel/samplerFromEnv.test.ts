import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { samplerFromEnv } from '../../src/otel/samplerFromEnv.js';

/** The sampler's decision for a root span of `traceId`. */
function decide(env: Record<string, string>, traceId = 'ffffffffffffffffffffffffffffffff') {
  const { sampler } = samplerFromEnv(env);
  return sampler.shouldSample(ROOT_CONTEXT, traceId, 'GET', SpanKind.SERVER, {}, []).decision;
}

describe('samplerFromEnv', () => {
  it('is parent-based always-on when unset, as the NodeSDK default', () => {
    expect(samplerFromEnv({}).sampler.toString()).to.match(/^ParentBased\{root=AlwaysOnSampler/);
    expect(decide({})).to.equal(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('reads each name the specification lists', () => {
    expect(decide({ OTEL_TRACES_SAMPLER: 'always_off' })).to.equal(SamplingDecision.NOT_RECORD);
    expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).to.equal(
      SamplingDecision.NOT_RECORD,
    );
    expect(decide({ OTEL_TRACES_SAMPLER: 'always_on' })).to.equal(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    for (const name of ['traceidratio', 'parentbased_traceidratio']) {
      expect(decide({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: '0' })).to.equal(
        SamplingDecision.NOT_RECORD,
      );
      expect(
        decide(
          { OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: '1' },
          '4bf92f3577b34da6a3ce929d0e0e4736',
        ),
      ).to.equal(SamplingDecision.RECORD_AND_SAMPLED);
    }
  });

  it('says what was wrong and takes the default for a value it cannot use', () => {
    const unknown = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'jaeger_remote' });
    expect(unknown.problem).to.match(
      /^OTEL_TRACES_SAMPLER must be one of always_on, .*got: jaeger_remote/,
    );
    const ratio = samplerFromEnv({
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '2',
    });
    expect(ratio.problem).to.match(/^OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got: 2/);
    expect(decide({ OTEL_TRACES_SAMPLER: 'nope' })).to.equal(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
