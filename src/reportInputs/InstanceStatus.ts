import type { BatchExportStats } from './BatchExportStats.js';
import type { SaturationReport } from './SaturationReport.js';

/**
 * What a process that forwards its spans (a `node:cluster` worker) tells
 * the dashboard about itself every few seconds: what the spans cannot carry.
 * Posted as JSON to `/v1/instance-status`.
 */
export interface InstanceStatus {
  /** Its identity, as the dashboard derives it from its spans' resource. */
  readonly service: string;
  readonly instance: string;
  readonly saturation: SaturationReport;
  /** Where its forwarded spans went: a dead worker's pending ones are what it lost. */
  readonly forwarded: BatchExportStats;
  /** Its requests in flight when it reported; absent from a reporter older than issue 27. */
  readonly active_requests?: number;
}

/** One instance's newest status and when it came. */
export interface ReportedStatus {
  readonly status: InstanceStatus;
  readonly atMs: number;
}

/** What a report reads of the statuses forwarding instances reported (`InstanceStatusBoard` in cluster/ keeps them). */
export interface InstanceStatuses {
  /** The newest status of one instance, if it reported. */
  get(service: string, instance: string): ReportedStatus | undefined;
  /** Instances that reported (and were not forgotten). */
  readonly size: number;
  /** Forwarding figures summed over every instance that reported. */
  forwardedTotals(): BatchExportStats;
}
