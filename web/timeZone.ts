/** The viewer's time zone, as the header names it: every time on the page is in it. */

/** `UTC+01:00` for an offset of 60 minutes east of UTC; `UTC` for none. */
export function utcOffsetText(minutesEast: number): string {
  if (minutesEast === 0) return 'UTC';
  const sign = minutesEast > 0 ? '+' : '−';
  const m = Math.abs(minutesEast);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** `Times in Europe/Paris (UTC+01:00)`: the zone's name, when the browser knows it, and the offset at `atMs`. */
export function timeZoneText(atMs: number, zone?: string): string {
  const offset = utcOffsetText(-new Date(atMs).getTimezoneOffset());
  const name = zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return name === undefined || name === '' || name === 'UTC'
    ? `Times in ${offset}`
    : `Times in ${name} (${offset})`;
}
