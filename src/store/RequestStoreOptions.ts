import { DEFAULT_REDACT_QUERY, type RedactQueryMode } from '../privacy/RedactionSettings.js';
import type { DependencyStoreOptions } from './dependencies/DependencyStore.js';
import { DEFAULT_DIMENSION_LIMITS, type DimensionLimits } from './seriesFolding.js';

/** How long data is kept unless configured: 24 hours. */
export const DEFAULT_RETENTION_MS = 24 * 3_600_000;
/** Width of one fine bucket: one minute. */
export const DEFAULT_BUCKET_MS = 60_000;
/** Most series of one service kept apart before new ones fold into its overflow endpoint. */
export const DEFAULT_SERIES_LIMIT = 1_000;
/** Most services kept apart before new ones fold into the overflow service. */
export const DEFAULT_SERVICE_LIMIT = 32;
/** Most instances of one service kept apart before new ones fold into its overflow instance. */
export const DEFAULT_INSTANCE_LIMIT = 256;
/** Service of records that name none, unless configured: OTel's own default name. */
export const DEFAULT_LOCAL_SERVICE = 'unknown_service';
/** Instance of records that name none, unless configured. */
export const DEFAULT_LOCAL_INSTANCE = 'local';
/** How many errors the recent-error ring keeps. */
export const DEFAULT_RECENT_ERROR_LIMIT = 100;

/** Options of a {@link RequestStore}; every one has a default. */
export interface RequestStoreOptions {
  /** Data older than this is evicted. */
  retentionMs?: number;
  /** Fine bucket width; retention must be a whole number of buckets. */
  bucketMs?: number;
  /** Series limit of each service; see {@link SeriesRegistry}. */
  seriesLimit?: number;
  /** Most services kept apart; see {@link SourceRegistry}. */
  serviceLimit?: number;
  /** Most instances of one service kept apart; see {@link SourceRegistry}. */
  instanceLimit?: number;
  /** Distinct methods, statuses and error types kept apart per endpoint; see {@link SeriesRegistry}. */
  dimensionLimits?: Partial<DimensionLimits>;
  /**
   * The local identity: the service of records without `service`, and of an
   * old snapshot's data (version 1 had no sources).
   */
  service?: string;
  /** The local identity's instance: of records without `instance`, and of an old snapshot's data. */
  instance?: string;
  /** Capacity of the recent-error ring. */
  recentErrorLimit?: number;
  /** Most exemplars held in all; see {@link ExemplarStore}. */
  exemplarLimit?: number;
  /** Most error groups kept apart; see {@link ErrorGroupStore}. */
  errorGroupLimit?: number;
  /** Most instances with a saturation history; see {@link SaturationHistory}. */
  saturationInstanceLimit?: number;
  /** Limits of the dependency rollup and its join, and the N+1 threshold; see {@link DependencyStore}. */
  dependencies?: DependencyStoreOptions;
  /** Clock in epoch milliseconds; injected so tests can cover a day in milliseconds. */
  now?: () => number;
  /** How URLs in error messages are masked before they are held (see `redactText`); `sensitive` by default. */
  redactQuery?: RedactQueryMode;
}

/** {@link RequestStoreOptions} with every default filled in and every value checked. */
export interface ResolvedStoreOptions {
  readonly retentionMs: number;
  readonly bucketMs: number;
  readonly seriesLimit: number;
  readonly serviceLimit: number;
  readonly instanceLimit: number;
  readonly dimensionLimits: Readonly<DimensionLimits>;
  readonly service: string;
  readonly instance: string;
  readonly now: () => number;
  readonly redactQuery: RedactQueryMode;
}

/**
 * The options with their defaults, checked.
 * @throws RangeError naming the first value that cannot be used.
 */
export function resolveStoreOptions(options: RequestStoreOptions): ResolvedStoreOptions {
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
  if (!Number.isInteger(bucketMs) || bucketMs <= 0) {
    throw new RangeError(`bucketMs must be a positive integer, got: ${bucketMs}`);
  }
  if (retentionMs < bucketMs || retentionMs % bucketMs !== 0) {
    throw new RangeError(
      `retentionMs must be a whole number of buckets (${bucketMs} ms), got: ${retentionMs}`,
    );
  }
  const seriesLimit = options.seriesLimit ?? DEFAULT_SERIES_LIMIT;
  if (!Number.isInteger(seriesLimit) || seriesLimit < 1) {
    throw new RangeError(`seriesLimit must be a positive integer, got: ${seriesLimit}`);
  }
  const serviceLimit = options.serviceLimit ?? DEFAULT_SERVICE_LIMIT;
  const instanceLimit = options.instanceLimit ?? DEFAULT_INSTANCE_LIMIT;
  for (const [name, value] of [
    ['serviceLimit', serviceLimit],
    ['instanceLimit', instanceLimit],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got: ${value}`);
    }
  }
  const dimensions = { ...DEFAULT_DIMENSION_LIMITS, ...options.dimensionLimits };
  for (const [name, value] of Object.entries(dimensions)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`dimensionLimits.${name} must be a positive integer, got: ${value}`);
    }
  }
  return {
    retentionMs,
    bucketMs,
    seriesLimit,
    serviceLimit,
    instanceLimit,
    dimensionLimits: Object.freeze(dimensions),
    service: options.service ?? DEFAULT_LOCAL_SERVICE,
    instance: options.instance ?? DEFAULT_LOCAL_INSTANCE,
    now: options.now ?? Date.now,
    redactQuery: options.redactQuery ?? DEFAULT_REDACT_QUERY,
  };
}
