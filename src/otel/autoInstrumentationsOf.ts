import { type Env, read } from '../configValues.js';

/** `GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS`: whether the preload stands in for auto-instrumentations-node's. */
export type AutoInstrumentationsMode = 'on' | 'off';

/**
 * Reads `GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS`: `on` makes
 * `--import golden-signals/register` a drop-in for
 * `--require @opentelemetry/auto-instrumentations-node/register` (see
 * autoInstrumentations.ts); `off`, the default, leaves it alone.
 * @throws the error `fail` makes, naming the variable.
 */
export function autoInstrumentationsOf(
  env: Env,
  fail: (message: string) => Error,
): AutoInstrumentationsMode {
  const text = read(env, 'GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS');
  if (text === undefined) return 'off';
  const value = text.toLowerCase();
  if (value !== 'on' && value !== 'off') {
    throw fail(`GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS must be on or off, got: ${text}`);
  }
  return value;
}
