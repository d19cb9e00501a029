import { waitFor } from './childService.js';

/** One series of an instant-query answer. */
export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

interface QueryAnswer {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

interface TargetsAnswer {
  data?: {
    activeTargets?: {
      scrapeUrl: string;
      health: string;
      lastScrape: string;
      lastError: string;
    }[];
  };
}

/**
 * Runs an instant query against a Prometheus-compatible HTTP API (`base`);
 * throws unless it answers success with a vector.
 */
export async function queryVector(base: string, promql: string): Promise<VectorSample[]> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const text = await res.text();
  let answer: QueryAnswer;
  try {
    answer = JSON.parse(text) as QueryAnswer;
  } catch {
    throw new Error(`query ${promql}: ${res.status} ${text.slice(0, 500)}`);
  }
  if (answer.status !== 'success' || answer.data?.resultType !== 'vector') {
    throw new Error(`query ${promql} failed: ${JSON.stringify(answer)}`);
  }
  return answer.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/**
 * Waits until each of the `targets` active targets of the engine at `base`
 * has had `count` successful scrapes that started after `sinceMs`; a failed
 * scrape in that time throws with its error.
 */
export async function waitForScrapes(
  base: string,
  targets: number,
  sinceMs: number,
  count: number,
  timeoutMs = 30_000,
): Promise<void> {
  const seen = new Map<string, { last: number; scrapes: number }>();
  await waitFor(
    `${count} scrapes of ${targets} targets`,
    async () => {
      const res = await fetch(`${base}/api/v1/targets`);
      const active = ((await res.json()) as TargetsAnswer).data?.activeTargets ?? [];
      for (const target of active) {
        const at = Date.parse(target.lastScrape);
        const state = seen.get(target.scrapeUrl) ?? { last: sinceMs, scrapes: 0 };
        if (at > state.last) {
          if (target.health !== 'up') {
            throw new Error(`scrape of ${target.scrapeUrl} failed: ${target.lastError}`);
          }
          state.last = at;
          state.scrapes++;
        }
        seen.set(target.scrapeUrl, state);
      }
      const done = [...seen.values()].filter((s) => s.scrapes >= count).length;
      return done >= targets ? true : undefined;
    },
    timeoutMs,
    100,
  );
}
