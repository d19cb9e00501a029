import { DebianServer } from './DebianServer.js';
import { queryVector, type VectorSample, waitForScrapes } from './promqlApi.js';
import { type ScrapeTarget, scrapeConfig, scrapeTargets } from './scrapeConfig.js';

export type { VectorSample } from './promqlApi.js';

/** What else to start Prometheus with. */
export interface PrometheusOptions {
  /** A folder whose `data/` holds a TSDB made beforehand (`promtool tsdb create-blocks-from`); removed on stop. */
  readonly dataDir?: string;
  /** `--storage.tsdb.retention.time`; Prometheus' 15d unless told. */
  readonly retention?: string;
}

/**
 * A real Prometheus (Debian's `/usr/bin/prometheus`, installed by
 * scripts/ensure-system-deps.sh) scraping targets on loopback every
 * second, with its config and storage in a temporary folder.
 */
export class PrometheusServer {
  private constructor(
    private readonly server: DebianServer,
    /** How many targets it scrapes. */
    readonly targets: number,
  ) {}

  /**
   * Starts Prometheus scraping `targets` (`host:port`, or a list of them
   * with their labels) at `/metrics`, and waits until it is ready.
   * `features`: its `--enable-feature` flags (`native-histograms`: it asks
   * for the protobuf exposition).
   */
  static async start(
    targets: string | readonly (string | ScrapeTarget)[],
    features: readonly string[] = [],
    options: PrometheusOptions = {},
  ): Promise<PrometheusServer> {
    const list = scrapeTargets(targets);
    const server = await DebianServer.start({
      command: 'prometheus',
      pkg: 'prometheus',
      name: 'prometheus',
      dir: options.dataDir,
      files: { 'prometheus.yml': scrapeConfig(list) },
      args: (dir, port) => [
        `--config.file=${dir}/prometheus.yml`,
        `--storage.tsdb.path=${dir}/data`,
        ...(options.retention === undefined
          ? []
          : [`--storage.tsdb.retention.time=${options.retention}`]),
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...features.map((f) => `--enable-feature=${f}`),
      ],
      readyPath: '/-/ready',
      readyTimeoutMs: options.dataDir === undefined ? 15_000 : 120_000,
    });
    return new PrometheusServer(server, list.length);
  }

  /** The temporary folder holding its config and storage. */
  get dir(): string {
    return this.server.dir;
  }

  /** `http://127.0.0.1:PORT` of its HTTP API. */
  get url(): string {
    return this.server.url;
  }

  /** Runs an instant query; throws unless Prometheus answers success with a vector. */
  query(promql: string): Promise<VectorSample[]> {
    return queryVector(this.url, promql);
  }

  /** Waits for `count` successful scrapes of every target that start after `sinceMs`. */
  waitForScrapes(sinceMs: number, count: number): Promise<void> {
    return waitForScrapes(this.url, this.targets, sinceMs, count);
  }

  /** Its process id. */
  get pid(): number | undefined {
    return this.server.pid;
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
