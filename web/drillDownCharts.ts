import { errorRateColumns, latencyColumns, paddedRange, trafficColumns } from './chartData.js';
import type { TimeMarker } from './chartMarks.js';
import { TimeChart } from './charts.js';
import type { EndpointSeriesAnswer, SloAnswer } from './drillDownTypes.js';
import { formatCount, formatMs, formatMsTick, formatPercent } from './format.js';
import { showLatencyThreshold } from './sloThreshold.js';

/** The drill-down's three charts of one route: its own traffic, errors and latency. */
export class DrillDownCharts {
  private readonly traffic: TimeChart;
  private readonly errors: TimeChart;
  private readonly latency: TimeChart;

  /** Builds the charts into their hosts, found by id (`drill-traffic-chart`, …). */
  constructor(byId: (id: string) => HTMLElement) {
    const percent = (v: number | null) => formatPercent(v === null ? null : v / 100);
    this.traffic = new TimeChart(byId('drill-traffic-chart'), {
      series: [
        {
          label: 'Requests',
          color: '#3b82f6',
          scale: 'n',
          bars: true,
          format: (v) => (v === null ? '–' : formatCount(v)),
        },
      ],
      axes: [{ scale: 'n', format: (v) => formatCount(v), side: 'left', whole: true }],
    });
    this.errors = new TimeChart(byId('drill-errors-chart'), {
      series: [
        { label: '4xx', color: '#f59e0b', scale: '%', format: percent },
        { label: '5xx', color: '#ef4444', scale: '%', format: percent },
      ],
      axes: [
        {
          scale: '%',
          format: (v) => `${Math.round(v * 10) / 10}%`,
          side: 'left',
          ceiling: 100,
          unit: '% of requests',
        },
      ],
    });
    this.latency = new TimeChart(byId('drill-latency-chart'), {
      series: [
        { label: 'p50', color: '#22c55e', scale: 'ms', format: formatMs },
        { label: 'p95', color: '#3b82f6', scale: 'ms', format: formatMs },
        { label: 'p99', color: '#a855f7', scale: 'ms', format: formatMs },
      ],
      axes: [{ scale: 'ms', format: (v) => formatMsTick(v), side: 'left', unit: 'ms' }],
    });
  }

  /** Draws one route's answer, with its latency objective's threshold when `slo` is known. */
  update(answer: EndpointSeriesAnswer, slo: SloAnswer | undefined): void {
    const { points, step_seconds: step } = answer.timeseries;
    const traffic = trafficColumns(points);
    const range = paddedRange(traffic[0], step / 2);
    this.traffic.setUnit('n', `requests / ${stepInWords(step)}`);
    this.traffic.update(traffic, range);
    this.errors.update(errorRateColumns(points), range);
    if (slo !== undefined) showLatencyThreshold(this.latency, slo, answer.endpoint);
    this.latency.update(latencyColumns(points), range);
  }

  /** Marks instance starts and version changes on the three charts. */
  setMarkers(markers: readonly TimeMarker[]): void {
    for (const chart of [this.traffic, this.errors, this.latency]) chart.setMarkers(markers);
  }

  /** Redraws with the theme's colours. */
  rebuild(): void {
    for (const chart of [this.traffic, this.errors, this.latency]) chart.rebuild();
  }
}

/** A step as an axis unit's denominator: `min`, `5 min`, `h`, `6 h`. */
export function stepInWords(seconds: number): string {
  if (seconds === 60) return 'min';
  if (seconds === 3600) return 'h';
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
