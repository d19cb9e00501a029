/**
 * Reading one environment variable of ours: the primitives every settings
 * parser shares, and the error that names the variable at fault.
 */

/** A variable name of ours, as a message names it. */
const OWN_VARIABLE = /\b(?:GOLDEN_SIGNALS|OTEL)_[A-Z0-9_]*[A-Z0-9]\b/g;

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  /** The variables the message names, the one at fault first. */
  readonly variables: readonly string[];

  constructor(message: string) {
    super(message);
    this.variables = Object.freeze([...new Set(message.match(OWN_VARIABLE) ?? [])]);
  }
}

/** An environment: `process.env`, or the variables given in code. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The trimmed value of `name`; undefined when unset or blank. */
export function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The integer value of `name` from `min` to `max`, or `fallback` when unset.
 * @throws ConfigError naming the variable.
 */
export function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got: ${text}`);
  }
  return value;
}
