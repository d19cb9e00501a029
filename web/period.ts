/** The periods the page offers, shortest first. */
export const PERIODS = ['15m', '1h', '6h', '24h', '7d'] as const;

/** One of the periods the page offers. */
export type Period = (typeof PERIODS)[number];

/** The period shown when the URL names none, or one the page does not offer. */
export const DEFAULT_PERIOD: Period = '1h';

const MINUTES: Record<Period, number> = {
  '15m': 15,
  '1h': 60,
  '6h': 360,
  '24h': 1440,
  '7d': 10080,
};
const WORDS: Record<Period, string> = {
  '15m': '15 minutes',
  '1h': 'hour',
  '6h': '6 hours',
  '24h': '24 hours',
  '7d': '7 days',
};

/** True when `value` is one of {@link PERIODS}. */
export function isPeriod(value: unknown): value is Period {
  return typeof value === 'string' && (PERIODS as readonly string[]).includes(value);
}

/** The period a query string (`?period=6h&…`) asks for, or {@link DEFAULT_PERIOD}. */
export function periodFromSearch(search: string): Period {
  const value = new URLSearchParams(search).get('period');
  return isPeriod(value) ? value : DEFAULT_PERIOD;
}

/** The query string with `period` set and every other parameter kept, starting with `?`. */
export function searchWithPeriod(search: string, period: Period): string {
  const params = new URLSearchParams(search);
  params.set('period', period);
  return `?${params.toString()}`;
}

/** How many minutes a period spans. */
export function periodMinutes(period: Period): number {
  return MINUTES[period];
}

/** The period in words, after "last": `last 15 minutes`, `last hour`. */
export function periodInWords(period: Period): string {
  return `last ${WORDS[period]}`;
}
