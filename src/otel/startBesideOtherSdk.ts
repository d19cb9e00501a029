import { createGoldenSignals } from '../createGoldenSignals.js';
import type { GoldenSignals } from '../GoldenSignals.js';
import type { GoldenSignalsLogger, GoldenSignalsOptions } from '../GoldenSignalsOptions.js';
import { OTHER_SDK_WARNING } from './otherSdkWarning.js';

/**
 * The handle startGoldenSignals returns when another SDK owns the
 * OpenTelemetry globals: the dashboard, its own port and the OTLP receiver as
 * usual, but no SDK and no instrumentation of ours, so the app's own spans
 * and exports stay exactly as they were (a second HTTP instrumentation would
 * add a server span to every trace it exports). It says why it counts
 * nothing: once on stderr, and in the overview's `warnings`.
 */
export function startBesideOtherSdk(
  options: GoldenSignalsOptions,
  log: GoldenSignalsLogger,
): GoldenSignals {
  log.warn(`WARNING: ${OTHER_SDK_WARNING}`);
  const { tracesExporters: _t, metricsExporters: _m, instrumentations: _i, ...rest } = options;
  return createGoldenSignals(rest, { warnings: [OTHER_SDK_WARNING] });
}
