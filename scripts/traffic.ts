/**
 * Sends the original design's traffic mix to a running service and prints a
 * summary to compare with the dashboard:
 *
 *   npm run traffic -- --url http://127.0.0.1:8000 --requests 500 --concurrency 20
 *
 * Mix: positive, negative and neutral texts in equal parts, plus about 6%
 * `{}` bodies that the service rejects with 422.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';

const TEXTS = [
  'This is amazing!',
  'I love this product, it is excellent',
  'This is terrible!',
  'I hate waiting, awful service',
  'This is okay',
  'The package arrived on Tuesday',
];
/** Share of requests sent as `{}`, as in the original design's test (10 of 160). */
const INVALID_SHARE = 0.06;

interface Options {
  url: string;
  requests: number;
  concurrency: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:8000' },
      requests: { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '20' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run traffic -- [--url URL] [--requests N] [--concurrency C]');
    process.exit(0);
  }
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(requests) || requests < 1 || requests > 10_000_000) {
    throw new RangeError(
      `--requests must be an integer from 1 to 10000000, got: ${values.requests}`,
    );
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    throw new RangeError(
      `--concurrency must be an integer from 1 to 1000, got: ${values.concurrency}`,
    );
  }
  return { url: values.url.replace(/\/+$/, ''), requests, concurrency };
}

/** Nearest-rank percentile of sorted values, the dashboard's definition. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(Math.floor(sorted.length * q), sorted.length - 1)] as number;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const byStatus = new Map<string, number>();
  const latencies: number[] = [];
  const bar = new cliProgress.SingleBar(
    { format: 'traffic [{bar}] {percentage}% | {value}/{total} requests | {eta}s left' },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.requests, 0);
  let next = 0;
  const startedAt = performance.now();
  const worker = async (): Promise<void> => {
    while (next < options.requests) {
      const i = next++;
      const invalid = Math.random() < INVALID_SHARE;
      const body = invalid ? {} : { text: TEXTS[i % TEXTS.length] };
      const t0 = performance.now();
      let key: string;
      try {
        const res = await fetch(`${options.url}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        key = String(res.status);
      } catch (err) {
        key = `network error (${(err as Error).cause ?? (err as Error).message})`;
      }
      latencies.push(performance.now() - t0);
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
      bar.increment();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  bar.stop();
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(
    `\nsent ${options.requests} requests to ${options.url}/predict in ${seconds.toFixed(1)} s`,
  );
  console.log('by status:');
  for (const [status, count] of [...byStatus].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${status}: ${count}`);
  }
  console.log(
    `client-side latency: p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(percentile(latencies, 0.95))}, p99 ${ms(percentile(latencies, 0.99))}`,
  );
  console.log(
    `compare: curl -s '${options.url}/dashboard/requests?period=1h' | jq '.total, .by_status'`,
  );
  if ([...byStatus.keys()].some((k) => k.startsWith('network'))) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`traffic: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
