/**
 * The trace view: a dialog that opens when the hash is `#trace=<id>` (a
 * click on any `a.trace-link`, or a pasted URL), shows the spans still held
 * as a waterfall, and clears the hash when closed.
 */
import { FetchFailure, fetchJson } from './api.js';
import type { TraceAnswer, TraceSpanAnswer } from './drillDownTypes.js';
import { formatMs } from './format.js';
import { traceIdOfHash } from './traceLink.js';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className !== undefined) e.className = className;
  return e;
}

/** Depth of each span below the held roots, for the indent. */
function depths(spans: readonly TraceSpanAnswer[]): Map<string, number> {
  const parent = new Map(spans.map((s) => [s.span_id, s.parent_span_id]));
  const out = new Map<string, number>();
  for (const s of spans) {
    let d = 0;
    for (let p = s.parent_span_id; p !== null && parent.has(p) && d < spans.length; d++) {
      p = parent.get(p) ?? null;
    }
    out.set(s.span_id, d);
  }
  return out;
}

/** The waterfall: one row per span, a bar placed by its start and length in the trace. */
function waterfall(trace: TraceAnswer): HTMLTableElement {
  const table = el('table', undefined, 'waterfall');
  table.id = 'trace-spans';
  const head = table.createTHead().insertRow();
  for (const h of ['Span', 'Kind', 'Service', 'Start', 'Duration', '']) head.append(el('th', h));
  const body = table.createTBody();
  const end = Math.max(1e-9, ...trace.spans.map((s) => s.start_offset_ms + s.duration_ms));
  const depth = depths(trace.spans);
  for (const span of trace.spans) {
    const tr = body.insertRow();
    tr.dataset.spanId = span.span_id;
    if (span.status.code === 'error') tr.classList.add('bad');
    const name = el('th', undefined, 'span-name');
    name.scope = 'row';
    name.style.paddingLeft = `${0.5 + 1.2 * (depth.get(span.span_id) ?? 0)}em`;
    const details = el('details');
    details.append(el('summary', span.name));
    const dl = el('dl', undefined, 'span-attributes');
    for (const [key, value] of Object.entries(span.attributes)) {
      dl.append(el('dt', key), el('dd', String(value)));
    }
    if (span.status.message !== '') dl.append(el('dt', 'status'), el('dd', span.status.message));
    if (span.dropped_attributes > 0) {
      dl.append(el('dt', 'not shown'), el('dd', `${span.dropped_attributes} attributes`));
    }
    details.append(dl);
    name.append(details);
    const bar = el('td', undefined, 'bar-cell');
    const fill = el('span', undefined, 'bar');
    fill.style.marginLeft = `${(100 * span.start_offset_ms) / end}%`;
    fill.style.width = `${Math.max(0.5, (100 * span.duration_ms) / end)}%`;
    bar.append(fill);
    tr.append(
      name,
      el('td', span.kind),
      el('td', span.service),
      el('td', `+${formatMs(span.start_offset_ms)}`, 'num'),
      el('td', formatMs(span.duration_ms), 'num'),
      bar,
    );
  }
  return table;
}

/** Wires the dialog to the hash; `base` is the API base. */
export function installTraceView(dialog: HTMLDialogElement, base: string): void {
  const title = dialog.querySelector<HTMLElement>('#trace-title');
  const content = dialog.querySelector<HTMLElement>('#trace-content');
  if (title === null || content === null) throw new Error('the trace dialog is incomplete');
  let shown: string | undefined;

  const open = async (traceId: string): Promise<void> => {
    shown = traceId;
    title.textContent = `Trace ${traceId}`;
    content.replaceChildren(el('p', 'Loading…', 'note'));
    if (!dialog.open) dialog.showModal();
    try {
      const trace = await fetchJson<TraceAnswer>(`${base}/traces/${traceId}`);
      if (shown !== traceId) return;
      const note =
        trace.dropped_spans > 0
          ? `${trace.spans.length} spans held; ${trace.dropped_spans} more were not kept.`
          : `${trace.spans.length} spans.`;
      content.replaceChildren(el('p', note, 'note'), waterfall(trace));
    } catch (err) {
      if (shown !== traceId) return;
      const message = err instanceof FetchFailure ? err.message : String(err);
      const p = el('p', message, 'problem-text');
      p.id = 'trace-problem';
      content.replaceChildren(p);
    }
  };

  const follow = () => {
    const id = traceIdOfHash(location.hash);
    if (id !== undefined) void open(id);
    else if (dialog.open) dialog.close();
  };

  dialog.addEventListener('close', () => {
    shown = undefined;
    // Closing clears the hash (without a new history entry), so the link opens it again.
    if (traceIdOfHash(location.hash) !== undefined) {
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
  });
  dialog.querySelector('#trace-close')?.addEventListener('click', () => dialog.close());
  window.addEventListener('hashchange', follow);
  follow();
}
