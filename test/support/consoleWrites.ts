/** The console methods a library could write with. */
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Runs `body` with every console method and process.stdout/stderr.write
 * capturing instead of writing, and returns what was written meanwhile:
 * what a library printed behind its caller's logger. Restores them after.
 */
export async function consoleWritesDuring(body: () => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const saved = METHODS.map((name) => [name, console[name]] as const);
  const { stdout, stderr } = process;
  const writes = [stdout.write, stderr.write] as const;
  const capture = (chunk: unknown): boolean => {
    written.push(String(chunk));
    return true;
  };
  for (const name of METHODS) {
    console[name] = (...args: unknown[]) => {
      written.push(args.map(String).join(' '));
    };
  }
  stdout.write = capture as typeof stdout.write;
  stderr.write = capture as typeof stderr.write;
  try {
    await body();
  } finally {
    for (const [name, method] of saved) console[name] = method;
    [stdout.write, stderr.write] = writes;
  }
  return written;
}
