import type { Series } from '../Series.js';
import type { Source } from '../Source.js';
import type { StoreParts } from './StoreParts.js';
import type { SeriesKey, SourceKey, StoreSnapshot } from './StoreSnapshot.js';

/**
 * A store's parts as plain data, for {@link restoreStoreSnapshot} after a
 * restart: sources and series in tables, the buckets and the drill-down
 * history naming them by position.
 */
export function writeStoreSnapshot(
  parts: StoreParts,
  counts: { readonly recorded: number; readonly droppedTooOld: number },
): StoreSnapshot {
  const sourceIds = new Map<Source, number>();
  const sources: SourceKey[] = [];
  const sourceIdOf = (s: Source): number => {
    let id = sourceIds.get(s);
    if (id === undefined) {
      id = sources.length;
      sourceIds.set(s, id);
      sources.push({
        service: s.service,
        instance: s.instance,
        recorded: s.recorded,
        // JSON has no -Infinity: a source restored without a request yet says 0.
        lastSeenMs: Math.max(s.lastSeenMs, 0),
      });
    }
    return id;
  };
  const ids = new Map<Series, number>();
  const series: SeriesKey[] = [];
  const idOf = (s: Series): number => {
    let id = ids.get(s);
    if (id === undefined) {
      id = series.length;
      ids.set(s, id);
      series.push([s.endpoint, s.method, s.statusCode, s.errorType, sourceIdOf(s.source)]);
    }
    return id;
  };
  const tiers = parts.tiers.snapshot().map((tier) => ({
    widthMs: tier.widthMs,
    closedBefore: tier.closedBefore,
    buckets: tier.buckets.map((b) => b.toData(idOf, sourceIdOf)),
  }));
  const snapshot: StoreSnapshot = {
    bucketMs: parts.bucketMs,
    retentionMs: parts.retentionMs,
    recorded: counts.recorded,
    droppedTooOld: counts.droppedTooOld,
    overflowedRequests: parts.series.overflowedRequests,
    foldedMethodRequests: parts.series.foldedMethodRequests,
    foldedStatusRequests: parts.series.foldedStatusRequests,
    foldedErrorTypeRequests: parts.series.foldedErrorTypeRequests,
    overflowedServiceRequests: parts.sources.overflowedServiceRequests,
    overflowedInstanceRequests: parts.sources.overflowedInstanceRequests,
    sources,
    series,
    tiers,
    errors: parts.errors.entries(),
    exemplars: parts.exemplars.toData(sourceIdOf),
    errorGroups: parts.errorGroups.toData(sourceIdOf),
    saturation: parts.saturation.toData(),
    slowest: parts.slowest.toData(sourceIdOf),
  };
  // Written only once there were calls: a store without any writes what it did before issue 23.
  const dependencies = parts.dependencies.toData();
  if (dependencies === undefined) return snapshot;
  return { ...snapshot, dependencies, slowCalls: parts.slowCalls.toSnapshot() };
}
