/**
 * Server CPU per request of the route hooks, against no OTel, OTel http
 * alone, and the contrib instrumentations. For each framework it starts
 * PROCESSES children per variant, warms each up, then in every round loads
 * each child in turn (forwards, then backwards the next round) with
 * autocannon on 127.0.0.1 for a fixed time, reading the child's
 * process.cpuUsage() over IPC before and after. A child's figure is its
 * median over rounds; a variant's is the median over its children, reported
 * over plain's median with the lowest and highest child.
 *
 *   npm run build && node dist/bench/routes/run.js [rounds] [seconds]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { listeningPort } from '../../test/routes/childApp.js';

const FIXTURES = fileURLToPath(new URL('../../../test/routes/fixtures/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.js', import.meta.url));
const FRAMEWORKS = ['koa.cjs', 'express5.cjs', 'fastify.cjs'] as const;
const VARIANTS = ['plain', 'http', 'contrib', 'ours'] as const;
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;
/** Server processes per variant: identical processes differ by up to a third in CPU per request. */
const PROCESSES = 3;

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
  const port = await listeningPort(child, file);
  return { child, url: `http://127.0.0.1:${port}/api/users/7` };
}

async function cpuMicros(child: ChildProcess): Promise<number> {
  const reply = once(child, 'message');
  child.send('cpu');
  const [usage] = (await reply) as [NodeJS.CpuUsage];
  return usage.user + usage.system;
}

/** CPU µs per request of a running child over one loaded window. */
async function measure(child: ChildProcess, url: string, seconds: number): Promise<number> {
  const before = await cpuMicros(child);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  const after = await cpuMicros(child);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: bad responses`);
  return (after - before) / result.requests.total;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill();
  await exited;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const seconds = Number(process.argv[3] ?? 3);
  const f1 = (x: number): string => x.toFixed(1);
  console.log(
    `${PROCESSES} processes per variant, rounds ${rounds}, ${seconds} s each, ${CONNECTIONS} connections, GET /api/users/7`,
  );
  console.log('framework     variant  µs/req (median)  over plain: median [min–max of processes]');
  for (const file of FRAMEWORKS) {
    const children: { variant: Variant; child: ChildProcess; url: string; runs: number[] }[] = [];
    for (const variant of VARIANTS) {
      for (let i = 0; i < PROCESSES; i++) {
        const { child, url } = await start(file, variant);
        await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
        children.push({ variant, child, url, runs: [] });
      }
    }
    try {
      for (let r = 0; r < rounds; r++) {
        for (const c of r % 2 === 0 ? children : [...children].reverse()) {
          c.runs.push(await measure(c.child, c.url, seconds));
        }
      }
    } finally {
      await Promise.all(children.map((c) => stop(c.child)));
    }
    const perChild = (variant: Variant) =>
      children.filter((c) => c.variant === variant).map((c) => median(c.runs));
    const plain = median(perChild('plain'));
    for (const variant of VARIANTS) {
      const xs = perChild(variant);
      console.log(
        `${file.padEnd(13)} ${variant.padEnd(8)} ${f1(median(xs)).padStart(15)}  ` +
          `${f1(median(xs) - plain)} [${f1(Math.min(...xs) - plain)}–${f1(Math.max(...xs) - plain)}]`,
      );
    }
  }
}

await main();
