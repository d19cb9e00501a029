import { DebianServer } from './DebianServer.js';

export { freePort } from './DebianServer.js';

/** Debian's Alertmanager, which scripts/ensure-system-deps.sh installs. */
export const ALERTMANAGER_PATH = '/usr/bin/prometheus-alertmanager';

/** One alert as `GET /api/v2/alerts` lists it. */
export interface ListedAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL?: string;
  readonly status: { readonly state: string };
}

/**
 * A real Alertmanager on loopback, with its config and storage in a
 * temporary folder and gossip off (`--cluster.listen-address=`), routing
 * every alert to a receiver that sends nothing.
 */
export class AlertmanagerServer {
  private constructor(private readonly server: DebianServer) {}

  /** Starts it and waits until `/-/ready` answers. */
  static async start(): Promise<AlertmanagerServer> {
    const server = await DebianServer.start({
      command: ALERTMANAGER_PATH,
      pkg: 'prometheus-alertmanager',
      name: 'alertmanager',
      files: {
        'alertmanager.yml': [
          'route:',
          '  receiver: nobody',
          'receivers:',
          '  - name: nobody',
          '',
        ].join('\n'),
      },
      args: (dir, port) => [
        `--config.file=${dir}/alertmanager.yml`,
        `--storage.path=${dir}/data`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      readyPath: '/-/ready',
    });
    return new AlertmanagerServer(server);
  }

  /** `http://127.0.0.1:PORT`, its base URL. */
  get url(): string {
    return this.server.url;
  }

  /** The alerts its API lists (active ones: resolved alerts drop out), matching `labels`. */
  async alerts(labels: Readonly<Record<string, string>> = {}): Promise<ListedAlert[]> {
    const filters = Object.entries(labels)
      .map(([k, v]) => `filter=${encodeURIComponent(`${k}="${v}"`)}`)
      .join('&');
    const res = await fetch(`${this.url}/api/v2/alerts?${filters}`);
    if (!res.ok) throw new Error(`GET /api/v2/alerts → ${res.status}: ${await res.text()}`);
    return (await res.json()) as ListedAlert[];
  }

  /** Whether its process has exited. */
  get exited(): boolean {
    return this.server.exited;
  }

  /** What it printed (warnings and errors only). */
  log(): string {
    return this.server.log();
  }

  /** Stops the process by its PID (SIGTERM, then SIGKILL) and removes the temporary folder. */
  stop(): Promise<void> {
    return this.server.stop();
  }
}
