import { DEFAULT_THRESHOLDS } from '../thresholds/ThresholdSettings.js';
import { verdictQuery } from './queries/verdictQuery.js';
import { windowed } from './routeAnswers.js';

/**
 * `/verdict`: `period` (15 minutes by default: "now"), source filter, then
 * the store; objectives are judged when the drill-down (and so the SLO
 * settings) is served, the 5xx rate and p95 always.
 */
export const verdictAnswer = windowed('15m', (p, filter, r) =>
  verdictQuery(
    r.store(),
    p.text,
    p.ms,
    r.deps.drillDown?.slo,
    r.deps.thresholds ?? DEFAULT_THRESHOLDS,
    filter,
  ),
);
