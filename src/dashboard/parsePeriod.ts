import { ValidationError } from '../http/httpErrors.js';
import { DURATION_PATTERN, parseDuration } from '../store/duration.js';

/** Longest period a query may ask for: 366 days. */
export const MAX_PERIOD_MS = 366 * 86_400_000;

/** A validated `period` query parameter. */
export interface Period {
  /** As given, e.g. `1h`. */
  readonly text: string;
  readonly ms: number;
}

/**
 * Validates the `period` parameter: absent → the route's default; one value
 * matching {@link DURATION_PATTERN} and at most 366d → parsed; anything else
 * (repeated, malformed, zero, too long) → 422 {@link ValidationError}.
 */
export function parsePeriod(value: string | string[] | undefined, fallback: string): Period {
  if (Array.isArray(value)) throw new ValidationError('period must be given at most once');
  const text = value ?? fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms > MAX_PERIOD_MS) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    throw new ValidationError(
      `period must match ${DURATION_PATTERN.source} and be at most 366d (e.g. 15m, 1h, 7d), got: ${shown}`,
    );
  }
  return { text, ms };
}

/** The `period` parameter of a query string, validated by {@link parsePeriod}. */
export function periodParam(query: URLSearchParams, fallback: string): Period {
  const values = query.getAll('period');
  return parsePeriod(values.length > 1 ? values : values[0], fallback);
}
