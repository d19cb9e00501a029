import { ValidationError } from '../http/httpErrors.js';

/**
 * Validates a yes/no query parameter that keeps or leaves out a part of an
 * answer: absent or empty → true (today's full answer); `1`/`true` → true;
 * `0`/`false` → false; anything else, or a repeat → 422 {@link ValidationError}.
 */
export function parseIncludeParam(query: URLSearchParams, name: string): boolean {
  const values = query.getAll(name);
  if (values.length > 1) throw new ValidationError(`${name} must be given at most once`);
  const text = values[0];
  if (text === undefined || text === '' || text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  throw new ValidationError(`${name} must be 0, 1, false or true, got: ${shown}`);
}
