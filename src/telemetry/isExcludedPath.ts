/** Path prefixes that are never traced, so never counted: health, the dashboard, metrics. */
export const EXCLUDED_PATH_PREFIXES: readonly string[] = ['/health', '/dashboard', '/metrics'];

/**
 * True when a request URL (`/path?query`) is one of the excluded paths or
 * below one: `/health` and `/health/ready`, but not `/healthz`.
 */
export function isExcludedPath(url: string | undefined): boolean {
  if (url === undefined) return false;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  for (const prefix of EXCLUDED_PATH_PREFIXES) {
    if (path.startsWith(prefix)) {
      const rest = path.length === prefix.length ? '' : path[prefix.length];
      if (rest === '' || rest === '/') return true;
    }
  }
  return false;
}
