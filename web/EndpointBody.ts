import type { EndpointRow } from './endpointRows.js';
import { formatCount, formatMs, formatPercent } from './format.js';
import {
  DEFAULT_RATE_THRESHOLDS,
  type RateThresholds,
  type RateTone,
  rateTone,
} from './rateThresholds.js';

/** The labels of a row's cells after the route: the phone's card rows show them beside each figure. */
export const ENDPOINT_CELL_LABELS = ['Method', 'Requests', '5xx', 'Error %', 'p50', 'p95', 'p99'];
/** The labels of the compare cells, after the others. */
export const COMPARE_CELL_LABELS = ['Rate Δ', 'Error Δ', 'p95 Δ'];

/** One drawn row, kept between refreshes. */
interface RowView {
  tr: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
}

/** Sets a cell's text and tone only when they change, so an unchanged row is not touched. */
function setCell(td: HTMLTableCellElement, text: string, tone: RateTone = undefined): void {
  if (td.textContent !== text) td.textContent = text;
  td.classList.toggle('bad', tone === 'bad');
  td.classList.toggle('warn', tone === 'warn');
}

function numberCell(label: string, extraClass?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = extraClass === undefined ? 'num' : `num ${extraClass}`;
  td.dataset.label = label;
  return td;
}

/**
 * The endpoints table's body, updated in place: each route keeps its row
 * element from one refresh to the next (keyed by route), so focus, hover
 * and scroll stay while its figures change. Text only, never HTML: routes
 * come from clients.
 */
export class EndpointBody {
  private readonly views = new Map<string, RowView>();
  /** When a rate is coloured: the server's thresholds once known (`/dashboard/verdict`). */
  thresholds: RateThresholds = DEFAULT_RATE_THRESHOLDS;

  /** @param tbody the body it owns: nothing else writes into it. */
  constructor(private readonly tbody: HTMLTableSectionElement) {}

  /** Shows `rows` in this order; `emptyText` when there are none; `extra` gives the compare cells. */
  show(
    rows: readonly EndpointRow[],
    emptyText: string,
    extra?: (route: string) => readonly string[],
  ): void {
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.tbody.contains(active) ? active : null;
    if (rows.length === 0) {
      this.views.clear();
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.className = 'empty-row';
      td.colSpan = 1 + ENDPOINT_CELL_LABELS.length + (extra?.('').length ?? 0);
      td.textContent = emptyText;
      tr.append(td);
      this.tbody.replaceChildren(tr);
      return;
    }
    const wanted = new Set(rows.map((row) => row.route));
    for (const [route, view] of this.views) {
      if (!wanted.has(route)) {
        view.tr.remove();
        this.views.delete(route);
      }
    }
    let at: ChildNode | null = this.tbody.firstChild;
    for (const row of rows) {
      let view = this.views.get(row.route);
      if (view === undefined) {
        view = this.create(row.route);
        this.views.set(row.route, view);
      }
      this.fill(view, row, extra?.(row.route) ?? []);
      if (view.tr === at) at = at.nextSibling;
      else this.tbody.insertBefore(view.tr, at);
    }
    // What is left after the last row (the page's "Loading…" row, a former empty row) goes.
    while (at !== null) {
      const next: ChildNode | null = at.nextSibling;
      at.remove();
      at = next;
    }
    // Moving a row blurs what it holds; the row is the same element, so focus goes back.
    if (focused?.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
    }
  }

  private create(route: string): RowView {
    const tr = document.createElement('tr');
    tr.dataset.route = route;
    const head = document.createElement('th');
    head.scope = 'row';
    // Opens the endpoint's slowest requests and error groups (web/drillDownPanel.ts).
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'drill-down-open';
    open.dataset.route = route;
    open.textContent = route;
    head.append(open);
    const method = document.createElement('td');
    method.className = 'method';
    method.dataset.label = ENDPOINT_CELL_LABELS[0] as string;
    const cells = [method, ...ENDPOINT_CELL_LABELS.slice(1).map((label) => numberCell(label))];
    tr.append(head, ...cells);
    return { tr, cells };
  }

  private fill(view: RowView, row: EndpointRow, extra: readonly string[]): void {
    const base = ENDPOINT_CELL_LABELS.length;
    if (view.cells.length !== base + extra.length) {
      for (const td of view.cells.splice(base)) td.remove();
      for (const label of COMPARE_CELL_LABELS.slice(0, extra.length)) {
        const td = numberCell(label, 'change');
        view.cells.push(td);
        view.tr.append(td);
      }
    }
    const cell = (i: number) => view.cells[i] as HTMLTableCellElement;
    setCell(cell(0), row.methods.join(' '));
    setCell(cell(1), formatCount(row.count));
    const t = this.thresholds;
    setCell(cell(2), formatCount(row.serverErrors), rateTone(row.serverErrors, row.count, t));
    setCell(cell(3), formatPercent(row.errorRate), rateTone(row.errors, row.count, t));
    const few = row.count < t.minRequests ? ' (too few requests to colour)' : '';
    cell(3).title = `${formatCount(row.errors)} of ${formatCount(row.count)}${few}`;
    setCell(cell(4), formatMs(row.p50));
    setCell(cell(5), formatMs(row.p95));
    setCell(cell(6), formatMs(row.p99));
    for (const [i, text] of extra.entries()) setCell(cell(base + i), text);
  }
}
