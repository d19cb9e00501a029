// The typographic minus, as the tables have always shown negative figures.
const MINUS = '\u2212';

/** `1234567` → `1,234,567` (the integer part grouped, the rest as given). */
export function grouped(value: number, digits = 0): string {
  const [whole = '', fraction] = Math.abs(value).toFixed(digits).split('.');
  const sign = value < 0 ? MINUS : '';
  const body = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? `${sign}${body}` : `${sign}${body}.${fraction}`;
}

/** A figure with its sign always shown: `+19.7`, `−2.3`, `0.0`. */
export function signed(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${value < 0 ? MINUS : '+'}${text}`;
}

/** A plain figure with a typographic minus: `53.7`, `−19.0`. */
export function plain(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  return Number(text) !== 0 && value < 0 ? `${MINUS}${text}` : text;
}

/** A median with the lowest and highest beside it: `+19.7 (+14.1 – +34.0)`. */
export function signedSpread(median: number, min: number, max: number, digits = 1): string {
  return `${signed(median, digits)} (${signed(min, digits)} – ${signed(max, digits)})`;
}

/** The same without signs: `268.0 (230.0 – 278.0)`. */
export function spread(median: number, min: number, max: number, digits = 1): string {
  return `${plain(median, digits)} (${plain(min, digits)} – ${plain(max, digits)})`;
}

/** A ratio: `0.643×`. */
export function times(value: number): string {
  return `${value.toFixed(3)}×`;
}

/** Bytes in decimal megabytes: `20.5 MB`. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A fraction as a percentage: `0.00906` → `0.91%`. */
export function percentOf(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** An ISO time as `2026-12-01 21:19 UTC`. */
export function minuteUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
