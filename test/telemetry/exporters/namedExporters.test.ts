import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import type { OtlpProtocol } from '../../../src/config.js';
import {
  OTLP_METRIC_PACKAGES,
  OTLP_TRACE_PACKAGES,
  otlpMetricExporter,
  otlpSpanExporter,
} from '../../../src/telemetry/exporters/namedExporters.js';
import { OptionalPackages } from '../../../src/telemetry/exporters/OptionalPackages.js';

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const NAMED_EXPORTERS = new URL(
  '../../../src/telemetry/exporters/namedExporters.js',
  import.meta.url,
);
const OPTIONAL_PACKAGES = new URL(
  '../../../src/telemetry/exporters/OptionalPackages.js',
  import.meta.url,
);

/** The exporters' class names `protocol` builds in a new Node process, and what it warned. */
function builtInFreshProcess(protocol: OtlpProtocol): unknown {
  const script = `
    const { otlpSpanExporter, otlpMetricExporter } = await import(${JSON.stringify(NAMED_EXPORTERS.href)});
    const { OptionalPackages } = await import(${JSON.stringify(OPTIONAL_PACKAGES.href)});
    const warnings = [];
    const packages = new OptionalPackages({ warn: (m) => warnings.push(m) });
    const spans = otlpSpanExporter(${JSON.stringify(protocol)}, packages);
    const metrics = otlpMetricExporter(${JSON.stringify(protocol)}, packages);
    await Promise.all([spans?.shutdown(), metrics?.shutdown()]);
    console.log(JSON.stringify({ spans: spans?.constructor.name, metrics: metrics?.constructor.name, warnings }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.dirname(fileURLToPath(NAMED_EXPORTERS)),
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

describe('namedExporters', () => {
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m) };
  let empty: string;
  let nothingInstalled: OptionalPackages;

  before(() => {
    empty = mkdtempSync(path.join(os.tmpdir(), 'named-exporters-'));
    nothingInstalled = new OptionalPackages(log, pathToFileURL(path.join(empty, 'index.js')));
  });
  after(() => rmSync(empty, { recursive: true, force: true }));
  beforeEach(() => {
    warnings.length = 0;
  });

  for (const protocol of PROTOCOLS) {
    describe(`over ${protocol}`, () => {
      it('builds the official span and metric exporters of the protocol’s packages', () => {
        // In a fresh process, as a starting app loads them. Loaded first late
        // in the whole suite's mocha process (some 2,500 tests, hundreds of
        // in-process SDK starts), these packages overflowed the stack; 300
        // start/shutdown cycles alone do not, and the cause is not yet found.
        expect(builtInFreshProcess(protocol)).to.deep.equal({
          spans: 'OTLPTraceExporter',
          metrics: 'OTLPMetricExporter',
          warnings: [],
        });
      });

      it('gives none when the package is missing, and names the package and the setting', () => {
        expect(otlpSpanExporter(protocol, nothingInstalled)).to.equal(undefined);
        expect(otlpMetricExporter(protocol, nothingInstalled)).to.equal(undefined);
        expect(warnings).to.have.length(2);
        expect(warnings[0]).to.include(OTLP_TRACE_PACKAGES[protocol]);
        expect(warnings[0]).to.include(`OTEL_TRACES_EXPORTER=otlp over ${protocol}`);
        expect(warnings[1]).to.include(OTLP_METRIC_PACKAGES[protocol]);
        expect(warnings[1]).to.include(`OTEL_METRICS_EXPORTER=otlp over ${protocol}`);
      });
    });
  }
});
