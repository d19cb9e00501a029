import { BadRequestError } from '../http/httpErrors.js';
import { CONTROL_CHARACTERS } from '../reportInputs/sourceNameLimits.js';
import { MAX_ENDPOINT_PARAM_LENGTH } from './parseSlowestParams.js';
import { DEFAULT_SLOW_CALLS_LIMIT, MAX_SLOW_CALLS_LIMIT } from './queries/slowCallsQuery.js';

/** The `dependency`, `operation` and `limit` of a `/dashboard/dependencies/slowest` query. */
export interface SlowCallsParams {
  /** Undefined: every dependency. */
  readonly dependency: string | undefined;
  /** Undefined: every operation. */
  readonly operation: string | undefined;
  readonly limit: number;
}

/** An optional name: absent or empty → undefined; twice, too long or with control characters → 400. */
function nameParam(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new BadRequestError(`${name} must be given at most once`);
  const value = values[0];
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_ENDPOINT_PARAM_LENGTH) {
    throw new BadRequestError(
      `${name} must be at most ${MAX_ENDPOINT_PARAM_LENGTH} characters, got ${value.length}`,
    );
  }
  if (CONTROL_CHARACTERS.test(value)) {
    throw new BadRequestError(`${name} must not contain control characters`);
  }
  return value;
}

/**
 * Validates `dependency` and `operation` (each optional, at most
 * {@link MAX_ENDPOINT_PARAM_LENGTH} characters, no control characters) and
 * `limit` (absent → {@link DEFAULT_SLOW_CALLS_LIMIT}; an integer from 1 to
 * {@link MAX_SLOW_CALLS_LIMIT}); anything else, or any given twice, → 400.
 */
export function parseSlowCallsParams(query: URLSearchParams): SlowCallsParams {
  const dependency = nameParam(query, 'dependency');
  const operation = nameParam(query, 'operation');
  const limits = query.getAll('limit');
  if (limits.length > 1) throw new BadRequestError('limit must be given at most once');
  const text = limits[0];
  if (text === undefined || text === '') {
    return { dependency, operation, limit: DEFAULT_SLOW_CALLS_LIMIT };
  }
  const limit = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_SLOW_CALLS_LIMIT)) {
    const shown = JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text);
    throw new BadRequestError(
      `limit must be an integer from 1 to ${MAX_SLOW_CALLS_LIMIT}, got: ${shown}`,
    );
  }
  return { dependency, operation, limit };
}
