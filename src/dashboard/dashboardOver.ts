import type { InstanceStatusBoard } from '../cluster/InstanceStatusBoard.js';
import type { OtlpReceiver } from '../receiver/OtlpReceiver.js';
import type { SaturationReport } from '../telemetry/SaturationReport.js';
import type { Telemetry } from '../telemetry/Telemetry.js';
import { Dashboard } from './Dashboard.js';
import { loadPageAssets } from './pageAssets.js';

/** The dashboard of a running telemetry: its store, its pipeline figures, the saturation given, and the OTLP receiver when there is one. */
export function dashboardOver(
  telemetry: Telemetry,
  saturation: () => SaturationReport,
  dashboardToken?: string,
  receiver?: OtlpReceiver,
  instanceStatus?: InstanceStatusBoard,
  sampleSaturation?: () => void,
): Dashboard {
  return new Dashboard({
    store: telemetry.store,
    tracesExporters: telemetry.tracesExporters,
    metricsHandler: telemetry.metricsHandler,
    metricsExporters: telemetry.metricsExporters,
    dashboardToken,
    receiver,
    instanceStatus,
    sampleSaturation,
    assets: () => loadPageAssets(),
    context: () => ({
      activeRequests: telemetry.activeRequests(),
      saturation: saturation(),
      exporterDroppedSpans: telemetry.droppedSpans(),
      otlpSpans: telemetry.otlpSpans(),
      receiver: receiver?.stats.report(),
      instanceStatus,
    }),
  });
}
