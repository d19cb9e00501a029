/** Colours the headline figures by the thresholds of the verdict answer (CSS reads `data-level`). */
import type { DashboardAnswers } from './apiTypes.js';
import { headlineLevels } from './thresholdLevels.js';
import type { ThresholdsAnswer } from './verdictTypes.js';

/** Sets `data-level` on the errors, latency and saturation headlines; none without thresholds yet. */
export function colourHeadlines(
  byId: (id: string) => HTMLElement,
  answers: DashboardAnswers,
  thresholds: ThresholdsAnswer | undefined,
  loopDelayMs: number | null,
): void {
  const ids = { errors: 'errors-value', latency: 'latency-value', saturation: 'saturation-value' };
  if (thresholds === undefined) {
    for (const id of Object.values(ids)) byId(id).removeAttribute('data-level');
    return;
  }
  const levels = headlineLevels(
    {
      requests: answers.errors.total_requests,
      serverErrors: answers.errors.total_server_errors,
      p95Ms: answers.latency.total_requests > 0 ? answers.latency.overall.p95_ms : null,
      loopDelayMs,
    },
    thresholds,
  );
  for (const [key, id] of Object.entries(ids) as [keyof typeof ids, string][]) {
    byId(id).dataset.level = levels[key];
  }
}
