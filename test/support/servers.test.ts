import net from 'node:net';
import { expect } from 'chai';
import { DownstreamService } from './DownstreamService.js';
import { accepts } from './freePort.js';
import { PostgresServer } from './PostgresServer.js';
import { RedisServer } from './RedisServer.js';

/** Sends one inline Redis command and reads the first reply line. */
function redisCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (c: Buffer) => {
      answer += c.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0] as string);
      }
    });
    socket.once('error', reject);
  });
}

describe('the real servers of the dependency tests', function () {
  this.timeout(120_000);

  describe('PostgresServer', () => {
    it('initialises a cluster as a non-root user, accepts connections on its port, creates a database, and stops by PID', async () => {
      const server = await PostgresServer.start();
      let pid: number | undefined;
      try {
        expect(await accepts(server.port)).to.equal(true);
        pid = await server.pid();
        expect(pid).to.be.a('number');
        await server.createDatabase('app');
        expect(server.url('app')).to.equal(`postgresql://postgres@127.0.0.1:${server.port}/app`);
      } finally {
        await server.stop();
      }
      expect(await accepts(server.port)).to.equal(false);
      expect(() => process.kill(pid as number, 0)).to.throw();
    });
  });

  describe('RedisServer', () => {
    it('answers SET and GET on its loopback port, and stops by PID', async () => {
      const server = await RedisServer.start();
      try {
        expect(await redisCommand(server.port, 'SET k v')).to.equal('+OK');
        expect(await redisCommand(server.port, 'GET k')).to.equal('$1');
      } finally {
        await server.stop();
      }
      expect(await accepts(server.port)).to.equal(false);
    });
  });

  describe('DownstreamService', () => {
    it('answers 200 and 500, holds /hang until closed, and counts what it received', async () => {
      const service = await DownstreamService.start();
      try {
        expect((await fetch(`${service.url}/ok/1`)).status).to.equal(200);
        expect((await fetch(`${service.url}/fail/1`)).status).to.equal(500);
        const hang = await fetch(`${service.url}/hang`, { signal: AbortSignal.timeout(200) }).then(
          () => 'answered',
          (err: Error) => err.name,
        );
        expect(hang).to.equal('TimeoutError');
        expect(Object.fromEntries(service.received)).to.deep.equal({ ok: 1, fail: 1, hang: 1 });
      } finally {
        await service.close();
      }
    });
  });
});
