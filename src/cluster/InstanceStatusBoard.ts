import type { BatchExportStats } from '../reportInputs/BatchExportStats.js';
import type {
  InstanceStatus,
  InstanceStatuses,
  ReportedStatus,
} from '../reportInputs/InstanceStatus.js';

/** Most instances whose status is kept; the oldest report makes room. */
export const INSTANCE_STATUS_LIMIT = 1_024;

/**
 * The newest status of each forwarding instance, bounded: at most
 * {@link INSTANCE_STATUS_LIMIT} instances, the one reported longest ago
 * forgotten first (and counted).
 */
export class InstanceStatusBoard implements InstanceStatuses {
  /** By `service\u0000instance`, in order of the newest report last. */
  private readonly byKey = new Map<string, ReportedStatus>();
  /** Statuses forgotten to make room. */
  evicted = 0;

  constructor(
    private readonly limit: number = INSTANCE_STATUS_LIMIT,
    /** Told of every status accepted (the saturation history takes the worker's figures). */
    private readonly onAccept?: (status: InstanceStatus) => void,
  ) {}

  /** Keeps `status` as its instance's newest. */
  accept(status: InstanceStatus, atMs: number): void {
    this.onAccept?.(status);
    const key = `${status.service}\u0000${status.instance}`;
    this.byKey.delete(key);
    this.byKey.set(key, { status, atMs });
    while (this.byKey.size > this.limit) {
      const oldest = this.byKey.keys().next().value as string;
      this.byKey.delete(oldest);
      this.evicted++;
    }
  }

  /** The newest status of one instance, if it reported. */
  get(service: string, instance: string): ReportedStatus | undefined {
    return this.byKey.get(`${service}\u0000${instance}`);
  }

  /** Instances that reported (and were not forgotten). */
  get size(): number {
    return this.byKey.size;
  }

  /** Forwarding figures summed over every instance that reported. */
  forwardedTotals(): BatchExportStats {
    const total = { exported: 0, failed: 0, dropped: 0, pending: 0 };
    for (const { status } of this.byKey.values()) {
      total.exported += status.forwarded.exported;
      total.failed += status.forwarded.failed;
      total.dropped += status.forwarded.dropped;
      total.pending += status.forwarded.pending;
    }
    return total;
  }
}
