import type UPlot from 'uplot';
import type { ThresholdLine, TimeMarker } from './chartMarks.js';

export type { ThresholdLine, TimeMarker } from './chartMarks.js';

/** What a chart draws over its series: read when uPlot draws, so a change only needs a redraw. */
export interface Overlays {
  threshold: ThresholdLine | undefined;
  markers: readonly TimeMarker[];
}

const THRESHOLD_COLOR = '#dc2626';
const MARKER_COLOR = '#8b5cf6';

/**
 * A uPlot `draw` hook drawing `overlays` on the canvas (no DOM, so nothing
 * for the page's CSP to allow): a dashed threshold line with its label (or,
 * above the axis, the label and an arrow at the top edge), and
 * a dotted vertical line with a label per marker inside the x range.
 */
export function drawOverlays(overlays: Overlays): (u: UPlot) => void {
  return (u) => {
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    const px = devicePixelRatio || 1;
    ctx.save();
    ctx.font = `${11 * px}px sans-serif`;
    ctx.lineWidth = px;
    const line = overlays.threshold;
    if (line !== undefined && u.scales[line.scale] !== undefined) {
      const y = u.valToPos(line.value, line.scale, true);
      if (y < top) {
        ctx.fillStyle = THRESHOLD_COLOR;
        ctx.textAlign = 'right';
        ctx.fillText(`${line.label} ↑`, left + width - 4 * px, top + 12 * px);
      } else if (y <= top + height) {
        ctx.strokeStyle = THRESHOLD_COLOR;
        ctx.fillStyle = THRESHOLD_COLOR;
        ctx.setLineDash([6 * px, 4 * px]);
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
        ctx.textAlign = 'right';
        ctx.fillText(line.label, left + width - 4 * px, y - 4 * px);
      }
    }
    ctx.strokeStyle = MARKER_COLOR;
    ctx.fillStyle = MARKER_COLOR;
    ctx.setLineDash([2 * px, 3 * px]);
    for (const marker of overlays.markers) {
      const x = u.valToPos(marker.t, 'x', true);
      if (x < left || x > left + width) continue;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      // Near the right edge (a start moments ago) the label goes on the line's left.
      const right = x > left + width - 60 * px;
      ctx.textAlign = right ? 'right' : 'left';
      ctx.fillText(marker.label, right ? x - 3 * px : x + 3 * px, top + 24 * px);
    }
    ctx.restore();
  };
}
