/**
 * Measures what an OTLP cardinality flood costs the app it lands in (issue
 * 20): starts a trivial node:http app under the preload
 * (`node --import <root>/dist/instrumentation.js`, dashboard and receiver on
 * their own port), measures the p99 of its `/ok` route alone, then sends 20
 * protobuf bodies of 5,000 SERVER spans each, every span with its own method,
 * status, error type and one of 1,500 routes, while the same `/ok` loop runs,
 * and prints JSON: the time of each body, the `/ok` p99 during the flood
 * against the baseline, and the series the dashboard ended with.
 *
 *   node dist/scripts/flood-measure.js [--root <a built checkout>] [--local [--rounds <1..5>]]
 *
 * `--root` runs another build (an old commit's) under the same load.
 * `--local` makes the flood from the app's own requests instead (see
 * `floodLocal.ts`): 100,000 requests, each with its own error type.
 * Acceptance: every body within 2x the first one's time, the p99 within
 * 20 ms of the baseline.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, probe, quantile, round, send, startApp } from './floodHttp.js';
import { DEFAULT_ROUNDS, measureLocalFlood } from './floodLocal.js';
import { loadOtlpProtoFiles } from './loadOtlpProtoFiles.js';

const BODIES = 20;
const SPANS_PER_BODY = 5_000;
/** Requests to `/ok` for the baseline, after as many to warm up. */
const BASELINE_REQUESTS = 1_000;
/** Most `/ok` requests during the flood (the loop stops with the flood anyway). */
const MAX_PROBES = 200_000;
/** Longest wait for one body's answer. */
const BODY_TIMEOUT_MS = 120_000;

const APP = `import http from 'node:http';
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(req.url === '/ok' ? 'ok' : 'nope');
});
server.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
`;

const RequestType = loadOtlpProtoFiles().lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);

/** One protobuf body of `count` SERVER spans from span number `first` on, each with its own values. */
function floodBody(first: number, count: number): Buffer {
  const endNs = BigInt(Date.now() - 1_000) * 1_000_000n;
  const spans = Array.from({ length: count }, (_, i) => {
    const k = first + i;
    return {
      traceId: randomBytes(16),
      spanId: randomBytes(8),
      name: `M${k} /r${k % 1_500}`,
      kind: 2,
      startTimeUnixNano: String(endNs - 5_000_000n),
      endTimeUnixNano: String(endNs),
      attributes: [
        { key: 'http.request.method', value: { stringValue: `M${k}` } },
        { key: 'http.route', value: { stringValue: `/r${k % 1_500}` } },
        { key: 'http.response.status_code', value: { intValue: String(100 + (k % 500)) } },
        { key: 'error.type', value: { stringValue: `Error${k}` } },
      ],
    };
  });
  const request = RequestType.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'flood' } }] },
        scopeSpans: [{ scope: { name: 'flood' }, spans }],
      },
    ],
  });
  return Buffer.from(RequestType.encode(request).finish());
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Writes the OTLP mode's app where nothing needs resolving and starts it under the preload. */
async function startOtlpApp(
  root: string,
): Promise<{ child: ChildProcess; app: string; dashboard: string }> {
  const file = path.join(tmpdir(), `flood-app-${process.pid}.mjs`);
  writeFileSync(file, APP);
  const { child, app, dashboard } = await startApp(root, file, true);
  return { child, app, dashboard: dashboard ?? '' };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      local: { type: 'boolean', default: false },
      rounds: { type: 'string' },
    },
  });
  const root = path.resolve(values.root ?? fileURLToPath(new URL('../../', import.meta.url)));
  if (values.local) {
    const rounds = Math.min(5, Math.max(1, Number(values.rounds ?? DEFAULT_ROUNDS) || 1));
    console.log(JSON.stringify(await measureLocalFlood(root, rounds), null, 2));
    return;
  }
  const bodies = Array.from({ length: BODIES }, (_, b) =>
    floodBody(b * SPANS_PER_BODY, SPANS_PER_BODY),
  );
  const { child, app, dashboard } = await startOtlpApp(root);
  const exited = once(child, 'exit');
  try {
    const traces = `${dashboard}/v1/traces`;
    // Warms the receiver up (schema, decoders) with a small body of other values.
    await send(agent, traces, 'POST', floodBody(10_000_000, 10));
    await probe(agent, app, BASELINE_REQUESTS, () => false);
    const { latencies: baseline } = await probe(agent, app, BASELINE_REQUESTS, () => false);
    let flooding = true;
    const during = probe(agent, app, MAX_PROBES, () => !flooding);
    const bodyMs: number[] = [];
    const statuses: number[] = [];
    try {
      for (const body of bodies) {
        const started = performance.now();
        // A failed body (reset, timed out) counts with the time it took, as status 0.
        const status = await send(agent, traces, 'POST', body, BODY_TIMEOUT_MS).then(
          (res) => res.status,
          () => 0,
        );
        bodyMs.push(performance.now() - started);
        statuses.push(status);
      }
    } finally {
      flooding = false;
    }
    const { latencies: flood, failed: floodFailed } = await during;
    const overview = JSON.parse(
      (await send(agent, `${dashboard}/dashboard/overview`, 'GET')).body,
    ) as {
      total_requests: number;
      telemetry: Record<string, unknown>;
    };
    const first = bodyMs[0] ?? Number.NaN;
    const baselineP99 = quantile(baseline, 0.99);
    const floodP99 = quantile(flood, 0.99);
    const result = {
      root,
      bodies: BODIES,
      spans_per_body: SPANS_PER_BODY,
      body_bytes: bodies[0]?.length,
      body_statuses: [...new Set(statuses)],
      body_ms: bodyMs.map(round),
      first_body_ms: round(first),
      max_body_ms: round(Math.max(...bodyMs)),
      max_to_first: round(Math.max(...bodyMs) / first),
      // The first body also pays for warming the new code paths up: the steady state, apart.
      median_body_ms: round(median(bodyMs)),
      last_body_ms: round(bodyMs[bodyMs.length - 1] ?? Number.NaN),
      baseline_ok_p99_ms: round(baselineP99),
      flood_ok_p99_ms: round(floodP99),
      flood_ok_max_ms: round(Math.max(...flood)),
      p99_delta_ms: round(floodP99 - baselineP99),
      flood_ok_requests: flood.length,
      flood_ok_failed: floodFailed,
      total_requests: overview.total_requests,
      series: overview.telemetry.series,
      series_limit: overview.telemetry.series_limit,
      overflowed_requests: overview.telemetry.overflowed_requests,
      folded_method_requests: overview.telemetry.folded_method_requests ?? null,
      folded_status_requests: overview.telemetry.folded_status_requests ?? null,
      folded_error_type_requests: overview.telemetry.folded_error_type_requests ?? null,
      accepted: Math.max(...bodyMs) <= 2 * first && floodP99 - baselineP99 <= 20 ? 'yes' : 'no',
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await exited;
  }
}

await main();
