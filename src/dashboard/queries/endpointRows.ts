import type { BucketView } from '../../store/BucketView.js';
import { matchesSource, type SourceFilter } from '../../store/SourceFilter.js';

/** One endpoint row of one bucket. */
export type EndpointRow = [bucket: BucketView, row: number];

/**
 * Each endpoint's rows in `buckets`, of the sources `filter` passes. Queries
 * gather them first and then merge one endpoint at a time into one reused
 * accumulator: a dense accumulator per endpoint costs more to allocate than
 * to fill.
 */
export function endpointRows(
  buckets: readonly BucketView[],
  filter: SourceFilter,
): Map<string, EndpointRow[]> {
  const rowsOf = new Map<string, EndpointRow[]>();
  for (const bucket of buckets) {
    bucket.endpoints.forEach((key, row) => {
      if (!matchesSource(filter, key.source)) return;
      const rows = rowsOf.get(key.endpoint);
      if (rows === undefined) rowsOf.set(key.endpoint, [[bucket, row]]);
      else rows.push([bucket, row]);
    });
  }
  return rowsOf;
}
