import http from 'node:http';
import { expect } from 'chai';
import { closeGracefully } from '../../src/http/closeGracefully.js';
import { createHttpServer } from '../../src/http/createHttpServer.js';
import { keepAliveClients } from '../support/keepAliveClients.js';
import { listening } from '../support/listen.js';

describe('closeGracefully', () => {
  it('closes a server kept busy by keep-alive clients, answering every request it took', async () => {
    let handled = 0;
    const server = http.createServer((_req, res) => {
      handled++;
      setTimeout(() => res.end('ok'), 2);
    });
    const { url } = await listening(server);
    const clients = keepAliveClients(url, {
      clients: 8,
      maxRequests: 10_000,
      maxMs: 20_000,
      next: () => ({ method: 'GET', path: '/', headers: {}, body: '', counts: () => 1 }),
    });
    while (clients.answered() < 200) await new Promise((resolve) => setTimeout(resolve, 10));
    // Plain server.close() never calls back here: the clients keep every connection busy.
    expect(await closeGracefully(server, 15_000)).to.equal(true);
    await clients.done;
    expect(clients.answered()).to.equal(handled);
    expect([...clients.statuses.keys()]).to.deep.equal([200]);
  });

  it('answers a request in flight with Connection: close (a server of createHttpServer)', async () => {
    let respond: (() => void) | undefined;
    const server = createHttpServer((_req, res) => {
      respond = () => res.end('late');
    });
    const { url } = await listening(server);
    const agent = new http.Agent({ keepAlive: true });
    const answer = new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(url, { agent }, resolve).on('error', reject);
    });
    while (respond === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const closed = closeGracefully(server, 15_000);
    respond();
    const res = await answer;
    res.resume();
    expect(res.headers.connection).to.equal('close');
    expect(await closed).to.equal(true);
    agent.destroy();
  });

  it('cuts what is still open at the deadline and resolves false', async () => {
    const server = http.createServer(() => {}); // never answers
    const { url } = await listening(server);
    const failed = new Promise<string>((resolve) => {
      http.get(url, () => resolve('answered')).on('error', (err) => resolve(err.message));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await closeGracefully(server, 200)).to.equal(false);
    expect(await failed).to.equal('socket hang up');
  });
});
