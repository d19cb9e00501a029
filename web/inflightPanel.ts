/** The in-flight panel: requests running longer than a threshold, oldest first. */
import { fetchJson } from './api.js';
import type { InflightAnswer } from './drillDownTypes.js';
import { formatCount, formatMs } from './format.js';
import {
  isPerProcess,
  type PerProcessAnswer,
  perProcessText,
  showPerProcessRow,
} from './perProcess.js';
import { traceLink } from './traceLink.js';

/** Default threshold: a request running for a second is worth a look. */
export const DEFAULT_INFLIGHT_THRESHOLD_MS = 1_000;
/** Most requests the panel lists. */
export const INFLIGHT_PANEL_LIMIT = 20;

/** The summary line for an answer. */
export function inflightSummary(answer: InflightAnswer): string {
  const older = answer.listed + answer.left_out;
  const over = `${formatCount(older)} older than ${formatMs(answer.min_age_ms)}`;
  const more = answer.left_out > 0 ? `, ${formatCount(answer.left_out)} not listed` : '';
  return `${formatCount(answer.total)} in flight · ${over}${more}`;
}

/** Fetches and draws the requests older than `thresholdMs`. */
export async function refreshInflight(
  base: string,
  thresholdMs: number,
  summary: HTMLElement,
  tbody: HTMLTableSectionElement,
): Promise<void> {
  const answer = await fetchJson<InflightAnswer | PerProcessAnswer>(
    `${base}/inflight?min_age_ms=${thresholdMs}&limit=${INFLIGHT_PANEL_LIMIT}`,
  );
  if (isPerProcess(answer)) {
    summary.textContent = 'Per-process';
    showPerProcessRow(tbody, 4, perProcessText(answer));
    return;
  }
  summary.textContent = inflightSummary(answer);
  if (answer.requests.length === 0) {
    const td = document.createElement('td');
    td.colSpan = 4;
    td.className = 'empty-row';
    td.textContent = `Nothing running longer than ${formatMs(thresholdMs)}.`;
    const tr = document.createElement('tr');
    tr.append(td);
    tbody.replaceChildren(tr);
    return;
  }
  tbody.replaceChildren(
    ...answer.requests.map((r) => {
      const tr = document.createElement('tr');
      const age = document.createElement('td');
      age.className = 'num bad';
      age.textContent = formatMs(r.age_ms);
      const what = document.createElement('td');
      what.className = 'nowrap';
      what.textContent = `${r.method} ${r.endpoint}`;
      const trace = document.createElement('td');
      trace.append(traceLink(r.trace_id));
      tr.append(age, what, trace);
      return tr;
    }),
  );
}
