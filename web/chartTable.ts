import type { Column } from './chartData.js';
import { formatClock } from './format.js';

/** A series as the table shows it: its label and how a value reads. */
export interface TableSeries {
  readonly label: string;
  readonly format: (value: number | null) => string;
}

/**
 * A chart's data as a table (its text alternative, and Aspire's "show as
 * table"): one row per step, newest first, a column per series. Text only,
 * never HTML.
 */
export function renderChartTable(
  table: HTMLTableElement,
  caption: string,
  series: readonly TableSeries[],
  columns: readonly [number[], ...Column[]],
  nowMs: number = Date.now(),
): void {
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const head = document.createElement('tr');
  for (const label of ['Time', ...series.map((s) => s.label)]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    if (label !== 'Time') th.className = 'num';
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  const [xs, ...values] = columns;
  for (let i = xs.length - 1; i >= 0; i--) {
    const tr = document.createElement('tr');
    const when = document.createElement('th');
    when.scope = 'row';
    when.textContent = formatClock((xs[i] as number) * 1000, nowMs);
    tr.append(when);
    series.forEach((s, k) => {
      const td = document.createElement('td');
      td.className = 'num';
      td.textContent = s.format(values[k]?.[i] ?? null);
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.replaceChildren(cap, thead, tbody);
}
