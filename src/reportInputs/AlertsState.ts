/** One alert firing now, as the notifier holds it. */
export interface FiringAlertState {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAtMs: number;
  readonly lastSentMs: number;
}

/** One send's outcome, as the notifier logged it. */
export interface SendState {
  readonly atMs: number;
  readonly destination: 'alertmanager' | 'webhook';
  readonly kind: 'firing' | 'refresh' | 'resolved';
  readonly key: string;
  readonly outcome: 'sent' | 'retrying' | 'dropped';
  readonly attempts: number;
  readonly status?: number | undefined;
  readonly error?: string | undefined;
}

/** The notifier's counters since start. */
export interface SendCounts {
  readonly sent: number;
  readonly failedSends: number;
  readonly retries: number;
  readonly droppedQueueFull: number;
  readonly droppedGaveUp: number;
}

/** What the alert notifier shows `/dashboard/alerts`: its settings, what fires, what was sent. */
export interface AlertsState {
  readonly alertmanagerUrl: string | undefined;
  readonly webhookUrl: string | undefined;
  readonly intervalMs: number;
  readonly resendMs: number;
  readonly evaluations: number;
  readonly lastEvaluationMs: number | undefined;
  /** Services the last evaluation left out, past the notifier's limit (50). */
  readonly skippedServices: number;
  readonly firing: readonly FiringAlertState[];
  readonly sent: readonly SendState[];
  readonly counts: SendCounts;
  readonly queued: number;
  readonly queueLimit: number;
}
