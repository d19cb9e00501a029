/**
 * A trace id as the page shows it: a link to the trace view (`#trace=<id>`,
 * which that view opens on), or a dash when the span had none. Text only:
 * ids come from clients' `traceparent`, so they are checked to be hex.
 */
export function traceLink(traceId: string): HTMLElement {
  if (!/^[0-9a-f]{32}$/.test(traceId)) {
    const none = document.createElement('span');
    none.textContent = '–';
    return none;
  }
  const a = document.createElement('a');
  a.className = 'trace-link';
  a.href = `#trace=${traceId}`;
  a.textContent = traceId;
  return a;
}
