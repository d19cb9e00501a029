/** One request of a plan, and how the dashboard must count it. */
export interface PlannedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** The endpoint it must count under: a full route template, or `unmatched`. */
  readonly endpoint: string;
  readonly status: number;
  /** What `errors.by_type` must count it as (status >= 400 only). */
  readonly errorType?: string;
}

/** Counts of each value. */
function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/**
 * Sends a plan of requests to an app, one after the other, checks each
 * status as it comes, and says how the dashboard must count what was sent.
 */
export class PlannedTraffic {
  readonly sent: PlannedRequest[] = [];

  constructor(private readonly baseUrl: string) {}

  /** Sends every request of `plan`; fails on the first status the app did not answer. */
  async send(plan: readonly PlannedRequest[]): Promise<void> {
    for (const r of plan) {
      const init: RequestInit = { method: r.method };
      if (r.method === 'POST') {
        init.headers = { 'content-type': 'application/json' };
        init.body = JSON.stringify({ name: 'n' });
      }
      const res = await fetch(`${this.baseUrl}${r.path}`, init);
      await res.arrayBuffer();
      if (res.status !== r.status)
        throw new Error(`${r.method} ${r.path}: the app answered ${res.status}, not ${r.status}`);
      this.sent.push(r);
    }
  }

  /** Sent requests by endpoint, as `by_endpoint` must count them. */
  byEndpoint(): Record<string, number> {
    return tally(this.sent.map((r) => r.endpoint));
  }

  /** Sent requests by status (string keys, as JSON has them). */
  byStatus(): Record<string, number> {
    return tally(this.sent.map((r) => String(r.status)));
  }

  /** Errors by type, as `errors.by_type` must count them. */
  byErrorType(): Record<string, number> {
    return tally(
      this.sent
        .filter((r) => r.status >= 400)
        .map((r) => {
          if (r.errorType === undefined) throw new Error(`${r.path}: a ${r.status} needs its type`);
          return r.errorType;
        }),
    );
  }
}
