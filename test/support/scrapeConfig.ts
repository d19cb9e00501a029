/** One scrape target: `host:port`, and the labels its series get besides `job` and `instance`. */
export interface ScrapeTarget {
  readonly address: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The scrape interval of the engines the tests start: short, so a test waits a few seconds at most. */
export const SCRAPE_INTERVAL = '1s';

/**
 * The `prometheus.yml` both engines read (Prometheus' `--config.file`,
 * VictoriaMetrics' `-promscrape.config`): one job, `targets` scraped at
 * `/metrics` every second, each in a static config of its own with its labels.
 */
export function scrapeConfig(targets: readonly ScrapeTarget[], job = 'golden-signals'): string {
  const head = [
    'global:',
    `  scrape_interval: ${SCRAPE_INTERVAL}`,
    `  scrape_timeout: ${SCRAPE_INTERVAL}`,
  ];
  // No target (an engine fed by a backfill or an import): no job at all.
  if (targets.length === 0) return [...head, 'scrape_configs: []', ''].join('\n');
  const lines = [
    ...head,
    'scrape_configs:',
    `  - job_name: ${job}`,
    '    metrics_path: /metrics',
    '    static_configs:',
  ];
  for (const target of targets) {
    lines.push(`      - targets: ['${target.address}']`);
    const labels = Object.entries(target.labels ?? {});
    if (labels.length > 0) {
      lines.push('        labels:');
      for (const [name, value] of labels) lines.push(`          ${name}: ${JSON.stringify(value)}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** `targets` as ScrapeTargets: a `host:port` string stands for a target without labels. */
export function scrapeTargets(
  targets: string | readonly (string | ScrapeTarget)[],
): ScrapeTarget[] {
  const list = typeof targets === 'string' ? [targets] : targets;
  return list.map((t) => (typeof t === 'string' ? { address: t } : t));
}
