import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './childService.js';

/** One series of an instant-query answer. */
export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

interface QueryAnswer {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

interface TargetsAnswer {
  data?: { activeTargets?: { health: string; lastScrape: string; lastError: string }[] };
}

/** A loopback port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real Prometheus (Debian's `/usr/bin/prometheus`, installed by
 * scripts/ensure-system-deps.sh) scraping one target on loopback every
 * second, with its config and storage in a temporary folder.
 */
export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    /** The temporary folder holding its config and storage. */
    readonly dir: string,
    /** `http://127.0.0.1:PORT` of its HTTP API. */
    readonly url: string,
    private readonly output: () => string,
  ) {}

  /**
   * Starts Prometheus scraping `target` (`host:port`) at `/metrics`, and waits until it is ready.
   * `features`: its `--enable-feature` flags (`native-histograms`: it asks for the protobuf exposition).
   */
  static async start(target: string, features: readonly string[] = []): Promise<PrometheusServer> {
    const dir = await mkdtemp(join(tmpdir(), 'golden-signals-prometheus-'));
    const config = join(dir, 'prometheus.yml');
    await writeFile(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        'scrape_configs:',
        '  - job_name: golden-signals',
        '    metrics_path: /metrics',
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...features.map((f) => `--enable-feature=${f}`),
      ],
      { stdio: 'pipe' },
    );
    let output = '';
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const server = new PrometheusServer(child, dir, `http://127.0.0.1:${port}`, () => output);
    try {
      await waitFor('Prometheus to be ready', async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`);
        const res = await fetch(`${server.url}/-/ready`).catch(() => undefined);
        return res?.ok ? true : undefined;
      });
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** Runs an instant query; throws unless Prometheus answers success with a vector. */
  async query(promql: string): Promise<VectorSample[]> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const answer = (await res.json()) as QueryAnswer;
    if (answer.status !== 'success' || answer.data?.resultType !== 'vector') {
      throw new Error(`query ${promql} failed: ${JSON.stringify(answer)}`);
    }
    return answer.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** Waits for `count` successful scrapes of the target that start after `sinceMs`. */
  async waitForScrapes(sinceMs: number, count: number): Promise<void> {
    let seen = 0;
    let last = sinceMs;
    await waitFor(`${count} scrapes`, async () => {
      const res = await fetch(`${this.url}/api/v1/targets`);
      const target = ((await res.json()) as TargetsAnswer).data?.activeTargets?.[0];
      if (target === undefined) return undefined;
      const at = Date.parse(target.lastScrape);
      if (at > last) {
        if (target.health !== 'up') throw new Error(`scrape failed: ${target.lastError}`);
        last = at;
        seen++;
      }
      return seen >= count ? true : undefined;
    });
  }

  /** Its process id. */
  get pid(): number | undefined {
    return this.child.pid;
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
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
