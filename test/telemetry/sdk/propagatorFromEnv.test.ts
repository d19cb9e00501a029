import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { OptionalPackages } from '../../../src/telemetry/exporters/OptionalPackages.js';
import { propagatorFromEnv } from '../../../src/telemetry/sdk/propagatorFromEnv.js';

describe('propagatorFromEnv', () => {
  const saved = process.env.OTEL_PROPAGATORS;
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m) };
  let empty: string;

  /** The header names of the propagator OTEL_PROPAGATORS=`value` gives; null for none. */
  function fieldsFor(value: string | undefined, packages = new OptionalPackages(log)) {
    if (value === undefined) delete process.env.OTEL_PROPAGATORS;
    else process.env.OTEL_PROPAGATORS = value;
    return propagatorFromEnv(packages)?.fields() ?? null;
  }

  before(() => {
    empty = mkdtempSync(path.join(os.tmpdir(), 'propagators-'));
  });
  beforeEach(() => {
    warnings.length = 0;
  });
  after(() => {
    if (saved === undefined) delete process.env.OTEL_PROPAGATORS;
    else process.env.OTEL_PROPAGATORS = saved;
    rmSync(empty, { recursive: true, force: true });
  });

  it('is W3C trace context and baggage when unset, as NodeSDK', () => {
    expect(fieldsFor(undefined)).to.have.members(['traceparent', 'tracestate', 'baggage']);
  });

  it('is none for none', () => {
    expect(fieldsFor('none')).to.equal(null);
  });

  it('builds b3 (single header) and b3multi from the optional package', () => {
    expect(fieldsFor('b3')).to.include('b3');
    expect(fieldsFor('b3multi')).to.include('x-b3-traceid');
    expect(fieldsFor('tracecontext,jaeger')).to.include.members(['traceparent', 'uber-trace-id']);
    expect(warnings).to.deep.equal([]);
  });

  it('keeps the others when a named package is missing, and says which to install', () => {
    const nothing = new OptionalPackages(log, pathToFileURL(path.join(empty, 'index.js')));
    expect(fieldsFor('tracecontext,b3', nothing)).to.have.members(['traceparent', 'tracestate']);
    expect(warnings.join('\n')).to.match(
      /OTEL_PROPAGATORS=b3 needs the package @opentelemetry\/propagator-b3/,
    );
  });

  it('ignores an unknown name, and is none when nothing could be built', () => {
    expect(fieldsFor('xray,baggage')).to.deep.equal(['baggage']);
    expect(fieldsFor('xray')).to.equal(null);
  });
});
