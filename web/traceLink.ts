/** The hash that opens the trace view: `#trace=<traceId>`. */
export const TRACE_HASH_PREFIX = '#trace=';

const TRACE_ID = /^[0-9a-f]{32}$/;

/** A link that opens the trace view of `traceId`; plain text for an id that is not one (empty, all zeros). */
export function traceLink(traceId: string): HTMLElement {
  const code = document.createElement('code');
  code.textContent = traceId;
  if (!TRACE_ID.test(traceId) || /^0+$/.test(traceId)) return code;
  const a = document.createElement('a');
  a.className = 'trace-link';
  a.href = `${TRACE_HASH_PREFIX}${traceId}`;
  a.append(code);
  return a;
}

/** The trace id a hash names, or undefined. */
export function traceIdOfHash(hash: string): string | undefined {
  if (!hash.startsWith(TRACE_HASH_PREFIX)) return undefined;
  const id = hash.slice(TRACE_HASH_PREFIX.length).toLowerCase();
  return TRACE_ID.test(id) ? id : undefined;
}
