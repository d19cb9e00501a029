/**
 * Where the store's bytes go: fills a store as storeBench does (24 h at
 * 1,000 req/s, or 7 d), then counts, per tier, the buckets, series rows,
 * endpoint (sketch) rows and packed bytes, and splits the retained heap by
 * V8 object type from a heap snapshot. A diagnostic, not a goal row.
 *
 *   node --expose-gc dist/bench/store/memoryBreakdown.js [24h|7d] [routes]
 */
import { Session } from 'node:inspector';
import type { BucketTiers } from '../../src/store/BucketTiers.js';
import { fillStore } from '../support/fillStore.js';
import { retainedBytes } from '../support/measure.js';
import { ROUTES, ShapePool } from '../support/syntheticTraffic.js';

const DAY = 24 * 3_600_000;
const which = process.argv[2] ?? '24h';
const routes = Number(process.argv[3] ?? ROUTES);
const pool = new ShapePool(1 << 20, undefined, routes);
const before = retainedBytes();
const filled =
  which === '7d'
    ? fillStore(pool, { hours: 7 * 24, recentRps: 1000, olderRps: 100, retentionMs: 7 * DAY })
    : fillStore(pool, { hours: 24, recentRps: 1000, retentionMs: DAY });
const retained = retainedBytes() - before;
// A diagnostic may look inside: the tiers are private to the store.
const tiers = (filled.store as unknown as { tiers: BucketTiers }).tiers;
const MB = 1e6;
const lines: string[] = [
  `${which}, ${routes} routes, ${filled.store.seriesCount} series: retained ${(retained / MB).toFixed(1)} MB`,
  '| tier | buckets | series rows | endpoint rows | packed bytes |',
  '|---|---|---|---|---|',
];
for (const tier of tiers.snapshot()) {
  let rows = 0;
  let endpointRows = 0;
  let packed = 0;
  for (const b of tier.buckets) {
    rows += b.series.length;
    endpointRows += b.endpoints.length;
    packed += b.packedBytes;
  }
  lines.push(
    `| ${tier.widthMs / 60_000} min | ${tier.buckets.length} | ${rows} | ${endpointRows} | ${(packed / MB).toFixed(2)} MB |`,
  );
}

/** Self sizes of the heap's objects summed by constructor or type name, biggest first. */
async function heapByType(): Promise<[string, number, number][]> {
  const session = new Session();
  session.connect();
  const chunks: string[] = [];
  session.on('HeapProfiler.addHeapSnapshotChunk', (m) => chunks.push(m.params.chunk));
  await new Promise<void>((resolve, reject) =>
    session.post('HeapProfiler.takeHeapSnapshot', {}, (err) => (err ? reject(err) : resolve())),
  );
  session.disconnect();
  const snap = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const sums = new Map<string, [number, number]>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + (iType as number)] as number] as string;
    const name = snap.strings[snap.nodes[i + (iName as number)] as number] as string;
    const key = type === 'object' || type === 'native' ? name : `(${type})`;
    const s = sums.get(key) ?? [0, 0];
    s[0] += snap.nodes[i + (iSize as number)] as number;
    s[1]++;
    sums.set(key, s);
  }
  return [...sums].map(([k, [size, n]]) => [k, size, n] as [string, number, number]);
}

const byType = (await heapByType()).sort((a, b) => b[1] - a[1]).slice(0, 16);
lines.push('', '| heap object type | self size | objects |', '|---|---|---|');
for (const [k, size, n] of byType) lines.push(`| ${k} | ${(size / MB).toFixed(2)} MB | ${n} |`);
lines.push(
  `(pool of ${pool.count} shapes, about 12 MB, is in the heap above but not in "retained")`,
);
process.stdout.write(`${lines.join('\n')}\n`);
