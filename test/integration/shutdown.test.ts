import net from 'node:net';
import { expect } from 'chai';
import { type ChildService, startChildService } from '../support/childService.js';

/** Resolves true if a new TCP connection is refused. */
function refuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe('graceful shutdown on SIGTERM', function () {
  this.timeout(30_000);
  let service: ChildService;
  before(async () => {
    service = await startChildService({ PREDICT_LATENCY_MS: '400', PREDICT_FAILURE_RATE: '0' });
  });
  after(() => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  });

  it('stops accepting, completes every in-flight request, and exits 0 before the deadline', async () => {
    const IN_FLIGHT = 20;
    const pending = Array.from({ length: IN_FLIGHT }, () =>
      fetch(`${service.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ text: 'finish me' }),
      }).then(async (res) => ({ status: res.status, body: await res.text() })),
    );
    // Wait until the service reports every request in flight.
    let active = 0;
    for (let i = 0; i < 200 && active < IN_FLIGHT; i++) {
      const ready = (await (await fetch(`${service.url}/health/ready`)).json()) as {
        active_requests: number;
      };
      active = ready.active_requests;
    }
    expect(active).to.equal(IN_FLIGHT);
    const signalledAt = performance.now();
    const code = service.stop(15_000); // SIGTERM now; SIGKILL only past 15 s
    // The listener closes at once; in-flight requests are still being answered.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await refuses(service.url)).to.equal(true);
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).to.deep.equal(Array(IN_FLIGHT).fill(200));
    expect(await code).to.equal(0);
    const shutdownMs = performance.now() - signalledAt;
    console.log(
      `      shutdown took ${shutdownMs.toFixed(0)} ms with ${IN_FLIGHT} requests in flight`,
    );
    expect(service.output()).to.contain('SIGTERM received');
  });
});
