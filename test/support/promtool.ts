import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** `promtool check metrics` on a text exposition: its exit code and what it printed. */
export async function promtoolCheck(
  text: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn('promtool', ['check', 'metrics'], { stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stdin.end(text);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}
