import { type Attributes, context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { BatchExportStats } from '../reportInputs/BatchExportStats.js';
import type { InstanceStatus } from '../reportInputs/InstanceStatus.js';
import { identityOf } from '../reportInputs/ResourceIdentity.js';
import type { SaturationReport } from '../reportInputs/SaturationReport.js';

/** How often a forwarding worker reports its status. */
export const STATUS_INTERVAL_MS = 5_000;
/** Where a status goes, beside `/v1/traces`. */
export const STATUS_PATH = '/v1/instance-status';

/** What the reporter reads and where it sends. */
export interface InstanceReporterOptions {
  /** The receiver's origin. */
  readonly url: string;
  readonly token: string | undefined;
  /** The resource of this process's spans, once one has ended: the identity the dashboard gives them. */
  readonly resource: () => { readonly attributes: Attributes } | undefined;
  readonly fallbackInstance: string;
  readonly saturation: () => SaturationReport;
  readonly forwarded: () => BatchExportStats | undefined;
  /** Its requests in flight, so the primary's page can count the workers' too; none: not reported. */
  readonly activeRequests?: () => number;
  readonly intervalMs?: number;
  /** Counts a status that could not be made; a guard of its own (console) when none is given. */
  readonly guard?: InternalErrors;
}

/**
 * Posts this process's {@link InstanceStatus} to the dashboard it forwards
 * its spans to, every few seconds (an unref'd timer) and once at stop. A
 * failed post is counted and retried at the next tick, never thrown.
 */
export class InstanceReporter {
  private readonly timer: NodeJS.Timeout;
  /** Posts that failed (refused, unreachable). */
  failures = 0;

  private readonly guard: InternalErrors;

  constructor(private readonly options: InstanceReporterOptions) {
    this.guard = options.guard ?? InternalErrors.toConsole();
    this.timer = setInterval(() => void this.report(), options.intervalMs ?? STATUS_INTERVAL_MS);
    this.timer.unref();
  }

  /** The status now, or undefined before the first span (no identity yet). */
  status(): InstanceStatus | undefined {
    const resource = this.options.resource();
    const forwarded = this.options.forwarded();
    if (resource === undefined || forwarded === undefined) return undefined;
    const { service, instance } = identityOf(resource.attributes, this.options.fallbackInstance);
    const status = { service, instance, saturation: this.options.saturation(), forwarded };
    const active = this.options.activeRequests;
    return active === undefined ? status : { ...status, active_requests: active() };
  }

  /** Sends the status now; resolves whatever happens. */
  async report(): Promise<void> {
    const status = this.guard.run('instance.report', () => this.status(), undefined);
    if (status === undefined) return;
    try {
      // Not traced: our own status is not one of the app's dependencies (fetch is instrumented).
      const res = await context.with(suppressTracing(context.active()), () =>
        fetch(`${this.options.url}${STATUS_PATH}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.options.token === undefined
              ? {}
              : { authorization: `Bearer ${this.options.token}` }),
          },
          body: JSON.stringify(status),
          signal: AbortSignal.timeout(2_000),
        }),
      );
      await res.arrayBuffer();
      if (!res.ok) this.failures++;
    } catch {
      this.failures++;
    }
  }

  /** Stops the timer and sends a last status. */
  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.report();
  }
}
