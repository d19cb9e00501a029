import type { SourceFilter } from '../store/SourceFilter.js';
import { parseIncludeParam } from './parseIncludeParam.js';
import type { Period } from './parsePeriod.js';
import { type ErrorsReport, errorsQuery } from './queries/errorsQuery.js';
import { type LatencyReport, latencyQuery } from './queries/latencyQuery.js';
import type { RouteInput } from './RouteInput.js';

// Answers whose bulky parts a client (the page's 5 s poll) can leave out:
// the default stays the full answer, the API is not the page's private format.

/** `/latency`: without `exemplars` when `exemplars=0`. */
export function latencyAnswer(
  p: Period,
  filter: SourceFilter,
  r: RouteInput,
): LatencyReport | Omit<LatencyReport, 'exemplars'> {
  const keep = parseIncludeParam(r.query, 'exemplars');
  const report = latencyQuery(r.store(), p.text, p.ms, filter);
  if (keep) return report;
  const { exemplars: _left, ...rest } = report;
  return rest;
}

/**
 * `/errors`: without `groups` when `groups=0`; with only the groups of one
 * endpoint (and `other`, which holds errors of every endpoint past the
 * limit) when `groups_endpoint` names it.
 */
export function errorsAnswer(
  p: Period,
  filter: SourceFilter,
  r: RouteInput,
): ErrorsReport | Omit<ErrorsReport, 'groups'> {
  const keep = parseIncludeParam(r.query, 'groups');
  const endpoint = r.query.get('groups_endpoint') ?? '';
  const report = errorsQuery(r.store(), p.text, p.ms, filter);
  if (!keep) {
    const { groups: _left, ...rest } = report;
    return rest;
  }
  if (endpoint === '') return report;
  return { ...report, groups: report.groups.filter((g) => g.endpoint === endpoint || g.other) };
}
