import type { DashboardAnswers } from './apiTypes.js';
import type { Period } from './period.js';
import { type SourceChoice, sourceParams } from './sourceChoice.js';

/** A fetch that failed, with what a person needs to know: which URL and why. */
export class FetchFailure extends Error {
  override readonly name = 'FetchFailure';
}

/** GETs a JSON answer of the app; a non-2xx answer throws with its `{"error"}` message. */
export async function fetchJson<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (err) {
    throw new FetchFailure(`cannot reach the service for ${path} (${String(err)})`);
  }
  if (!res.ok) {
    let message = res.statusText;
    try {
      const body: unknown = await res.json();
      const error = (body as { error?: unknown } | null)?.error;
      if (typeof error === 'string') message = error;
    } catch {
      // Not JSON: the status text says enough.
    }
    throw new FetchFailure(`${path} answered ${res.status}: ${message}`);
  }
  return (await res.json()) as T;
}

/** Where the JSON API is when the page does not say: the original design's `/dashboard`. */
export const DEFAULT_API_BASE = '/dashboard';

/**
 * The API base the server wrote into the page's `golden-signals-base` meta
 * tag (the dashboard's mount prefix), or {@link DEFAULT_API_BASE}.
 */
export function apiBase(doc: Pick<Document, 'querySelector'>): string {
  const content = doc.querySelector('meta[name="golden-signals-base"]')?.getAttribute('content');
  return content?.startsWith('/') ? content : DEFAULT_API_BASE;
}

/** The four answers one refresh needs, all for the same period and the same service/instance choice. */
export async function fetchAnswers(
  period: Period,
  base: string = DEFAULT_API_BASE,
  source: SourceChoice = {},
): Promise<DashboardAnswers> {
  const filter = sourceParams(source);
  const q = `period=${encodeURIComponent(period)}${filter === '' ? '' : `&${filter}`}`;
  const [overview, requests, latency, errors] = await Promise.all([
    fetchJson<DashboardAnswers['overview']>(`${base}/overview${filter === '' ? '' : `?${filter}`}`),
    fetchJson<DashboardAnswers['requests']>(`${base}/requests?${q}`),
    // The poll takes only what the page draws: exemplars and error groups are asked for by a panel.
    fetchJson<DashboardAnswers['latency']>(`${base}/latency?${q}&exemplars=0`),
    fetchJson<DashboardAnswers['errors']>(`${base}/errors?${q}&groups=0`),
  ]);
  return { overview, requests, latency, errors };
}
