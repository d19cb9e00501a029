import { type Config, ConfigError, type Env, loadConfig } from './config.js';

/** A configuration read without stopping: the values that could be used, and what was wrong. */
export interface LenientConfig {
  readonly config: Config;
  /** One message per unusable value, naming its variable and saying that the default stands. */
  readonly problems: readonly string[];
}

/**
 * Reads the configuration as {@link loadConfig} does, except that a
 * variable whose value cannot be used is set aside and its default taken, so
 * the app a preload watches always starts. Each try sets one variable aside,
 * so this ends after as many tries as there are bad variables.
 * @throws ConfigError only when the fault is not in the environment of ours
 *   (an option given in code), which is the caller's to fix.
 */
export function loadConfigLeniently(env: Env): LenientConfig {
  const usable: Record<string, string | undefined> = { ...env };
  const problems: string[] = [];
  for (;;) {
    try {
      return { config: loadConfig(usable), problems: Object.freeze(problems) };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // The first variable named that is still set: the one at fault, or the
      // other side of a pair whose first side already fell back to its default.
      const name = err.variables.find((v) => usable[v] !== undefined);
      if (name === undefined) throw err;
      delete usable[name];
      problems.push(`${err.message}; using the default for ${name}`);
    }
  }
}
