import { expect } from 'chai';
import { MAX_SLO_ROUTES, sloRoutesOf } from '../../src/slo/sloRoutesOf.js';

const fail = (message: string) => new Error(message);
const DEFAULTS = { availabilityObjective: 0.999, latencyObjective: 0.99, latencyThresholdMs: 300 };
const routesOf = (text: string | undefined) =>
  sloRoutesOf({ GOLDEN_SIGNALS_SLO_ROUTES: text }, DEFAULTS, fail);

describe('sloRoutesOf', () => {
  it('reads no routes when unset or empty', () => {
    expect(routesOf(undefined)).to.deep.equal({});
    expect(routesOf('  ')).to.deep.equal({});
  });

  it('reads each route in order, its unset objectives taking the defaults', () => {
    const routes = routesOf(
      '/predict availability=99.5 latency=95 latency_ms=800, /users/:id latency_ms=1000',
    );
    expect(Object.keys(routes)).to.deep.equal(['/predict', '/users/:id']);
    expect(routes['/predict']).to.deep.equal({
      availabilityObjective: 0.995,
      latencyObjective: 0.95,
      latencyThresholdMs: 800,
    });
    expect(routes['/users/:id']).to.deep.equal({ ...DEFAULTS, latencyThresholdMs: 1_000 });
  });

  it(`takes at most ${MAX_SLO_ROUTES} routes`, () => {
    const text = Array.from({ length: MAX_SLO_ROUTES + 1 }, (_, i) => `/r${i} latency=90`).join();
    expect(() => routesOf(text)).to.throw(/^GOLDEN_SIGNALS_SLO_ROUTES takes at most 20 routes/);
  });

  const invalid: [string, string][] = [
    ['/predict', '/predict sets no objective'],
    ['/predict=99.5', '/predict=99.5 sets no objective'],
    ['predict availability=99', 'a route starts with /'],
    ['/predict availability=100', 'availability=100 is not one of them'],
    ['/predict latency=99%', 'latency=99% is not one of them'],
    ['/predict latency_ms=600001', 'latency_ms=600001 is not one of them'],
    ['/predict errors=1', 'errors=1 is not one of them'],
  ];
  for (const [text, why] of invalid) {
    it(`rejects ${JSON.stringify(text)}: ${why}`, () => {
      expect(() => routesOf(text))
        .to.throw(Error, /^GOLDEN_SIGNALS_SLO_ROUTES must be a route and /)
        .with.property('message')
        .that.includes(`; ${why}, got: ${text}`);
    });
  }
});
