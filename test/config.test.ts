import { expect } from 'chai';
import { ConfigError, loadConfig, MAX_RETENTION_MS } from '../src/config.js';

type Env = Record<string, string | undefined>;

/** The ConfigError `loadConfig(env)` throws, or a failed assertion if it returns. */
function rejection(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`loadConfig(${JSON.stringify(env)}) should have thrown`);
}

describe('config', () => {
  describe('#loadConfig', () => {
    it('answers the defaults for an empty environment', () => {
      expect(loadConfig({})).to.deep.equal({
        port: 8000,
        host: '127.0.0.1',
        retentionMs: 24 * 3_600_000,
        seriesLimit: 1_000,
        predictLatency: { minMs: 50, maxMs: 500 },
        predictFailureRate: 0.05,
        serviceName: 'golden-signals',
        tracesExporters: ['memory'],
        metricsExporters: ['none'],
        timeouts: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 },
        dashboardToken: undefined,
      });
    });

    it('treats empty and blank values as absent', () => {
      const blank = ['PORT', 'HOST', 'RETENTION', 'MAX_SERIES', 'PREDICT_LATENCY_MS'];
      const env: Env = Object.fromEntries(blank.map((name) => [name, '  ']));
      env.PREDICT_FAILURE_RATE = '';
      env.OTEL_TRACES_EXPORTER = '';
      expect(loadConfig(env)).to.deep.equal(loadConfig({}));
    });

    it('returns a frozen object, nested values included', () => {
      const config = loadConfig({});
      expect(Object.isFrozen(config)).to.equal(true);
      expect(Object.isFrozen(config.predictLatency)).to.equal(true);
      expect(Object.isFrozen(config.tracesExporters)).to.equal(true);
      expect(Object.isFrozen(config.metricsExporters)).to.equal(true);
      expect(() => {
        (config as { port: number }).port = 1;
      }).to.throw(TypeError);
    });

    const valid: { env: Env; expected: Record<string, unknown> }[] = [
      { env: { PORT: '0' }, expected: { port: 0 } },
      { env: { PORT: '65535' }, expected: { port: 65_535 } },
      { env: { PORT: ' 8080 ' }, expected: { port: 8080 } },
      { env: { HOST: '0.0.0.0' }, expected: { host: '0.0.0.0' } },
      { env: { RETENTION: '30m' }, expected: { retentionMs: 1_800_000 } },
      { env: { RETENTION: '7d' }, expected: { retentionMs: MAX_RETENTION_MS } },
      { env: { RETENTION: '168h' }, expected: { retentionMs: MAX_RETENTION_MS } },
      { env: { MAX_SERIES: '10' }, expected: { seriesLimit: 10 } },
      { env: { MAX_SERIES: '1000000' }, expected: { seriesLimit: 1_000_000 } },
      { env: { PREDICT_LATENCY_MS: '0' }, expected: { predictLatency: { minMs: 0, maxMs: 0 } } },
      {
        env: { PREDICT_LATENCY_MS: '100' },
        expected: { predictLatency: { minMs: 100, maxMs: 100 } },
      },
      {
        env: { PREDICT_LATENCY_MS: '10-60000' },
        expected: { predictLatency: { minMs: 10, maxMs: 60_000 } },
      },
      { env: { PREDICT_FAILURE_RATE: '0' }, expected: { predictFailureRate: 0 } },
      { env: { PREDICT_FAILURE_RATE: '1' }, expected: { predictFailureRate: 1 } },
      { env: { PREDICT_FAILURE_RATE: '0.25' }, expected: { predictFailureRate: 0.25 } },
      { env: { PREDICT_FAILURE_RATE: '.5' }, expected: { predictFailureRate: 0.5 } },
      { env: { OTEL_SERVICE_NAME: 'svc' }, expected: { serviceName: 'svc' } },
      {
        env: { OTEL_TRACES_EXPORTER: 'memory,console' },
        expected: { tracesExporters: ['memory', 'console'] },
      },
      {
        env: { OTEL_TRACES_EXPORTER: ' Console , MEMORY ' },
        expected: { tracesExporters: ['console', 'memory'] },
      },
      {
        env: { OTEL_TRACES_EXPORTER: 'memory,memory,,' },
        expected: { tracesExporters: ['memory'] },
      },
      { env: { OTEL_TRACES_EXPORTER: 'none' }, expected: { tracesExporters: ['none'] } },
      { env: { OTEL_TRACES_EXPORTER: 'none,console' }, expected: { tracesExporters: ['console'] } },
      { env: { OTEL_TRACES_EXPORTER: ',' }, expected: { tracesExporters: ['memory'] } },
      { env: { OTEL_METRICS_EXPORTER: 'console' }, expected: { metricsExporters: ['console'] } },
      {
        env: { OTEL_METRICS_EXPORTER: 'console,none' },
        expected: { metricsExporters: ['console'] },
      },
    ];
    for (const { env, expected } of valid) {
      it(`reads ${JSON.stringify(env)}`, () => {
        expect(loadConfig(env)).to.deep.include(expected);
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
      ['RETENTION', '24'],
      ['RETENTION', '0h'],
      ['RETENTION', '1y'],
      ['RETENTION', '8d'],
      ['RETENTION', '169h'],
      ['RETENTION', '1.5h'],
      ['RETENTION', '-1h'],
      ['MAX_SERIES', '9'],
      ['MAX_SERIES', '0'],
      ['MAX_SERIES', '1000001'],
      ['MAX_SERIES', 'lots'],
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
      ['OTEL_TRACES_EXPORTER', 'otlp'],
      ['OTEL_TRACES_EXPORTER', 'memory,jaeger'],
      ['OTEL_METRICS_EXPORTER', 'prometheus'],
      ['OTEL_METRICS_EXPORTER', 'memory'],
    ];
    for (const [name, value] of invalid) {
      it(`rejects ${name}=${JSON.stringify(value)} with a ConfigError naming it`, () => {
        const error = rejection({ [name]: value });
        expect(error.name).to.equal('ConfigError');
        expect(error.message.startsWith(`${name} `), error.message).to.equal(true);
        expect(error.message).to.include(`got: ${value}`);
      });
    }

    it('names the unknown exporter', () => {
      expect(rejection({ OTEL_TRACES_EXPORTER: 'memory,zipkin' }).message).to.include(
        'unknown: zipkin',
      );
    });

    it('names the first bad variable when several are bad', () => {
      expect(rejection({ PORT: 'x', RETENTION: 'y' }).message).to.match(/^PORT /);
    });
  });
});

describe('config: server timeouts and the dashboard token', () => {
  it('reads the three timeouts', () => {
    const config = loadConfig({
      HEADERS_TIMEOUT_MS: '2000',
      REQUEST_TIMEOUT_MS: '4000',
      KEEP_ALIVE_TIMEOUT_MS: '0',
    });
    expect(config.timeouts).to.deep.equal({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 4000,
      keepAliveTimeoutMs: 0,
    });
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    [
      'a headers timeout over the request timeout',
      { HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '1000' },
      /HEADERS_TIMEOUT_MS \(5000\) must not exceed REQUEST_TIMEOUT_MS/,
    ],
    [
      'a non-numeric timeout',
      { REQUEST_TIMEOUT_MS: 'soon' },
      /REQUEST_TIMEOUT_MS must be an integer/,
    ],
    [
      'a tiny headers timeout',
      { HEADERS_TIMEOUT_MS: '5' },
      /HEADERS_TIMEOUT_MS must be an integer from 100/,
    ],
    [
      'a short token',
      { DASHBOARD_TOKEN: 'hunter2' },
      /DASHBOARD_TOKEN must be at least 16 characters, got 7/,
    ],
  ];
  for (const [name, env, message] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
    });
  }

  it('keeps a long enough token, trimmed', () => {
    expect(loadConfig({ DASHBOARD_TOKEN: '  0123456789abcdef  ' }).dashboardToken).to.equal(
      '0123456789abcdef',
    );
  });
});
