import { ValidationError } from '../http/httpErrors.js';
import type { SourceFilter } from '../store/SourceFilter.js';

/** Longest `service` or `instance` value a query may give. */
export const MAX_SOURCE_PARAM_LENGTH = 256;

// C0 and C1 control characters, DEL included: never part of a name worth showing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Validates one of the `service` and `instance` parameters: absent or empty
 * → no filter on it; one value of at most {@link MAX_SOURCE_PARAM_LENGTH}
 * characters without control characters → that value; anything else
 * (repeated, too long, control characters) → 422 {@link ValidationError}.
 * An unknown name is not an error: it matches nothing, so the answer is empty.
 */
export function parseSourceParam(
  name: 'service' | 'instance',
  values: readonly string[],
): string | undefined {
  if (values.length > 1) throw new ValidationError(`${name} must be given at most once`);
  const value = values[0];
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_SOURCE_PARAM_LENGTH) {
    throw new ValidationError(
      `${name} must be at most ${MAX_SOURCE_PARAM_LENGTH} characters, got ${value.length}`,
    );
  }
  if (CONTROL.test(value)) throw new ValidationError(`${name} must not contain control characters`);
  return value;
}

/** The `service` and `instance` filters of a query string. */
export function parseSourceFilter(query: URLSearchParams): SourceFilter {
  return {
    service: parseSourceParam('service', query.getAll('service')),
    instance: parseSourceParam('instance', query.getAll('instance')),
  };
}
