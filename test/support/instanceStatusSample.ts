import type { InstanceStatus } from '../../src/reportInputs/InstanceStatus.js';

/** A well-formed status of one cluster worker, as InstanceReporter posts it. */
export const sampleInstanceStatus: InstanceStatus = {
  service: 'checkout',
  instance: 'host-a:4242',
  saturation: {
    event_loop_delay_p99_ms: 12.5,
    event_loop_utilization: 0.25,
    heap_used_bytes: 1e7,
    rss_bytes: 5e7,
  },
  forwarded: { exported: 90, failed: 1, dropped: 2, pending: 3 },
};
