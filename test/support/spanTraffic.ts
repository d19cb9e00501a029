import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { spanToRequest } from '../../src/telemetry/spanToRequest.js';
import { type FakeClock, MINUTE } from './fakeClock.js';
import { lcgRandom } from './seededRandom.js';

const tracer = new TracerProvider({ spanProcessors: [] }).getTracer('drill-down-test');

/** A real SDK server span of one request, ended: what the exporter hands to spanToRequest. */
export function serverSpan(
  endMs: number,
  durationMs: number,
  route: string,
  status = 200,
  message = '',
): ReadableSpan {
  const span = tracer.startSpan(`GET ${route}`, {
    kind: SpanKind.SERVER,
    startTime: endMs - durationMs,
    attributes: {
      'http.request.method': 'GET',
      'http.route': route,
      'http.response.status_code': status,
    },
  });
  if (status >= 400) {
    span.recordException({ name: 'NotFoundError', message });
    span.setAttribute('error.type', 'NotFoundError');
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  span.end(endMs);
  return span as unknown as ReadableSpan;
}

/** A store fed {@link spanTraffic}, with the slow requests (slowest first) and every request sent. */
export interface SpanTraffic {
  /** The store that recorded every request. */
  store: RequestStore;
  /** The one slow request of each minute: its trace id and duration, slowest first. */
  slow: { traceId: string; durationMs: number }[];
  /** trace id → duration of every request sent. */
  all: Map<string, number>;
}

/**
 * `minutes` of traffic through real spans: `perMinute` requests a minute
 * on /predict between 50 and 500 ms, and one deliberately slow one a
 * minute (2 s and more). Returns the store and the slow requests' trace ids
 * and durations, slowest first.
 */
export function spanTraffic(
  clock: FakeClock,
  minutes: number,
  perMinute: number,
  retentionMs?: number,
): SpanTraffic {
  const store = new RequestStore({ now: clock.now, retentionMs });
  const random = lcgRandom(42);
  const slow: { traceId: string; durationMs: number }[] = [];
  const all = new Map<string, number>();
  const start = clock.ms;
  for (let m = 0; m < minutes; m++) {
    for (let i = 0; i < perMinute; i++) {
      const end = start + m * MINUTE + Math.floor((i * MINUTE) / (perMinute + 1));
      clock.set(end);
      const isSlow = i === Math.floor(perMinute / 2);
      const durationMs = isSlow ? 2_000 + m * 7.25 : 50 + 450 * random();
      const span = serverSpan(end, durationMs, '/predict');
      const rec = spanToRequest(span) as RequestRecord;
      expect(store.record(rec)).to.equal(true);
      all.set(rec.traceId as string, rec.durationMs);
      if (isSlow) slow.push({ traceId: span.spanContext().traceId, durationMs: rec.durationMs });
    }
  }
  clock.set(start + minutes * MINUTE);
  slow.sort((a, b) => b.durationMs - a.durationMs);
  return { store, slow, all };
}
