/**
 * The measuring loop the multi-process rows share: every tree warmed up,
 * then rounds that load each tree in turn (round r starting at the r-th tree,
 * alternately backwards and forwards: http/processRounds.ts roundOrder, so
 * the shared machine's noise hits every variant alike) with a
 * fixed count of requests, reading each process's CPU time from /proc
 * before the load and after the dashboard has caught up. In every
 * golden-signals tree, after every run, the dashboard's total must equal
 * the requests the client completed, or the row fails.
 */
import { DEFAULT_FORWARD_DELAY_MS } from '../../src/config.js';
import { roundOrder } from '../http/processRounds.js';
import type { ClusterTree, TreeCpu } from './ClusterTree.js';
import { countedLoad, expectTotal, sleep } from './countedLoad.js';

/** The route every run requests (the fixture's `GET /api/users/:id`). */
export const ROUTE = '/api/users/7';

/** Past the forward delay, before the dashboard is first asked: the last batch's export. */
const SETTLE_MARGIN_MS = 200;
/** How long after that the dashboard may still take to count the last batch on a busy machine. */
const CATCH_UP_TIMEOUT_MS = 15_000;

/** Options of the loop. */
export interface RoundOptions {
  readonly rounds: number;
  /** Requests of each measured run. */
  readonly requests: number;
  /** Requests of each tree's unmeasured first run. */
  readonly warmupRequests: number;
  readonly connections: number;
  /** The most one run may take before it is stopped and the row fails. */
  readonly maxSeconds: number;
}

/** One measured run of one tree. */
export interface TreeSample {
  readonly round: number;
  readonly requests: number;
  readonly rps: number;
  /** CPU µs of the primary (the only process when the tree has no workers) over the run. */
  readonly primaryMicros: number;
  /** CPU µs of each worker over the run. */
  readonly workerMicros: readonly number[];
}

const delta = (after: TreeCpu, before: TreeCpu) => ({
  primaryMicros: after.primary - before.primary,
  workerMicros: after.workers.map((w, i) => w - (before.workers[i] ?? 0)),
});

/** What the loop measured, per tree in the order given. */
export interface TreeMeasures {
  readonly samples: TreeSample[][];
  /** Requests the client completed on each tree, warm-up included. */
  readonly sent: number[];
  /** The dashboard's last total of each tree (equal to `sent`, or the loop threw); -1 without one. */
  readonly counted: number[];
}

/** Loads each of `trees` in interleaved rounds. */
export async function measureTrees(
  trees: readonly ClusterTree[],
  options: RoundOptions,
  log: (line: string) => void,
  name: string,
): Promise<TreeMeasures> {
  const sent = trees.map(() => 0);
  const counted = trees.map(() => -1);
  // The window ends after the dashboard caught up, so a forwarding worker's
  // last export and the receiver's ingest of it are in it; every variant
  // waits the same, so idle time weighs alike.
  const run = async (i: number) => {
    const tree = trees[i] as ClusterTree;
    const before = tree.cpu();
    const result = await countedLoad(
      `${tree.origin}${ROUTE}`,
      options.requests,
      options.connections,
      options.maxSeconds,
    );
    sent[i] = (sent[i] ?? 0) + result.requests;
    counted[i] = await settle(tree, sent[i] ?? 0);
    return { before, after: tree.cpu(), result };
  };
  const settle = async (tree: ClusterTree, expected: number) => {
    const wait = DEFAULT_FORWARD_DELAY_MS + SETTLE_MARGIN_MS;
    if (tree.dashboardUrl === undefined) return sleep(wait).then(() => -1);
    const what = `${name}: ${JSON.stringify(tree.spec)} at ${tree.origin}`;
    return expectTotal(what, () => tree.dashboardTotal(), expected, wait, CATCH_UP_TIMEOUT_MS);
  };

  for (const [i, tree] of trees.entries()) {
    await countedLoad(
      `${tree.origin}${ROUTE}`,
      options.warmupRequests,
      options.connections,
      options.maxSeconds,
    );
    sent[i] = options.warmupRequests;
    counted[i] = await settle(tree, options.warmupRequests);
  }
  const samples: TreeSample[][] = trees.map(() => []);
  for (let r = 0; r < options.rounds; r++) {
    for (const i of roundOrder([...trees.keys()], r)) {
      const { before, after, result } = await run(i);
      samples[i]?.push({
        round: r,
        requests: result.requests,
        rps: result.rps,
        ...delta(after, before),
      });
    }
    log(`  ${name} round ${r + 1}/${options.rounds} done`);
  }
  return { samples, sent, counted };
}
