/**
 * Where requests came from: one instance (process) of one service. The
 * store interns one per service × instance, so a series or an endpoint's
 * latency row names its source by reference and a query filters by it.
 */
export interface Source {
  /** `service.name` of the sender, or {@link OVERFLOW_SOURCE_NAME} past the service limit. */
  readonly service: string;
  /** Instance id (`service.instance.id`, else `host:pid`), or {@link OVERFLOW_SOURCE_NAME} past the instance limit. */
  readonly instance: string;
  /** Requests recorded from this source since it was first seen (or restored). */
  readonly recorded: number;
  /** Timestamp of its newest request, epoch milliseconds; -Infinity before the first. */
  readonly lastSeenMs: number;
}

/** Service and instance name that sources past a limit fold into (cf. OTel's `otel.metric.overflow`). */
export const OVERFLOW_SOURCE_NAME = 'overflow';
