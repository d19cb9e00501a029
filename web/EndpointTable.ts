import { EndpointBody } from './EndpointBody.js';
import {
  DEFAULT_ENDPOINT_SORT,
  type EndpointRow,
  type EndpointSort,
  type EndpointSortKey,
  filterEndpointRows,
  nextEndpointSort,
  sortEndpointRows,
} from './endpointRows.js';
import { endpointSummary } from './endpointSummary.js';
import { formatCount } from './format.js';
import type { RateThresholds } from './rateThresholds.js';
import { markSorted } from './tables.js';

/** Rows drawn until "Show all": enough to find the hurting routes, few enough for the keyboard. */
export const TOP_ENDPOINT_ROWS = 50;

/** The page's elements the endpoints table drives. */
export interface EndpointTableElements {
  table: HTMLTableElement;
  /** Filters the rows by route. */
  search: HTMLInputElement;
  /** Goes back to the impact order. */
  impact: HTMLButtonElement;
  /** Shows every row, or the top ones again. */
  showAll: HTMLButtonElement;
  /** Says how many rows are shown of how many. */
  summary: HTMLElement;
  /** The skip link, and where it lands: past the table. */
  skip: HTMLAnchorElement;
  end: HTMLElement;
}

/**
 * The endpoints table that scales: a search by route, the impact order by
 * default (the other columns sort too), the top {@link TOP_ENDPOINT_ROWS}
 * rows until "Show all", and rows updated in place on each refresh.
 */
export class EndpointTable {
  private readonly body: EndpointBody;
  private sort: EndpointSort = DEFAULT_ENDPOINT_SORT;
  private rows: readonly EndpointRow[] = [];
  private emptyText = '';
  private extra: ((route: string) => readonly string[]) | undefined;
  private showingAll = false;

  /** Wires the controls; nothing is drawn before {@link show}. */
  constructor(private readonly ui: EndpointTableElements) {
    this.body = new EndpointBody(ui.table.tBodies[0] as HTMLTableSectionElement);
    ui.table.tHead?.addEventListener('click', (event) => {
      const th = (event.target as Element).closest<HTMLTableCellElement>('th[data-sort]');
      if (th === null) return;
      this.sort = nextEndpointSort(this.sort, th.dataset.sort as EndpointSortKey);
      this.render();
    });
    ui.impact.addEventListener('click', () => {
      this.sort = DEFAULT_ENDPOINT_SORT;
      this.render();
    });
    ui.search.addEventListener('input', () => this.render());
    ui.showAll.addEventListener('click', () => {
      this.showingAll = !this.showingAll;
      this.render();
    });
    // Lands on the paragraph after the table without adding `#…` to the URL (the trace view owns the hash).
    ui.skip.addEventListener('click', (event) => {
      event.preventDefault();
      ui.end.focus();
    });
  }

  /** Colours and rate ranks by these from now on: the server's thresholds (`/dashboard/verdict`). */
  useThresholds(thresholds: RateThresholds): void {
    this.body.thresholds = thresholds;
  }

  /** Draws the rows of a refresh; `extra` gives each route's compare cells while comparing. */
  show(
    rows: readonly EndpointRow[],
    emptyText: string,
    extra?: (route: string) => readonly string[],
  ): void {
    this.rows = rows;
    this.emptyText = emptyText;
    this.extra = extra;
    this.render();
  }

  private render(): void {
    const query = this.ui.search.value;
    const matching = sortEndpointRows(
      filterEndpointRows(this.rows, query),
      this.sort,
      this.body.thresholds.minRequests,
    );
    const shown = this.showingAll ? matching : matching.slice(0, TOP_ENDPOINT_ROWS);
    const empty =
      this.rows.length > 0 && query.trim() !== ''
        ? `No route holds “${query.trim()}”.`
        : this.emptyText;
    this.body.show(shown, empty, this.extra);
    markSorted(this.ui.table, this.sort);
    this.ui.impact.setAttribute('aria-pressed', String(this.sort.key === 'impact'));

    const summary = endpointSummary(shown.length, matching.length, this.rows.length, query.trim());
    if (this.ui.summary.textContent !== summary) this.ui.summary.textContent = summary;
    const more = matching.length > TOP_ENDPOINT_ROWS;
    this.ui.showAll.hidden = !more;
    const label = this.showingAll
      ? `Show the top ${TOP_ENDPOINT_ROWS}`
      : `Show all ${formatCount(matching.length)}`;
    if (this.ui.showAll.textContent !== label) this.ui.showAll.textContent = label;
  }
}
