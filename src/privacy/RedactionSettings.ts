/** How query values, fragments and userinfo are masked in what the dashboard holds and serves. */
export type RedactQueryMode = 'sensitive' | 'all' | 'off';

/** The modes `GOLDEN_SIGNALS_REDACT_QUERY` takes. */
export const REDACT_QUERY_MODES: readonly RedactQueryMode[] = Object.freeze([
  'sensitive',
  'all',
  'off',
]);

/** Unless configured: the values of sensitive keys (see `isSensitiveQueryKey`) and userinfo. */
export const DEFAULT_REDACT_QUERY: RedactQueryMode = 'sensitive';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `GOLDEN_SIGNALS_REDACT_QUERY` (`sensitive`, `all` or `off`, any
 * case; unset or empty: {@link DEFAULT_REDACT_QUERY}); `fail` builds the
 * error to throw, naming the variable.
 */
export function redactQueryOf(env: Env, fail: (message: string) => Error): RedactQueryMode {
  const text = env.GOLDEN_SIGNALS_REDACT_QUERY?.trim();
  if (text === undefined || text === '') return DEFAULT_REDACT_QUERY;
  const mode = REDACT_QUERY_MODES.find((m) => m === text.toLowerCase());
  if (mode === undefined) {
    throw fail(
      `GOLDEN_SIGNALS_REDACT_QUERY must be ${REDACT_QUERY_MODES.join(', ')}, got: ${text.slice(0, 64)}`,
    );
  }
  return mode;
}
