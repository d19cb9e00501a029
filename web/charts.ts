import type UPlot from 'uplot';
import { axisTop, type Column, isolatedIndices } from './chartData.js';
import {
  drawOverlays,
  type Overlays,
  type ThresholdLine,
  type TimeMarker,
} from './chartOverlays.js';
import { renderChartTable } from './chartTable.js';
import { formatAxisTime, formatClock } from './format.js';

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
  /** The unit, written along the axis (`ms`, `% of requests`, `requests / min`). */
  unit?: string;
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
 * (uPlot bakes colours in at creation). Its legend shows the values under
 * the cursor; a threshold line and time markers can be drawn over it; a
 * button after it shows its data as a table.
 */
export class TimeChart {
  private plot: UPlot | undefined;
  private data: UPlot.AlignedData = [[]];
  private xRange: [number, number] = [0, 1];
  private readonly overlays: Overlays = { threshold: undefined, markers: [] };
  private readonly units = new Map<string, string>();
  private readonly tableBox: HTMLElement;
  private readonly table: HTMLTableElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly spec: ChartSpec,
  ) {
    new ResizeObserver(() => this.resize()).observe(host);
    for (const axis of spec.axes)
      if (axis.unit !== undefined) this.units.set(axis.scale, axis.unit);
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'chart-table-toggle';
    toggle.textContent = 'Show as table';
    toggle.setAttribute('aria-pressed', 'false');
    this.table = document.createElement('table');
    this.tableBox = document.createElement('div');
    this.tableBox.className = 'scroll chart-table';
    this.tableBox.hidden = true;
    this.tableBox.id = `${host.id}-table`;
    this.tableBox.append(this.table);
    toggle.setAttribute('aria-controls', this.tableBox.id);
    toggle.addEventListener('click', () => {
      const show = this.tableBox.hidden;
      this.tableBox.hidden = !show;
      toggle.setAttribute('aria-pressed', String(show));
      toggle.textContent = show ? 'Hide table' : 'Show as table';
      if (show) this.renderTable();
    });
    host.after(toggle, this.tableBox);
  }

  /** Draws new columns (`[x seconds, ...series]`) over the x range given. */
  update(columns: [number[], ...Column[]], xRange: [number, number]): void {
    this.data = columns as UPlot.AlignedData;
    this.xRange = xRange;
    if (this.plot === undefined) this.build();
    else this.plot.setData(this.data);
    if (!this.tableBox.hidden) this.renderTable();
  }

  /** Sets the unit written along the axis of `scale`; the chart is rebuilt when it changes. */
  setUnit(scale: string, unit: string): void {
    if (this.units.get(scale) === unit) return;
    this.units.set(scale, unit);
    if (this.plot !== undefined) this.rebuild();
  }

  /** Draws (or, undefined, removes) a horizontal threshold line; the axis grows to show it. */
  setThreshold(line: ThresholdLine | undefined): void {
    this.overlays.threshold = line;
    if (line === undefined) delete this.host.dataset.threshold;
    else this.host.dataset.threshold = String(line.value);
    this.plot?.redraw(false, true);
  }

  /** Draws a vertical marker at each moment (restarts, version changes) inside the x range. */
  setMarkers(markers: readonly TimeMarker[]): void {
    this.overlays.markers = markers;
    this.host.dataset.markers = markers.map((m) => m.label).join('\n');
    this.plot?.redraw(false, false);
  }

  private renderTable(): void {
    const caption = this.host.getAttribute('aria-label') ?? '';
    renderChartTable(
      this.table,
      caption,
      this.spec.series,
      this.data as unknown as [number[], ...Column[]],
    );
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
        range: (_u, _min, max) => {
          // A threshold near the data stays in view (the headroom below it shows); one far
          // above would flatten the lines, so the overlay names it at the top edge instead.
          const line = this.overlays.threshold;
          const near = line?.scale === axis.scale && max !== null && line.value <= 3 * max;
          const top = near ? Math.max(max, line.value) : max;
          return [0, Math.min(axis.ceiling ?? Number.POSITIVE_INFINITY, axisTop(top, axis.floor))];
        },
      };
    }
    const series: UPlot.Series[] = [
      // The legend's time under the cursor.
      { value: (_u, v) => (v == null ? '' : formatClock(v * 1000, Date.now())) },
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
          ...(this.units.has(a.scale) ? { label: this.units.get(a.scale), labelSize: 18 } : {}),
        }),
      ),
    ];
    // Drawn on the canvas by uPlot: said on the host too, for tests and the inspector.
    this.host.dataset.units = this.spec.axes
      .map((a) => this.units.get(a.scale))
      .filter((u) => u !== undefined)
      .join('\n');
    this.plot = new uPlot(
      {
        ...this.size(),
        scales,
        series,
        axes,
        cursor: { drag: { x: false, y: false } },
        // Hovering shows each series' value at that step in the legend.
        legend: { live: true },
        hooks: { draw: [drawOverlays(this.overlays)] },
      },
      this.data,
      this.host,
    );
  }
}
