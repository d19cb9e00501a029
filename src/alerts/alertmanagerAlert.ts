import type { AlertNotice } from './AlertTracker.js';

/** One element of the JSON array Alertmanager's `POST /api/v2/alerts` takes. */
export interface AlertmanagerAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  /** In the future while firing (it lapses unless re-sent), now once resolved. */
  readonly endsAt: string;
  /** Omitted without a dashboard address: Alertmanager requires a URI when present. */
  readonly generatorURL?: string;
}

/** A notice as Alertmanager's v2 API takes it. */
export function alertmanagerAlert(
  notice: AlertNotice,
  generatorUrl: string | undefined,
): AlertmanagerAlert {
  return {
    labels: notice.alert.labels,
    annotations: notice.alert.annotations,
    startsAt: new Date(notice.startsAtMs).toISOString(),
    endsAt: new Date(notice.endsAtMs).toISOString(),
    ...(generatorUrl === undefined ? {} : { generatorURL: generatorUrl }),
  };
}
