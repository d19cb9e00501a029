/** Shown where a figure is missing (no requests in the step or the window). */
export const NO_VALUE = '–';

/** Thousands grouped with commas: `12,345`. Rounds to a whole number. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NO_VALUE;
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A rate per minute: one decimal below 10, whole above (`0.4/min`, `1,250/min`). */
export function formatPerMinute(perMinute: number): string {
  if (!Number.isFinite(perMinute)) return NO_VALUE;
  const rounded = Math.round(perMinute * 10) / 10;
  return `${rounded < 10 ? rounded.toFixed(1) : formatCount(rounded)}/min`;
}

/**
 * A duration given in milliseconds, with the unit and precision a person
 * reads at a glance: `0.42 ms`, `4.2 ms`, `123 ms`, `1.24 s`, `12.5 s`, `2.5 min`.
 * Null (a step without requests) shows {@link NO_VALUE}.
 */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return NO_VALUE;
  if (ms === 0) return '0 ms';
  if (ms < 0.995) return `${ms.toFixed(2)} ms`;
  if (ms < 99.95) return `${ms.toFixed(1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 9.995) return `${s.toFixed(2)} s`;
  if (s < 59.95) return `${s.toFixed(1)} s`;
  return `${(s / 60).toFixed(1)} min`;
}

/**
 * A ratio (0–1) as a percentage with one decimal: `5.3%`; `0%` and `100%`
 * exactly; `<0.1%` for a non-zero ratio that would round to zero.
 */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio) || ratio < 0) return NO_VALUE;
  if (ratio === 0) return '0%';
  if (ratio >= 1) return '100%';
  const pct = ratio * 100;
  if (pct < 0.05) return '<0.1%';
  if (pct >= 99.95) return '>99.9%';
  return `${pct.toFixed(1)}%`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A moment in the viewer's local time: `14:03:07` when it is on the same
 * local day as `nowMs`, else `2024-01-31 14:03:07`.
 */
export function formatClock(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const now = new Date(nowMs);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  const sameDay =
    d.getFullYear() === now.getFullYear() &&
    d.getMonth() === now.getMonth() &&
    d.getDate() === now.getDate();
  if (sameDay) return time;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${time}`;
}

/**
 * A time-axis tick in local time: the ISO date `2024-03-14` at midnight (never
 * the ambiguous `03-14`), `14:05` on a whole
 * minute, `14:05:30` otherwise (the saturation chart ticks every few seconds).
 */
export function formatAxisTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getHours();
  const m = d.getMinutes();
  const s = d.getSeconds();
  if (h === 0 && m === 0 && s === 0) {
    return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  }
  const hm = `${pad2(h)}:${pad2(m)}`;
  return s === 0 ? hm : `${hm}:${pad2(s)}`;
}

/** {@link formatMs} without trailing zeros, for axis ticks: `50 ms`, `2.5 ms`, `1 s`. */
export function formatMsTick(ms: number): string {
  return formatMs(ms)
    .replace(/\.(\d*?)0+ /, '.$1 ')
    .replace('. ', ' ');
}
