/**
 * Over a Prometheus-compatible engine (`golden-signals serve --prometheus`),
 * single requests stay in each process: the panels that list them (in
 * flight, recent errors, an endpoint's slowest requests and error groups)
 * say so and where to look, instead of showing an empty list as if nothing
 * happened.
 */

import type { SaturationAnswer } from './drillDownTypes.js';
import type { BackendAnswer, PerProcessAnswer } from './perProcessTypes.js';

export type { BackendAnswer, PerProcessAnswer };

/** True when `answer` is the per-process answer rather than the route's own. */
export function isPerProcess(answer: unknown): answer is PerProcessAnswer {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    (answer as { per_process?: unknown }).per_process === true
  );
}

/** The one line a per-process panel shows: why, and where the answer is. */
export function perProcessText(answer: PerProcessAnswer): string {
  return `Per-process: ${answer.reason}. See ${answer.where}.`;
}

/** Replaces a table body with one row saying `text`, across `columns` columns. */
export function showPerProcessRow(
  tbody: HTMLTableSectionElement,
  columns: number,
  text: string,
): void {
  const td = document.createElement('td');
  td.colSpan = columns;
  td.className = 'empty-row per-process';
  td.textContent = text;
  const tr = document.createElement('tr');
  tr.append(td);
  tbody.replaceChildren(tr);
}

/** The page's note under its title when the figures come from an engine; undefined for the in-memory store. */
export function backendNotice(backend: BackendAnswer | undefined): string | undefined {
  if (backend?.kind !== 'prometheus') return undefined;
  return `Figures from the Prometheus engine at ${backend.engine}: counts are exact once the last scrape is in; in-flight requests, recent errors and slowest requests stay in each instance's own dashboard.`;
}

/**
 * The saturation headline over an engine, from the history the engine's
 * gauges filled: the instances' peaks in flight at their latest step, summed,
 * and the worst event-loop delay p99 among them; said plainly when the
 * engine holds no gauge (an older golden-signals, or a scrape that misses
 * them).
 */
export function engineSaturationHeadline(history: SaturationAnswer): {
  value: string;
  detail: string;
} {
  const latest = history.instances
    .map((i) => i.points[i.points.length - 1])
    .filter((p) => p !== undefined);
  if (latest.length === 0) {
    return {
      value: 'No gauges',
      detail:
        "the engine holds no golden_signals_* saturation gauge for this period: each instance's own dashboard shows its figures",
    };
  }
  const inFlight = latest.reduce((sum, p) => sum + (p.peak_active_requests ?? 0), 0);
  const delay = Math.max(...latest.map((p) => p.event_loop_delay_p99_ms));
  const instances = `${latest.length} ${latest.length === 1 ? 'instance' : 'instances'}`;
  return {
    value: `${inFlight} in flight`,
    detail: `peak at the last step over ${instances}; worst event-loop delay p99 ${delay.toFixed(1)} ms`,
  };
}
