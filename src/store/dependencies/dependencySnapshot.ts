import { decode, encode } from '../frozen/FrozenBucketData.js';
import type { MinuteHourRings } from '../tiers/MinuteHourRings.js';
import { CallBucket } from './CallBucket.js';
import type { DependencyKind } from './CallRecord.js';
import { CallRowKind } from './CallRow.js';
import type { CallRowData, DependenciesData } from './DependenciesData.js';
import type { DependencyRows } from './DependencyRows.js';

const ROW_KINDS: ReadonlySet<number> = new Set(Object.values(CallRowKind));
const DEPENDENCY_KINDS: ReadonlySet<string> = new Set<DependencyKind>([
  'http',
  'database',
  'cache',
  'messaging',
  'other',
]);

/** The since-start counts a snapshot keeps. */
type CallCounts = Pick<
  DependenciesData,
  'recordedCalls' | 'foldedCalls' | 'unjoinedCalls' | 'unattributedCalls'
>;

/** The rows and tiers as plain data, buckets packed, rows named by position. */
export function saveDependencies(
  rows: DependencyRows,
  tiers: MinuteHourRings<CallBucket>,
  rolledBefore: number | null,
  counts: CallCounts,
): DependenciesData {
  // By index, holes as null: the packed buckets are saved as they are, with no renaming.
  const saved: (CallRowData | null)[] = [];
  for (const r of rows.rows()) {
    while (saved.length < r.index) saved.push(null);
    saved[r.index] = [
      r.rowKind,
      r.service,
      r.instance,
      r.endpoint,
      r.dependency,
      r.kind,
      r.system,
      r.operation,
      r.other ? 1 : 0,
      r.traceId,
    ];
  }
  return {
    rows: saved,
    tiers: tiers.rings().map((ring) => ({
      widthMs: ring.widthMs,
      buckets: ring.entries().map(([start, bucket]) => {
        return {
          start,
          rows: encode(bucket.toBytes()),
          unattributed: bucket.unattributed,
          unjoined: bucket.unjoined,
          folded: bucket.folded,
        };
      }),
    })),
    rolledBefore,
    recordedCalls: counts.recordedCalls,
    foldedCalls: counts.foldedCalls,
    unjoinedCalls: counts.unjoinedCalls,
    unattributedCalls: counts.unattributedCalls,
  };
}

/**
 * Loads saved rows and buckets into empty ones, whose minute is `current`;
 * buckets of a width the rings do not keep, or after `current`, are dropped.
 * @throws RangeError when the data is damaged.
 */
export function restoreDependencies(
  data: DependenciesData,
  rows: DependencyRows,
  tiers: MinuteHourRings<CallBucket>,
  current: number,
): CallCounts {
  if (!Array.isArray(data.rows) || !Array.isArray(data.tiers)) {
    throw new RangeError('dependencies: rows and tiers must be arrays');
  }
  const indexOf: (number | undefined)[] = data.rows.map((saved, i) => {
    if (saved === null) return undefined;
    if (!Array.isArray(saved) || saved.length !== 10) {
      throw new RangeError(`dependencies.rows[${i}] is not a row`);
    }
    const [
      rowKind,
      service,
      instance,
      endpoint,
      dependency,
      kind,
      system,
      operation,
      other,
      traceId,
    ] = saved;
    if (!ROW_KINDS.has(rowKind) || !DEPENDENCY_KINDS.has(kind)) {
      throw new RangeError(`dependencies.rows[${i}] has an unknown kind`);
    }
    for (const text of [service, instance, endpoint, dependency, system, operation, traceId]) {
      if (typeof text !== 'string') throw new RangeError(`dependencies.rows[${i}] names no string`);
    }
    const row = rows.restoreRow(
      rowKind,
      service,
      instance,
      endpoint,
      dependency,
      kind,
      system,
      operation,
      other === 1,
    );
    if (row === undefined) return undefined;
    if (traceId !== '') row.traceId = traceId;
    return row.index;
  });
  for (const tier of data.tiers) {
    for (const b of tier.buckets) {
      const ring = tiers.restoreRing(tier.widthMs, b.start, current);
      if (ring === undefined) continue;
      const bucket = CallBucket.fromBytes(new Uint8Array(decode(b.rows, 1)), (saved) => {
        if (saved >= indexOf.length) throw new RangeError('a call bucket names no row');
        const index = indexOf[saved];
        const row = index === undefined ? undefined : rows.at(index);
        if (row !== undefined && row.lastBucketStart < b.start) row.lastBucketStart = b.start;
        return index;
      });
      bucket.unattributed = count(b.unattributed);
      bucket.unjoined = count(b.unjoined);
      bucket.folded = count(b.folded);
      tiers.put(ring, b.start, bucket);
    }
  }
  return {
    recordedCalls: count(data.recordedCalls),
    foldedCalls: count(data.foldedCalls),
    unjoinedCalls: count(data.unjoinedCalls),
    unattributedCalls: count(data.unattributedCalls),
  };
}

function count(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new RangeError(`dependencies: a count must be a non-negative integer, got: ${String(v)}`);
  }
  return v;
}
