/** Most distinct methods of one endpoint kept apart; more fold into {@link OTHER_METHOD}. */
export const DEFAULT_METHODS_PER_ENDPOINT = 16;
/** Most distinct status codes of one endpoint kept apart; more fold into their class's {@link foldedStatus}. */
export const DEFAULT_STATUSES_PER_ENDPOINT = 32;
/** Most distinct error types of one endpoint kept apart; more fold into {@link OTHER_ERROR_TYPE}. */
export const DEFAULT_ERROR_TYPES_PER_ENDPOINT = 32;
/**
 * Most series of the overflow endpoints of one service kept apart; past it a
 * new combination folds whole (method, status and error type), into at most
 * {@link FOLDED_COMBINATIONS} more series per instance.
 */
export const DEFAULT_OVERFLOW_ENDPOINT_SERIES = 64;

/** The method a folded one is recorded as: OTel's own name for a method it does not know. */
export const OTHER_METHOD = '_OTHER';
/** The error type a folded one is recorded as: OTel's fallback `error.type` value. */
export const OTHER_ERROR_TYPE = '_OTHER';

/**
 * Series a whole fold can make in one endpoint: {@link OTHER_METHOD} × five
 * status classes × an untyped or {@link OTHER_ERROR_TYPE} error.
 */
export const FOLDED_COMBINATIONS = 5 * 2;

/**
 * Series of a one-instance service beyond its series limit, at most: the
 * overflow endpoint's own series and its whole folds (each further
 * instance of the service may add {@link FOLDED_COMBINATIONS}).
 */
export const SERIES_OVERFLOW_ALLOWANCE = DEFAULT_OVERFLOW_ENDPOINT_SERIES + FOLDED_COMBINATIONS;

/** How many distinct values of each dimension an endpoint keeps apart. */
export interface DimensionLimits {
  /** See {@link DEFAULT_METHODS_PER_ENDPOINT}. */
  readonly methods: number;
  /** See {@link DEFAULT_STATUSES_PER_ENDPOINT}. */
  readonly statuses: number;
  /** See {@link DEFAULT_ERROR_TYPES_PER_ENDPOINT}. */
  readonly errorTypes: number;
  /** See {@link DEFAULT_OVERFLOW_ENDPOINT_SERIES}. */
  readonly overflowSeries: number;
}

/** The defaults of {@link DimensionLimits}. */
export const DEFAULT_DIMENSION_LIMITS: DimensionLimits = Object.freeze({
  methods: DEFAULT_METHODS_PER_ENDPOINT,
  statuses: DEFAULT_STATUSES_PER_ENDPOINT,
  errorTypes: DEFAULT_ERROR_TYPES_PER_ENDPOINT,
  overflowSeries: DEFAULT_OVERFLOW_ENDPOINT_SERIES,
});

/**
 * The status a folded one is recorded as: `x99` of its class (199 … 599),
 * codes no standard assigns, so a folded 503 stays a server error without
 * swelling the real 500s. A code outside 100–599 takes the nearest class,
 * which keeps it on the same side of 400 and 500.
 */
export function foldedStatus(status: number): number {
  const klass = Math.min(5, Math.max(1, Math.floor(status / 100)));
  return klass * 100 + 99;
}

/** True for a status {@link foldedStatus} makes: never counted against the limit. */
export function isFoldedStatus(status: number): boolean {
  return status === foldedStatus(status);
}

/** True for a combination a whole fold makes (restored after every other one). */
export function isWholeFold(method: string, status: number, errorType: string): boolean {
  return (
    method === OTHER_METHOD &&
    isFoldedStatus(status) &&
    (errorType === '' || errorType === OTHER_ERROR_TYPE)
  );
}
