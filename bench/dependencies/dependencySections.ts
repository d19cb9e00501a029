/**
 * The dependency sections of `npm run bench` (issue 23), each script in its
 * own process: what a client span costs per call (the SDK's span, and
 * golden-signals' rollup of it), and the store's memory over 500 routes
 * with and without 50 dependencies. Returns the `dependencies` key of
 * bench/results.json and the goal rows. Used by bench/run.ts and
 * bench/dependencies/run.ts.
 */
import type { Row, Section } from '../store/storeSections.js';

/** The store's memory goal of the 500-route day (bench/store/storeSections.ts). */
const MEMORY_GOAL_BYTES = 64e6;
const MB = 1e6;
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/**
 * Runs the sections; `hours` of traffic for the memory ones (24 in a full
 * run: a shorter one is said in the results and the docs).
 */
export function dependencySections(section: Section, hours = 24) {
  const cost = section('./dependencies/callCostBench.js');
  const withCalls = section('./dependencies/dependencyMemoryBench.js', [
    '50',
    '500',
    String(hours),
  ]);
  const without = section('./dependencies/dependencyMemoryBench.js', ['0', '500', String(hours)]);
  const memoryWith = withCalls.memory_bytes as number;
  const memoryWithout = without.memory_bytes as number;
  const dependencies = {
    sdk_ns_per_call: cost.sdk_ns_per_call as number,
    rollup_ns_per_call: cost.rollup_ns_per_call as number,
    hours,
    memory_bytes_500routes_50deps: memoryWith,
    memory_bytes_500routes_no_calls: memoryWithout,
    memory_growth_bytes: memoryWith - memoryWithout,
    query_ms_dependencies_500routes_50deps: withCalls.query_ms_dependencies_24h as number,
    details: { cost, with_calls: withCalls, without_calls: without },
  };
  const rows: Row[] = [
    [
      `Client span per call (${cost.calls_per_request} calls a request): the SDK's span / golden-signals' rollup, one core`,
      '(reported)',
      `${fmt((cost.sdk_ns_per_call as number) / 1e3, 2)} µs / ${fmt((cost.rollup_ns_per_call as number) / 1e3, 2)} µs`,
      true,
    ],
    [
      `Store memory, ${hours} h × 1,000 req/s × 500 routes, with 50 dependencies (1,000 calls/s)`,
      '≤ 64 MB',
      `${fmt(memoryWith / MB)} MB (+${fmt((memoryWith - memoryWithout) / MB)} MB over no calls)`,
      memoryWith <= MEMORY_GOAL_BYTES,
    ],
  ];
  return { dependencies, rows };
}
