import type { AlertNotice } from './AlertTracker.js';

/**
 * The JSON body posted to `GOLDEN_SIGNALS_ALERT_WEBHOOK_URL` (docs/api.md,
 * "Alert webhooks"): `text` is Slack's (and Mattermost's, Rocket.Chat's)
 * message field; the rest is for programs.
 */
export interface WebhookBody {
  /** One line for people: `[FIRING] …` or `[RESOLVED] …`, with the dashboard link. */
  readonly text: string;
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly starts_at: string;
  /** When it resolved; null while firing. */
  readonly ends_at: string | null;
  /** The dashboard's address, when known; null otherwise. */
  readonly dashboard_url: string | null;
}

/** A firing or resolved notice as the webhook body. */
export function webhookBody(notice: AlertNotice, dashboardUrl: string | undefined): WebhookBody {
  const resolved = notice.kind === 'resolved';
  const { labels, annotations } = notice.alert;
  const head = resolved ? '[RESOLVED]' : '[FIRING]';
  const summary = annotations.summary ?? labels.alertname ?? '';
  const text = `${head} ${summary}${resolved ? '' : `; ${annotations.description ?? ''}`}${dashboardUrl === undefined ? '' : ` ${dashboardUrl}`}`;
  return {
    text,
    status: resolved ? 'resolved' : 'firing',
    labels,
    annotations,
    starts_at: new Date(notice.startsAtMs).toISOString(),
    ends_at: resolved ? new Date(notice.endsAtMs).toISOString() : null,
    dashboard_url: dashboardUrl ?? null,
  };
}
