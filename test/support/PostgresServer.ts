import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './childService.js';
import { freePort } from './freePort.js';

const execFileAsync = promisify(execFile);

/** The user the server runs as when the tests run as root: PostgreSQL refuses to run as root. */
const SERVER_USER = 'postgres';

/**
 * The folder of Debian's PostgreSQL programs (`/usr/lib/postgresql/<major>/bin`,
 * the newest; they are not on PATH), else the folder of `initdb` on PATH.
 * Fails with the command that installs them, never a skip.
 */
export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0] !== undefined) return path.join(base, majors[0], 'bin');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter))
    if (dir !== '' && existsSync(path.join(dir, 'initdb'))) return dir;
  throw new Error(
    'PostgreSQL is not installed (no initdb); run: bash scripts/ensure-system-deps.sh (apt-get install -y postgresql)',
  );
}

/** The program and arguments to run `program` as `asUser` (runuser's prefix, or none). */
function commandLine(
  asUser: readonly string[],
  program: string,
  args: readonly string[],
): [string, string[]] {
  const [first, ...rest] = [...asUser, program, ...args];
  return [first ?? program, rest];
}

/** The uid and gid of `user`. */
async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  const uid = Number((await execFileAsync('id', ['-u', user])).stdout.trim());
  const gid = Number((await execFileAsync('id', ['-g', user])).stdout.trim());
  return { uid, gid };
}

/**
 * A real PostgreSQL (Debian's), initialised by `initdb` in a temporary
 * folder and run as a non-root user (`runuser -u postgres --` when the tests
 * run as root), listening on a free loopback port with its unix socket in
 * the same folder; trust authentication for the `postgres` user. Stopped by
 * the postmaster's PID.
 */
export class PostgresServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<unknown[]>,
    /** The temporary folder: `data/` and the socket. */
    readonly dir: string,
    /** Its TCP port on 127.0.0.1. */
    readonly port: number,
    private readonly bin: string,
    private readonly asUser: readonly string[],
    private readonly output: () => string,
  ) {}

  /** initdb, then the server; resolves once it accepts connections. */
  static async start(): Promise<PostgresServer> {
    const bin = postgresBinDir();
    const root = process.getuid?.() === 0;
    const asUser = root ? ['runuser', '-u', SERVER_USER, '--'] : [];
    const dir = await mkdtemp(path.join(tmpdir(), 'golden-signals-postgres-'));
    if (root) {
      const { uid, gid } = await idsOf(SERVER_USER);
      await chown(dir, uid, gid);
    }
    const data = path.join(dir, 'data');
    const run = async (program: string, args: readonly string[]) => {
      const [command, rest] = commandLine(asUser, path.join(bin, program), args);
      try {
        return await execFileAsync(command, rest, { cwd: dir, timeout: 120_000 });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(
          `${[command, ...rest].join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
        );
      }
    };
    await run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const [command, args] = commandLine(asUser, path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]);
    const child = spawn(command, args, { cwd: dir, stdio: 'pipe' });
    const exited = once(child, 'exit');
    let output = '';
    const collect = (c: Buffer) => {
      output += c.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const server = new PostgresServer(child, exited, dir, port, bin, asUser, () => output);
    try {
      await waitFor(
        'PostgreSQL to accept connections',
        async () => {
          if (child.exitCode !== null) throw new Error(`postgres exited: ${output}`);
          const ready = await execFileAsync(path.join(bin, 'pg_isready'), [
            '-h',
            '127.0.0.1',
            '-p',
            String(port),
            '-U',
            'postgres',
          ]).then(
            () => true,
            () => false,
          );
          return ready ? true : undefined;
        },
        60_000,
        100,
      );
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** `postgresql://postgres@127.0.0.1:PORT/<database>`. */
  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates a database (`createdb`). */
  async createDatabase(name: string): Promise<void> {
    const [command, rest] = commandLine(this.asUser, path.join(this.bin, 'createdb'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      name,
    ]);
    await execFileAsync(command, rest, { cwd: this.dir });
  }

  /** The postmaster's PID, from `data/postmaster.pid` (the spawned process may be runuser). */
  async pid(): Promise<number | undefined> {
    const text = await readFile(path.join(this.dir, 'data', 'postmaster.pid'), 'utf8').catch(
      () => undefined,
    );
    const pid = Number(text?.split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /** What it logged. */
  log(): string {
    return this.output();
  }

  /** Fast shutdown (SIGINT to the postmaster's PID), SIGKILL after 15 s; removes the folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const pid = (await this.pid()) ?? this.child.pid;
      const signal = (s: NodeJS.Signals) => {
        try {
          if (pid !== undefined) process.kill(pid, s);
        } catch {
          // Already gone.
        }
      };
      signal('SIGINT');
      const timer = setTimeout(() => {
        signal('SIGKILL');
        this.child.kill('SIGKILL');
      }, 15_000);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
