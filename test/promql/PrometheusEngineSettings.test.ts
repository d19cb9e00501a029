import { inspect } from 'node:util';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';
import { environmentOf } from '../../src/environmentOf.js';
import {
  DEFAULT_ENGINE_MAX_RESPONSE_BYTES,
  DEFAULT_ENGINE_TIMEOUT_MS,
  prometheusEngineSettingsOf,
} from '../../src/promql/PrometheusEngineSettings.js';

type Env = Record<string, string | undefined>;

function rejection(env: Env): ConfigError {
  try {
    prometheusEngineSettingsOf(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`${JSON.stringify(Object.keys(env))} should have been refused`);
}

const URL_VAR = 'GOLDEN_SIGNALS_PROMETHEUS_URL';

describe('PrometheusEngineSettings', () => {
  describe('#prometheusEngineSettingsOf', () => {
    it('is undefined without a URL: the dashboard answers from memory', () => {
      expect(prometheusEngineSettingsOf({})).to.equal(undefined);
      expect(loadConfig({}).prometheus).to.equal(undefined);
    });

    it('answers the defaults beside a URL, without its trailing / or /api/v1', () => {
      for (const url of ['http://prom:9090', 'http://prom:9090/', 'http://prom:9090/api/v1/']) {
        expect(prometheusEngineSettingsOf({ [URL_VAR]: url })).to.deep.equal({
          url: 'http://prom:9090',
          auth: { kind: 'none' },
          caFile: undefined,
          tlsInsecure: false,
          timeoutMs: DEFAULT_ENGINE_TIMEOUT_MS,
          maxResponseBytes: DEFAULT_ENGINE_MAX_RESPONSE_BYTES,
          serviceLabel: 'job',
          instanceLabel: 'instance',
        });
      }
      expect(DEFAULT_ENGINE_TIMEOUT_MS).to.equal(10_000);
      expect(DEFAULT_ENGINE_MAX_RESPONSE_BYTES).to.equal(64 * 1024 * 1024);
    });

    it('keeps a path prefix (Mimir, Grafana Cloud)', () => {
      const s = prometheusEngineSettingsOf({ [URL_VAR]: 'https://mimir.example.com/prometheus/' });
      expect(s?.url).to.equal('https://mimir.example.com/prometheus');
    });

    it('reads every setting', () => {
      const s = prometheusEngineSettingsOf({
        [URL_VAR]: 'https://prom:9090',
        GOLDEN_SIGNALS_PROMETHEUS_USERNAME: 'reader',
        GOLDEN_SIGNALS_PROMETHEUS_PASSWORD: 'pa55word-secret',
        GOLDEN_SIGNALS_PROMETHEUS_CA_FILE: '/etc/ca.pem',
        GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE: 'true',
        GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS: '2500',
        GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES: '4096',
        GOLDEN_SIGNALS_PROMETHEUS_SERVICE_LABEL: 'app',
        GOLDEN_SIGNALS_PROMETHEUS_INSTANCE_LABEL: 'pod',
      });
      expect(s?.auth.kind).to.equal('basic');
      expect(s?.auth.kind === 'basic' && s.auth.password.reveal()).to.equal('pa55word-secret');
      expect(s).to.include({
        caFile: '/etc/ca.pem',
        tlsInsecure: true,
        timeoutMs: 2500,
        maxResponseBytes: 4096,
        serviceLabel: 'app',
        instanceLabel: 'pod',
      });
    });

    it('never shows a secret in JSON, a string or util.inspect', () => {
      for (const env of [
        { GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN: 'tok-very-secret' },
        {
          GOLDEN_SIGNALS_PROMETHEUS_USERNAME: 'u',
          GOLDEN_SIGNALS_PROMETHEUS_PASSWORD: 'tok-very-secret',
        },
      ]) {
        const config = loadConfig({ [URL_VAR]: 'http://prom:9090', ...env });
        expect(JSON.stringify(config)).not.to.include('tok-very-secret');
        expect(inspect(config, { depth: 10 })).not.to.include('tok-very-secret');
        expect(`${JSON.stringify(config.prometheus?.auth)}`).to.include('[redacted]');
      }
    });

    it('refuses bad values, naming the variable and never echoing a password', () => {
      const cases: [Env, string][] = [
        [{ [URL_VAR]: 'prom:9090' }, URL_VAR],
        [{ [URL_VAR]: 'ftp://prom' }, URL_VAR],
        [{ [URL_VAR]: 'http://prom:9090?x=1' }, URL_VAR],
        [{ GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS: '50' }, 'GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS'],
        [
          { GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES: '1k' },
          'GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES',
        ],
        [
          { GOLDEN_SIGNALS_PROMETHEUS_SERVICE_LABEL: 'service.name' },
          'GOLDEN_SIGNALS_PROMETHEUS_SERVICE_LABEL',
        ],
        [
          { GOLDEN_SIGNALS_PROMETHEUS_INSTANCE_LABEL: '1x' },
          'GOLDEN_SIGNALS_PROMETHEUS_INSTANCE_LABEL',
        ],
        [
          { GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE: 'maybe' },
          'GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE',
        ],
        [{ GOLDEN_SIGNALS_PROMETHEUS_PASSWORD: 'p' }, 'GOLDEN_SIGNALS_PROMETHEUS_USERNAME'],
        [
          { GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN: 't', GOLDEN_SIGNALS_PROMETHEUS_USERNAME: 'u' },
          'GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN',
        ],
      ];
      for (const [env, variable] of cases) {
        expect(rejection({ [URL_VAR]: 'http://prom:9090', ...env }).variables[0]).to.equal(
          variable,
        );
      }
      const withPassword = rejection({ [URL_VAR]: 'http://admin:hunter2-secret@prom:9090' });
      expect(withPassword.message).not.to.include('hunter2-secret');
      expect(withPassword.message).to.include('GOLDEN_SIGNALS_PROMETHEUS_USERNAME');
    });
  });

  describe('the prometheus option', () => {
    it('stands for its variables', () => {
      const env = environmentOf({
        env: {},
        prometheus: {
          url: 'http://prom:9090',
          bearerToken: 'token',
          tlsInsecure: true,
          timeoutMs: 1000,
          maxResponseBytes: 2048,
          serviceLabel: 'app',
          instanceLabel: 'pod',
        },
      });
      const s = loadConfig(env).prometheus;
      expect(s?.auth.kind === 'bearer' && s.auth.token.reveal()).to.equal('token');
      expect(s).to.include({
        url: 'http://prom:9090',
        tlsInsecure: true,
        timeoutMs: 1000,
        maxResponseBytes: 2048,
        serviceLabel: 'app',
        instanceLabel: 'pod',
      });
    });
  });
});
