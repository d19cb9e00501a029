import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './childService.js';

/** Debian's Alertmanager, which scripts/ensure-system-deps.sh installs. */
export const ALERTMANAGER_PATH = '/usr/bin/prometheus-alertmanager';

/** One alert as `GET /api/v2/alerts` lists it. */
export interface ListedAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL?: string;
  readonly status: { readonly state: string };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real Alertmanager on loopback, with its config and storage in a
 * temporary folder and gossip off (`--cluster.listen-address=`), routing
 * every alert to a receiver that sends nothing.
 */
export class AlertmanagerServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    /** `http://127.0.0.1:PORT`, its base URL. */
    readonly url: string,
    private readonly output: () => string,
  ) {}

  /** Starts it and waits until `/-/ready` answers. */
  static async start(): Promise<AlertmanagerServer> {
    const dir = await mkdtemp(join(tmpdir(), 'golden-signals-alertmanager-'));
    const config = join(dir, 'alertmanager.yml');
    await writeFile(
      config,
      ['route:', '  receiver: nobody', 'receivers:', '  - name: nobody', ''].join('\n'),
    );
    const port = await freePort();
    const child = spawn(
      ALERTMANAGER_PATH,
      [
        `--config.file=${config}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: 'pipe' },
    );
    let output = '';
    const keep = (c: Buffer) => {
      output = (output + c.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) => keep(Buffer.from(`spawn failed: ${err.message}`)));
    const server = new AlertmanagerServer(child, dir, `http://127.0.0.1:${port}`, () => output);
    try {
      await waitFor('Alertmanager to be ready', async () => {
        if (server.exited) {
          throw new Error(
            `prometheus-alertmanager exited (run \`bash scripts/ensure-system-deps.sh\` as root if it is missing): ${output}`,
          );
        }
        const res = await fetch(`${server.url}/-/ready`).catch(() => undefined);
        return res?.ok ? true : undefined;
      });
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** The alerts its API lists (active ones: resolved alerts drop out), matching `labels`. */
  async alerts(labels: Readonly<Record<string, string>> = {}): Promise<ListedAlert[]> {
    const filters = Object.entries(labels)
      .map(([k, v]) => `filter=${encodeURIComponent(`${k}="${v}"`)}`)
      .join('&');
    const res = await fetch(`${this.url}/api/v2/alerts?${filters}`);
    if (!res.ok) throw new Error(`GET /api/v2/alerts → ${res.status}: ${await res.text()}`);
    return (await res.json()) as ListedAlert[];
  }

  /** Whether its process has exited. */
  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** What it printed (warnings and errors only). */
  log(): string {
    return this.output();
  }

  /** Stops the process by its PID (SIGTERM, then SIGKILL) and removes the temporary folder. */
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
