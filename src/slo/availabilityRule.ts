import { ALL_CLIENT_ERRORS } from './badStatusesOf.js';

/** `a`, `a and b`, `a, b and c`. */
function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The availability objective's rule in words, for the page and the JSON:
 * `5xx count as failures, 4xx do not`, `5xx and 429 count as failures,
 * other 4xx do not`, or `4xx and 5xx count as failures`.
 */
export function availabilityRule(badStatuses: readonly number[]): string {
  if (badStatuses.length === 0) return '5xx count as failures, 4xx do not';
  if (badStatuses.length >= ALL_CLIENT_ERRORS.length) return '4xx and 5xx count as failures';
  return `${listText(['5xx', ...badStatuses.map(String)])} count as failures, other 4xx do not`;
}
