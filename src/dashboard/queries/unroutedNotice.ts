import { UNMATCHED_ENDPOINT } from '../../reportInputs/unmatchedEndpoint.js';
import type { WindowView } from '../../store/BucketTiers.js';

/**
 * Answered requests (status below 400) under `unmatched` before the notice
 * speaks: enough that a few static files or a health probe served outside
 * any route, before the first routed request, do not set it off.
 */
export const UNROUTED_NOTICE_MIN_REQUESTS = 50;

/** What a window holds: answered requests without a template, and requests with one. */
export interface UnroutedCounts {
  /** Requests under `unmatched` answered with a status below 400: a handler answered them. */
  readonly answeredUnrouted: number;
  /** Requests under a route template (or the overflow endpoint, which folds templates). */
  readonly routed: number;
}

/** Counts {@link UnroutedCounts} over every source of `view`. */
export function unroutedCounts(view: WindowView): UnroutedCounts {
  let answeredUnrouted = 0;
  let routed = 0;
  for (const bucket of view.cover()) {
    for (let row = 0; row < bucket.series.length; row++) {
      const series = bucket.series[row];
      if (series === undefined) continue;
      const n = bucket.counts[row] ?? 0;
      if (series.endpoint !== UNMATCHED_ENDPOINT) routed += n;
      else if (series.statusCode < 400) answeredUnrouted += n;
    }
  }
  return { answeredUnrouted, routed };
}

/**
 * The notice for an app whose framework golden-signals does not recognise:
 * requests keep being answered, yet not one has a route template, so each
 * is counted under `unmatched`. Null while any request has a template, or
 * too few were answered to tell.
 */
export function unroutedNotice(counts: UnroutedCounts): string | null {
  if (counts.routed > 0 || counts.answeredUnrouted < UNROUTED_NOTICE_MIN_REQUESTS) return null;
  return (
    `${counts.answeredUnrouted} answered requests in the last hour had no route template, and none had one: ` +
    'every request counts under `unmatched`. golden-signals names the routes of Express, Fastify, ' +
    'Koa (@koa/router), NestJS, Hapi and Hono; for another framework or plain node:http, pass the ' +
    '`route` option (or set `http.route` on the server span) to name them.'
  );
}
