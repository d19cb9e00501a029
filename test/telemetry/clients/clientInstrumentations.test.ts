import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../../src/dashboard/pageAssets.js';
import {
  appLocation,
  CLIENT_INSTRUMENTATIONS,
  clientInstrumentations,
} from '../../../src/telemetry/clients/clientInstrumentations.js';

/** Writes a package (manifest and an empty entry) into the app's node_modules. */
function installStub(app: string, name: string, version: string): void {
  const dir = path.join(app, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version, main: 'index.js' }),
  );
  writeFileSync(path.join(dir, 'index.js'), 'module.exports = {};\n');
}

/** The app's entry script: where its packages are looked up (and, in these tests, golden-signals' own). */
const entry = (app: string) => path.join(app, 'app.js');

describe('clientInstrumentations', () => {
  let app: string;
  beforeEach(() => {
    app = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-clients-'));
    writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}');
  });
  afterEach(() => rmSync(app, { recursive: true, force: true }));

  it('turns on fetch in this project, whose devDependencies hold every instrumentation, and no client it lacks', () => {
    const found = clientInstrumentations(path.join(packageRoot(), 'package.json'));
    expect(found.enabled).to.include('fetch');
    expect(found.missing).to.equal(undefined);
    expect(found.instrumentations.map((i) => i.instrumentationName)).to.include(
      '@opentelemetry/instrumentation-undici',
    );
    for (const i of found.instrumentations) i.disable();
  });

  it('says in one line which installed clients lack their instrumentation, with the npm install of the app’s OpenTelemetry line', () => {
    installStub(app, 'pg', '8.23.1');
    installStub(app, 'ioredis', '6.0.0');
    installStub(app, '@opentelemetry/instrumentation', '0.223.0');
    const found = clientInstrumentations(entry(app), CLIENT_INSTRUMENTATIONS, entry(app));
    expect(found.enabled).to.deep.equal([]);
    expect(found.instrumentations).to.deep.equal([]);
    expect(found.missing).to.equal(
      'WARNING: fetch, pg, ioredis are installed without their OpenTelemetry instrumentation, so their calls are not among the dependencies; install beside golden-signals: npm install @opentelemetry/instrumentation-undici@0.33.0 @opentelemetry/instrumentation-pg@0.76.0 @opentelemetry/instrumentation-ioredis@0.71.0 (GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS=off turns the client instrumentations off).',
    );
  });

  it('names the 3.x releases for an app on the 3.x line, and no version when the line is unknown', () => {
    installStub(app, 'mysql2', '3.24.5');
    installStub(app, '@opentelemetry/instrumentation', '0.301.0');
    const mysql = CLIENT_INSTRUMENTATIONS.filter((s) => s.client === 'mysql2');
    expect(clientInstrumentations(entry(app), mysql, entry(app)).missing).to.include(
      'npm install @opentelemetry/instrumentation-mysql2@0.70.0 (',
    );
    rmSync(path.join(app, 'node_modules', '@opentelemetry'), { recursive: true });
    expect(clientInstrumentations(entry(app), mysql, entry(app)).missing).to.include(
      'mysql2 is installed without its OpenTelemetry instrumentation, so its calls are not among the dependencies; install beside golden-signals: npm install @opentelemetry/instrumentation-mysql2 (',
    );
  });

  it('finds an instrumentation installed beside golden-signals when the app has none (a preload from elsewhere)', () => {
    installStub(app, 'pg', '8.23.1');
    const pg = CLIENT_INSTRUMENTATIONS.filter((s) => s.client === 'pg');
    const found = clientInstrumentations(entry(app), pg, path.join(packageRoot(), 'package.json'));
    expect(found.enabled).to.deep.equal(['pg']);
    expect(found.missing).to.equal(undefined);
    for (const i of found.instrumentations) i.disable();
  });

  it('says an instrumentation that resolves but does not load, and goes on', () => {
    installStub(app, 'mongodb', '7.8.0');
    installStub(app, '@opentelemetry/instrumentation-mongodb', '0.76.0');
    const mongo = CLIENT_INSTRUMENTATIONS.filter((s) => s.client === 'mongodb');
    const found = clientInstrumentations(entry(app), mongo, entry(app));
    expect(found.enabled).to.deep.equal([]);
    expect(found.missing).to.match(
      /^WARNING: @opentelemetry\/instrumentation-mongodb failed to load \(it exports no MongoDBInstrumentation\)/,
    );
  });

  it('looks the app up beside its entry script, else in the working directory', () => {
    expect(appLocation(['node', 'app/server.js'])).to.equal(path.resolve('app/server.js'));
    expect(appLocation(['node'])).to.equal(path.join(process.cwd(), 'package.json'));
  });
});
