import { expect } from 'chai';
import { type FaultApp, startFaultApp, waitForOutput } from '../support/faultApp.js';
import { OtlpCollectorDouble } from '../support/OtlpCollectorDouble.js';

const REQUESTS = 200;

// Issue 20's fault suite: an OTLP endpoint that accepts and never answers,
// with the exporter's own defaults (10 s timeout). A plain node:http app
// under the preload with OTEL_TRACES_EXPORTER=otlp keeps answering, and the
// handle's shutdown() still completes: the hung export ends at its timeout.
describe('when the OTLP endpoint accepts and never answers', function () {
  this.timeout(90_000);
  let receiver: OtlpCollectorDouble;
  let app: FaultApp;
  const statuses: number[] = [];

  before(async () => {
    receiver = await OtlpCollectorDouble.start('hang');
    app = await startFaultApp({
      preload: true,
      env: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        // Exports start at once, so the requests below are answered while one hangs.
        OTEL_BSP_SCHEDULE_DELAY: '50',
        GOLDEN_SIGNALS_PORT: 'off',
      },
    });
    for (let i = 0; i < REQUESTS; i++) {
      const res = await fetch(`${app.url}/ok`);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
  });

  after(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it('reached the endpoint, which never answered', () => {
    expect(receiver.requests.length).to.be.greaterThan(0);
  });

  it('answers every request of the app with 200', () => {
    expect(statuses).to.deep.equal(Array.from({ length: REQUESTS }, () => 200));
  });

  it("completes the handle's shutdown(), and the app exits 0", async () => {
    const res = await fetch(`${app.url}/shutdown`, { method: 'POST' });
    expect(await res.text()).to.equal('stopped');
    await waitForOutput(app, /shut down/, 5_000);
    const [code] = await app.exited;
    expect(code).to.equal(0);
    expect(app.output()).not.to.match(/uncaught|unhandled/i);
  });
});
