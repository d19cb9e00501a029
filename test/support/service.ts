import { type ChildProcess, spawn } from 'node:child_process';

/** The built service, started as the README says, on a free loopback port. */
export interface Service {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/** Starts `node --import ./dist/instrumentation.js dist/src/server.js` with PORT=0 and `env`. */
export async function startService(env: Record<string, string>): Promise<Service> {
  const child = spawn(
    process.execPath,
    ['--import', './dist/instrumentation.js', 'dist/src/server.js'],
    { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: 'pipe' },
  );
  let output = '';
  const append = (c: Buffer) => {
    output += c.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line: ${output}`)), 15_000);
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  return { child, url, output: () => output };
}

/** Resolves with the exit code once the process has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
