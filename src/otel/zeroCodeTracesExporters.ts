import type { Config, TraceExporterName } from '../config.js';

/** What the preload makes of `OTEL_TRACES_EXPORTER`, and what it says about it at start. */
export interface ZeroCodeTracesExporters {
  /** The trace exporters to run: `memory` (the dashboard) and the app's own choice. */
  readonly exporters: readonly TraceExporterName[];
  /** One line for start-up when the list was read beyond its words; undefined when taken as written. */
  readonly notice: string | undefined;
}

/**
 * `OTEL_TRACES_EXPORTER` under `golden-signals/register`. The variable is
 * usually the app's choice for its exports (`otlp`, `console`, `none`),
 * made before golden-signals came; `memory` is golden-signals' own word.
 * So a list with `memory` is taken as written. A list without it keeps the
 * dashboard on when its own port is on (it said "dashboard on …", so it
 * must count): spans go to the app's exporters too, and `none` exports
 * nothing. With `GOLDEN_SIGNALS_PORT=off` the list is taken as written (a
 * process that only forwards its spans, the demo's swap), and start-up says
 * that this process keeps no dashboard.
 */
export function zeroCodeTracesExporters(
  config: Pick<Config, 'tracesExporters' | 'dashboardPort'>,
): ZeroCodeTracesExporters {
  const names = config.tracesExporters;
  if (names.includes('memory')) return { exporters: names, notice: undefined };
  const written = `OTEL_TRACES_EXPORTER=${names.join(',')}`;
  if (config.dashboardPort === undefined) {
    return {
      exporters: names,
      notice: `${written} names no memory and GOLDEN_SIGNALS_PORT=off: this process keeps no dashboard (its /dashboard routes answer 503); add memory to the list to keep one`,
    };
  }
  const exported = names.filter((name) => name !== 'none');
  return {
    exporters: Object.freeze(['memory', ...exported] as TraceExporterName[]),
    notice: `${written}: the dashboard counts every request${
      exported.length === 0
        ? ' and no span is exported'
        : `, and spans also go to ${exported.join(' and ')}`
    } (leave memory out and set GOLDEN_SIGNALS_PORT=off to keep no dashboard here)`,
  };
}
