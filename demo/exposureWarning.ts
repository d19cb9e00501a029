/** True for addresses only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The warning to print at start when the demo's port, and so the dashboard
 * mounted on it, is reachable from other machines without a token; undefined
 * when there is nothing to warn about.
 */
export function exposureWarning(host: string, token: string | undefined): string | undefined {
  if (isLoopback(host) || token !== undefined) return undefined;
  return (
    `WARNING: listening on ${host} with no GOLDEN_SIGNALS_DASHBOARD_TOKEN: ` +
    'anyone who can reach this port can read /dashboard and /metrics'
  );
}
