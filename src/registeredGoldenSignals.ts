import type { GoldenSignals } from './GoldenSignals.js';

// A process-wide slot, like OpenTelemetry's own globals: a symbol from the
// global registry, so a second copy of this package (a bundle, a nested
// install) finds the handle the `register` preload started.
const SLOT = Symbol.for('golden-signals.registered');

type Slotted = { [SLOT]?: GoldenSignals };

/** Makes `handle` the one {@link getGoldenSignals} returns; only the `register` entry calls it. */
export function registerGoldenSignals(handle: GoldenSignals): void {
  const slotted = globalThis as Slotted;
  if (slotted[SLOT] !== undefined)
    throw new Error('golden-signals: already registered in this process');
  slotted[SLOT] = handle;
}

/**
 * The handle that `node --import golden-signals/register` started, for
 * mounting the dashboard in your app: `app.use(getGoldenSignals().express())`.
 * @throws Error when the process was not started with the register entry.
 */
export function getGoldenSignals(): GoldenSignals {
  const handle = (globalThis as Slotted)[SLOT];
  if (handle === undefined) {
    throw new Error(
      'golden-signals: not started; run with `node --import golden-signals/register app.js`, or call startGoldenSignals() yourself',
    );
  }
  return handle;
}
