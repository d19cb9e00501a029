/** Every 4xx status: what `4xx` in `GOLDEN_SIGNALS_SLO_BAD_STATUSES` stands for. */
export const ALL_CLIENT_ERRORS: readonly number[] = Object.freeze(
  Array.from({ length: 100 }, (_, i) => 400 + i),
);

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `GOLDEN_SIGNALS_SLO_BAD_STATUSES`: the 4xx statuses that count against the
 * availability objective besides every 5xx (`429`, `408,429`, or `4xx` for
 * all of them), sorted and without repeats; none unless set (`none` too).
 */
export function badStatusesOf(env: Env, fail: (message: string) => Error): readonly number[] {
  const text = env.GOLDEN_SIGNALS_SLO_BAD_STATUSES?.trim();
  if (text === undefined || text === '' || text === 'none') return Object.freeze([]);
  const statuses = new Set<number>();
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (entry === '4xx') {
      for (const status of ALL_CLIENT_ERRORS) statuses.add(status);
      continue;
    }
    const status = /^4[0-9]{2}$/.test(entry) ? Number(entry) : undefined;
    if (status === undefined) {
      throw fail(
        `GOLDEN_SIGNALS_SLO_BAD_STATUSES must be 4xx status codes, comma-separated (e.g. 429 or 408,429), or 4xx for all (5xx always count), got: ${text.slice(0, 80)}`,
      );
    }
    statuses.add(status);
  }
  return Object.freeze([...statuses].sort((a, b) => a - b));
}
