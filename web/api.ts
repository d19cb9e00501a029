import type { DashboardAnswers } from './apiTypes.js';
import type { Period } from './period.js';

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

/** The four answers one refresh needs, all for the same period. */
export async function fetchAnswers(period: Period): Promise<DashboardAnswers> {
  const q = `period=${encodeURIComponent(period)}`;
  const [overview, requests, latency, errors] = await Promise.all([
    fetchJson<DashboardAnswers['overview']>('/dashboard/overview'),
    fetchJson<DashboardAnswers['requests']>(`/dashboard/requests?${q}`),
    fetchJson<DashboardAnswers['latency']>(`/dashboard/latency?${q}`),
    fetchJson<DashboardAnswers['errors']>(`/dashboard/errors?${q}`),
  ]);
  return { overview, requests, latency, errors };
}
