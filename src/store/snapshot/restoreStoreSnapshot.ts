import { redactText } from '../../privacy/redactText.js';
import type { EndpointKey } from '../EndpointKey.js';
import { FrozenBucket } from '../FrozenBucket.js';
import type { Series } from '../Series.js';
import { OVERFLOW_ENDPOINT } from '../SeriesRegistry.js';
import { OVERFLOW_SOURCE_NAME } from '../Source.js';
import type { SourceEntry } from '../SourceRegistry.js';
import { isWholeFold } from '../seriesFolding.js';
import { SketchAccumulator } from '../sketch/SketchAccumulator.js';
import type { SlowRequest } from '../slowest/SlowRequest.js';
import type { StoreParts } from './StoreParts.js';
import type { SeriesKey, SourceKey, StoreSnapshot } from './StoreSnapshot.js';

/** What {@link restoreStoreSnapshot} kept and dropped, and where the retained data starts. */
export interface RestoredSnapshot {
  /** Buckets kept. */
  readonly kept: number;
  /** Buckets dropped: past the retention, or of a tier this store does not keep. */
  readonly dropped: number;
  /** Start of the oldest retained data. */
  readonly oldest: number;
}

/**
 * Loads a snapshot into an empty store's parts, whose fine bucket is now
 * `current`. Buckets and errors past the retention are dropped; data of a
 * version 1 snapshot, which had no sources, goes to the local identity.
 * The store's own counters (recorded, dropped too old) are the caller's.
 * @throws RangeError (or any error) when the snapshot is damaged; the caller resets the store.
 */
export function restoreStoreSnapshot(
  parts: StoreParts,
  snapshot: StoreSnapshot,
  current: number,
): RestoredSnapshot {
  // Regular sources and series first: the overflow ones do not count against the
  // limits then, as they did not when they were made, so nothing folds on restore.
  const saved = snapshot.sources ?? [];
  const sourceOrder = saved
    .map((key, id) => ({ key, id }))
    .sort((a, b) => overflowRank(a.key) - overflowRank(b.key));
  const sources: SourceEntry[] = new Array(saved.length);
  for (const { key, id } of sourceOrder) {
    const source = parts.sources.resolve(key.service, key.instance);
    source.recorded += key.recorded;
    if (key.lastSeenMs > source.lastSeenMs) source.lastSeenMs = key.lastSeenMs;
    sources[id] = source;
  }
  let local: SourceEntry | undefined;
  const sourceOf = (id: number | undefined): SourceEntry => {
    if (id !== undefined) return sources[id] as SourceEntry;
    local ??= parts.sources.resolve(parts.localService, parts.localInstance);
    return local;
  };
  const series: Series[] = new Array(snapshot.series.length);
  const order = snapshot.series
    .map((key, id) => ({ key, id }))
    .sort((a, b) => seriesRank(a.key) - seriesRank(b.key));
  for (const { key, id } of order) {
    const [endpoint, method, statusCode, errorType, sourceId] = key;
    series[id] = parts.series.resolve(sourceOf(sourceId), endpoint, method, statusCode, errorType);
  }
  const tiers = snapshot.tiers.map((tier) => ({
    widthMs: tier.widthMs,
    closedBefore: tier.closedBefore,
    buckets: tier.buckets.map((data) => {
      const keys: EndpointKey[] = data.endpoints.map((endpoint, row) =>
        parts.series.keyOf(sourceOf(data.endpointSources?.[row]), endpoint),
      );
      const bucket = FrozenBucket.fromData(
        data,
        data.series.map((id) => series[id] as Series),
        keys,
      );
      for (const s of bucket.series) {
        if (s.lastBucketStart < bucket.start) s.lastBucketStart = bucket.start;
      }
      // Decode every sketch row now, so a damaged one fails here, not in a query.
      const probe = new SketchAccumulator();
      bucket.mergeTotalInto(probe);
      for (let row = 0; row < bucket.endpoints.length; row++) {
        bucket.mergeEndpointInto(row, probe);
      }
      return bucket;
    }),
  }));
  const result = parts.tiers.restore(tiers, current);
  const oldest = parts.tiers.oldestRetained(current);
  // Version 3 parts; older snapshots have none.
  if (snapshot.exemplars !== undefined) {
    parts.exemplars.restore(
      snapshot.exemplars,
      (id, endpoint) => parts.series.keyOf(sourceOf(id), endpoint),
      current,
    );
  }
  if (snapshot.slowest !== undefined) {
    parts.slowest.restore(
      snapshot.slowest,
      (id, endpoint) => parts.series.keyOf(sourceOf(id), endpoint),
      sourceOf,
      oldest,
    );
  } else {
    // Older snapshots kept no top lists: their exemplars serve, marked as not exact.
    parts.slowest.seed(heldExemplars(parts, current), oldest);
  }
  if (snapshot.errorGroups !== undefined) {
    parts.errorGroups.restore(snapshot.errorGroups, sourceOf, current, oldest);
  }
  if (snapshot.saturation !== undefined) {
    parts.saturation.restore(snapshot.saturation, current, oldest);
  }
  if (snapshot.dependencies !== undefined) {
    parts.dependencies.restore(snapshot.dependencies, current, oldest, parts.nowMs);
  }
  if (snapshot.slowCalls !== undefined) parts.slowCalls.restore(snapshot.slowCalls, oldest);
  for (const entry of snapshot.errors) {
    if (entry.timestampMs < oldest) continue;
    // Version 1 entries name no source: the local identity's.
    parts.errors.push({
      ...entry,
      // A snapshot written before redaction (or with it off) may hold raw URLs.
      message: redactText(entry.message, parts.redactQuery),
      service: entry.service ?? parts.localService,
      instance: entry.instance ?? parts.localInstance,
    });
  }
  parts.series.overflowedRequests = snapshot.overflowedRequests;
  parts.series.foldedMethodRequests = snapshot.foldedMethodRequests ?? 0;
  parts.series.foldedStatusRequests = snapshot.foldedStatusRequests ?? 0;
  parts.series.foldedErrorTypeRequests = snapshot.foldedErrorTypeRequests ?? 0;
  parts.sources.overflowedServiceRequests = snapshot.overflowedServiceRequests ?? 0;
  parts.sources.overflowedInstanceRequests = snapshot.overflowedInstanceRequests ?? 0;
  if (local !== undefined && snapshot.sources === undefined) {
    // Version 1 kept no per-source figures: all it recorded was the local process's.
    local.recorded += snapshot.recorded;
  }
  for (const s of series) {
    const source = s.source as SourceEntry;
    if (s.lastBucketStart > source.lastSeenMs) source.lastSeenMs = s.lastBucketStart;
  }
  return { ...result, oldest };
}

/**
 * Restore order of a series: regular endpoints first, then the overflow
 * endpoint's, whole folds last, so each is restored under the limits as
 * it was made and nothing folds again.
 */
function seriesRank(key: SeriesKey): number {
  const [endpoint, method, statusCode, errorType] = key;
  return (
    2 * Number(endpoint === OVERFLOW_ENDPOINT) + Number(isWholeFold(method, statusCode, errorType))
  );
}

/** 0 for a regular source, 1 for an overflow one: restored last. */
function overflowRank(key: SourceKey): number {
  return Number(key.service === OVERFLOW_SOURCE_NAME || key.instance === OVERFLOW_SOURCE_NAME);
}

/** Every exemplar the restored store holds, as requests of their rows. */
function heldExemplars(parts: StoreParts, current: number): SlowRequest[] {
  const out: SlowRequest[] = [];
  parts.exemplars.scan(
    Number.NEGATIVE_INFINITY,
    current,
    () => true,
    (key, d, ts, take, i) => {
      const e = take(i);
      out.push({
        key,
        timestampMs: ts,
        durationMs: d,
        statusCode: e.statusCode,
        method: e.method,
        traceId: e.traceId,
        spanId: e.spanId ?? '',
      });
    },
  );
  return out;
}
