import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { otherSdkRegistered } from '../../src/otel/otherSdkRegistered.js';

describe('otherSdkRegistered', () => {
  afterEach(() => trace.disable());

  it('is false while no tracer provider is registered', () => {
    expect(otherSdkRegistered()).to.equal(false);
  });

  it('is true once an SDK registered one, and false again once it is gone', () => {
    expect(trace.setGlobalTracerProvider(new TracerProvider())).to.equal(true);
    expect(otherSdkRegistered()).to.equal(true);
    trace.disable();
    expect(otherSdkRegistered()).to.equal(false);
  });
});
