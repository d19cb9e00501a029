import type UPlot from 'uplot';
import { axisTop, type Column, isolatedIndices } from './chartData.js';
import { formatAxisTime } from './format.js';

declare global {
  interface Window {
    /** uPlot, loaded by its own script tag (`uPlot.iife.min.js`) before the page's modules. */
    uPlot: typeof UPlot;
  }
}

/** One line, or bars, of a chart. */
export interface SeriesSpec {
  label: string;
  /** A colour that reads on both the light and the dark background. */
  color: string;
  /** The y scale it is drawn against. */
  scale: string;
  bars?: boolean;
  /** How the legend shows a value. */
  format: (value: number | null) => string;
  /**
   * Diameter of a lone value's dot (7 px by default). Series on different
   * scales of one chart can put their dots at the same spot (each at the top
   * of its own scale); a larger dot drawn first stays visible as a ring.
   */
  dotSize?: number;
}

/** A y axis: its scale, tick labels and side. */
export interface AxisSpec {
  scale: string;
  format: (value: number) => string;
  side: 'left' | 'right';
  /** Smallest top of the axis, so an all-zero series still has a scale. */
  floor?: number;
  /** Largest top of the axis (100 for percentages). */
  ceiling?: number;
  /** Ticks on whole numbers only (counts). */
  whole?: boolean;
}

/** What a chart shows. */
export interface ChartSpec {
  series: SeriesSpec[];
  axes: AxisSpec[];
}

/** Tick steps for counts: never a fraction of a request. */
const WHOLE_INCREMENTS = [1, 2, 5]
  .flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6].map((p) => m * p))
  .sort((a, b) => a - b);

const HEIGHT_PX = 200;
const NARROW_HEIGHT_PX = 160;
const NARROW_WIDTH_PX = 480;

/** The chart colours that follow the theme, read from the page's CSS custom properties. */
function themeColors(): { axis: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  return {
    axis: style.getPropertyValue('--chart-axis').trim() || '#666',
    grid: style.getPropertyValue('--chart-grid').trim() || '#ddd',
  };
}

/**
 * A uPlot time chart that fills its host's width, takes new data on each
 * refresh, follows resizes, and is rebuilt when the colour scheme changes
 * (uPlot bakes colours in at creation).
 */
export class TimeChart {
  private plot: UPlot | undefined;
  private data: UPlot.AlignedData = [[]];
  private xRange: [number, number] = [0, 1];

  constructor(
    private readonly host: HTMLElement,
    private readonly spec: ChartSpec,
  ) {
    new ResizeObserver(() => this.resize()).observe(host);
  }

  /** Draws new columns (`[x seconds, ...series]`) over the x range given. */
  update(columns: [number[], ...Column[]], xRange: [number, number]): void {
    this.data = columns as UPlot.AlignedData;
    this.xRange = xRange;
    if (this.plot === undefined) this.build();
    else this.plot.setData(this.data);
  }

  /** Throws the chart away and draws it again, with the theme's current colours. */
  rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    if (this.data.length > 1) this.build();
  }

  private size(): { width: number; height: number } {
    const width = Math.max(200, Math.floor(this.host.clientWidth));
    return { width, height: width < NARROW_WIDTH_PX ? NARROW_HEIGHT_PX : HEIGHT_PX };
  }

  private resize(): void {
    if (this.plot === undefined) return;
    const size = this.size();
    if (size.width !== this.plot.width || size.height !== this.plot.height) this.plot.setSize(size);
  }

  private build(): void {
    const { uPlot } = window;
    const colors = themeColors();
    const bars = uPlot.paths.bars?.({ size: [0.7, 48] });
    const scales: UPlot.Scales = { x: { time: true, range: () => this.xRange } };
    for (const axis of this.spec.axes) {
      scales[axis.scale] = {
        range: (_u, _min, max) => [
          0,
          Math.min(axis.ceiling ?? Number.POSITIVE_INFINITY, axisTop(max, axis.floor)),
        ],
      };
    }
    const series: UPlot.Series[] = [
      {},
      ...this.spec.series.map(
        (s): UPlot.Series => ({
          label: s.label,
          scale: s.scale,
          stroke: s.color,
          // Bars get no outline, so an empty step draws nothing rather than a stub.
          width: s.bars ? 0 : 2,
          spanGaps: false,
          value: (_u, v) => s.format(v),
          ...(s.bars && bars !== undefined
            ? { paths: bars, fill: s.color, points: { show: false } }
            : {
                points: {
                  size: s.dotSize ?? 7,
                  fill: s.color,
                  // A lone value has no line through it; give it a dot.
                  filter: (u, i, show) => (show ? null : isolatedIndices(u.data[i] as Column)),
                },
              }),
        }),
      ),
    ];
    const axes: UPlot.Axis[] = [
      {
        stroke: colors.axis,
        space: 72,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { show: false },
        values: (_u, splits) => splits.map((s) => formatAxisTime(s * 1000)),
      },
      ...this.spec.axes.map(
        (a): UPlot.Axis => ({
          scale: a.scale,
          side: a.side === 'left' ? 3 : 1,
          stroke: colors.axis,
          size: 64,
          grid: { show: a.side === 'left', stroke: colors.grid, width: 1 },
          ticks: { show: false },
          values: (_u, splits) => splits.map((v) => a.format(v)),
          ...(a.whole ? { incrs: WHOLE_INCREMENTS } : {}),
        }),
      ),
    ];
    this.plot = new uPlot(
      {
        ...this.size(),
        scales,
        series,
        axes,
        cursor: { drag: { x: false, y: false } },
        // The legend is a key; the headline above the chart gives the figures.
        legend: { live: false },
      },
      this.data,
      this.host,
    );
  }
}
