/** Where a dashboard is reached in an app: its page and JSON under `prefix`, Prometheus text at `metricsPath`. */
export interface DashboardPaths {
  /** Path of the page; the JSON API and assets are below it. `/dashboard` by default. */
  readonly prefix: string;
  /** Path of the Prometheus text exposition; `<prefix>/metrics` by default. */
  readonly metricsPath: string;
}

/** Options of the adapters: any path left out takes its default. */
export interface DashboardMountOptions {
  /** Path of the page; the JSON API and assets are below it. `/dashboard` by default. */
  readonly prefix?: string;
  /** Path of the Prometheus text exposition; `<prefix>/metrics` by default. */
  readonly metricsPath?: string;
}

/** The default prefix: the original design's `/dashboard`. */
export const DEFAULT_DASHBOARD_PREFIX = '/dashboard';

// Letters, digits and -._~ in each segment: safe in a URL, an HTML attribute and a route pattern.
const PATH_PATTERN = /^(?:\/[A-Za-z0-9._~-]+)+$/;

function checked(name: string, path: string): string {
  if (!PATH_PATTERN.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
    throw new TypeError(
      `golden-signals: ${name} must look like /dashboard or /ops/signals (segments of letters, digits and -._~), got: ${JSON.stringify(path)}`,
    );
  }
  return path;
}

/**
 * Fills in and validates the paths of a mount.
 * @throws TypeError naming the option when a path is not a plain absolute path.
 */
export function dashboardPaths(options: DashboardMountOptions = {}): DashboardPaths {
  const prefix = checked('prefix', options.prefix ?? DEFAULT_DASHBOARD_PREFIX);
  const metricsPath = checked('metricsPath', options.metricsPath ?? `${prefix}/metrics`);
  return Object.freeze({ prefix, metricsPath });
}

/**
 * The part of `pathname` below `prefix` (`''` for the prefix itself, else
 * starting with `/`), or undefined when the path is not the prefix or below it.
 */
export function pathBelow(pathname: string, prefix: string): string | undefined {
  if (!pathname.startsWith(prefix)) return undefined;
  const rest = pathname.slice(prefix.length);
  return rest === '' || rest.startsWith('/') ? rest : undefined;
}

/** The path of a request URL (`/a/b?x=1` → `/a/b`). */
export function pathnameOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
