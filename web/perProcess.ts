/**
 * Over a Prometheus-compatible engine (`golden-signals serve --prometheus`),
 * single requests stay in each process: the panels that list them (in
 * flight, recent errors, an endpoint's slowest requests and error groups)
 * say so and where to look, instead of showing an empty list as if nothing
 * happened.
 */

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
 * The saturation headline over an engine: no saturation gauges are read
 * from it yet, and this process's own figures are not the fleet's.
 */
export function engineSaturationHeadline(): { value: string; detail: string } {
  return {
    value: 'Per-process',
    detail:
      "the engine's figures hold no event-loop delay, heap or in-flight history yet: each instance's own dashboard shows them",
  };
}
