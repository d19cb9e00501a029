import { ValidationError } from '../http/httpErrors.js';
import type { SourceFilter } from '../store/SourceFilter.js';
import type { Period } from './parsePeriod.js';
import { parseSlowestParams } from './parseSlowestParams.js';
import { type EndpointSeriesReport, endpointSeriesQuery } from './queries/endpointSeriesQuery.js';
import type { RouteInput } from './RouteInput.js';

/**
 * `/endpoint`: one endpoint's own traffic, errors and latency per step (the
 * drill-down's charts); `endpoint` is required and validated as `/slowest`'s.
 */
export function endpointSeriesAnswer(
  p: Period,
  filter: SourceFilter,
  r: RouteInput,
): EndpointSeriesReport {
  const { endpoint } = parseSlowestParams(r.query);
  if (endpoint === undefined) throw new ValidationError('endpoint is required (a route template)');
  return endpointSeriesQuery(r.store(), p.text, p.ms, endpoint, filter);
}
