import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { identityOf } from '../../reportInputs/ResourceIdentity.js';
import { UNMATCHED_ENDPOINT } from '../../reportInputs/unmatchedEndpoint.js';
import type { SpanRecord } from '../../traces/SpanRecord.js';
import type { HeldTrace, TraceRing, TraceRingStats } from '../../traces/TraceRing.js';
import { isoTime, round2 } from './numbers.js';

/** Attributes shown per span; the rest are counted in `dropped_attributes`. */
export const MAX_VIEW_ATTRIBUTES = 32;
/** Longest attribute value shown (a string, or an array as JSON); longer ones end in `…`. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 256;
/** Most traces `GET /dashboard/traces` lists. */
export const MAX_TRACE_LIST = 100;

/**
 * Attributes never shown: captured request and response headers (a cookie,
 * an authorization header) and anything naming a body.
 */
const HIDDEN_ATTRIBUTE = /^(http\.(request|response)\.header\.|http\.(request|response)\.body)/;

/** A span as the trace view shows it. */
export interface TraceSpanReport {
  span_id: string;
  /** Null for a root span. */
  parent_span_id: string | null;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  start: string;
  /** Start relative to the earliest span held of the trace. */
  start_offset_ms: number;
  duration_ms: number;
  status: { code: 'unset' | 'ok' | 'error'; message: string };
  service: string;
  instance: string;
  attributes: Record<string, string | number | boolean>;
  /** Attributes left out: over {@link MAX_VIEW_ATTRIBUTES}, or hidden (headers). */
  dropped_attributes: number;
}

/** The `/dashboard/traces/:traceId` answer. */
export interface TraceReport {
  trace_id: string;
  /** Spans held, oldest start first. */
  spans: TraceSpanReport[];
  /** Spans of this trace not held: its per-trace cap was reached. */
  dropped_spans: number;
}

/** One trace of the `/dashboard/traces` list. */
export interface TraceSummary {
  trace_id: string;
  /** The (first) server span's name, method, endpoint and status. */
  name: string;
  method: string | null;
  endpoint: string | null;
  status_code: number | null;
  start: string;
  duration_ms: number;
  spans: number;
  error: boolean;
}

/** The `/dashboard/traces` answer. */
export interface TraceListReport {
  traces: TraceSummary[];
  limits: TraceRingStats;
}

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

function shown(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text =
    typeof value === 'string' ? value : Array.isArray(value) ? JSON.stringify(value) : undefined;
  if (text === undefined) return undefined;
  return text.length > MAX_ATTRIBUTE_VALUE_LENGTH
    ? `${text.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH - 1)}…`
    : text;
}

function spanReport(span: SpanRecord, originMs: number, fallbackInstance: string): TraceSpanReport {
  const attributes: Record<string, string | number | boolean> = {};
  let kept = 0;
  let dropped = 0;
  for (const [key, value] of Object.entries(span.attributes)) {
    const text =
      HIDDEN_ATTRIBUTE.test(key) || kept >= MAX_VIEW_ATTRIBUTES ? undefined : shown(value);
    if (text === undefined) {
      dropped++;
      continue;
    }
    attributes[key] = text;
    kept++;
  }
  const startMs = span.startMs;
  const identity = identityOf(span.resource.attributes, fallbackInstance);
  const code = span.statusCode;
  return {
    span_id: span.spanId,
    parent_span_id: span.parentSpanId ?? null,
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    start: isoTime(startMs),
    start_offset_ms: round2(startMs - originMs),
    duration_ms: round2(span.durationMs),
    status: {
      code: code === SpanStatusCode.ERROR ? 'error' : code === SpanStatusCode.OK ? 'ok' : 'unset',
      message: (span.statusMessage ?? '').slice(0, MAX_ATTRIBUTE_VALUE_LENGTH),
    },
    service: identity.service,
    instance: identity.instance,
    attributes,
    dropped_attributes: dropped,
  };
}

/** How deep each span sits below the trace's held roots (0 for a span whose parent is not held). */
function depthsOf(spans: readonly SpanRecord[]): Map<string, number> {
  const parentOf = new Map<string, string | undefined>();
  for (const s of spans) parentOf.set(s.spanId, s.parentSpanId);
  const depth = new Map<string, number>();
  for (const id of parentOf.keys()) {
    let d = 0;
    // Bounded by the number of spans, so a parent cycle in bad data cannot loop forever.
    for (let p = parentOf.get(id); p !== undefined && parentOf.has(p) && d < spans.length; d++) {
      p = parentOf.get(p);
    }
    depth.set(id, d);
  }
  return depth;
}

/** A held trace as the trace view shows it: spans by start time, attributes capped, headers never. */
export function traceQuery(trace: HeldTrace, fallbackInstance: string): TraceReport {
  // By start; spans that start in the same millisecond, parents first.
  const depth = depthsOf(trace.spans);
  const spans = [...trace.spans].sort(
    (a, b) => a.startMs - b.startMs || (depth.get(a.spanId) ?? 0) - (depth.get(b.spanId) ?? 0),
  );
  const origin = spans.length === 0 ? 0 : (spans[0] as SpanRecord).startMs;
  return {
    trace_id: trace.traceId,
    spans: spans.map((s) => spanReport(s, origin, fallbackInstance)),
    dropped_spans: trace.droppedSpans,
  };
}

/** The newest `limit` traces held, newest first, summarised by their server span. */
export function traceListQuery(ring: TraceRing, limit: number): TraceListReport {
  return {
    traces: ring.newest(limit).map((trace): TraceSummary => {
      const server = trace.spans.find((s) => s.kind === SpanKind.SERVER);
      const root = server ?? (trace.spans[0] as SpanRecord);
      const attrs = root.attributes;
      const method = attrs['http.request.method'];
      const route = attrs['http.route'];
      const status = attrs['http.response.status_code'];
      const statusCode = typeof status === 'number' ? status : null;
      return {
        trace_id: trace.traceId,
        name: root.name,
        method: typeof method === 'string' ? method : null,
        endpoint:
          server === undefined
            ? null
            : typeof route === 'string' && route !== ''
              ? route
              : UNMATCHED_ENDPOINT,
        status_code: statusCode,
        start: isoTime(root.startMs),
        duration_ms: round2(root.durationMs),
        spans: trace.spans.length,
        error: root.statusCode === SpanStatusCode.ERROR || (statusCode ?? 0) >= 500,
      };
    }),
    limits: ring.stats(),
  };
}
