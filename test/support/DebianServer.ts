import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './childService.js';

/** The most of a server's output kept for a failure message. */
const OUTPUT_KEPT = 20_000;

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What to start: a Debian server's command, its files and how it says it is ready. */
export interface DebianServerSpec {
  /** The command on PATH, or its absolute path. */
  readonly command: string;
  /** The Debian package that provides it (named when it is missing). */
  readonly pkg: string;
  /** Names the temporary folder (`golden-signals-<name>-`) and the failure messages. */
  readonly name: string;
  /** Files to write into the temporary folder before the start: file name → text. */
  readonly files?: Readonly<Record<string, string>>;
  /** Its arguments, given its temporary folder and its loopback port. */
  readonly args: (dir: string, port: number) => readonly string[];
  /** The path that answers 2xx once it is ready (`/-/ready`, `/health`). */
  readonly readyPath: string;
  /** A folder made by the caller (holding data prepared for it) instead of a new one; removed on stop all the same. */
  readonly dir?: string;
  /** How long it may take to be ready; 15 s unless told. */
  readonly readyTimeoutMs?: number;
}

/**
 * A Debian server (Prometheus, Alertmanager, VictoriaMetrics) started by a
 * test: its files and storage in a temporary folder, its HTTP API on a
 * loopback port picked free, stopped by its PID. A missing binary or a
 * start that fails throws with what it printed and the command that
 * installs it: the tests that need it are never skipped.
 */
export class DebianServer {
  private constructor(
    private readonly child: ChildProcess,
    /** The temporary folder holding its files and storage. */
    readonly dir: string,
    /** Its loopback port. */
    readonly port: number,
    private readonly output: () => string,
  ) {}

  /** Starts it and waits until `spec.readyPath` answers 2xx. */
  static async start(spec: DebianServerSpec): Promise<DebianServer> {
    const dir = spec.dir ?? (await mkdtemp(join(tmpdir(), `golden-signals-${spec.name}-`)));
    for (const [file, text] of Object.entries(spec.files ?? {})) {
      await writeFile(join(dir, file), text);
    }
    const port = await freePort();
    const child = spawn(spec.command, [...spec.args(dir, port)], { stdio: 'pipe', cwd: dir });
    let output = '';
    const keep = (c: Buffer) => {
      output = (output + c.toString()).slice(-OUTPUT_KEPT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) => keep(Buffer.from(`spawn failed: ${err.message}\n`)));
    const server = new DebianServer(child, dir, port, () => output);
    try {
      await waitFor(
        `${spec.name} to be ready`,
        async () => {
          if (server.exited || child.pid === undefined) {
            throw new Error(
              `${spec.command} exited (run \`bash scripts/ensure-system-deps.sh\` as root, or \`sudo apt-get install -y --no-install-recommends ${spec.pkg}\`, if it is missing):\n${output}`,
            );
          }
          const res = await fetch(`${server.url}${spec.readyPath}`).catch(() => undefined);
          await res?.arrayBuffer();
          return res?.ok ? true : undefined;
        },
        spec.readyTimeoutMs ?? 15_000,
      );
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** `http://127.0.0.1:PORT`, its base URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Its process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether its process has exited. */
  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** What it printed, the last 20,000 characters. */
  log(): string {
    return this.output();
  }

  /** Stops the process by its PID (SIGTERM, then SIGKILL after 10 s) and removes the temporary folder. */
  async stop(): Promise<void> {
    if (!this.exited && this.child.pid !== undefined) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
