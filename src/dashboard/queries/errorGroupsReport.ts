import type { RequestStore } from '../../store/RequestStore.js';
import { matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { isoTime } from './numbers.js';

/** One error fingerprint over the window, as `/dashboard/errors` lists it in `groups`. */
export interface ErrorGroupJson {
  endpoint: string;
  error_type: string;
  /** The message with numbers, UUIDs, hex ids and quoted values masked; `other` for the group past the limit. */
  template: string;
  /** Exact over the window. */
  count: number;
  /** Exact when the group began inside the window, else the start of its first minute (hour) in it. */
  first_seen: string;
  last_seen: string;
  /** Count per status, keys ascending. */
  statuses: Record<string, number>;
  /** Trace id of its newest error; `''` if that span had none. */
  sample_trace_id: string;
  /** True for the group that errors past the group limit count in. */
  other: boolean;
}

/** The `groups` part of `/dashboard/errors`, with the limit's figures. */
export interface ErrorGroupsJson {
  groups: ErrorGroupJson[];
  groups_limit: number;
  /** Errors counted in `other` since start because the limit was reached. */
  groups_overflowed_errors: number;
}

/**
 * The error groups of the sources `filter` passes, from `sinceMs` (the
 * window's start), most errors first. A group of several sources (the same
 * endpoint, type and template) is one row; so is `other`.
 */
export function errorGroupsReport(
  store: RequestStore,
  sinceMs: number,
  filter: SourceFilter,
): ErrorGroupsJson {
  const counts = store.errorGroupsSince(sinceMs, (g) => matchesSource(filter, g.source));
  const rows = new Map<
    string,
    { json: ErrorGroupJson; first: number; last: number; statuses: Map<number, number> }
  >();
  for (const c of counts) {
    const g = c.group;
    const key = g.other ? '\u0000other' : `${g.endpoint}\u0000${g.errorType}\u0000${g.template}`;
    const first =
      g.firstSeenMs >= c.firstBucketMs ? g.firstSeenMs : Math.max(c.firstBucketMs, sinceMs);
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        json: {
          endpoint: g.endpoint,
          error_type: g.errorType,
          template: g.template,
          count: 0,
          first_seen: '',
          last_seen: '',
          statuses: {},
          sample_trace_id: g.sampleTraceId,
          other: g.other,
        },
        first,
        last: g.lastSeenMs,
        statuses: new Map(),
      };
      rows.set(key, row);
    }
    row.json.count += c.count;
    if (first < row.first) row.first = first;
    if (g.lastSeenMs > row.last) {
      row.last = g.lastSeenMs;
      row.json.sample_trace_id = g.sampleTraceId;
    }
    for (const [status, n] of c.statuses)
      row.statuses.set(status, (row.statuses.get(status) ?? 0) + n);
  }
  const groups = [...rows.values()]
    .map(({ json, first, last, statuses }) => {
      json.first_seen = isoTime(first);
      json.last_seen = isoTime(last);
      json.statuses = Object.fromEntries(
        [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => [String(s), n]),
      );
      return json;
    })
    .sort((a, b) => b.count - a.count || (a.last_seen < b.last_seen ? 1 : -1));
  return {
    groups,
    groups_limit: store.errorGroups.limit,
    groups_overflowed_errors: store.errorGroups.overflowed,
  };
}
