import type { DashboardAnswers } from './apiTypes.js';
import {
  errorRateColumns,
  latencyColumns,
  paddedRange,
  saturationColumns,
  trafficColumns,
} from './chartData.js';
import { stepInWords } from './drillDownCharts.js';
import type { SaturationAnswer } from './drillDownTypes.js';
import type { Charts } from './panels.js';
import { historySamples } from './saturationHistory.js';

/**
 * Draws the page's four charts from one refresh's answers: traffic with its
 * step as the unit, the error rate, latency, and the saturation history,
 * whose figure also says what it holds (`data-points`, `data-first`,
 * `data-max-delay-ms`) for tests and for a look with the inspector.
 */
export function drawCharts(
  charts: Charts,
  answers: Pick<DashboardAnswers, 'requests' | 'latency'>,
  history: SaturationAnswer,
  nowMs: number,
  saturationFigure: HTMLElement,
): void {
  const { requests, latency } = answers;
  const pad = requests.timeseries.step_seconds / 2;
  const traffic = trafficColumns(requests.timeseries.points);
  charts.traffic.setUnit('n', `requests / ${stepInWords(requests.timeseries.step_seconds)}`);
  charts.traffic.update(traffic, paddedRange(traffic[0], pad));
  charts.errors.update(errorRateColumns(requests.timeseries.points), paddedRange(traffic[0], pad));
  const lat = latencyColumns(latency.timeseries.points);
  charts.latency.update(lat, paddedRange(lat[0], latency.timeseries.step_seconds / 2));
  const samples = historySamples(history);
  const sat = saturationColumns(samples);
  const since = Date.parse(history.since) / 1000;
  charts.saturation.update(sat, [since, Math.max(nowMs / 1000, since + history.step_seconds)]);
  saturationFigure.dataset.points = String(samples.length);
  saturationFigure.dataset.first = samples[0] === undefined ? '' : String(samples[0].t);
  saturationFigure.dataset.maxDelayMs = String(
    Math.max(0, ...samples.map((x) => x.loopDelayP99Ms)),
  );
}
