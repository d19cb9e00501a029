/** Rounds to 2 decimals, as the original design does for milliseconds. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Rounds to 4 decimals, as the original design does for rates. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** `part / whole` rounded to 4 decimals, or 0 when there is no whole. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? round4(part / whole) : 0;
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from here on `toISOString` writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;
/** Character codes of `0`, `-`, `T`, `:`, `.` and `Z`. */
const ZERO = 48;
const DASH = 45;
const T = 84;
const COLON = 58;
const DOT = 46;
const Z = 90;

/**
 * Epoch milliseconds as an ISO-8601 UTC string, exactly as
 * `Date.prototype.toISOString` writes it. Queries write one per exemplar
 * and point: the arithmetic (days to a civil date, as in H. Hinnant's
 * `civil_from_days`) costs a quarter of building a Date, and the string is
 * made in one piece from its character codes, where a template of a dozen
 * parts leaves a rope of a dozen pieces for JSON to flatten. Times before
 * 1970, past 9999 or fractional go through Date.
 */
export function isoTime(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS) || !Number.isInteger(ms)) {
    return new Date(ms).toISOString();
  }
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return String.fromCharCode(
    ZERO + Math.floor(year / 1000),
    ZERO + (Math.floor(year / 100) % 10),
    ZERO + (Math.floor(year / 10) % 10),
    ZERO + (year % 10),
    DASH,
    ZERO + Math.floor(month / 10),
    ZERO + (month % 10),
    DASH,
    ZERO + Math.floor(day / 10),
    ZERO + (day % 10),
    T,
    ZERO + Math.floor(hour / 10),
    ZERO + (hour % 10),
    COLON,
    ZERO + Math.floor(minute / 10),
    ZERO + (minute % 10),
    COLON,
    ZERO + Math.floor(second / 10),
    ZERO + (second % 10),
    DOT,
    ZERO + Math.floor(milli / 100),
    ZERO + (Math.floor(milli / 10) % 10),
    ZERO + (milli % 10),
    Z,
  );
}

/** Epoch milliseconds as the original design's minute key, `YYYY-MM-DDTHH:MM:00Z`. */
export function minuteKey(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}:00Z`;
}

/** Sorts an object's entries by a numeric score, highest first, into a new object. */
export function sortedByDescending<T>(
  entries: Iterable<[string, T]>,
  score: (value: T) => number,
): Record<string, T> {
  const sorted = [...entries].sort((a, b) => score(b[1]) - score(a[1]));
  return Object.fromEntries(sorted);
}

/** Status counts keyed by the status as a string, in ascending order. */
export function byStatusAscending(counts: ReadonlyMap<number, number>): Record<string, number> {
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return Object.fromEntries(keys.map((k) => [String(k), counts.get(k) ?? 0]));
}
