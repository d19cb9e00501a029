/**
 * One run of the multi-process fixture app (test/load/fixtures/clusterApp.mjs)
 * as a bench subject: a single process (`WORKERS=0`) or a node:cluster
 * primary with its workers, with or without the golden-signals preload. The
 * tree's processes are read from what the app prints (`worker PID
 * listening`), their CPU time from /proc, so a cluster worker, which has no
 * IPC channel to the bench, is measured exactly like a single process.
 * Everything listens on 127.0.0.1; the tree is stopped by its PIDs only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '../../test/support/packedApp.js';
import { cpuMicrosOf } from './procCpu.js';

/** How long a tree may take to listen (the shared 2-core machine starts a dozen at once), and to exit once told to. */
export const TREE_START_TIMEOUT_MS = 90_000;
export const TREE_STOP_GRACE_MS = 5_000;

const APP = fileURLToPath(new URL('../../../test/load/fixtures/clusterApp.mjs', import.meta.url));
const REGISTER = fileURLToPath(new URL('../../instrumentation.js', import.meta.url));
const APP_LINE = /app listening on (http:\/\/127\.0\.0\.1:\d+)/;
const DASHBOARD_LINE = /^golden-signals: dashboard on (http:\/\/127\.0\.0\.1:\d+\/dashboard)$/m;
const WORKER_LINE = /worker (\d+) listening/g;

/** What to start: how many workers (0: one plain process), and whether under the zero-code entry. */
export interface TreeSpec {
  readonly workers: number;
  readonly goldenSignals: boolean;
  /** The preload of another build (its `dist/instrumentation.js`), for side-by-side runs; this build's by default. */
  readonly register?: string;
}

/** CPU µs of each process of a tree at one moment. */
export interface TreeCpu {
  /** The primary, or the only process when `workers` is 0. */
  readonly primary: number;
  /** Each worker, in the order they printed their listen lines. */
  readonly workers: readonly number[];
}

/** A started tree. */
export class ClusterTree {
  private constructor(
    readonly spec: TreeSpec,
    private readonly child: ChildProcess,
    private readonly exited: Promise<unknown>,
    /** `http://127.0.0.1:PORT` of the app, one port for every worker. */
    readonly origin: string,
    /** `http://127.0.0.1:PORT/dashboard` of the primary's own port; undefined without golden-signals. */
    readonly dashboardUrl: string | undefined,
    /** The workers' PIDs (empty when `workers` is 0). */
    readonly workerPids: readonly number[],
  ) {}

  /**
   * Starts `node [--import register] clusterApp.mjs` with `WORKERS`, `PORT=0`
   * and `GOLDEN_SIGNALS_PORT=0` over a clean environment (no inherited
   * `OTEL_*` or `GOLDEN_SIGNALS_*`), and waits for every listen line.
   */
  static start(spec: TreeSpec): Promise<ClusterTree> {
    const args = spec.goldenSignals ? ['--import', spec.register ?? REGISTER, APP] : [APP];
    const env = cleanEnv({ WORKERS: String(spec.workers), PORT: '0', GOLDEN_SIGNALS_PORT: '0' });
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    let output = '';
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        reject(new Error(`clusterApp.mjs ${JSON.stringify(spec)} ${why}:\n${output.slice(-2000)}`));
      };
      const timer = setTimeout(
        () => fail(`printed no listen lines in ${TREE_START_TIMEOUT_MS} ms`),
        TREE_START_TIMEOUT_MS,
      );
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        const origin = APP_LINE.exec(output)?.[1];
        const dashboard = DASHBOARD_LINE.exec(output)?.[1];
        const pids = [...output.matchAll(WORKER_LINE)].map((m) => Number(m[1]));
        const workers = spec.workers === 0 ? [] : pids;
        if (
          origin === undefined ||
          (spec.goldenSignals && dashboard === undefined) ||
          workers.length < spec.workers
        )
          return;
        clearTimeout(timer);
        child.stdout?.off('data', collect);
        child.stderr?.off('data', collect);
        // Keep draining, so a chatty child never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        child.off('exit', onExit);
        resolve(new ClusterTree(spec, child, exited, origin, dashboard, workers));
      };
      const onExit = (code: number | null, signal: string | null) =>
        fail(`exited (${code ?? signal}) before listening`);
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      child.on('exit', onExit);
    });
  }

  /** CPU µs of every process of the tree so far (user + system, all threads). */
  cpu(): TreeCpu {
    return {
      primary: cpuMicrosOf(this.child.pid as number),
      workers: this.workerPids.map(cpuMicrosOf),
    };
  }

  /**
   * The total the dashboard reports (`total_requests` of `/dashboard/overview`);
   * throws without golden-signals.
   */
  async dashboardTotal(): Promise<number> {
    if (this.dashboardUrl === undefined) throw new Error('no dashboard in this tree');
    const res = await fetch(`${this.dashboardUrl}/overview`);
    if (res.status !== 200) throw new Error(`GET ${this.dashboardUrl}/overview: ${res.status}`);
    return ((await res.json()) as { total_requests: number }).total_requests;
  }

  /** SIGTERM to the primary (it stops its workers), then SIGKILL to each PID of the tree still up after the grace. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const pid of this.workerPids) killIfAlive(pid);
      this.child.kill('SIGKILL');
    }, TREE_STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Starts every tree; if any fails, stops the ones that started and rethrows. */
export async function startTrees(specs: readonly TreeSpec[]): Promise<ClusterTree[]> {
  const settled = await Promise.allSettled(specs.map((s) => ClusterTree.start(s)));
  const failed = settled.find((s) => s.status === 'rejected');
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed === undefined) return started;
  await Promise.all(started.map((t) => t.stop()));
  throw failed.reason;
}
