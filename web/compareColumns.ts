/** The endpoint table's compare columns: each endpoint's change against the period before. */
import { fetchJson } from './api.js';
import type { CompareAnswer } from './drillDownTypes.js';
import { formatMs } from './format.js';

/** A signed change: `+12.5%`, `−3.0 pts`, `+40 ms`; `—` when there is nothing to compare. */
export function changeTexts(
  row: CompareAnswer['by_endpoint'][string] | undefined,
): [rate: string, errors: string, p95: string] {
  if (row === undefined) return ['—', '—', '—'];
  const { current, previous, change } = row;
  const rate =
    previous.rate_per_s === 0
      ? current.rate_per_s === 0
        ? '—'
        : 'new'
      : `${change.rate_per_s >= 0 ? '+' : '−'}${Math.abs((100 * change.rate_per_s) / previous.rate_per_s).toFixed(1)}%`;
  const errors = `${change.error_rate >= 0 ? '+' : '−'}${Math.abs(100 * change.error_rate).toFixed(1)} pts`;
  const p95 =
    change.p95_ms === null
      ? '—'
      : `${change.p95_ms >= 0 ? '+' : '−'}${formatMs(Math.abs(change.p95_ms))}`;
  return [rate, errors, p95];
}

/** Fetches the comparison for the period and source query. */
export function fetchCompare(base: string, period: string, source: string): Promise<CompareAnswer> {
  const q = `period=${encodeURIComponent(period)}&compare=previous${source === '' ? '' : `&${source}`}`;
  return fetchJson<{ compare: CompareAnswer }>(`${base}/requests?${q}`).then((r) => r.compare);
}
