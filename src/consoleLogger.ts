import type { GoldenSignalsLogger } from './GoldenSignalsOptions.js';

/** The logger used when the options give none. */
export const CONSOLE_LOGGER: GoldenSignalsLogger = {
  info: (m) => console.log(`golden-signals: ${m}`),
  warn: (m) => console.warn(`golden-signals: ${m}`),
};
