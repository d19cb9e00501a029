import type { SourceFilter } from '../store/SourceFilter.js';
import { parseEndpointParam } from './parseEndpointParam.js';
import { parseIncludeParam } from './parseIncludeParam.js';
import type { Period } from './parsePeriod.js';
import { pinListedTraces } from './pinListedTraces.js';
import {
  type DependenciesReport,
  dependenciesQuery,
  endpointTimeOf,
} from './queries/dependenciesQuery.js';
import { type ErrorsReport, errorsQuery } from './queries/errorsQuery.js';
import { type LatencyReport, latencyQuery } from './queries/latencyQuery.js';
import type { RouteInput } from './RouteInput.js';

// Answers whose bulky parts a client (the page's 5 s poll) can leave out:
// the default stays the full answer, the API is not the page's private format.

/** `/latency`: without `exemplars` when `exemplars=0`; with `endpoint=`, where its time goes (`dependencies`). */
export function latencyAnswer(
  p: Period,
  filter: SourceFilter,
  r: RouteInput,
): LatencyReport | Omit<LatencyReport, 'exemplars'> {
  const keep = parseIncludeParam(r.query, 'exemplars');
  const endpoint = parseEndpointParam(r.query);
  const found = latencyQuery(r.store(), p.text, p.ms, filter);
  const report =
    endpoint === undefined
      ? found
      : { ...found, dependencies: endpointTimeOf(r.store(), p.text, p.ms, filter, endpoint) };
  if (keep) {
    // The window's own exemplars are pinned; one per endpoint and percentile would crowd the pins.
    const { p95, p99 } = report.exemplars.overall;
    pinListedTraces(r, [p95?.trace_id ?? '', p99?.trace_id ?? '']);
    return report;
  }
  const { exemplars: _left, ...rest } = report;
  return rest;
}

/** `/dependencies`: `endpoint=` (optional) narrows it to the calls of that endpoint's requests. */
export function dependenciesAnswer(
  p: Period,
  filter: SourceFilter,
  r: RouteInput,
): DependenciesReport {
  const endpoint = parseEndpointParam(r.query);
  const report = dependenciesQuery(r.store(), p.text, p.ms, filter, endpoint);
  pinListedTraces(
    r,
    report.n_plus_one.map((f) => f.trace_id),
  );
  return report;
}

/**
 * `/errors`: the traces of `recent` pinned (and of the groups' samples, with `groups_endpoint`);
 * without `groups` when `groups=0`; with only the groups of one
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
  const recent = report.recent.map((e) => e.trace_id);
  if (!keep) {
    pinListedTraces(r, recent);
    const { groups: _left, ...rest } = report;
    return rest;
  }
  if (endpoint === '') {
    // Every group's sample (up to the group limit) would crowd out the pins of what pages show.
    pinListedTraces(r, recent);
    return report;
  }
  const groups = report.groups.filter((g) => g.endpoint === endpoint || g.other);
  pinListedTraces(r, [...recent, ...groups.map((g) => g.sample_trace_id)]);
  return { ...report, groups };
}
