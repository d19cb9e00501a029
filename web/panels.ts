import { TimeChart } from './charts.js';
import { formatCount, formatMs, formatMsTick, formatPercent } from './format.js';

/** The page's four charts, one per golden signal. */
export interface Charts {
  traffic: TimeChart;
  errors: TimeChart;
  latency: TimeChart;
  saturation: TimeChart;
}

const percentAxis = (v: number) => `${Math.round(v * 10) / 10}%`;
const countAxis = (v: number) => formatCount(v);
const msAxis = (v: number) => formatMsTick(v);

/** Builds the charts into their hosts, found by id: `traffic-chart`, `errors-chart`, … */
export function createCharts(byId: (id: string) => HTMLElement): Charts {
  return {
    traffic: new TimeChart(byId('traffic-chart'), {
      series: [
        {
          label: 'Requests',
          color: '#3b82f6',
          scale: 'n',
          bars: true,
          format: (v) => (v === null ? '–' : formatCount(v)),
        },
      ],
      axes: [{ scale: 'n', format: countAxis, side: 'left', whole: true }],
    }),
    errors: new TimeChart(byId('errors-chart'), {
      series: [
        {
          label: '4xx',
          color: '#f59e0b',
          scale: '%',
          format: (v) => formatPercent(v === null ? null : v / 100),
        },
        {
          label: '5xx',
          color: '#ef4444',
          scale: '%',
          format: (v) => formatPercent(v === null ? null : v / 100),
        },
      ],
      axes: [
        { scale: '%', format: percentAxis, side: 'left', ceiling: 100, unit: '% of requests' },
      ],
    }),
    latency: new TimeChart(byId('latency-chart'), {
      series: [
        { label: 'p50', color: '#22c55e', scale: 'ms', format: formatMs },
        { label: 'p95', color: '#3b82f6', scale: 'ms', format: formatMs },
        { label: 'p99', color: '#a855f7', scale: 'ms', format: formatMs },
      ],
      axes: [{ scale: 'ms', format: msAxis, side: 'left', unit: 'ms' }],
    }),
    saturation: new TimeChart(byId('saturation-chart'), {
      series: [
        {
          label: 'In flight',
          color: '#3b82f6',
          scale: 'n',
          format: (v) => (v === null ? '–' : formatCount(v)),
          // A lone minute puts both dots at the top of their scales: a ring shows this one.
          dotSize: 13,
        },
        { label: 'Event-loop delay p99', color: '#f97316', scale: 'ms', format: formatMs },
      ],
      axes: [
        { scale: 'n', format: countAxis, side: 'left', whole: true, unit: 'in flight' },
        { scale: 'ms', format: msAxis, side: 'right', floor: 10, unit: 'loop delay, ms' },
      ],
    }),
  };
}
