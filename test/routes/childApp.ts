import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { SpanSummary } from './fixtures/preload.js';

/** The source folder of the fixture apps (they are not compiled). */
const FIXTURES = fileURLToPath(new URL('../../../test/routes/fixtures/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./fixtures/preload.js', import.meta.url));

/**
 * The port a fixture app printed in its `LISTENING <port>` line; rejects,
 * with what it printed, if it exits first.
 */
export function listeningPort(child: ChildProcess, name: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m?.[1] !== undefined) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${out}`)));
  });
}

/** A fixture app running under the test preload in a child process. */
export class ChildApp {
  private constructor(
    private readonly child: ChildProcess,
    /** The app's base URL on 127.0.0.1. */
    readonly base: string,
  ) {}

  /** Starts `fixtures/<file>` (with `env` over this process's) and resolves once it listens. */
  static async start(file: string, env: Record<string, string> = {}): Promise<ChildApp> {
    const child = fork(FIXTURES + file, [], {
      env: { ...process.env, ...env },
      execArgv: ['--import', PRELOAD],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const port = await listeningPort(child, file);
    return new ChildApp(child, `http://127.0.0.1:${port}`);
  }

  /** Every server span the child finished so far. */
  async spans(): Promise<SpanSummary[]> {
    const reply = once(this.child, 'message');
    this.child.send('spans');
    const [message] = (await reply) as [{ spans: SpanSummary[] }];
    return message.spans;
  }

  /** Polls until the span of `path` (path and query) has ended, and returns it. */
  async spanOf(path: string): Promise<SpanSummary> {
    for (;;) {
      const span = (await this.spans()).find((s) => s.path === path);
      if (span !== undefined) return span;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops the child. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill();
    await exited;
  }
}
