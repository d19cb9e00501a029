import { fetchJson } from './api.js';
import type { ErrorsAnswer } from './apiTypes.js';
import type { ErrorGroupAnswer, HeldRequestAnswer, SlowestAnswer } from './drillDownTypes.js';
import { formatClock, formatCount, formatMs } from './format.js';
import type { Period } from './period.js';
import { type SourceChoice, sourceParams } from './sourceChoice.js';
import { traceLink } from './traceLink.js';

/** How many slowest requests the panel lists. */
export const DRILL_SLOWEST_SHOWN = 20;

/** The panel's elements. */
export interface DrillDownElements {
  readonly panel: HTMLElement;
  readonly title: HTMLElement;
  readonly close: HTMLButtonElement;
  readonly slowest: HTMLTableSectionElement;
  readonly groups: HTMLTableSectionElement;
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className !== undefined) td.className = className;
  return td;
}

function emptyRow(columns: number, text: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const td = cell(text, 'empty-row');
  td.colSpan = columns;
  tr.append(td);
  return tr;
}

function linkCell(traceId: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = 'mono';
  td.append(traceLink(traceId));
  return td;
}

/** Fills the slowest requests table. */
export function renderSlowest(
  tbody: HTMLTableSectionElement,
  requests: readonly HeldRequestAnswer[],
  nowMs: number,
): void {
  if (requests.length === 0) {
    tbody.replaceChildren(emptyRow(5, 'No requests held in the period.'));
    return;
  }
  tbody.replaceChildren(
    ...requests.map((r) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(formatClock(Date.parse(r.timestamp), nowMs)),
        cell(formatMs(r.duration_ms), 'num'),
        cell(r.method),
        cell(String(r.status_code), r.status_code >= 400 ? 'num bad' : 'num'),
        linkCell(r.trace_id),
      );
      return tr;
    }),
  );
}

/** Fills the error groups table. */
export function renderGroups(
  tbody: HTMLTableSectionElement,
  groups: readonly ErrorGroupAnswer[],
  nowMs: number,
): void {
  if (groups.length === 0) {
    tbody.replaceChildren(emptyRow(6, 'No errors in the period.'));
    return;
  }
  tbody.replaceChildren(
    ...groups.map((g) => {
      const tr = document.createElement('tr');
      const statuses = Object.entries(g.statuses)
        .map(([s, n]) => `${s} ×${formatCount(n)}`)
        .join(', ');
      tr.append(
        cell(g.other ? 'other (past the group limit)' : g.template),
        cell(g.error_type),
        cell(formatCount(g.count), 'num'),
        cell(statuses),
        cell(
          `${formatClock(Date.parse(g.first_seen), nowMs)} – ${formatClock(Date.parse(g.last_seen), nowMs)}`,
        ),
        linkCell(g.sample_trace_id),
      );
      return tr;
    }),
  );
}

/**
 * The drill-down panel of one endpoint: its slowest requests (fetched from
 * `/slowest`) and its error groups (from the errors answer the page already
 * has). Opened from an endpoint row; refreshed with the page while open.
 */
export class DrillDownPanel {
  /** The endpoint shown, or undefined when closed. */
  route: string | undefined;
  private generation = 0;

  constructor(private readonly els: DrillDownElements) {
    els.close.addEventListener('click', () => this.close());
  }

  /** Opens (or switches) the panel on `route`. */
  open(route: string): void {
    this.route = route;
    this.els.title.textContent = route;
    this.els.panel.hidden = false;
  }

  /** Closes the panel. */
  close(): void {
    this.route = undefined;
    this.els.panel.hidden = true;
  }

  /** Draws the open endpoint's figures for `period`; a no-op when closed. */
  async refresh(base: string, period: Period, source: SourceChoice): Promise<void> {
    const route = this.route;
    if (route === undefined) return;
    const generation = ++this.generation;
    const filter = sourceParams(source);
    const q = `period=${encodeURIComponent(period)}${filter === '' ? '' : `&${filter}`}`;
    const endpoint = encodeURIComponent(route);
    const [answer, errors] = await Promise.all([
      fetchJson<SlowestAnswer>(
        `${base}/slowest?${q}&endpoint=${endpoint}&limit=${DRILL_SLOWEST_SHOWN}`,
      ),
      // Only this endpoint's groups (and `other`, which holds errors of every endpoint past the limit).
      fetchJson<Pick<ErrorsAnswer, 'groups'>>(`${base}/errors?${q}&groups_endpoint=${endpoint}`),
    ]);
    if (generation !== this.generation || route !== this.route) return;
    const nowMs = Date.now();
    renderSlowest(this.els.slowest, answer.requests, nowMs);
    renderGroups(this.els.groups, errors.groups ?? [], nowMs);
    this.els.panel.dataset.route = route;
  }
}
