import type { LiveRequests } from '../inflight/LiveRequests.js';
import type { AlertsState } from '../reportInputs/AlertsState.js';
import type { SloSettings } from '../slo/SloSettings.js';

/** What the drill-down routes (`/inflight`, `/traces`, `/traces/<id>`, `/slo`) read. */
export interface DrillDownDependencies {
  /** The requests in flight and the recent traces; none: those routes answer 503. */
  readonly live: LiveRequests | undefined;
  /** The exact in-flight count (the processor's). */
  readonly activeRequests: () => number;
  readonly slo: SloSettings;
  /** Where OTLP traces go, when `otlp` is on: named by the 404 of a trace no longer held. */
  readonly otlpTracesEndpoint: string | undefined;
  /** Instance of spans whose resource names none. */
  readonly fallbackInstance: string;
  /** Clock in epoch milliseconds, for in-flight ages. */
  readonly now: () => number;
  /** The alert notifier's state for `/alerts`; none: no notifier runs in this process. */
  readonly alerts?: (() => AlertsState) | undefined;
}
