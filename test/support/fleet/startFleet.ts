import path from 'node:path';
import { packageRoot } from '../../../src/dashboard/pageAssets.js';
import { OtlpCollectorDouble } from '../OtlpCollectorDouble.js';
import { type RunningApp, startApp } from '../packedApp.js';
import type { ScrapeTarget } from '../scrapeConfig.js';
import { CLUSTER_WORKERS, type FleetAppName } from './fleetRoutes.js';

const ROOT = packageRoot();
const REGISTER = path.join(ROOT, 'dist', 'instrumentation.js');
const FLEET_APP = path.join(ROOT, 'dist', 'test', 'support', 'fleet', 'fleetApp.js');

/** One running app of the fleet. */
export interface FleetMember {
  readonly name: FleetAppName;
  /** `fleet-<name>`, its `OTEL_SERVICE_NAME`. */
  readonly service: string;
  /** How many workers serve it: 0 for a single process. */
  readonly workers: number;
  /** The app's own origin, where the traffic goes. */
  readonly url: string;
  /** Its own dashboard, `http://127.0.0.1:PORT/dashboard` (a cluster's: the primary's). */
  readonly dashboardUrl: string;
  /** `host:port` of its `/metrics` (the own port): its scrape target. */
  readonly target: string;
  readonly app: RunningApp;
}

/** The running fleet and the collector double its spans go to. */
export interface Fleet {
  readonly members: readonly FleetMember[];
  /** Receives every SERVER span over OTLP: the exact durations. */
  readonly collector: OtlpCollectorDouble;
  /** Each member's scrape target, labelled `fleet_app` with its name. */
  readonly targets: readonly ScrapeTarget[];
  /** The member named `name`. */
  member(name: FleetAppName): FleetMember;
  /** Each member's last output, for a failure message. */
  output(): string;
  /** Stops every app by its PID and the collector. */
  stop(): Promise<void>;
}

/** Starts one member under the zero-code preload, its spans also sent over OTLP. */
async function startMember(
  name: FleetAppName,
  workers: number,
  collector: OtlpCollectorDouble,
): Promise<FleetMember> {
  const service = `fleet-${name}`;
  const app = await startApp(
    ROOT,
    ['--import', REGISTER, FLEET_APP],
    {
      FLEET_APP: name,
      WORKERS: String(workers),
      PORT: '0',
      GOLDEN_SIGNALS_PORT: '0',
      GOLDEN_SIGNALS_FORWARD_DELAY_MS: '100',
      OTEL_SERVICE_NAME: service,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    true,
  );
  const dashboardUrl = app.dashboardUrl as string;
  return {
    name,
    service,
    workers,
    url: app.url,
    dashboardUrl,
    target: new URL(dashboardUrl).host,
    app,
  };
}

/**
 * Starts the fleet: three single-process apps (shop, users, files) and a
 * two-worker `node:cluster` app (items), each on its own loopback ports,
 * each under `node --import golden-signals/register` with its own
 * dashboard port (its scrape target), and all sending their spans to one
 * OTLP collector double.
 */
export async function startFleet(): Promise<Fleet> {
  const collector = await OtlpCollectorDouble.start();
  const members: FleetMember[] = [];
  const stop = async () => {
    await Promise.all(members.map((m) => m.app.stop()));
    await collector.close();
  };
  try {
    for (const name of ['shop', 'users', 'files'] as const) {
      members.push(await startMember(name, 0, collector));
    }
    members.push(await startMember('items', CLUSTER_WORKERS, collector));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    members,
    collector,
    targets: members.map((m) => ({ address: m.target, labels: { fleet_app: m.name } })),
    member: (name) => {
      const found = members.find((m) => m.name === name);
      if (found === undefined) throw new Error(`no fleet member ${name}`);
      return found;
    },
    output: () => members.map((m) => `--- ${m.name}\n${m.app.output().slice(-2000)}`).join('\n'),
    stop,
  };
}
