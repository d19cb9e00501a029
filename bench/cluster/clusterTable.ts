/**
 * The printed tables of the multi-process rows (forwardingBench.ts,
 * clusterThroughputBench.ts), Markdown like the others of `npm run bench`.
 */
import type { ClusterThroughputResult } from './clusterThroughputBench.js';
import type { ForwardingResult, Spread } from './forwardingBench.js';

const f1 = (n: number) => n.toFixed(1);
const signed = (n: number) => (n > 0 ? `+${f1(n)}` : n === 0 ? '0.0' : f1(n));
const range = (s: Spread, show: (n: number) => string) =>
  `${show(s.median)} (${show(s.min)} – ${show(s.max)})`;
const counted = (c: { dashboard: number; client: number } | undefined) =>
  c === undefined
    ? '—'
    : `${c.dashboard.toLocaleString('en-US')} / ${c.client.toLocaleString('en-US')}`;

/** The forwarding table and the 2-worker table. */
export function clusterTables(
  forwarding: ForwardingResult,
  cluster: ClusterThroughputResult,
): string {
  const fo = forwarding.options;
  const co = cluster.options;
  const lines = [
    '',
    `| Express \`${fo.route}\`, ${fo.processes} trees per row, ${fo.rounds} rounds × ${fo.requests.toLocaleString('en-US')} requests, ${fo.connections} connections | serving process CPU µs/request: median (min – max over trees) | over plain one process | primary (receiver) CPU µs/request | req/s (median) | dashboard / client requests |`,
    '|---|---|---|---|---|---|',
  ];
  for (const v of Object.values(forwarding.variants)) {
    const primary = v.primary_cpu_us_per_request;
    lines.push(
      `| ${v.label} | ${range(v.server_cpu_us_per_request, f1)} | ${range(v.server_cpu_us_over_plain, signed)} | ${primary === undefined ? '—' : range(primary, f1)} | ${v.rps.toLocaleString('en-US')} | ${counted(v.counted)} |`,
    );
  }
  lines.push(
    '',
    `Forwarding worker over the in-process store: ${signed(forwarding.forwarding_over_in_process_us)} µs/request; over a plain worker: ${signed(forwarding.forwarding_over_plain_cluster_us)} µs/request; the receiver (primary) over a plain primary: ${signed(forwarding.receiver_over_plain_primary_us)} µs/request.`,
    '',
    `| Express \`${co.route}\`, ${co.workers}-worker cluster, ${co.clusters} clusters per row, ${co.rounds} rounds × ${co.requests.toLocaleString('en-US')} requests, ${co.connections} connections | req/s: median (min – max over runs) | whole tree CPU µs/request (min – max over clusters) | primary CPU µs/request | dashboard / client requests |`,
    '|---|---|---|---|---|',
  );
  for (const v of Object.values(cluster.variants)) {
    lines.push(
      `| ${v.label} | ${range(v.rps, (n) => n.toLocaleString('en-US'))} | ${range(v.tree_cpu_us_per_request, f1)} | ${range(v.primary_cpu_us_per_request, f1)} | ${counted(v.counted)} |`,
    );
  }
  lines.push(
    '',
    `golden-signals ÷ plain req/s, ${co.workers}-worker cluster: ${range(cluster.ratio_ours_vs_plain, (n) => `${n.toFixed(3)}×`)} (median, min – max over pairs measured back to back)`,
  );
  return lines.join('\n');
}
