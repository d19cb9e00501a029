import { expect } from 'chai';
import { sloRoutesOf } from '../../src/slo/sloRoutesOf.js';
import { sloRoutesText } from '../../src/slo/sloRoutesText.js';

describe('sloRoutesText', () => {
  it('writes nothing for no option', () => {
    expect(sloRoutesText(undefined)).to.equal(undefined);
  });

  it('writes the routes option as the variable reads it', () => {
    const text = sloRoutesText({
      '/predict': { availability: 99.5, latencyThresholdMs: 800 },
      '/users/:id': { latency: 95 },
    });
    expect(text).to.equal('/predict availability=99.5 latency_ms=800,/users/:id latency=95');
    const defaults = {
      availabilityObjective: 0.999,
      latencyObjective: 0.99,
      latencyThresholdMs: 300,
    };
    const fail = (m: string) => new Error(m);
    expect(sloRoutesOf({ GOLDEN_SIGNALS_SLO_ROUTES: text }, defaults, fail)).to.deep.equal({
      '/predict': { availabilityObjective: 0.995, latencyObjective: 0.99, latencyThresholdMs: 800 },
      '/users/:id': {
        availabilityObjective: 0.999,
        latencyObjective: 0.95,
        latencyThresholdMs: 300,
      },
    });
  });
});
