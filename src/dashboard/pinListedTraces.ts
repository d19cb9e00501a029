import type { RouteInput } from './RouteInput.js';

/**
 * Pins the traces an answer lists as links (see TracePins), so they open
 * for as long as a page shows them; answers which of them the ring (or a
 * pin) holds. Without a trace ring (no span processor, no drill-down),
 * nothing is pinned and nothing is held.
 */
export function pinListedTraces(
  r: RouteInput,
  traceIds: readonly string[],
): (id: string) => boolean {
  const drill = r.deps.drillDown;
  const ring = drill?.live?.traces;
  if (drill === undefined || ring === undefined) return () => false;
  ring.pin(traceIds, drill.now());
  return (id) => ring.has(id);
}
