import type { ErrorsAnswer, LatencyAnswer, OverviewAnswer, RequestsAnswer } from './apiTypes.js';
import { formatCount, formatMs, formatPercent, formatPerMinute } from './format.js';
import { type Period, periodInWords, periodMinutes } from './period.js';

/** A panel's figure at a glance and the line under it. */
export interface Headline {
  value: string;
  detail: string;
}

/** Traffic: requests in the window and the mean rate. */
export function trafficHeadline(requests: Pick<RequestsAnswer, 'total'>, period: Period): Headline {
  const n = requests.total;
  return {
    value: `${formatCount(n)} ${n === 1 ? 'request' : 'requests'}`,
    detail: `${formatPerMinute(n / periodMinutes(period))} over the ${periodInWords(period)}`,
  };
}

/** Errors: the error rate, then 4xx and 5xx apart. */
export function errorsHeadline(
  errors: Pick<ErrorsAnswer, 'total_requests' | 'total_errors' | 'total_server_errors'>,
): Headline {
  const total = errors.total_requests;
  const ratio = (n: number) => (total > 0 ? n / total : 0);
  return {
    value: `${formatPercent(ratio(errors.total_errors))} errors`,
    detail: `4xx ${formatPercent(ratio(errors.total_errors - errors.total_server_errors))} · 5xx ${formatPercent(ratio(errors.total_server_errors))}`,
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

/** Saturation now: requests in flight and the event loop's delay p99. */
export function saturationHeadline(
  overview: Pick<OverviewAnswer, 'active_requests' | 'saturation'>,
): Headline {
  return {
    value: `${formatCount(overview.active_requests)} in flight`,
    detail: `event-loop delay p99 ${formatMs(overview.saturation.event_loop_delay_p99_ms)}`,
  };
}
