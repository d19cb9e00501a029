/**
 * bench/install.json: what installing golden-signals cost, by label (`before`,
 * `after`, …), as scripts/install/measureInstall.ts measured it.
 */

/** One measurement: a tarball installed into a fresh app, and the idle RSS of a tiny app. */
export interface InstallFigures {
  /** The commit the tarball was packed from. */
  readonly commit: string;
  /** ISO date of the measurement. */
  readonly measured_at: string;
  readonly node: string;
  readonly npm: string;
  /** Packages in the app's node_modules after `npm install <tarball>` (golden-signals included). */
  readonly packages: number;
  /** MB (10^6 bytes) of files in node_modules. */
  readonly node_modules_mb: number;
  /** MB of disk node_modules takes (allocated blocks, what `du` shows). */
  readonly node_modules_disk_mb: number;
  /** MB of node_modules/@opentelemetry. */
  readonly opentelemetry_mb: number;
  /** Whether `@grpc/grpc-js` was installed. */
  readonly grpc_installed: boolean;
  /** Whether `protobufjs` was installed. */
  readonly protobufjs_installed: boolean;
  /** Whether npm warned about an install script. */
  readonly install_script_warning: boolean;
  /** Starts of each app the medians are taken over. */
  readonly runs: number;
  /** Median RSS (MB) of the idle app without the preload. */
  readonly idle_rss_mb_without: number;
  /** Median RSS (MB) of the same app under `--import golden-signals/register`. */
  readonly idle_rss_mb_with: number;
}

/** The file: figures by label. */
export type InstallResults = Readonly<Record<string, InstallFigures>>;

const NUMBERS = [
  'packages',
  'node_modules_mb',
  'node_modules_disk_mb',
  'opentelemetry_mb',
  'runs',
  'idle_rss_mb_without',
  'idle_rss_mb_with',
] as const;
const FLAGS = ['grpc_installed', 'protobufjs_installed', 'install_script_warning'] as const;
const TEXTS = ['commit', 'measured_at', 'node', 'npm'] as const;

/**
 * bench/install.json parsed and checked.
 * @throws {TypeError} naming the label and field that is missing or of the wrong type
 */
export function parseInstallResults(text: string): InstallResults {
  const raw = JSON.parse(text) as Record<string, Record<string, unknown>>;
  for (const [label, figures] of Object.entries(raw)) {
    const wrong = [
      ...NUMBERS.filter((k) => typeof figures[k] !== 'number'),
      ...FLAGS.filter((k) => typeof figures[k] !== 'boolean'),
      ...TEXTS.filter((k) => typeof figures[k] !== 'string'),
    ];
    if (wrong.length > 0)
      throw new TypeError(`bench/install.json: ${label}: missing or wrong ${wrong.join(', ')}`);
  }
  return raw as unknown as InstallResults;
}
