import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { OptionalPackages } from '../../../src/telemetry/exporters/OptionalPackages.js';

/** A logger that keeps what it was told. */
function recording(): { warn(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return { warn: (m) => lines.push(m), lines };
}

describe('OptionalPackages', () => {
  describe('#load', () => {
    it('returns an installed package’s exports and says nothing', () => {
      const log = recording();
      const core = new OptionalPackages(log).load<{ W3CTraceContextPropagator: unknown }>(
        '@opentelemetry/core',
        'a test',
      );
      expect(core?.W3CTraceContextPropagator).to.be.a('function');
      expect(log.lines).to.deep.equal([]);
    });

    it('returns undefined for a missing package and says so once, with what needed it and the npm install line', () => {
      const log = recording();
      const packages = new OptionalPackages(log);
      const name = '@opentelemetry/exporter-that-does-not-exist';
      expect(packages.load(name, 'OTEL_TRACES_EXPORTER=otlp over carrier pigeon')).to.equal(
        undefined,
      );
      expect(packages.load(name, 'again')).to.equal(undefined);
      expect(log.lines).to.have.length(1);
      expect(log.lines[0]).to.match(
        /^WARNING: OTEL_TRACES_EXPORTER=otlp over carrier pigeon needs the package @opentelemetry\/exporter-that-does-not-exist, and it is not installed\. Install it beside golden-signals: npm install @opentelemetry\/exporter-that-does-not-exist@0\.\d+\.\d+\. .*the dashboard keeps counting\.$/,
      );
    });

    it('names a stable-line package (a propagator) in the line of @opentelemetry/core', () => {
      const log = recording();
      new OptionalPackages(log).load('@opentelemetry/propagator-that-does-not-exist', 'a test');
      expect(log.lines[0]).to.match(/propagator-that-does-not-exist@[1-9]\d*\.\d+\.\d+\./);
    });

    it('finds the line of a package that exports only `.` (the 3.x packages), by its package.json above the entry', () => {
      const app = mkdtempSync(path.join(os.tmpdir(), 'optional-packages-'));
      try {
        const pkg = path.join(app, 'node_modules', '@opentelemetry', 'instrumentation');
        mkdirSync(path.join(pkg, 'dist'), { recursive: true });
        writeFileSync(
          path.join(pkg, 'package.json'),
          JSON.stringify({
            name: '@opentelemetry/instrumentation',
            version: '0.301.7',
            exports: { '.': { require: './dist/index.cjs' } },
          }),
        );
        writeFileSync(path.join(pkg, 'dist', 'index.cjs'), 'module.exports = {};\n');
        const log = recording();
        const from = pathToFileURL(path.join(app, 'index.js'));
        new OptionalPackages(log, from).load('@opentelemetry/exporter-trace-otlp-grpc', 'a test');
        expect(log.lines[0]).to.include(
          'npm install @opentelemetry/exporter-trace-otlp-grpc@0.301.7.',
        );
      } finally {
        rmSync(app, { recursive: true, force: true });
      }
    });

    it('says the bare name when no OpenTelemetry package can be found either', () => {
      const empty = mkdtempSync(path.join(os.tmpdir(), 'optional-packages-'));
      try {
        const log = recording();
        const from = pathToFileURL(path.join(empty, 'index.js'));
        expect(new OptionalPackages(log, from).load('@opentelemetry/core', 'a test')).to.equal(
          undefined,
        );
        expect(log.lines[0]).to.include('npm install @opentelemetry/core.');
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
