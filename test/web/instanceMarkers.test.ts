import { expect } from 'chai';
import { instanceMarkers } from '../../web/instanceMarkers.js';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const at = (min: number) => new Date(NOW - min * 60_000).toISOString();

describe('instanceMarkers', () => {
  const overview = {
    uptime_seconds: 600,
    instance_events: [
      {
        kind: 'started' as const,
        at: at(9),
        service: 'api',
        instance: 'host:1',
        version: '2.0',
        local: true,
      },
      {
        kind: 'started' as const,
        at: at(30),
        service: 'api',
        instance: 'pod-b',
        version: '1.9',
        local: false,
      },
      {
        kind: 'version' as const,
        at: at(5),
        service: 'api',
        instance: 'pod-b',
        version: '2.0',
        local: false,
      },
      {
        kind: 'started' as const,
        at: at(3),
        service: 'web',
        instance: 'pod-w',
        version: '',
        local: false,
      },
    ],
  };

  it('marks the own start from the uptime (with its version), then each other start and version change', () => {
    expect(instanceMarkers(overview, NOW)).to.deep.equal([
      { t: NOW / 1000 - 600, label: 'started 2.0' },
      { t: (NOW - 30 * 60_000) / 1000, label: 'pod-b started 1.9' },
      { t: (NOW - 5 * 60_000) / 1000, label: 'pod-b → 2.0' },
      { t: (NOW - 3 * 60_000) / 1000, label: 'pod-w started' },
    ]);
  });

  it('keeps to the service or instance shown', () => {
    const labels = instanceMarkers(overview, NOW, { service: 'web' }).map((m) => m.label);
    expect(labels).to.deep.equal(['started', 'pod-w started']);
  });

  it('marks only the own start for an older server without events', () => {
    expect(instanceMarkers({ uptime_seconds: 60 }, NOW)).to.deep.equal([
      { t: NOW / 1000 - 60, label: 'started' },
    ]);
  });
});
