import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Env, loadConfig } from '../src/config.js';
import { packageRoot } from '../src/dashboard/pageAssets.js';
import { environmentOf } from '../src/environmentOf.js';

/** The variables `loadConfig(env)` reads, recorded by an environment that answers nothing. */
function namesRead(env: Env): Set<string> {
  const seen = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') seen.add(name);
      return Reflect.get(target, name);
    },
  });
  loadConfig(recording);
  return seen;
}

/** Environments that take each branch that reads more names: OTLP on, over HTTP and over gRPC. */
const VARIANTS: Env[] = [
  {},
  { OTEL_TRACES_EXPORTER: 'memory,otlp', OTEL_METRICS_EXPORTER: 'otlp' },
  { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
  { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' },
];

describe('the configuration and its documentation', () => {
  const read = new Set(VARIANTS.flatMap((env) => [...namesRead(env)]));

  it('reads only GOLDEN_SIGNALS_* and OTEL_* variables', () => {
    expect(read.size).to.be.greaterThan(30);
    expect(
      [...read].filter((name) => !/^(?:GOLDEN_SIGNALS|OTEL)_[A-Z0-9_]+$/.test(name)),
    ).to.deep.equal([]);
  });

  it('documents every variable it reads in the README', () => {
    const readme = readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
    expect([...read].filter((name) => !readme.includes(`\`${name}\``))).to.deep.equal([]);
  });

  it("passes none of the app's own variables on to the configuration", () => {
    const env = environmentOf({
      env: {
        PORT: ':8080',
        DASHBOARD_TOKEN: 'x',
        GOLDEN_SIGNALS_PORT: '0',
        OTEL_SERVICE_NAME: 's',
      },
    });
    expect(env).to.deep.equal({ GOLDEN_SIGNALS_PORT: '0', OTEL_SERVICE_NAME: 's' });
  });
});
