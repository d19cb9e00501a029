import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The part of autocannon's `--json` result the load tests read. */
export interface AutocannonResult {
  requests: { total: number; average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

/** Options for one autocannon run against a JSON POST route. */
export interface AutocannonRun {
  url: string;
  body: string;
  connections: number;
  /** Run for this many seconds… */
  durationSeconds?: number;
  /** …or send exactly this many requests, all of which complete. */
  amount?: number;
}

/**
 * Runs autocannon in a child process, so that load generation does not share
 * the event loop of the server under test, and returns its `--json` result.
 */
export function runAutocannon(run: AutocannonRun): Promise<AutocannonResult> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '--json', '-c', String(run.connections), '-m', 'POST'];
  args.push('-H', 'content-type=application/json', '-b', run.body);
  if (run.amount !== undefined) args.push('-a', String(run.amount));
  else args.push('-d', String(run.durationSeconds ?? 10));
  args.push(run.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 200)} ${err.slice(0, 200)}`));
      }
    });
  });
}
