import type { TimeMarker } from './chartOverlays.js';

/**
 * The moments the charts mark: when the dashboard's own process started
 * (`now − uptime_seconds` of the overview), so a restart shows where the
 * data before it came from (a snapshot) and where the new process began.
 */
export function instanceMarkers(uptimeSeconds: number, nowMs: number): TimeMarker[] {
  if (!Number.isFinite(uptimeSeconds) || uptimeSeconds < 0) return [];
  return [{ t: Math.floor(nowMs / 1000) - uptimeSeconds, label: 'started' }];
}
