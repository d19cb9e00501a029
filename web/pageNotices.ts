import type { OverviewAnswer } from './apiTypes.js';
import { backendNotice } from './perProcess.js';

/**
 * What the page's notice line says, from the overview: said there too, not
 * only on stderr. Settings the preload set aside for their defaults, why the
 * dashboard may count nothing (another SDK owns the OpenTelemetry globals;
 * absent from older servers), requests that land in `unmatched` from a
 * framework golden-signals does not know, and failures of golden-signals'
 * own code it caught (never the app's).
 */
export function pageNotices(overview: OverviewAnswer): string[] {
  const notices = overview.config_problems.map((p) => `Configuration: ${p}`);
  const backend = backendNotice(overview.backend);
  if (backend !== undefined) notices.unshift(backend);
  for (const w of overview.warnings ?? []) notices.push(`Warning: ${w}`);
  if (overview.route_notice) notices.push(`Routes: ${overview.route_notice}`);
  const caught = overview.internal_errors;
  if (caught.total > 0) {
    const sites = Object.entries(caught.by_site).map(([site, n]) => `${site} ${n}`);
    notices.push(`golden-signals caught ${caught.total} internal errors (${sites.join(', ')})`);
  }
  return notices;
}
