import type { InstanceStatusBoard } from '../cluster/InstanceStatusBoard.js';
import type { OtlpReceiver } from '../receiver/OtlpReceiver.js';
import type { AlertsState } from '../reportInputs/AlertsState.js';
import type { SaturationReport } from '../reportInputs/SaturationReport.js';
import type { SloSettings } from '../slo/SloSettings.js';
import { localInstanceId } from '../telemetry/localInstanceId.js';
import type { Telemetry } from '../telemetry/Telemetry.js';
import type { ThresholdSettings } from '../thresholds/ThresholdSettings.js';
import { Dashboard } from './Dashboard.js';
import type { DashboardRoute } from './DashboardRoute.js';
import { loadPageAssets } from './pageAssets.js';
import type { OwnPortReport } from './queries/overviewQuery.js';

/** What {@link dashboardOver} serves, and what its answers read. */
export interface DashboardOverOptions {
  /** The running telemetry: its store, its pipeline figures, its `/metrics` and its guard. */
  readonly telemetry: Telemetry;
  /** The saturation figures of the overview. */
  readonly saturation: () => SaturationReport;
  /** When set, every dashboard path requires it. */
  readonly dashboardToken?: string | undefined;
  /** The OTLP receiver served at `/v1/traces`; none: those paths are not served. */
  readonly receiver?: OtlpReceiver | undefined;
  /** The statuses of the workers that forward to the receiver. */
  readonly instanceStatus?: InstanceStatusBoard | undefined;
  /** The drill-down's objectives and trace link; none: the drill-down paths are not served. */
  readonly drillDown?:
    | {
        readonly slo: SloSettings;
        readonly otlpTracesEndpoint: string | undefined;
        /** The alert notifier's state, when one runs here. */
        readonly alerts?: (() => AlertsState) | undefined;
      }
    | undefined;
  /** Takes a saturation sample now (the overview's freshest history point). */
  readonly sampleSaturation?: (() => void) | undefined;
  /** What was wrong in the environment, the defaults taken instead; none by default. */
  readonly configProblems?: readonly string[] | undefined;
  /** Why the dashboard may count less than the app serves; none by default. */
  readonly warnings?: readonly string[] | undefined;
  /** The own port's connection figures, when there is one. */
  readonly ownPort?: (() => OwnPortReport | undefined) | undefined;
  /** The verdict's and the headlines' thresholds; the defaults when none. */
  readonly thresholds?: ThresholdSettings | undefined;
  /** The routes' table: the in-memory one unless given (`serve --prometheus` answers over an engine). */
  readonly routes?: readonly DashboardRoute[] | undefined;
}

/** The dashboard of a running telemetry: its store, its pipeline figures, the saturation given, and the OTLP receiver when there is one. */
export function dashboardOver(options: DashboardOverOptions): Dashboard {
  const { telemetry, saturation, receiver, instanceStatus, drillDown, ownPort } = options;
  const configProblems = options.configProblems ?? [];
  return new Dashboard(
    {
      store: telemetry.store,
      tracesExporters: telemetry.tracesExporters,
      metricsHandler: telemetry.metricsHandler,
      metricsExporters: telemetry.metricsExporters,
      dashboardToken: options.dashboardToken,
      receiver,
      instanceStatus,
      drillDown:
        drillDown === undefined
          ? undefined
          : {
              live: telemetry.live,
              activeRequests: () => telemetry.activeRequests(),
              slo: drillDown.slo,
              otlpTracesEndpoint: drillDown.otlpTracesEndpoint,
              fallbackInstance: localInstanceId(),
              now: Date.now,
              alerts: drillDown.alerts,
            },
      sampleSaturation: options.sampleSaturation,
      thresholds: options.thresholds,
      guard: telemetry.internalErrors,
      assets: () => loadPageAssets(),
      context: () => ({
        activeRequests: telemetry.activeRequests(),
        saturation: saturation(),
        exporterDroppedSpans: telemetry.droppedSpans(),
        otlpSpans: telemetry.otlpSpans(),
        receiver: receiver?.stats.report(),
        instanceStatus,
        configProblems,
        warnings: options.warnings,
        ownPort: ownPort?.(),
        internalErrors: telemetry.internalErrors,
      }),
    },
    options.routes,
  );
}
