/**
 * Server CPU per request of the route hooks, against no OTel, OTel http
 * alone, and the contrib instrumentations. For each framework and round it
 * starts one child per variant (in a shuffled order), warms it up, loads
 * GET /api/users/7 with autocannon on 127.0.0.1 for a fixed time, and reads
 * the child's process.cpuUsage() over IPC before and after. Reports, per
 * variant, the median over rounds of (variant − plain, same round) in
 * µs/request with min–max, and the absolute median.
 *
 *   npm run build && node dist/bench/routes/run.js [rounds] [seconds]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const FIXTURES = fileURLToPath(new URL('../../../test/routes/fixtures/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.js', import.meta.url));
const FRAMEWORKS = ['koa.cjs', 'express5.cjs', 'fastify.cjs'] as const;
const VARIANTS = ['plain', 'http', 'contrib', 'ours'] as const;
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;

type Variant = (typeof VARIANTS)[number];

async function start(
  file: string,
  variant: Variant,
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(FIXTURES + file, [], {
    execArgv: ['--import', PRELOAD],
    env: { ...process.env, BENCH_VARIANT: variant },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m?.[1] !== undefined) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/api/users/7` };
}

async function cpuMicros(child: ChildProcess): Promise<number> {
  const reply = once(child, 'message');
  child.send('cpu');
  const [usage] = (await reply) as [NodeJS.CpuUsage];
  return usage.user + usage.system;
}

/** One child: warm up, then CPU µs per request over a loaded window. */
async function measure(file: string, variant: Variant, seconds: number): Promise<number> {
  const { child, url } = await start(file, variant);
  try {
    await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
    const before = await cpuMicros(child);
    const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
    const after = await cpuMicros(child);
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${file}/${variant}: bad responses`);
    return (after - before) / result.requests.total;
  } finally {
    const exited = once(child, 'exit');
    child.kill();
    await exited;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const seconds = Number(process.argv[3] ?? 3);
  const f1 = (x: number): string => x.toFixed(1);
  console.log(`rounds ${rounds}, ${seconds} s each, ${CONNECTIONS} connections, GET /api/users/7`);
  console.log('framework     variant  µs/req (median)  over plain: median [min–max]');
  for (const file of FRAMEWORKS) {
    const runs = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (const variant of shuffled(VARIANTS)) {
        runs.get(variant)?.push(await measure(file, variant, seconds));
      }
    }
    const plain = runs.get('plain') ?? [];
    for (const variant of VARIANTS) {
      const xs = runs.get(variant) ?? [];
      const over = xs.map((x, i) => x - (plain[i] ?? NaN));
      console.log(
        `${file.padEnd(13)} ${variant.padEnd(8)} ${f1(median(xs)).padStart(15)}  ` +
          `${f1(median(over))} [${f1(Math.min(...over))}–${f1(Math.max(...over))}]`,
      );
    }
  }
}

await main();
