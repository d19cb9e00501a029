/** The SLO panel: each objective's remaining budget and burn rates, and Apdex. */
import { fetchJson } from './api.js';
import type { ObjectiveAnswer, SloAnswer } from './drillDownTypes.js';
import { formatCount, formatMs } from './format.js';

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className !== undefined) td.className = className;
  return td;
}

/** A remaining budget as text: `73.4% left (440 requests)`, or `overspent by …`. */
export function budgetText(objective: Pick<ObjectiveAnswer, 'error_budget'>): string {
  const { remaining_fraction: f, remaining_requests: n } = objective.error_budget;
  if (f < 0) return `overspent by ${formatCount(Math.round(-n))} requests`;
  return `${(f * 100).toFixed(1)}% left (${formatCount(Math.floor(n))} requests)`;
}

/** Fetches `/slo` and draws it, answering it; `source` is the service/instance query (maybe empty). */
export async function refreshSlo(
  base: string,
  period: string,
  source: string,
  tbody: HTMLTableSectionElement,
  apdex: HTMLElement,
): Promise<SloAnswer> {
  const q = `period=${encodeURIComponent(period)}${source === '' ? '' : `&${source}`}`;
  // Per-endpoint Apdex is not drawn: left out of the poll.
  const answer = await fetchJson<SloAnswer>(`${base}/slo?${q}&apdex_by_endpoint=0`);
  // Every route's objectives first, then each route's own, in the order configured.
  const objectives = [...answer.objectives, ...answer.routes.flatMap((r) => r.objectives)];
  tbody.replaceChildren(
    ...objectives.map((o) => {
      const tr = document.createElement('tr');
      tr.dataset.objective = o.name;
      if (o.route !== null) tr.dataset.route = o.route;
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = o.description;
      name.title = o.rule;
      const budget = cell(budgetText(o), o.error_budget.remaining_fraction < 0 ? 'bad' : undefined);
      const burns = o.burn_rates.map((pair) => {
        const c = cell(
          `${pair.long.window} ${pair.long.burn_rate.toFixed(2)} · ${pair.short.window} ${pair.short.burn_rate.toFixed(2)}${pair.alerting ? ' · alerting' : ''}`,
          pair.alerting ? 'bad' : undefined,
        );
        c.title = `alerts when both exceed ${pair.threshold}`;
        return c;
      });
      tr.append(
        name,
        cell(`${formatCount(o.good)} / ${formatCount(o.total)} (${o.window})`),
        budget,
        ...burns,
      );
      return tr;
    }),
  );
  const a = answer.apdex.overall;
  apdex.textContent =
    a.score === null
      ? `Apdex (T = ${formatMs(a.threshold_ms)}): no requests in the period`
      : `Apdex ${a.score.toFixed(2)} over ${formatCount(a.total)} requests (T = ${formatMs(a.threshold_ms)})`;
  return answer;
}
