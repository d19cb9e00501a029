import type { InstanceStatusBoard } from '../cluster/InstanceStatusBoard.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import type { OtlpReceiver } from '../receiver/OtlpReceiver.js';
import type { MetricsHandler } from '../reportInputs/MetricsHandler.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { ThresholdSettings } from '../thresholds/ThresholdSettings.js';
import type { DrillDownDependencies } from './DrillDownDependencies.js';
import type { PageAssets } from './pageAssets.js';
import type { OverviewContext } from './queries/overviewQuery.js';

/** What the dashboard reads; it reaches for nothing else. */
export interface DashboardDependencies {
  /** Undefined when the in-memory exporter is off: the JSON routes answer 503. */
  readonly store: RequestStore | undefined;
  /** The configured trace exporters, for the 503 message. */
  readonly tracesExporters: readonly string[];
  /** Live figures that do not come from the store. */
  readonly context: () => OverviewContext;
  /** Serves the Prometheus text; undefined when `prometheus` is not configured: 503. */
  readonly metricsHandler: MetricsHandler | undefined;
  /** The configured metric exporters, for the 503 message. */
  readonly metricsExporters: readonly string[];
  /** When set, every dashboard path needs it (Bearer, or the Basic password). */
  readonly dashboardToken?: string | undefined;
  /** The page's files; read once, on the first page request, when not given. */
  readonly assets: () => PageAssets;
  /** Serves `POST <prefix>/v1/traces` (and `/v1/traces` on the own port); none: those paths are not the dashboard's. */
  readonly receiver?: OtlpReceiver | undefined;
  /** The forwarding workers' statuses, served at `POST <prefix>/v1/instance-status`; with the receiver. */
  readonly instanceStatus?: InstanceStatusBoard | undefined;
  /** In flight, recent traces, SLOs: `/inflight`, `/traces`, `/slo`; none: those paths are 404. */
  readonly drillDown?: DrillDownDependencies | undefined;
  /** Takes a saturation sample now, so `/saturation` includes the peak in flight since the last one. */
  readonly sampleSaturation?: (() => void) | undefined;
  /** Counts what answered 500 or could not be answered (`dashboard.request`). */
  readonly guard?: InternalErrors | undefined;
  /** Where the verdict and the page's colours turn (`GOLDEN_SIGNALS_THRESHOLD_*`); the defaults when none. */
  readonly thresholds?: ThresholdSettings | undefined;
}
