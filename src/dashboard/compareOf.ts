import { ValidationError } from '../http/httpErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import { parseSourceFilter } from './parseSourceFilter.js';
import { COMPARE_VALUES, type CompareReport, compareQuery } from './queries/compareQuery.js';

/**
 * The `compare` of `/dashboard/requests`: undefined when not asked for;
 * `previous` → the comparison; anything else → 422.
 */
export function compareOf(
  query: URLSearchParams,
  store: RequestStore,
  periodMs: number,
): CompareReport | undefined {
  const values = query.getAll('compare');
  if (values.length === 0 || (values.length === 1 && values[0] === '')) return undefined;
  if (values.length > 1) throw new ValidationError('compare must be given at most once');
  const value = values[0] as string;
  if (!(COMPARE_VALUES as readonly string[]).includes(value)) {
    throw new ValidationError(
      `compare must be one of ${COMPARE_VALUES.join(', ')}, got: ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return compareQuery(store, periodMs, parseSourceFilter(query));
}
