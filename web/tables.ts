import type { RecentErrorAnswer } from './apiTypes.js';
import type { EndpointSort } from './endpointRows.js';
import { formatClock } from './format.js';
import { traceLink } from './traceLink.js';

/** A cell with text (never HTML: messages and routes come from clients). */
function cell(tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className !== undefined) el.className = className;
  return el;
}

/** One row spanning the table, saying why it is empty. */
function emptyRow(columns: number, text: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const td = cell('td', text, 'empty-row');
  td.colSpan = columns;
  tr.append(td);
  return tr;
}

/** Marks the sorted column with `aria-sort`, which also drives the arrow in CSS. */
export function markSorted(table: HTMLTableElement, sort: EndpointSort): void {
  for (const th of table.querySelectorAll<HTMLTableCellElement>('thead th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === sort.key ? sort.direction : 'none');
  }
}

/** Fills the recent-errors table body, newest first as the API lists them. */
export function renderRecentErrors(
  tbody: HTMLTableSectionElement,
  recent: readonly RecentErrorAnswer[],
  nowMs: number,
  emptyText: string,
): void {
  if (recent.length === 0) {
    tbody.replaceChildren(emptyRow(6, emptyText));
    return;
  }
  tbody.replaceChildren(
    ...recent.map((e) => {
      const tr = document.createElement('tr');
      const when = document.createElement('td');
      const time = document.createElement('time');
      time.dateTime = e.timestamp;
      time.title = e.timestamp;
      time.textContent = formatClock(Date.parse(e.timestamp), nowMs);
      when.append(time);
      const status = cell('td', String(e.status_code), 'num');
      status.classList.add(e.status_code >= 500 ? 'bad' : 'warn');
      const trace = document.createElement('td');
      trace.append(traceLink(e.trace_id));
      tr.append(
        when,
        cell('td', `${e.method} ${e.endpoint}`, 'nowrap'),
        cell('td', e.error_type),
        status,
        cell('td', e.message, 'message'),
        trace,
      );
      return tr;
    }),
  );
}
