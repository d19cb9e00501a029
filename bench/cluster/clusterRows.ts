/**
 * The multi-process rows of `npm run bench` (issue 10, item 8), both
 * sections one after the other, with when and how loaded the machine was:
 * what bench/run.ts and bench/cluster/run.ts share.
 */
import { type SectionRun, timed } from '../support/timedSection.js';
import { clusterTables } from './clusterTable.js';
import {
  type ClusterThroughputResult,
  DEFAULT_CLUSTER_THROUGHPUT_OPTIONS,
  QUICK_CLUSTER_THROUGHPUT_OPTIONS,
  runClusterThroughputBench,
} from './clusterThroughputBench.js';
import {
  DEFAULT_FORWARDING_OPTIONS,
  type ForwardingResult,
  QUICK_FORWARDING_OPTIONS,
  runForwardingBench,
} from './forwardingBench.js';

/** The rows' keys in bench/results.json, and their printed tables. */
export interface ClusterRows {
  readonly cluster_forwarding: ForwardingResult & { readonly run: SectionRun };
  readonly cluster_throughput: ClusterThroughputResult & { readonly run: SectionRun };
  readonly table: string;
}

/** Runs the forwarding rows, then the 2-worker rows (quick: short runs, rough figures). */
export async function runClusterRows(
  quick: boolean,
  log: (line: string) => void,
): Promise<ClusterRows> {
  const forwarding = await timed(() =>
    runForwardingBench(quick ? QUICK_FORWARDING_OPTIONS : DEFAULT_FORWARDING_OPTIONS, log),
  );
  const throughput = await timed(() =>
    runClusterThroughputBench(
      quick ? QUICK_CLUSTER_THROUGHPUT_OPTIONS : DEFAULT_CLUSTER_THROUGHPUT_OPTIONS,
      log,
    ),
  );
  return {
    cluster_forwarding: forwarding,
    cluster_throughput: throughput,
    table: clusterTables(forwarding, throughput),
  };
}
