import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import type { GoldenSignals } from '../../src/GoldenSignals.js';
import { OTHER_SDK_WARNING } from '../../src/otel/otherSdkWarning.js';
import { startGoldenSignals } from '../../src/startGoldenSignals.js';

describe('startGoldenSignals when another SDK owns the OpenTelemetry globals', () => {
  const provider = new TracerProvider();
  const said: string[] = [];
  let gs: GoldenSignals | undefined;

  before(() => {
    trace.setGlobalTracerProvider(provider);
    gs = startGoldenSignals({
      env: {},
      port: 0,
      logger: { info: () => {}, warn: (m) => said.push(m) },
    });
  });

  after(async () => {
    await gs?.shutdown();
    trace.disable();
  });

  it('says why it counts nothing, once, with the fix', () => {
    expect(said).to.deep.equal([`WARNING: ${OTHER_SDK_WARNING}`]);
    expect(gs?.warnings).to.deep.equal([OTHER_SDK_WARNING]);
  });

  it('leaves the other SDK registered, and starts no SDK of its own', () => {
    const proxy = trace.getTracerProvider() as unknown as { getDelegate(): unknown };
    expect(proxy.getDelegate()).to.equal(provider);
  });

  it('serves the overview with the same warning', async () => {
    const url = (await gs?.dashboardUrl) as string;
    const overview = (await (await fetch(`${url}/overview`)).json()) as {
      warnings: string[];
      total_requests: number;
    };
    expect(overview.warnings).to.deep.equal([OTHER_SDK_WARNING]);
    expect(overview.total_requests).to.equal(0);
  });
});
