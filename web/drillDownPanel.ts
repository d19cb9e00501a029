import { fetchJson } from './api.js';
import type { ErrorsAnswer } from './apiTypes.js';
import type { TimeMarker } from './chartMarks.js';
import { DrillDownCharts } from './drillDownCharts.js';
import type {
  EndpointSeriesAnswer,
  ErrorGroupAnswer,
  HeldRequestAnswer,
  SloAnswer,
  SlowestAnswer,
} from './drillDownTypes.js';
import { formatClock, formatCount, formatMs, formatPercent } from './format.js';
import type { Period } from './period.js';
import { type SourceChoice, sourceParams } from './sourceChoice.js';
import { traceLink } from './traceLink.js';

/** How many slowest requests the panel lists. */
export const DRILL_SLOWEST_SHOWN = 20;

/** The panel's elements. */
export interface DrillDownElements {
  /** The drawer: a modal dialog, so it opens in the viewport whatever the scroll. */
  readonly panel: HTMLDialogElement;
  readonly title: HTMLElement;
  readonly close: HTMLButtonElement;
  readonly summary: HTMLElement;
  readonly slowest: HTMLTableSectionElement;
  readonly groups: HTMLTableSectionElement;
}

/** A table cell of `text`. */
export function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className !== undefined) td.className = className;
  return td;
}

/** A row that says why a table is empty, across its `columns`. */
export function emptyRow(columns: number, text: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const td = cell(text, 'empty-row');
  td.colSpan = columns;
  tr.append(td);
  return tr;
}

/** A trace link, or, when the server says the trace is gone, the id marked as expired. */
export function linkCell(traceId: string, held = true): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = 'mono';
  if (held) {
    td.append(traceLink(traceId));
    return td;
  }
  const code = document.createElement('code');
  code.textContent = traceId;
  const note = document.createElement('span');
  note.className = 'trace-expired';
  note.textContent = ' expired';
  note.title = 'The trace view no longer holds this trace';
  td.append(code, note);
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
        linkCell(r.trace_id, r.trace_held !== false),
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

/** One line on the route over the period: requests, 5xx and 4xx apart, p95 of the busiest step. */
export function drillSummary(answer: EndpointSeriesAnswer): string {
  const points = answer.timeseries.points;
  const errors = points.reduce((n, p) => n + p.errors, 0);
  const server = points.reduce((n, p) => n + p.server_errors, 0);
  if (answer.total === 0) return 'No requests in the period.';
  const share = (n: number) => formatPercent(n / answer.total);
  return `${formatCount(answer.total)} requests · 5xx ${formatCount(server)} (${share(server)}) · 4xx ${formatCount(errors - server)} (${share(errors - server)})`;
}

/**
 * The drill-down of one endpoint, in a drawer beside the click: a modal
 * dialog (focus moves into it, Escape closes it, focus returns to the row
 * that opened it) with the route's own traffic, errors and latency charts
 * (`/endpoint`), its slowest requests (`/slowest`) and its error groups
 * (`/errors?groups_endpoint=`). Refreshed with the page while open.
 */
export class DrillDownPanel {
  /** The endpoint shown, or undefined when closed. */
  route: string | undefined;
  private generation = 0;
  private opener: HTMLElement | undefined;
  private readonly charts: DrillDownCharts;

  constructor(
    private readonly els: DrillDownElements,
    byId: (id: string) => HTMLElement,
  ) {
    this.charts = new DrillDownCharts(byId);
    els.close.addEventListener('click', () => this.close());
    // Escape (the dialog's cancel) and close() both end here.
    els.panel.addEventListener('close', () => this.closed());
  }

  /** Opens (or switches) the drawer on `route`; `opener` gets the focus back when it closes. */
  open(route: string, opener?: HTMLElement): void {
    this.route = route;
    this.els.title.textContent = route;
    this.els.summary.textContent = 'Loading…';
    if (!this.els.panel.open) {
      this.opener = opener;
      this.els.panel.showModal();
    }
    this.els.close.focus();
  }

  /** Closes the drawer. */
  close(): void {
    if (this.els.panel.open) this.els.panel.close();
    else this.closed();
  }

  /** Marks instance starts and version changes on the route's charts (the page's markers). */
  setMarkers(markers: readonly TimeMarker[]): void {
    this.charts.setMarkers(markers);
  }

  /** Redraws the charts with the theme's colours. */
  rebuild(): void {
    this.charts.rebuild();
  }

  private closed(): void {
    this.route = undefined;
    delete this.els.panel.dataset.route;
    const opener = this.opener;
    this.opener = undefined;
    // The row may have been redrawn since: its button for the same route takes the focus.
    const route = opener?.dataset.route;
    const target =
      opener?.isConnected === true
        ? opener
        : route === undefined
          ? undefined
          : document.querySelector<HTMLElement>(
              `button.drill-down-open[data-route="${CSS.escape(route)}"]`,
            );
    target?.focus();
  }

  /** Draws the open endpoint's figures for `period`; a no-op when closed. */
  async refresh(base: string, period: Period, source: SourceChoice): Promise<void> {
    const route = this.route;
    if (route === undefined) return;
    const generation = ++this.generation;
    const filter = sourceParams(source);
    const q = `period=${encodeURIComponent(period)}${filter === '' ? '' : `&${filter}`}`;
    const endpoint = encodeURIComponent(route);
    const [series, answer, errors, slo] = await Promise.all([
      fetchJson<EndpointSeriesAnswer>(`${base}/endpoint?${q}&endpoint=${endpoint}`),
      fetchJson<SlowestAnswer>(
        `${base}/slowest?${q}&endpoint=${endpoint}&limit=${DRILL_SLOWEST_SHOWN}`,
      ),
      // Only this endpoint's groups (and `other`, which holds errors of every endpoint past the limit).
      fetchJson<Pick<ErrorsAnswer, 'groups'>>(`${base}/errors?${q}&groups_endpoint=${endpoint}`),
      // The objectives, for the latency threshold; a dashboard without them still draws the rest.
      fetchJson<SloAnswer>(`${base}/slo?${q}&apdex_by_endpoint=0`).catch(() => undefined),
    ]);
    if (generation !== this.generation || route !== this.route) return;
    const nowMs = Date.now();
    this.els.summary.textContent = drillSummary(series);
    this.charts.update(series, slo);
    renderSlowest(this.els.slowest, answer.requests, nowMs);
    renderGroups(this.els.groups, errors.groups ?? [], nowMs);
    this.els.panel.dataset.route = route;
  }
}
