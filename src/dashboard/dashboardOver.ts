import type { InstanceStatusBoard } from '../cluster/InstanceStatusBoard.js';
import type { OtlpReceiver } from '../receiver/OtlpReceiver.js';
import type { SaturationReport } from '../reportInputs/SaturationReport.js';
import type { SloSettings } from '../slo/SloSettings.js';
import { localInstanceId } from '../telemetry/localInstanceId.js';
import type { Telemetry } from '../telemetry/Telemetry.js';
import { Dashboard } from './Dashboard.js';
import { loadPageAssets } from './pageAssets.js';
import type { OwnPortReport } from './queries/overviewQuery.js';

/** The dashboard of a running telemetry: its store, its pipeline figures, the saturation given, and the OTLP receiver when there is one. */
export function dashboardOver(
  telemetry: Telemetry,
  saturation: () => SaturationReport,
  dashboardToken?: string,
  receiver?: OtlpReceiver,
  instanceStatus?: InstanceStatusBoard,
  drill?: { readonly slo: SloSettings; readonly otlpTracesEndpoint: string | undefined },
  sampleSaturation?: () => void,
  configProblems: readonly string[] = [],
  ownPort?: () => OwnPortReport | undefined,
): Dashboard {
  return new Dashboard({
    store: telemetry.store,
    tracesExporters: telemetry.tracesExporters,
    metricsHandler: telemetry.metricsHandler,
    metricsExporters: telemetry.metricsExporters,
    dashboardToken,
    receiver,
    instanceStatus,
    drilldown:
      drill === undefined
        ? undefined
        : {
            live: telemetry.live,
            activeRequests: () => telemetry.activeRequests(),
            slo: drill.slo,
            otlpTracesEndpoint: drill.otlpTracesEndpoint,
            fallbackInstance: localInstanceId(),
            now: Date.now,
          },
    sampleSaturation,
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
      ownPort: ownPort?.(),
      internalErrors: telemetry.internalErrors,
    }),
  });
}
