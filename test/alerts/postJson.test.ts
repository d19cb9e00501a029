import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { postJson } from '../../src/alerts/postJson.js';
import { freePort } from '../support/AlertmanagerServer.js';

/** A loopback server answering with `handler`; closed after the test. */
async function serverWith(handler: http.RequestListener): Promise<{ url: string; close(): void }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('postJson', () => {
  it('posts JSON and gives the status', async () => {
    let received = '';
    const server = await serverWith((req, res) => {
      req.on('data', (c: Buffer) => {
        received += c.toString();
      });
      req.on('end', () => {
        res.statusCode = req.headers['content-type'] === 'application/json' ? 202 : 415;
        res.end('ok');
      });
    });
    try {
      expect(await postJson(server.url, [{ a: 1 }], 5_000)).to.deep.equal({
        ok: true,
        status: 202,
      });
      expect(JSON.parse(received)).to.deep.equal([{ a: 1 }]);
    } finally {
      server.close();
    }
  });

  it('resolves, never rejects: a 5xx, a refused connection, a receiver that never answers', async () => {
    const failing = await serverWith((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const silent = await serverWith(() => {});
    try {
      expect(await postJson(failing.url, {}, 5_000)).to.deep.equal({ ok: false, status: 503 });
      const refused = await postJson(`http://127.0.0.1:${await freePort()}/`, {}, 5_000);
      expect(refused).to.deep.equal({ ok: false, error: 'ECONNREFUSED' });
      expect(await postJson(silent.url, {}, 200)).to.deep.equal({
        ok: false,
        error: 'TimeoutError',
      });
    } finally {
      failing.close();
      silent.close();
    }
  });
});
