import type { WindowView } from '../../store/BucketTiers.js';
import type { SourceFilter } from '../../store/SourceFilter.js';
import { countsOf, mergeLatencyInto } from './filteredTotals.js';
import { emptySketch } from './LatencySummary.js';

/** Requests, errors and merged latency of a window, of the sources a filter passes. */
export interface WindowFigures {
  readonly count: number;
  readonly errors: number;
  readonly latency: ReturnType<typeof emptySketch>;
}

/** Sums a window's cover: exact counts, and one merged latency sketch. */
export function windowFigures(view: WindowView, filter: SourceFilter): WindowFigures {
  const latency = emptySketch();
  let count = 0;
  let errors = 0;
  for (const bucket of view.cover()) {
    const c = countsOf(bucket, filter);
    count += c.count;
    errors += c.errors;
    mergeLatencyInto(bucket, filter, latency);
  }
  return { count, errors, latency };
}
