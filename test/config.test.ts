import { expect } from 'chai';
import { ConfigError, loadConfig, MAX_RETENTION_MS } from '../src/config.js';
import { DEFAULT_THRESHOLDS } from '../src/thresholds/ThresholdSettings.js';

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
        retentionMs: 24 * 3_600_000,
        seriesLimit: 1_000,
        nPlusOneCalls: 10,
        serviceName: 'golden-signals',
        tracesExporters: ['memory'],
        metricsExporters: ['prometheus'],
        otlp: {
          tracesProtocol: 'http/protobuf',
          metricsProtocol: 'http/protobuf',
          batch: {
            maxQueueSize: 2048,
            maxExportBatchSize: 512,
            scheduledDelayMillis: 5000,
            exportTimeoutMillis: 30_000,
          },
          metricExportIntervalMillis: 60_000,
        },
        timeouts: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 },
        dashboardToken: undefined,
        snapshotFile: undefined,
        snapshotIntervalMs: 60_000,
        dashboardPort: 9469,
        dashboardHost: '127.0.0.1',
        ignorePaths: ['/health'],
        cluster: { mode: 'auto', receiverUrl: 'http://127.0.0.1:9469', forwardDelayMs: 500 },
        receiverMaxBytes: 4 * 1024 * 1024,
        slo: {
          apdexThresholdMs: 500,
          apdexRoutes: {},
          availabilityObjective: 0.999,
          latencyObjective: 0.99,
          latencyThresholdMs: 300,
          windowMs: 24 * 3_600_000,
          window: '24h',
          badStatuses: [],
          routes: {},
        },
        traces: { traceLimit: 1_000, otlpTracesEndpoint: undefined },
        httpInstrumentation: 'lean',
        httpMetrics: 'fast',
        ownServer: { firstByteTimeoutMs: 10_000, maxConnections: 128, shutdownTimeoutMs: 10_000 },
        redactQuery: 'sensitive',
        alerts: {
          alertmanagerUrl: undefined,
          webhookUrl: undefined,
          intervalMs: 30_000,
          resendMs: 60_000,
          timeoutMs: 5_000,
          dashboardUrl: undefined,
        },
        thresholds: DEFAULT_THRESHOLDS,
        autoInstrumentations: 'off',
      });
    });

    it('reads the thresholds, and names a bad one in a ConfigError', () => {
      const config = loadConfig({ GOLDEN_SIGNALS_THRESHOLD_5XX_WARN: '2' });
      expect(config.thresholds.serverErrorWarn).to.equal(0.02);
      expect(rejection({ GOLDEN_SIGNALS_THRESHOLD_MIN_REQUESTS: 'many' }).variables).to.deep.equal([
        'GOLDEN_SIGNALS_THRESHOLD_MIN_REQUESTS',
      ]);
    });

    it('names a bad GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS in a ConfigError', () => {
      expect(rejection({ GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS: 'soon' }).message).to.equal(
        'GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS must be an integer from 100 to 600000, got: soon',
      );
    });

    it('reads the Apdex and SLO settings', () => {
      const config = loadConfig({
        GOLDEN_SIGNALS_RETENTION: '48h',
        GOLDEN_SIGNALS_APDEX_T_MS: '250',
        GOLDEN_SIGNALS_APDEX_ROUTES: '/predict=300, /users/:id=1000',
        GOLDEN_SIGNALS_SLO_AVAILABILITY: '99.95',
        GOLDEN_SIGNALS_SLO_LATENCY: '95',
        GOLDEN_SIGNALS_SLO_LATENCY_MS: '800',
        GOLDEN_SIGNALS_SLO_WINDOW: '2d',
      });
      expect(config.slo).to.deep.equal({
        apdexThresholdMs: 250,
        apdexRoutes: { '/predict': 300, '/users/:id': 1_000 },
        availabilityObjective: 0.9995,
        latencyObjective: 0.95,
        latencyThresholdMs: 800,
        windowMs: 48 * 3_600_000,
        window: '2d',
        badStatuses: [],
        routes: {},
      });
    });

    it('reads the 4xx statuses that fail availability, sorted, or all of them as 4xx', () => {
      const statuses = (v: string) => loadConfig({ GOLDEN_SIGNALS_SLO_BAD_STATUSES: v }).slo;
      expect(statuses('429').badStatuses).to.deep.equal([429]);
      expect(statuses(' 429 , 408,429').badStatuses).to.deep.equal([408, 429]);
      expect(statuses('none').badStatuses).to.deep.equal([]);
      expect(statuses('4xx').badStatuses).to.have.length(100);
      expect(statuses('4xx').badStatuses[0]).to.equal(400);
    });

    it('reads per-route objectives, each unset one taking the service-wide setting', () => {
      const config = loadConfig({
        GOLDEN_SIGNALS_SLO_AVAILABILITY: '99.95',
        GOLDEN_SIGNALS_SLO_LATENCY_MS: '800',
        GOLDEN_SIGNALS_SLO_ROUTES:
          '/predict availability=99.5 latency=95 latency_ms=200, /users/:id  latency_ms=1000',
      });
      expect(config.slo.routes).to.deep.equal({
        '/predict': {
          availabilityObjective: 0.995,
          latencyObjective: 0.95,
          latencyThresholdMs: 200,
        },
        '/users/:id': {
          availabilityObjective: 0.9995,
          latencyObjective: 0.99,
          latencyThresholdMs: 1_000,
        },
      });
      expect(Object.keys(config.slo.routes)).to.deep.equal(['/predict', '/users/:id']);
    });

    it('takes at most 20 routes with objectives of their own', () => {
      const routes = Array.from({ length: 21 }, (_, i) => `/r${i} availability=99`).join(',');
      expect(rejection({ GOLDEN_SIGNALS_SLO_ROUTES: routes }).message).to.equal(
        'GOLDEN_SIGNALS_SLO_ROUTES takes at most 20 routes, got 21',
      );
    });

    it('takes the retention as the SLO window when it is shorter than 24 h', () => {
      expect(loadConfig({ GOLDEN_SIGNALS_RETENTION: '6h' }).slo).to.include({
        windowMs: 6 * 3_600_000,
        window: '6h',
      });
    });

    it('names where OTLP traces go when otlp is on, as the exporter reads it', () => {
      const endpoint = (env: Env) => loadConfig(env).traces.otlpTracesEndpoint;
      expect(endpoint({ OTEL_TRACES_EXPORTER: 'memory,otlp' })).to.equal(
        'http://localhost:4318/v1/traces',
      );
      expect(
        endpoint({
          OTEL_TRACES_EXPORTER: 'memory,otlp',
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/',
        }),
      ).to.equal('http://c:4318/v1/traces');
      expect(
        endpoint({
          OTEL_TRACES_EXPORTER: 'memory,otlp',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:9/x',
        }),
      ).to.equal('http://t:9/x');
      expect(
        endpoint({ OTEL_TRACES_EXPORTER: 'memory,otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
      ).to.equal('http://localhost:4317');
      expect(endpoint({ OTEL_TRACES_EXPORTER: 'memory' })).to.equal(undefined);
    });

    it('treats empty and blank values as absent', () => {
      const blank = [
        'GOLDEN_SIGNALS_RETENTION',
        'GOLDEN_SIGNALS_MAX_SERIES',
        'GOLDEN_SIGNALS_HOST',
      ];
      const env: Env = Object.fromEntries(blank.map((name) => [name, '  ']));
      env.GOLDEN_SIGNALS_SNAPSHOT_FILE = '';
      env.OTEL_TRACES_EXPORTER = '';
      expect(loadConfig(env)).to.deep.equal(loadConfig({}));
    });

    it('returns a frozen object, nested values included', () => {
      const config = loadConfig({});
      expect(Object.isFrozen(config)).to.equal(true);
      expect(Object.isFrozen(config.timeouts)).to.equal(true);
      expect(Object.isFrozen(config.tracesExporters)).to.equal(true);
      expect(Object.isFrozen(config.metricsExporters)).to.equal(true);
      expect(Object.isFrozen(config.otlp)).to.equal(true);
      expect(Object.isFrozen(config.otlp.batch)).to.equal(true);
      expect(() => {
        (config as { seriesLimit: number }).seriesLimit = 1;
      }).to.throw(TypeError);
    });

    const valid: { env: Env; expected: Record<string, unknown> }[] = [
      { env: { GOLDEN_SIGNALS_RETENTION: '30m' }, expected: { retentionMs: 1_800_000 } },
      { env: { GOLDEN_SIGNALS_RETENTION: '7d' }, expected: { retentionMs: MAX_RETENTION_MS } },
      { env: { GOLDEN_SIGNALS_RETENTION: '168h' }, expected: { retentionMs: MAX_RETENTION_MS } },
      { env: { GOLDEN_SIGNALS_MAX_SERIES: '10' }, expected: { seriesLimit: 10 } },
      { env: { GOLDEN_SIGNALS_MAX_SERIES: '1000000' }, expected: { seriesLimit: 1_000_000 } },
      { env: { GOLDEN_SIGNALS_N_PLUS_ONE_CALLS: '25' }, expected: { nPlusOneCalls: 25 } },
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
        env: { OTEL_METRICS_EXPORTER: 'prometheus' },
        expected: { metricsExporters: ['prometheus'] },
      },
      {
        env: { OTEL_METRICS_EXPORTER: 'console,none' },
        expected: { metricsExporters: ['console'] },
      },
      { env: { OTEL_METRICS_EXPORTER: 'none' }, expected: { metricsExporters: ['none'] } },
      {
        env: { OTEL_METRICS_EXPORTER: 'prometheus,otlp' },
        expected: { metricsExporters: ['prometheus', 'otlp'] },
      },
      { env: { OTEL_TRACES_EXPORTER: 'otlp' }, expected: { tracesExporters: ['otlp'] } },
      {
        env: { OTEL_TRACES_EXPORTER: 'memory,otlp' },
        expected: { tracesExporters: ['memory', 'otlp'] },
      },
      { env: { GOLDEN_SIGNALS_PORT: '0' }, expected: { dashboardPort: 0 } },
      { env: { GOLDEN_SIGNALS_PORT: '9500' }, expected: { dashboardPort: 9500 } },
      { env: { GOLDEN_SIGNALS_PORT: 'off' }, expected: { dashboardPort: undefined } },
      { env: { GOLDEN_SIGNALS_PORT: 'OFF' }, expected: { dashboardPort: undefined } },
      { env: { GOLDEN_SIGNALS_HOST: '0.0.0.0' }, expected: { dashboardHost: '0.0.0.0' } },
      { env: { GOLDEN_SIGNALS_IGNORE_PATHS: 'none' }, expected: { ignorePaths: [] } },
      {
        env: { GOLDEN_SIGNALS_IGNORE_PATHS: '/health, /livez,/readyz' },
        expected: { ignorePaths: ['/health', '/livez', '/readyz'] },
      },
    ];
    for (const { env, expected } of valid) {
      it(`reads ${JSON.stringify(env)}`, () => {
        expect(loadConfig(env)).to.deep.include(expected);
      });
    }

    const validOtlp: { env: Env; expected: Record<string, unknown> }[] = [
      {
        env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
        expected: { tracesProtocol: 'http/json', metricsProtocol: 'http/json' },
      },
      {
        env: {
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        },
        expected: { tracesProtocol: 'http/json', metricsProtocol: 'grpc' },
      },
      {
        env: { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' },
        expected: { tracesProtocol: 'http/protobuf', metricsProtocol: 'grpc' },
      },
      {
        env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' },
        expected: { metricExportIntervalMillis: 1000 },
      },
    ];
    for (const { env, expected } of validOtlp) {
      it(`reads ${JSON.stringify(env)} into otlp`, () => {
        expect(loadConfig(env).otlp).to.deep.include(expected);
      });
    }

    it('reads the OTEL_BSP_* batch settings', () => {
      const env = {
        OTEL_BSP_MAX_QUEUE_SIZE: '8',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '8',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_BSP_EXPORT_TIMEOUT: '1000',
      };
      expect(loadConfig(env).otlp.batch).to.deep.equal({
        maxQueueSize: 8,
        maxExportBatchSize: 8,
        scheduledDelayMillis: 50,
        exportTimeoutMillis: 1000,
      });
    });

    it('accepts valid OTLP endpoints and timeouts without keeping them (the exporters read them)', () => {
      const env = {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example:4318/v1/traces',
        OTEL_EXPORTER_OTLP_TIMEOUT: '500',
      };
      expect(loadConfig(env).otlp).to.deep.equal(loadConfig({}).otlp);
    });

    it('accepts host:port endpoints for gRPC', () => {
      const env = {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4317',
      };
      expect(loadConfig(env).otlp).to.deep.include({ tracesProtocol: 'grpc' });
    });

    it('rejects a batch larger than the queue, naming both variables', () => {
      const message = rejection({
        OTEL_BSP_MAX_QUEUE_SIZE: '4',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '8',
      }).message;
      expect(message).to.match(/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE .*OTEL_BSP_MAX_QUEUE_SIZE/);
      expect(message).to.include('got: 8');
    });
    const invalid: [string, string][] = [
      ['GOLDEN_SIGNALS_N_PLUS_ONE_CALLS', '1'],
      ['GOLDEN_SIGNALS_N_PLUS_ONE_CALLS', 'ten'],
      ['GOLDEN_SIGNALS_RETENTION', '24'],
      ['GOLDEN_SIGNALS_RETENTION', '0h'],
      ['GOLDEN_SIGNALS_RETENTION', '1y'],
      ['GOLDEN_SIGNALS_RETENTION', '8d'],
      ['GOLDEN_SIGNALS_RETENTION', '169h'],
      ['GOLDEN_SIGNALS_RETENTION', '1.5h'],
      ['GOLDEN_SIGNALS_RETENTION', '-1h'],
      ['GOLDEN_SIGNALS_MAX_SERIES', '9'],
      ['GOLDEN_SIGNALS_MAX_SERIES', '0'],
      ['GOLDEN_SIGNALS_MAX_SERIES', '1000001'],
      ['GOLDEN_SIGNALS_MAX_SERIES', 'lots'],
      ['OTEL_TRACES_EXPORTER', 'jaeger'],
      ['OTEL_TRACES_EXPORTER', 'memory,jaeger'],
      ['OTEL_METRICS_EXPORTER', 'statsd'],
      ['OTEL_METRICS_EXPORTER', 'memory'],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http'],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc/protobuf'],
      ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'json'],
      ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'HTTP/PROTOBUF'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT', '127.0.0.1:4318'],
      ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'not a url'],
      ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'localhost:4318'],
      ['OTEL_EXPORTER_OTLP_TIMEOUT', '0'],
      ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', '10s'],
      ['OTEL_BSP_MAX_QUEUE_SIZE', '0'],
      ['OTEL_BSP_SCHEDULE_DELAY', '-1'],
      ['OTEL_BSP_EXPORT_TIMEOUT', 'soon'],
      ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '1.5'],
      ['OTEL_METRIC_EXPORT_INTERVAL', '10'],
      ['GOLDEN_SIGNALS_PORT', '65536'],
      ['GOLDEN_SIGNALS_PORT', 'on'],
      ['GOLDEN_SIGNALS_PORT', '-1'],
      ['GOLDEN_SIGNALS_IGNORE_PATHS', 'health'],
      ['GOLDEN_SIGNALS_IGNORE_PATHS', '/'],
      ['GOLDEN_SIGNALS_IGNORE_PATHS', '/a?b'],
      ['GOLDEN_SIGNALS_APDEX_T_MS', '0'],
      ['GOLDEN_SIGNALS_APDEX_T_MS', '0.5'],
      ['GOLDEN_SIGNALS_APDEX_T_MS', '600001'],
      ['GOLDEN_SIGNALS_APDEX_ROUTES', '/predict'],
      ['GOLDEN_SIGNALS_APDEX_ROUTES', '/predict=fast'],
      ['GOLDEN_SIGNALS_APDEX_ROUTES', '=300'],
      ['GOLDEN_SIGNALS_SLO_AVAILABILITY', '100'],
      ['GOLDEN_SIGNALS_SLO_AVAILABILITY', '0'],
      ['GOLDEN_SIGNALS_SLO_AVAILABILITY', '0.999x'],
      ['GOLDEN_SIGNALS_SLO_AVAILABILITY', '99.9%'],
      ['GOLDEN_SIGNALS_SLO_LATENCY', '-1'],
      ['GOLDEN_SIGNALS_SLO_LATENCY_MS', '300ms'],
      ['GOLDEN_SIGNALS_SLO_WINDOW', '25h'],
      ['GOLDEN_SIGNALS_SLO_WINDOW', '1w'],
      ['GOLDEN_SIGNALS_SLO_BAD_STATUSES', '500'],
      ['GOLDEN_SIGNALS_SLO_BAD_STATUSES', '429;408'],
      ['GOLDEN_SIGNALS_SLO_BAD_STATUSES', '4xx,5xx'],
      ['GOLDEN_SIGNALS_SLO_BAD_STATUSES', '42'],
      ['GOLDEN_SIGNALS_SLO_ROUTES', '/predict'],
      ['GOLDEN_SIGNALS_SLO_ROUTES', '/predict=99.5'],
      ['GOLDEN_SIGNALS_SLO_ROUTES', 'predict availability=99.5'],
      ['GOLDEN_SIGNALS_SLO_ROUTES', '/predict availability=100'],
      ['GOLDEN_SIGNALS_SLO_ROUTES', '/predict latency_ms=0'],
      ['GOLDEN_SIGNALS_SLO_ROUTES', '/predict errors=1'],
      ['GOLDEN_SIGNALS_TRACE_LIMIT', '-1'],
      ['GOLDEN_SIGNALS_TRACE_LIMIT', '100001'],
      ['GOLDEN_SIGNALS_TRACE_LIMIT', 'many'],
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

    it("never reads the app's own unprefixed names", () => {
      const apps: Env = {
        PORT: ':8080',
        HOST: 'whatever',
        RETENTION: 'banana',
        MAX_SERIES: 'x',
        DASHBOARD_TOKEN: 'short',
        DASHBOARD_SNAPSHOT_FILE: '/nowhere/store.json',
        DASHBOARD_SNAPSHOT_INTERVAL_MS: 'often',
        REQUEST_TIMEOUT_MS: 'soon',
        HEADERS_TIMEOUT_MS: '1',
        KEEP_ALIVE_TIMEOUT_MS: '-1',
      };
      expect(loadConfig(apps)).to.deep.equal(loadConfig({}));
    });

    it('names the first bad variable when several are bad', () => {
      expect(
        rejection({ GOLDEN_SIGNALS_RETENTION: 'x', GOLDEN_SIGNALS_MAX_SERIES: 'y' }).message,
      ).to.match(/^GOLDEN_SIGNALS_RETENTION /);
    });
  });
});

describe('config: server timeouts and the dashboard token', () => {
  it('reads the three timeouts', () => {
    const config = loadConfig({
      GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS: '2000',
      GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS: '4000',
      GOLDEN_SIGNALS_KEEP_ALIVE_TIMEOUT_MS: '0',
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
      { GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS: '5000', GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS: '1000' },
      /GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS \(5000\) must not exceed GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS/,
    ],
    [
      'a non-numeric timeout',
      { GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS: 'soon' },
      /GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS must be an integer/,
    ],
    [
      'a tiny headers timeout',
      { GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS: '5' },
      /GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS must be an integer from 100/,
    ],
    [
      'a short token',
      { GOLDEN_SIGNALS_DASHBOARD_TOKEN: 'hunter2' },
      /GOLDEN_SIGNALS_DASHBOARD_TOKEN must be at least 16 characters, got 7/,
    ],
  ];
  for (const [name, env, message] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
    });
  }

  it('keeps a long enough token, trimmed', () => {
    expect(
      loadConfig({ GOLDEN_SIGNALS_DASHBOARD_TOKEN: '  0123456789abcdef  ' }).dashboardToken,
    ).to.equal('0123456789abcdef');
  });
});

describe('config: cluster forwarding', () => {
  it('defaults: cluster auto, forward to the own port on loopback, 500 ms delay', () => {
    expect(loadConfig({}).cluster).to.deep.equal({
      mode: 'auto',
      receiverUrl: 'http://127.0.0.1:9469',
      forwardDelayMs: 500,
    });
  });
  it('has no forward URL without a fixed own port', () => {
    expect(loadConfig({ GOLDEN_SIGNALS_PORT: '0' }).cluster.receiverUrl).to.equal(undefined);
    expect(loadConfig({ GOLDEN_SIGNALS_PORT: 'off' }).cluster.receiverUrl).to.equal(undefined);
  });
  it('takes GOLDEN_SIGNALS_FORWARD_URL as an origin, trailing slash dropped', () => {
    const config = loadConfig({ GOLDEN_SIGNALS_FORWARD_URL: 'http://10.0.0.5:9469/' });
    expect(config.cluster.receiverUrl).to.equal('http://10.0.0.5:9469');
  });
  for (const [name, value] of [
    ['GOLDEN_SIGNALS_CLUSTER', 'sometimes'],
    ['GOLDEN_SIGNALS_FORWARD_URL', 'ftp://x'],
    ['GOLDEN_SIGNALS_FORWARD_URL', 'http://x/?a=1'],
    ['GOLDEN_SIGNALS_FORWARD_URL', 'not a url'],
    ['GOLDEN_SIGNALS_FORWARD_DELAY_MS', '5'],
  ] as const) {
    it(`refuses ${name}=${value}, naming the variable`, () => {
      expect(() => loadConfig({ [name]: value }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.includes(name);
    });
  }
});
