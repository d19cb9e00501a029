import { DebianServer } from './DebianServer.js';
import { queryVector, type VectorSample, waitForScrapes } from './promqlApi.js';
import { type ScrapeTarget, scrapeConfig, scrapeTargets } from './scrapeConfig.js';

/** Debian's VictoriaMetrics (single node), which scripts/ensure-system-deps.sh installs. */
export const VICTORIA_METRICS_COMMAND = 'victoria-metrics';

/**
 * A real VictoriaMetrics (Debian's `victoria-metrics`, single node), a
 * second Prometheus-compatible engine: it scrapes targets itself
 * (`-promscrape.config`, the same file Prometheus reads), or takes data
 * through `/api/v1/import/prometheus`. Its storage is in a temporary folder.
 * Samples are visible to queries at once (`-search.latencyOffset=0s`, 30 s by
 * default) and answers are not cached, so a test reads what it just sent.
 */
export class VictoriaMetricsServer {
  private constructor(
    private readonly server: DebianServer,
    /** How many targets it scrapes. */
    readonly targets: number,
  ) {}

  /** Starts it scraping `targets` (none: it only takes imports) and waits until `/health` answers. */
  static async start(
    targets: string | readonly (string | ScrapeTarget)[] = [],
  ): Promise<VictoriaMetricsServer> {
    const list = scrapeTargets(targets);
    const server = await DebianServer.start({
      command: VICTORIA_METRICS_COMMAND,
      pkg: 'victoria-metrics',
      name: 'victoria-metrics',
      files: list.length === 0 ? {} : { 'prometheus.yml': scrapeConfig(list) },
      args: (dir, port) => [
        `-httpListenAddr=127.0.0.1:${port}`,
        `-storageDataPath=${dir}/data`,
        '-retentionPeriod=100y',
        '-search.latencyOffset=0s',
        '-search.disableCache',
        '-loggerLevel=WARN',
        ...(list.length === 0 ? [] : [`-promscrape.config=${dir}/prometheus.yml`]),
      ],
      readyPath: '/health',
    });
    return new VictoriaMetricsServer(server, list.length);
  }

  /** `http://127.0.0.1:PORT` of its HTTP API (Prometheus' `/api/v1/*` among others). */
  get url(): string {
    return this.server.url;
  }

  /** The temporary folder holding its config and storage. */
  get dir(): string {
    return this.server.dir;
  }

  /** Runs an instant query; throws unless it answers success with a vector. */
  query(promql: string): Promise<VectorSample[]> {
    return queryVector(this.url, promql);
  }

  /** Waits for `count` successful scrapes of every target that start after `sinceMs`. */
  waitForScrapes(sinceMs: number, count: number): Promise<void> {
    return waitForScrapes(this.url, this.targets, sinceMs, count);
  }

  /**
   * Posts Prometheus text lines with their timestamps (milliseconds) to
   * `/api/v1/import/prometheus`, then flushes them to search
   * (`/internal/force_flush`), so a query sees them.
   */
  async importPrometheusText(text: string): Promise<void> {
    const res = await fetch(`${this.url}/api/v1/import/prometheus`, { method: 'POST', body: text });
    if (!res.ok) throw new Error(`import → ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    await this.flush();
  }

  /** Makes what was imported or scraped visible to queries now. */
  async flush(): Promise<void> {
    const res = await fetch(`${this.url}/internal/force_flush`);
    if (!res.ok) throw new Error(`force_flush → ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }

  /** Its process id. */
  get pid(): number | undefined {
    return this.server.pid;
  }

  /** Whether its process has exited. */
  get exited(): boolean {
    return this.server.exited;
  }

  /** What it printed (warnings and errors). */
  log(): string {
    return this.server.log();
  }

  /** Stops the process by its PID (SIGTERM, then SIGKILL) and removes the temporary folder. */
  stop(): Promise<void> {
    return this.server.stop();
  }
}
