import net from 'node:net';
import { expect } from 'chai';
import { postJson, type RunningServer, startTestApp } from '../support/testApp.js';

/**
 * Opens a connection and sends a request head one byte at a time, never
 * finishing it. Resolves with what the server sent back once it closed the
 * connection, or with `undefined` if it was still open after `maxBytes` drips.
 */
function slowloris(url: string, dripMs: number, maxBytes: number): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  const head = `GET /health HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: ${'a'.repeat(maxBytes)}`;
  return new Promise((resolve) => {
    let received = '';
    let sent = 0;
    let closed = false;
    const socket = net.connect(Number(port), hostname);
    socket.on('data', (c: Buffer) => {
      received += c.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      clearInterval(timer);
      resolve(received);
    });
    const timer = setInterval(() => {
      if (closed) return;
      if (sent >= maxBytes) {
        clearInterval(timer);
        socket.destroy();
        resolve(undefined);
        return;
      }
      socket.write(head[sent++] ?? 'a');
    }, dripMs);
  });
}

describe('server timeouts', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestApp(
      {},
      { timeouts: { headersTimeoutMs: 500, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 500 } },
    );
  });
  after(() => server.close());

  it('cuts off slowloris clients with a 408 while other clients are served', async () => {
    // 10 clients drip a byte every 50 ms: 200 bytes would take 10 s, far past the 500 ms limit.
    const attackers = Array.from({ length: 10 }, () => slowloris(server.url, 50, 200));
    let served = 0;
    for (let i = 0; i < 20; i++) {
      const res = await postJson(`${server.url}/predict`, { text: 'still here' });
      expect(res.status).to.equal(200);
      await res.arrayBuffer();
      served++;
    }
    const outcomes = await Promise.all(attackers);
    expect(served).to.equal(20);
    for (const outcome of outcomes) {
      expect(outcome, 'the connection was still open after 200 drips').to.not.equal(undefined);
      expect(outcome).to.match(/^HTTP\/1\.1 408 /);
      expect(outcome).to.contain('{"error":"Request timeout"}');
    }
  });
});
