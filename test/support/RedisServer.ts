import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './childService.js';
import { freePort } from './freePort.js';

/** One PING over a raw connection: true on `+PONG`. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (c: Buffer) => {
      answer += c.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A real Redis (Debian's `redis-server`, installed by
 * scripts/ensure-system-deps.sh) on a free loopback port, with no
 * persistence and its working folder in a temporary directory. Stopped by PID.
 */
export class RedisServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<unknown[]>,
    /** The temporary working folder. */
    readonly dir: string,
    /** Its TCP port on 127.0.0.1. */
    readonly port: number,
    private readonly output: () => string,
  ) {}

  /** Starts it and waits until it answers PING. */
  static async start(): Promise<RedisServer> {
    const dir = await mkdtemp(path.join(tmpdir(), 'golden-signals-redis-'));
    const port = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    const exited = once(child, 'exit');
    let output = '';
    const collect = (c: Buffer) => {
      output += c.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (err) => {
      output += `${err.message}: run bash scripts/ensure-system-deps.sh (apt-get install -y redis-server)\n`;
    });
    const server = new RedisServer(child, exited, dir, port, () => output);
    try {
      await waitFor('Redis to answer PING', async () => {
        if (child.exitCode !== null || output.includes('ENOENT'))
          throw new Error(`redis-server did not start: ${output}`);
        return (await pings(port)) ? true : undefined;
      });
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** `redis://127.0.0.1:PORT`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Its process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What it printed. */
  log(): string {
    return this.output();
  }

  /** SIGTERM by PID, SIGKILL after 10 s; removes the folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.pid) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
