import { formatCount } from './format.js';

/** "The top 50 of 400 routes.", "11 of 400 routes hold “pay”.", and the like. */
export function endpointSummary(
  shown: number,
  matching: number,
  total: number,
  query: string,
): string {
  const n = formatCount;
  if (query === '') {
    return shown === total ? `${n(total)} routes.` : `The top ${n(shown)} of ${n(total)} routes.`;
  }
  return shown === matching
    ? `${n(matching)} of ${n(total)} routes hold “${query}”.`
    : `The top ${n(shown)} of ${n(matching)} routes that hold “${query}” (${n(total)} in all).`;
}
