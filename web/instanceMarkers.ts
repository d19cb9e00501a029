import type { OverviewAnswer } from './apiTypes.js';
import type { TimeMarker } from './chartMarks.js';
import type { SourceChoice } from './sourceChoice.js';

/** The first characters of an instance id a marker shows. */
const INSTANCE_SHOWN = 16;

/**
 * The moments the charts mark: when the dashboard's own process started
 * (`now − uptime_seconds`), and each start or version change of the
 * instances shown (`instance_events`, narrowed to the chosen source), so a
 * deploy or a restart lines up with what it did to the numbers.
 */
export function instanceMarkers(
  overview: Pick<OverviewAnswer, 'uptime_seconds' | 'instance_events'>,
  nowMs: number,
  source: SourceChoice = {},
): TimeMarker[] {
  const events = (overview.instance_events ?? []).filter(
    (e) =>
      (source.service === undefined || e.service === source.service) &&
      (source.instance === undefined || e.instance === source.instance),
  );
  const out: TimeMarker[] = [];
  const own = events.find((e) => e.local && e.kind === 'started');
  if (Number.isFinite(overview.uptime_seconds) && overview.uptime_seconds >= 0) {
    const version = own?.version ? ` ${own.version}` : '';
    out.push({ t: Math.floor(nowMs / 1000) - overview.uptime_seconds, label: `started${version}` });
  }
  for (const e of events) {
    if (e === own) continue;
    const t = Date.parse(e.at) / 1000;
    if (!Number.isFinite(t)) continue;
    const who = e.local ? '' : `${e.instance.slice(0, INSTANCE_SHOWN)} `;
    const label =
      e.kind === 'version'
        ? `${who}→ ${e.version || 'no version'}`
        : `${who}started${e.version ? ` ${e.version}` : ''}`;
    out.push({ t, label });
  }
  return out;
}
