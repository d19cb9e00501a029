/**
 * Measures how route tagging costs throughput: plain Koa against our
 * routeTag middleware and against @opentelemetry/instrumentation-koa, on the
 * same trivial route, alternating variants (A B C A B C …) so that machine
 * noise hits all of them alike. Reports medians and ratios to plain Koa.
 *
 *   npm run build && node dist/bench/routeTag.js [seconds-per-run] [rounds]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';

const VARIANTS = ['plain', 'routeTag', 'koaInstrumentation'] as const;
const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);

async function start(variant: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['dist/bench/routeTagServer.js', variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (c: Buffer) => resolve(Number(c.toString().trim())));
    child.once('exit', (code) => reject(new Error(`${variant} exited with ${code}`)));
  });
  return { child, port };
}

async function measure(variant: string): Promise<number> {
  const { child, port } = await start(variant);
  try {
    const url = `http://127.0.0.1:${port}/items/42`;
    await autocannon({ url, connections: 50, duration: 1 }); // warm-up
    const result = await autocannon({ url, connections: 50, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${variant}: failed requests`);
    return result.requests.average;
  } finally {
    child.kill();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const samples = new Map<string, number[]>(VARIANTS.map((v) => [v, []]));
for (let round = 0; round < rounds; round++) {
  for (const variant of VARIANTS) samples.get(variant)?.push(await measure(variant));
}
const plain = median(samples.get('plain') ?? []);
console.log(`route tagging, ${rounds} alternating rounds of ${seconds} s, 50 connections`);
for (const variant of VARIANTS) {
  const rps = median(samples.get(variant) ?? []);
  console.log(
    `${variant.padEnd(20)} ${rps.toFixed(0).padStart(8)} req/s  ${(rps / plain).toFixed(2)}× plain`,
  );
}
