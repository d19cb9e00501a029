/**
 * Every place where code of ours runs on the app's time and is guarded by
 * {@link InternalErrors}: a fixed list, so the counter's `site` label is
 * bounded by construction.
 */
export const INTERNAL_ERROR_SITES = [
  'saturation.monitor',
  'saturation.read',
  'saturation.sample',
  'snapshot.write',
  'http.request',
  'http.response',
  'http.client_error',
  'route.hook',
  'span.start',
  'span.end',
  'instance.report',
  'dashboard.request',
  'dashboard.server',
  'receiver.request',
  'shutdown.dashboard',
  'shutdown.sampler',
  'shutdown.telemetry',
  'shutdown.snapshot',
  'shutdown.instrumentations',
  'shutdown.reporter',
  'shutdown.monitor',
  'alerts.evaluate',
  'alerts.send',
  'shutdown.alerts',
  'unrouted.check',
] as const;

/** One guarded site, such as `saturation.sample` or `span.end`. */
export type InternalErrorSite = (typeof INTERNAL_ERROR_SITES)[number];
