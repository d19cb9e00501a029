import { expect } from 'chai';
import { loadDemoConfig } from '../../demo/config.js';
import { ConfigError } from '../../src/index.js';

type Env = Record<string, string | undefined>;

describe('demo config', () => {
  describe('#loadDemoConfig', () => {
    it('answers the defaults for an empty environment', () => {
      expect(loadDemoConfig({})).to.deep.equal({
        port: 8000,
        host: '127.0.0.1',
        predictLatency: { minMs: 50, maxMs: 500 },
        predictFailureRate: 0.05,
        timeouts: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 },
      });
    });

    it("reads the demo's own unprefixed names, not the library's", () => {
      const config = loadDemoConfig({
        HEADERS_TIMEOUT_MS: '2000',
        REQUEST_TIMEOUT_MS: '4000',
        KEEP_ALIVE_TIMEOUT_MS: '0',
        GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS: '3000',
      });
      expect(config.timeouts).to.deep.equal({
        headersTimeoutMs: 2000,
        requestTimeoutMs: 4000,
        keepAliveTimeoutMs: 0,
      });
    });

    it('returns a frozen object, nested values included', () => {
      const config = loadDemoConfig({});
      expect(Object.isFrozen(config)).to.equal(true);
      expect(Object.isFrozen(config.predictLatency)).to.equal(true);
      expect(Object.isFrozen(config.timeouts)).to.equal(true);
    });

    const valid: { env: Env; expected: Record<string, unknown> }[] = [
      { env: { PORT: '0' }, expected: { port: 0 } },
      { env: { PORT: '65535' }, expected: { port: 65_535 } },
      { env: { PORT: ' 8080 ' }, expected: { port: 8080 } },
      { env: { HOST: '0.0.0.0' }, expected: { host: '0.0.0.0' } },
      { env: { PREDICT_LATENCY_MS: '0' }, expected: { predictLatency: { minMs: 0, maxMs: 0 } } },
      { env: { PREDICT_FAILURE_RATE: '0' }, expected: { predictFailureRate: 0 } },
      { env: { PREDICT_FAILURE_RATE: '1' }, expected: { predictFailureRate: 1 } },
      { env: { PREDICT_FAILURE_RATE: '0.25' }, expected: { predictFailureRate: 0.25 } },
      { env: { PREDICT_FAILURE_RATE: '.5' }, expected: { predictFailureRate: 0.5 } },
      {
        env: { PREDICT_LATENCY_MS: '10-60000' },
        expected: { predictLatency: { minMs: 10, maxMs: 60_000 } },
      },
    ];
    for (const { env, expected } of valid) {
      it(`reads ${JSON.stringify(env)}`, () => {
        expect(loadDemoConfig(env)).to.deep.include(expected);
      });
    }

    const invalid: [string, string][] = [
      ['PORT', 'abc'],
      ['PORT', '-1'],
      ['PORT', '65536'],
      ['PORT', '80.5'],
      ['PORT', '0x50'],
      ['PORT', '1e3'],
      ['PORT', '99999999999999999999'],
      ['PREDICT_LATENCY_MS', 'abc'],
      ['PREDICT_LATENCY_MS', '500-50'],
      ['PREDICT_LATENCY_MS', '-5'],
      ['PREDICT_LATENCY_MS', '0-60001'],
      ['PREDICT_LATENCY_MS', '60001'],
      ['PREDICT_LATENCY_MS', '50-'],
      ['PREDICT_LATENCY_MS', '50 - 500'],
      ['PREDICT_FAILURE_RATE', '1.5'],
      ['PREDICT_FAILURE_RATE', '-0.1'],
      ['PREDICT_FAILURE_RATE', 'abc'],
      ['PREDICT_FAILURE_RATE', '1e-3'],
      ['PREDICT_FAILURE_RATE', 'NaN'],
      ['PREDICT_FAILURE_RATE', '50%'],
      ['HEADERS_TIMEOUT_MS', '5'],
    ];
    for (const [name, value] of invalid) {
      it(`rejects ${name}=${JSON.stringify(value)} with a ConfigError naming it`, () => {
        expect(() => loadDemoConfig({ [name]: value }))
          .to.throw(ConfigError)
          .with.property('message')
          .that.satisfies((m: string) => m.startsWith(`${name} `) && m.includes(`got: ${value}`));
      });
    }
  });
});
