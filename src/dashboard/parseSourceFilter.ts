import { ValidationError } from '../http/httpErrors.js';
import { CONTROL_CHARACTERS, MAX_SOURCE_PARAM_LENGTH } from '../reportInputs/sourceNameLimits.js';
import type { SourceFilter } from '../store/SourceFilter.js';

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
  if (CONTROL_CHARACTERS.test(value))
    throw new ValidationError(`${name} must not contain control characters`);
  return value;
}

/** The `service` and `instance` filters of a query string. */
export function parseSourceFilter(query: URLSearchParams): SourceFilter {
  return {
    service: parseSourceParam('service', query.getAll('service')),
    instance: parseSourceParam('instance', query.getAll('instance')),
  };
}
