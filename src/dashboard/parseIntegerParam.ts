import { ValidationError } from '../http/httpErrors.js';

/**
 * Validates an integer query parameter: absent or empty → `fallback`; one
 * value of digits from `min` to `max` → that number; anything else
 * (repeated, signed, fractional, out of range) → 422 {@link ValidationError}.
 */
export function parseIntegerParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const values = query.getAll(name);
  if (values.length > 1) throw new ValidationError(`${name} must be given at most once`);
  const text = values[0];
  if (text === undefined || text === '') return fallback;
  const value = /^[0-9]{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}, got: ${shown}`);
  }
  return value;
}
