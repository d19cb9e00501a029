import { burnAlerts } from '../../alerts/burnAlerts.js';
import type { AlertsState } from '../../reportInputs/AlertsState.js';
import type { SloSettings } from '../../slo/SloSettings.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { isoTime } from './numbers.js';
import { sloQuery } from './sloQuery.js';

/** An alert firing now. */
export interface FiringAlertReport {
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** When the notifier saw it start; null when no notifier runs (evaluated on the spot). */
  starts_at: string | null;
  /** When it was last queued for Alertmanager; null when no notifier runs. */
  last_sent: string | null;
}

/** One send's outcome, newest first. */
export interface SentAlertReport {
  at: string;
  destination: 'alertmanager' | 'webhook';
  /** `firing` (started), `refresh` (re-sent while firing) or `resolved`. */
  kind: 'firing' | 'refresh' | 'resolved';
  /** The alert: objective|service|route|window. */
  alert: string;
  /** `sent`, `retrying` (that attempt failed, another follows) or `dropped`. */
  outcome: 'sent' | 'retrying' | 'dropped';
  attempts: number;
  /** The receiver's HTTP status; null when none came. */
  status: number | null;
  /** Why no status came (`ECONNREFUSED`, `TimeoutError`), or `queue full`; null otherwise. */
  error: string | null;
}

/** `GET /dashboard/alerts`: what fires, where it goes, and what was sent. */
export interface AlertsReport {
  /** Whether a notifier runs here (a destination is configured and this process owns the store). */
  enabled: boolean;
  /** The destinations: Alertmanager's full URL, the webhook's origin only (its path is often its secret). */
  destinations: { alertmanager: string | null; webhook: string | null };
  evaluation_interval_ms: number | null;
  resend_interval_ms: number | null;
  evaluations: number;
  last_evaluation: string | null;
  /** Services the last evaluation left out, past the limit of 50 a notifier evaluates. */
  services_not_evaluated: number;
  firing: FiringAlertReport[];
  sent: SentAlertReport[];
  counters: {
    sent: number;
    failed_sends: number;
    retries: number;
    dropped_queue_full: number;
    dropped_gave_up: number;
    queued: number;
    queue_limit: number;
  };
}

/**
 * The notifier's state as JSON. Without a notifier, what would fire now,
 * evaluated on the spot over the store (nothing was sent).
 */
export function alertsQuery(
  state: AlertsState | undefined,
  store: RequestStore,
  slo: SloSettings,
): AlertsReport {
  if (state === undefined) {
    const firing = store
      .services()
      .flatMap((s) =>
        burnAlerts(sloQuery(store, slo, { service: s.service }), s.service, undefined),
      )
      .filter((a) => a.firing)
      .map((a) => ({
        labels: a.labels,
        annotations: a.annotations,
        starts_at: null,
        last_sent: null,
      }));
    return {
      enabled: false,
      destinations: { alertmanager: null, webhook: null },
      evaluation_interval_ms: null,
      resend_interval_ms: null,
      evaluations: 0,
      last_evaluation: null,
      services_not_evaluated: 0,
      firing,
      sent: [],
      counters: {
        sent: 0,
        failed_sends: 0,
        retries: 0,
        dropped_queue_full: 0,
        dropped_gave_up: 0,
        queued: 0,
        queue_limit: 0,
      },
    };
  }
  const { counts } = state;
  return {
    enabled: true,
    destinations: {
      alertmanager: state.alertmanagerUrl ?? null,
      webhook: state.webhookUrl === undefined ? null : new URL(state.webhookUrl).origin,
    },
    evaluation_interval_ms: state.intervalMs,
    resend_interval_ms: state.resendMs,
    evaluations: state.evaluations,
    last_evaluation: state.lastEvaluationMs === undefined ? null : isoTime(state.lastEvaluationMs),
    services_not_evaluated: state.skippedServices,
    firing: state.firing.map((f) => ({
      labels: f.labels,
      annotations: f.annotations,
      starts_at: isoTime(f.startsAtMs),
      last_sent: isoTime(f.lastSentMs),
    })),
    sent: [...state.sent].reverse().map((s) => ({
      at: isoTime(s.atMs),
      destination: s.destination,
      kind: s.kind,
      alert: s.key,
      outcome: s.outcome,
      attempts: s.attempts,
      status: s.status ?? null,
      error: s.error ?? null,
    })),
    counters: {
      sent: counts.sent,
      failed_sends: counts.failedSends,
      retries: counts.retries,
      dropped_queue_full: counts.droppedQueueFull,
      dropped_gave_up: counts.droppedGaveUp,
      queued: state.queued,
      queue_limit: state.queueLimit,
    },
  };
}
