/**
 * The verdict strip under the header: OK, degraded or burning (from
 * `/dashboard/verdict`), why, and the worst routes now, each opening its
 * drill-down. Text only (routes come from clients): no HTML is parsed.
 */
import { fetchJson } from './api.js';
import { formatCount, formatMs, formatPercent } from './format.js';
import type { VerdictAnswer, WorstRouteAnswer } from './verdictTypes.js';

/** The window the strip judges: "now". */
export const VERDICT_PERIOD = '15m';

/** The words the strip shows for each verdict. */
const WORDS: Record<VerdictAnswer['verdict'], string> = {
  ok: 'OK',
  degraded: 'Degraded',
  burning: 'Burning',
  no_data: 'No data',
};

/** The strip's elements. */
export interface VerdictStripElements {
  readonly strip: HTMLElement;
  readonly value: HTMLElement;
  readonly detail: HTMLElement;
  readonly reasons: HTMLElement;
  readonly worstErrors: HTMLElement;
  readonly worstLatency: HTMLElement;
}

/** One list item: a button naming the route, and what ranked it. */
function worstItem(
  r: WorstRouteAnswer,
  figure: string,
  open: (route: string) => void,
): HTMLLIElement {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'worst-route';
  button.dataset.route = r.route;
  button.textContent = r.route;
  button.addEventListener('click', () => open(r.route));
  const what = document.createElement('span');
  what.className = 'detail';
  what.textContent = ` ${figure}`;
  li.append(button, what);
  return li;
}

function fill(
  list: HTMLElement,
  routes: readonly WorstRouteAnswer[],
  figure: (r: WorstRouteAnswer) => string,
  none: string,
  open: (route: string) => void,
): void {
  if (routes.length === 0) {
    const li = document.createElement('li');
    li.className = 'detail';
    li.textContent = none;
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...routes.map((r) => worstItem(r, figure(r), open)));
}

/** The line beside the verdict: what it judged. */
export function verdictDetail(
  v: Pick<VerdictAnswer, 'total_requests' | 'server_error_rate' | 'p95_ms' | 'client_errors'>,
): string {
  if (v.total_requests === 0) return 'no requests in the last 15 minutes';
  return `last 15 min: ${formatCount(v.total_requests)} requests · 5xx ${formatPercent(v.server_error_rate)} · p95 ${formatMs(v.p95_ms)} · 4xx ${formatCount(v.client_errors)} (not judged)`;
}

/** Draws a verdict answer into the strip. */
export function renderVerdict(
  ui: VerdictStripElements,
  v: VerdictAnswer,
  open: (route: string) => void,
): void {
  ui.strip.dataset.verdict = v.verdict;
  ui.value.textContent = WORDS[v.verdict];
  ui.detail.textContent = verdictDetail(v);
  ui.reasons.replaceChildren(
    ...v.reasons.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
  fill(
    ui.worstErrors,
    v.by_server_errors,
    (r) => `${formatCount(r.server_errors)} × 5xx (${formatPercent(r.server_error_rate)})`,
    'No 5xx.',
    open,
  );
  fill(
    ui.worstLatency,
    v.by_latency_impact,
    (r) => `p95 ${formatMs(r.p95_ms)} × ${formatCount(r.requests)}`,
    'No requests.',
    open,
  );
}

/** Fetches the verdict of "now" for `source` (a service/instance query, maybe empty). */
export function fetchVerdict(base: string, source: string): Promise<VerdictAnswer> {
  const q = `period=${VERDICT_PERIOD}${source === '' ? '' : `&${source}`}`;
  return fetchJson<VerdictAnswer>(`${base}/verdict?${q}`);
}

/** The strip of a page: refreshed with the page, its answer's thresholds kept for the headlines. */
export class VerdictStrip {
  /** The newest answer drawn; undefined before the first. */
  latest: VerdictAnswer | undefined;

  constructor(
    private readonly ui: VerdictStripElements,
    private readonly open: (route: string) => void,
  ) {}

  /** Fetches and draws the verdict; a failure shows in the strip, not as the page's problem. */
  async refresh(base: string, source: string): Promise<void> {
    try {
      this.latest = await fetchVerdict(base, source);
      renderVerdict(this.ui, this.latest, this.open);
    } catch (err) {
      this.ui.strip.dataset.verdict = 'unknown';
      this.ui.value.textContent = 'Unknown';
      this.ui.detail.textContent = err instanceof Error ? err.message : String(err);
    }
  }
}
