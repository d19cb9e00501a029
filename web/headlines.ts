import type { ErrorsAnswer, LatencyAnswer, OverviewAnswer, RequestsAnswer } from './apiTypes.js';
import {
  formatClock,
  formatCount,
  formatMs,
  formatPercent,
  formatPerMinute,
  NO_VALUE,
} from './format.js';
import { type Period, periodInWords } from './period.js';

/** A panel's figure at a glance and the line under it. */
export interface Headline {
  value: string;
  detail: string;
}

/**
 * Traffic: requests in the window and the mean rate over the time the data
 * covers: "since 04:52" when it began inside the period, so ten minutes of
 * data in a 24 h period show their own rate, not a day's average.
 */
export function trafficHeadline(
  requests: Pick<RequestsAnswer, 'total' | 'since' | 'first_request_at' | 'requests_per_minute'>,
  period: Period,
  nowMs: number = Date.now(),
): Headline {
  const n = requests.total;
  const value = `${formatCount(n)} ${n === 1 ? 'request' : 'requests'}`;
  const first = requests.first_request_at;
  if (requests.requests_per_minute === null || first === null) {
    return { value, detail: `${NO_VALUE}/min: no requests in the ${periodInWords(period)}` };
  }
  const rate = formatPerMinute(requests.requests_per_minute);
  const firstMs = Date.parse(first);
  const whole = firstMs <= Date.parse(requests.since);
  return {
    value,
    detail: whole
      ? `${rate} over the ${periodInWords(period)}`
      : `${rate} since ${formatClock(firstMs, nowMs)} (the first data)`,
  };
}

/** Errors: the 5xx rate (the service's failures), with 4xx apart; a dash without requests. */
export function errorsHeadline(
  errors: Pick<ErrorsAnswer, 'total_requests' | 'total_errors' | 'total_server_errors'>,
): Headline {
  const total = errors.total_requests;
  if (total === 0) return { value: `${NO_VALUE} 5xx`, detail: 'no requests' };
  const client = errors.total_errors - errors.total_server_errors;
  return {
    value: `${formatPercent(errors.total_server_errors / total)} 5xx`,
    detail: `${formatCount(errors.total_server_errors)} of ${formatCount(total)} · 4xx apart: ${formatPercent(client / total)} (${formatCount(client)})`,
  };
}

/** Latency: p95 of the window, with p50 and p99 beside it. */
export function latencyHeadline(
  latency: Pick<LatencyAnswer, 'total_requests' | 'overall'>,
): Headline {
  const has = latency.total_requests > 0;
  const { p50_ms, p95_ms, p99_ms } = latency.overall;
  return {
    value: `p95 ${formatMs(has ? p95_ms : null)}`,
    detail: `p50 ${formatMs(has ? p50_ms : null)} · p99 ${formatMs(has ? p99_ms : null)}`,
  };
}

/**
 * Saturation now: requests in flight over every instance shown (the
 * workers' as they last reported), saying which are not counted; and the
 * event loop's delay p99 of the instance chosen, else of this process, named.
 */
export function saturationHeadline(
  overview: Pick<
    OverviewAnswer,
    | 'active_requests'
    | 'saturation'
    | 'instances'
    | 'cluster_active_requests'
    | 'active_requests_unknown_instances'
  >,
  chosenInstance?: string,
): Headline {
  const others = overview.instances.filter((i) => i.alive && !i.local).length;
  const unknown = overview.active_requests_unknown_instances;
  const scope =
    others === 0
      ? ''
      : unknown === 0
        ? ' (workers included)'
        : ` (${unknown} ${unknown === 1 ? 'instance does' : 'instances do'} not report theirs)`;
  const chosen =
    chosenInstance === undefined
      ? undefined
      : overview.instances.find((i) => i.instance === chosenInstance);
  let delay: string;
  if (chosen === undefined || chosen.local) {
    const whose = others === 0 ? '' : ' of this process';
    delay = `event-loop delay p99${whose} ${formatMs(overview.saturation.event_loop_delay_p99_ms)}`;
  } else {
    delay = `event-loop delay p99 of ${chosen.instance} ${formatMs(chosen.saturation?.event_loop_delay_p99_ms ?? null)}`;
  }
  return {
    value: `${formatCount(overview.cluster_active_requests)} in flight`,
    detail: `${delay}${scope}`,
  };
}
