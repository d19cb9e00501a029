import { expect } from 'chai';
import { ConfigError, loadConfig } from '../src/config.js';
import { loadConfigLeniently } from '../src/loadConfigLeniently.js';

describe('loadConfigLeniently', () => {
  it('answers the strict reading, and no problems, when every value is usable', () => {
    const env = { GOLDEN_SIGNALS_RETENTION: '6h', OTEL_SERVICE_NAME: 'svc' };
    expect(loadConfigLeniently(env)).to.deep.equal({ config: loadConfig(env), problems: [] });
  });

  it('takes the default for each unusable value, keeps the usable ones, and names each', () => {
    const { config, problems } = loadConfigLeniently({
      GOLDEN_SIGNALS_RETENTION: 'banana',
      GOLDEN_SIGNALS_MAX_SERIES: 'x',
      GOLDEN_SIGNALS_PORT: ':8080',
      OTEL_TRACES_EXPORTER: 'jaeger',
      OTEL_SERVICE_NAME: 'kept',
      GOLDEN_SIGNALS_SLO_LATENCY_MS: '800',
    });
    expect(config).to.deep.include({
      retentionMs: loadConfig({}).retentionMs,
      seriesLimit: loadConfig({}).seriesLimit,
      dashboardPort: loadConfig({}).dashboardPort,
      tracesExporters: ['memory'],
      serviceName: 'kept',
    });
    expect(config.slo.latencyThresholdMs).to.equal(800);
    expect(problems).to.have.length(4);
    for (const name of [
      'GOLDEN_SIGNALS_RETENTION',
      'GOLDEN_SIGNALS_MAX_SERIES',
      'GOLDEN_SIGNALS_PORT',
      'OTEL_TRACES_EXPORTER',
    ]) {
      expect(
        problems.some((p) => p.startsWith(`${name} `) && p.endsWith(`default for ${name}`)),
      ).to.equal(true, `${name} in ${JSON.stringify(problems)}`);
    }
  });

  it('takes no bad 4xx and no per-route objectives for unusable SLO values, keeping the rest', () => {
    const { config, problems } = loadConfigLeniently({
      GOLDEN_SIGNALS_SLO_AVAILABILITY: '99.5',
      GOLDEN_SIGNALS_SLO_BAD_STATUSES: '500',
      GOLDEN_SIGNALS_SLO_ROUTES: '/predict availability=100',
    });
    expect(config.slo).to.deep.include({
      availabilityObjective: 0.995,
      badStatuses: [],
      routes: {},
    });
    expect(problems.map((p) => p.split(' ')[0])).to.deep.equal([
      'GOLDEN_SIGNALS_SLO_BAD_STATUSES',
      'GOLDEN_SIGNALS_SLO_ROUTES',
    ]);
  });

  it("sets aside the second of a pair when the first one's default still clashes with it", () => {
    const { config, problems } = loadConfigLeniently({
      GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS: '20000',
      GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS: '1000',
    });
    expect(config.timeouts).to.deep.equal(loadConfig({}).timeouts);
    expect(problems).to.have.length(2);
  });
});

describe('ConfigError', () => {
  it('names the variables of ours its message names, the one at fault first', () => {
    const error = new ConfigError(
      'GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS (5) must not exceed GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS (1), not PORT',
    );
    expect(error.variables).to.deep.equal([
      'GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS',
      'GOLDEN_SIGNALS_REQUEST_TIMEOUT_MS',
    ]);
  });
});
