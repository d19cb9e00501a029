import type { IncomingMessage } from 'node:http';
import type { DashboardServer } from './dashboard/DashboardServer.js';
import { pathnameOf } from './dashboard/dashboardPaths.js';
import { PathSet } from './telemetry/PathSet.js';

/**
 * The paths the dashboard is served at, which must never be traced nor
 * counted: the configured ignore list, every mount's prefix and metrics
 * path, and the own port. Grows as the adapters are created.
 */
export class IgnoredRequests {
  private readonly prefixes: PathSet;
  /** The metrics paths, matched exactly as the dashboard answers them: not their sub-paths. */
  private readonly metricsPaths = new Set<string>();
  private own: DashboardServer | undefined;

  constructor(ignorePaths: readonly string[]) {
    this.prefixes = new PathSet(ignorePaths);
  }

  /** True for a path the dashboard serves or the configuration ignores. */
  matchesPath(pathname: string): boolean {
    return this.prefixes.matches(pathname) || this.metricsPaths.has(pathname);
  }

  /** True for a request to such a path, or to the own port. */
  matches(req: IncomingMessage): boolean {
    return this.matchesPath(pathnameOf(req.url)) || this.own?.owns(req) === true;
  }

  addMount(prefix: string, metricsPath: string): void {
    this.prefixes.add(prefix);
    this.metricsPaths.add(metricsPath);
  }

  setOwnServer(own: DashboardServer): void {
    this.own = own;
  }
}
