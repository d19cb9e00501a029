import { ValidationError } from '../http/httpErrors.js';
import { CONTROL_CHARACTERS } from '../reportInputs/sourceNameLimits.js';
import { DEFAULT_SLOWEST_LIMIT, MAX_SLOWEST_LIMIT } from './queries/slowestQuery.js';

/** Longest `endpoint` value a query may give (a route template). */
export const MAX_ENDPOINT_PARAM_LENGTH = 512;

/** The `endpoint` and `limit` of a `/dashboard/slowest` query. */
export interface SlowestParams {
  /** Undefined: every endpoint. */
  readonly endpoint: string | undefined;
  readonly limit: number;
}

/**
 * Validates `endpoint` (absent or empty → all; at most
 * {@link MAX_ENDPOINT_PARAM_LENGTH} characters, no control characters) and
 * `limit` (absent → {@link DEFAULT_SLOWEST_LIMIT}; an integer from 1 to
 * {@link MAX_SLOWEST_LIMIT}); anything else, or either given twice, → 422.
 */
export function parseSlowestParams(query: URLSearchParams): SlowestParams {
  const endpoints = query.getAll('endpoint');
  if (endpoints.length > 1) throw new ValidationError('endpoint must be given at most once');
  const endpoint = endpoints[0] === '' ? undefined : endpoints[0];
  if (endpoint !== undefined) {
    if (endpoint.length > MAX_ENDPOINT_PARAM_LENGTH) {
      throw new ValidationError(
        `endpoint must be at most ${MAX_ENDPOINT_PARAM_LENGTH} characters, got ${endpoint.length}`,
      );
    }
    if (CONTROL_CHARACTERS.test(endpoint)) {
      throw new ValidationError('endpoint must not contain control characters');
    }
  }
  const limits = query.getAll('limit');
  if (limits.length > 1) throw new ValidationError('limit must be given at most once');
  const text = limits[0];
  if (text === undefined || text === '') return { endpoint, limit: DEFAULT_SLOWEST_LIMIT };
  const limit = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_SLOWEST_LIMIT)) {
    const shown = JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text);
    throw new ValidationError(
      `limit must be an integer from 1 to ${MAX_SLOWEST_LIMIT}, got: ${shown}`,
    );
  }
  return { endpoint, limit };
}
