/**
 * The local mode of `flood-measure` (issue 20): the cardinality flood comes
 * from the app's own requests, not from OTLP. A small node:http app answers
 * `/ok`, and `/flood/<k>` with `error.type` `E<k>` set on its active span and
 * status `400 + k % 200`; the client sends 100,000 flood requests over 16
 * keep-alive sockets, cycling through the methods Node's parser accepts,
 * while a loop probes `/ok`. The same load runs against the same app without
 * the preload, so what our code adds stands apart from the app's own work.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { probe, quantile, round, send, startApp } from './floodHttp.js';

const FLOOD_REQUESTS = 100_000;
const CONCURRENCY = 16;
/** Requests to `/ok` for the baseline, after as many to warm up. */
const BASELINE_REQUESTS = 1_000;
/** Most `/ok` requests during the flood (the loop stops with the flood anyway). */
const MAX_PROBES = 200_000;
/** The flood stops sending after this long, finished or not (an old build may crawl). */
const MAX_FLOOD_MS = 180_000;
/** Rounds of (plain node, then under the preload), against the noise of a shared machine; `--rounds` within 1..5. */
export const DEFAULT_ROUNDS = 2;
/** How long the app may take to stop on SIGTERM before it is killed. */
const STOP_MS = 30_000;
/** How long the overview may take to settle on its final count. */
const SETTLE_MS = 10_000;

// Node's parser answers 400 itself to a method it does not know (`M1`, `FOO`),
// so distinct methods are the ones it knows; CONNECT would need a tunnel.
const METHODS = http.METHODS.filter((m) => m !== 'CONNECT');

const APP = `import http from 'node:http';
import { trace } from '@opentelemetry/api';
const server = http.createServer((req, res) => {
  const k = /^\\/flood\\/(\\d+)$/.exec(req.url ?? '')?.[1];
  if (k !== undefined) {
    trace.getActiveSpan()?.setAttribute('error.type', 'E' + k);
    res.statusCode = 400 + (Number(k) % 200);
    res.end('flood');
    return;
  }
  res.setHeader('content-type', 'text/plain');
  res.end(req.url === '/ok' ? 'ok' : 'nope');
});
server.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
`;

/** What one run (with or without the preload) measured. */
interface LocalRun {
  readonly preload: boolean;
  readonly baseline_ok_p99_ms: number;
  readonly flood_ok_p99_ms: number;
  readonly flood_ok_max_ms: number;
  readonly p99_delta_ms: number;
  readonly flood_ok_requests: number;
  readonly flood_ok_failed: number;
  readonly flood_sent: number;
  readonly flood_failed: number;
  readonly flood_wrong_status: number;
  readonly flood_complete: boolean;
  readonly flood_seconds: number;
  readonly flood_requests_per_s: number;
  readonly app_requests_sent: number;
  readonly overview?: Record<string, unknown>;
}

/** Sends `/flood/0..FLOOD_REQUESTS-1` over CONCURRENCY sockets until done or MAX_FLOOD_MS. */
async function flood(
  app: string,
): Promise<{ sent: number; failed: number; wrong: number; ms: number; complete: boolean }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let wrong = 0;
  const worker = async () => {
    while (next < FLOOD_REQUESTS && performance.now() - started < MAX_FLOOD_MS) {
      const k = next++;
      const method = METHODS[k % METHODS.length] ?? 'GET';
      const status = await send(agent, `${app}/flood/${k}`, method).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 0) failed++;
      else if (status !== 400 + (k % 200)) wrong++;
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    agent.destroy();
  }
  return {
    sent: next,
    failed,
    wrong,
    ms: performance.now() - started,
    complete: next === FLOOD_REQUESTS,
  };
}

/** The overview once its `total_requests` stops moving (spans may end a little after the answer). */
async function settledOverview(
  agent: http.Agent,
  dashboard: string,
): Promise<Record<string, unknown>> {
  const deadline = performance.now() + SETTLE_MS;
  let last: Record<string, unknown> = {};
  for (;;) {
    const res = await send(agent, `${dashboard}/dashboard/overview`, 'GET');
    const overview = JSON.parse(res.body) as Record<string, unknown>;
    if (overview.total_requests === last.total_requests || performance.now() > deadline)
      return overview;
    last = overview;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Baseline `/ok` p99, then the flood with the probe loop, against the app in `file`. */
async function run(root: string, file: string, preload: boolean): Promise<LocalRun> {
  const { child, app, dashboard } = await startApp(root, file, preload);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const warm = await probe(agent, app, BASELINE_REQUESTS, () => false);
    const base = await probe(agent, app, BASELINE_REQUESTS, () => false);
    let flooding = true;
    const during = probe(agent, app, MAX_PROBES, () => !flooding);
    const sent = await flood(app).finally(() => {
      flooding = false;
    });
    const { latencies, failed } = await during;
    const baselineP99 = quantile(base.latencies, 0.99);
    const floodP99 = quantile(latencies, 0.99);
    const result: LocalRun = {
      preload,
      baseline_ok_p99_ms: round(baselineP99),
      flood_ok_p99_ms: round(floodP99),
      flood_ok_max_ms: round(Math.max(...latencies)),
      p99_delta_ms: round(floodP99 - baselineP99),
      flood_ok_requests: latencies.length,
      flood_ok_failed: failed,
      flood_sent: sent.sent,
      flood_failed: sent.failed,
      flood_wrong_status: sent.wrong,
      flood_complete: sent.complete,
      flood_seconds: round(sent.ms / 1_000),
      flood_requests_per_s: Math.round(sent.sent / (sent.ms / 1_000)),
      app_requests_sent:
        warm.latencies.length + base.latencies.length + latencies.length + sent.sent,
    };
    if (dashboard === undefined) return result;
    return { ...result, overview: await settledOverview(agent, dashboard) };
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    // A stalled build may not get to its SIGTERM handler: it gets a while, then SIGKILL.
    const stuck = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
    await exited;
    clearTimeout(stuck);
  }
}

/** Runs the local flood against the app without, then with, the preload of `root`; the figures as JSON-ready data. */
export async function measureLocalFlood(
  root: string,
  rounds = DEFAULT_ROUNDS,
): Promise<Record<string, unknown>> {
  // Inside the checkout's dist/ so that `@opentelemetry/api` resolves from its node_modules.
  const dir = path.join(root, 'dist', `.flood-local-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'app.mjs');
  writeFileSync(file, APP);
  try {
    const load_before = loadavg().map((l) => round(l));
    const plain: LocalRun[] = [];
    const preloaded: LocalRun[] = [];
    for (let r = 0; r < rounds; r++) {
      plain.push(await run(root, file, false));
      preloaded.push(await run(root, file, true));
    }
    const last = preloaded[preloaded.length - 1];
    const overview = last?.overview ?? {};
    const telemetry = (overview.telemetry ?? {}) as Record<string, unknown>;
    const worstDelta = Math.max(...preloaded.map((p) => p.p99_delta_ms));
    return {
      mode: 'local',
      rounds,
      root,
      flood_requests: FLOOD_REQUESTS,
      concurrency: CONCURRENCY,
      methods_sent: METHODS.length,
      // OTel's http instrumentation records any method outside its known nine as `_OTHER`.
      methods_note:
        'the store sees at most GET HEAD POST PUT DELETE OPTIONS TRACE PATCH QUERY _OTHER',
      statuses_sent: 200,
      error_types_sent: last?.flood_sent ?? 0,
      load_average_before: load_before,
      load_average_after: loadavg().map((l) => round(l)),
      plain_node: plain,
      preload: preloaded.map(({ overview: _, ...figures }) => figures),
      // What our code adds on top of the app's own work under the same flood, round by round.
      flood_ok_p99_added_by_preload_ms: preloaded.map((p, r) =>
        round(p.flood_ok_p99_ms - (plain[r]?.flood_ok_p99_ms ?? Number.NaN)),
      ),
      total_requests: overview.total_requests ?? null,
      total_requests_equals_sent: overview.total_requests === last?.app_requests_sent,
      series: telemetry.series ?? null,
      series_limit: telemetry.series_limit ?? null,
      overflowed_requests: telemetry.overflowed_requests ?? null,
      folded_method_requests: telemetry.folded_method_requests ?? null,
      folded_status_requests: telemetry.folded_status_requests ?? null,
      folded_error_type_requests: telemetry.folded_error_type_requests ?? null,
      accepted: worstDelta <= 20 && preloaded.every((p) => p.flood_complete) ? 'yes' : 'no',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
