/**
 * The series one instance's `/metrics` gives an engine, at 50 and 500
 * routes (issue 21, part 7: what a fleet costs Prometheus): a real Express
 * app under the zero-code preload (routesApp.ts), every route called, then
 * its text exposition counted. Two traffic mixes: each route answering one
 * status to one method, and each route answering three (GET 200, GET 500,
 * POST 201), the usual spread of a busy API.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../../test/support/packedApp.js';
import { parsePrometheusText } from '../../test/support/prometheusText.js';

/** dist/bench/promql → the repository root. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DURATION = 'http_server_request_duration';

/** What one instance's exposition holds. */
export interface SeriesCount {
  readonly routes: number;
  /** Label sets per route: 1 (GET 200) or 3 (GET 200, GET 500, POST 201). */
  readonly label_sets_per_route: number;
  /** Sample lines of the text exposition: the series a classic-only engine (VictoriaMetrics) stores. */
  readonly text_series: number;
  /** Of them, the request-duration histogram's (`_bucket`, `_sum`, `_count`). */
  readonly duration_series: number;
  /** What Prometheus with native histograms stores: one series per duration label set, plus the rest. */
  readonly native_series: number;
  /** Bytes of the text exposition. */
  readonly text_bytes: number;
}

/** Starts the app with `routes` routes, calls each as `mix` says, and counts its exposition. */
export async function seriesPerInstance(routes: number, mix: 1 | 3): Promise<SeriesCount> {
  const app = await startApp(
    ROOT,
    [
      '--import',
      path.join(ROOT, 'dist', 'instrumentation.js'),
      path.join(ROOT, 'dist', 'bench', 'promql', 'routesApp.js'),
    ],
    { ROUTES: String(routes), GOLDEN_SIGNALS_PORT: '0' },
    true,
  );
  try {
    for (let i = 0; i < routes; i++) {
      const calls: [string, string][] =
        mix === 1
          ? [['GET', '']]
          : [
              ['GET', ''],
              ['GET', '?status=500'],
              ['POST', '?status=201'],
            ];
      for (const [method, query] of calls) {
        const res = await fetch(`${app.url}/api/r${i}/7${query}`, { method });
        await res.arrayBuffer();
      }
    }
    const origin = new URL(app.dashboardUrl as string).origin;
    const text = await (await fetch(`${origin}/metrics`)).text();
    const samples = parsePrometheusText(text);
    const duration = samples.filter((s) => s.name.startsWith(`${DURATION}_`));
    const labelSets = samples.filter((s) => s.name === `${DURATION}_count`).length;
    return {
      routes,
      label_sets_per_route: mix,
      text_series: samples.length,
      duration_series: duration.length,
      native_series: samples.length - duration.length + labelSets,
      text_bytes: Buffer.byteLength(text),
    };
  } finally {
    await app.stop();
  }
}

// Run alone: `npm run build && node dist/bench/promql/seriesPerInstance.js`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out: SeriesCount[] = [];
  for (const routes of [50, 500]) {
    for (const mix of [1, 3] as const) out.push(await seriesPerInstance(routes, mix));
  }
  console.log(JSON.stringify(out, null, 2));
}
