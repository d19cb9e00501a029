import type { EndpointKey } from '../EndpointKey.js';
import type { Candidate, Exemplar } from './Exemplar.js';
import type { ExemplarTuple } from './ExemplarBucket.js';

/** Rows cut to `room` exemplars in all, rank by rank (each row's first ones first), and how many were cut. */
export function trimToRoom(
  rows: readonly (readonly [EndpointKey, readonly Candidate[]])[],
  room: number,
): { rows: [EndpointKey, Candidate[]][]; dropped: number } {
  let total = 0;
  for (const [, list] of rows) total += list.length;
  if (total <= room) return { rows: rows.map(([k, l]) => [k, [...l]]), dropped: 0 };
  const out: [EndpointKey, Candidate[]][] = rows.map(([k]) => [k, []]);
  let left = room;
  for (let rank = 0; left > 0; rank++) {
    let any = false;
    rows.forEach(([, list], r) => {
      const c = list[rank];
      if (c === undefined || left === 0) return;
      (out[r] as [EndpointKey, Candidate[]])[1].push(c);
      left--;
      any = true;
    });
    if (!any) break;
  }
  return { rows: out.filter(([, l]) => l.length > 0), dropped: total - room };
}

/** A candidate as saved. */
export function tupleOf(c: Candidate): ExemplarTuple {
  const tuple: ExemplarTuple = [c.traceId, c.timestampMs, c.durationMs, c.statusCode, c.method];
  // Only when there is one: snapshots without span ids keep their text.
  if (c.spanId !== undefined && c.spanId !== '') tuple.push(c.spanId);
  return tuple;
}

/** A saved exemplar as a candidate. */
export function candidateOf([
  traceId,
  timestampMs,
  durationMs,
  statusCode,
  method,
  spanId = '',
]: ExemplarTuple): Candidate {
  return { traceId, timestampMs, durationMs, statusCode, method, spanId };
}

/** A candidate of endpoint row `key` as an exemplar. */
export function exemplarOf(key: EndpointKey, c: Candidate): Exemplar {
  return {
    ...c,
    endpoint: key.endpoint,
    service: key.source.service,
    instance: key.source.instance,
  };
}
