import { sloQuery } from '../dashboard/queries/sloQuery.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import type { AlertsState } from '../reportInputs/AlertsState.js';
import type { SloSettings } from '../slo/SloSettings.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { AlertSettings } from './AlertSettings.js';
import { AlertTracker } from './AlertTracker.js';
import { alertmanagerAlert } from './alertmanagerAlert.js';
import { burnAlerts } from './burnAlerts.js';
import { type Backoff, DeliveryQueue } from './DeliveryQueue.js';
import { type PostJson, postJson } from './postJson.js';
import { webhookBody } from './webhookBody.js';

/** Services evaluated at most, in the store's order: each is one SLO query per evaluation. */
export const MAX_ALERT_SERVICES = 50;

/** What {@link AlertNotifier} evaluates, where it sends, and its clock. */
export interface AlertNotifierOptions {
  readonly store: RequestStore;
  readonly slo: SloSettings;
  readonly settings: AlertSettings;
  /** The handle's guard: the timer's and the queue's own failures are counted there. */
  readonly guard: InternalErrors;
  /** The dashboard's address for links, when the settings give none (the own port's, once it listens). */
  readonly dashboardUrl?: (() => string | undefined) | undefined;
  /** Clock in epoch ms; `Date.now` by default. */
  readonly now?: (() => number) | undefined;
  /** How a body is sent; Node's fetch by default. */
  readonly post?: PostJson | undefined;
  readonly backoff?: Backoff | undefined;
  readonly queueLimit?: number | undefined;
}

function unrefTimer(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * The edge between the pure SLO evaluation and the people it pages: on an
 * unref'd timer (or when {@link evaluate} is called) it runs the SLO query
 * per service, lets the {@link AlertTracker} say what changed, and queues
 * those notices for Alertmanager and the webhook. Nothing here runs on a
 * request: a slow or dead receiver delays only the queue, and every
 * failure is counted, never thrown. Built only where the store is (the
 * primary of a cluster, or a lone process), so one process sends.
 */
export class AlertNotifier {
  private readonly tracker: AlertTracker;
  private readonly queue: DeliveryQueue;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private evaluations = 0;
  private lastEvaluationMs: number | undefined;
  private skippedServices = 0;

  constructor(private readonly options: AlertNotifierOptions) {
    const { settings, guard } = options;
    this.now = options.now ?? Date.now;
    this.tracker = new AlertTracker(settings.resendMs);
    this.queue = new DeliveryQueue({
      urls: { alertmanager: settings.alertmanagerUrl, webhook: settings.webhookUrl },
      timeoutMs: settings.timeoutMs,
      post: options.post ?? postJson,
      now: this.now,
      limit: options.queueLimit,
      backoff: options.backoff,
      setTimer: (fn, ms) => unrefTimer(guard.wrap('alerts.send', fn), ms),
      onError: (err) => guard.record('alerts.send', err),
    });
  }

  /** Evaluates every `settings.intervalMs` on an unref'd, guarded timer. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(
      this.options.guard.wrap('alerts.evaluate', () => this.evaluate()),
      this.options.settings.intervalMs,
    );
    this.timer.unref();
  }

  /**
   * Evaluates the objectives now and queues what changed; the sends run in
   * the background (see {@link settled}). Throws only on a bug, which the
   * timer's guard counts.
   */
  evaluate(): void {
    const { store, slo, settings } = this.options;
    const nowMs = this.now();
    const link = this.link();
    const all = store.services();
    // Past the limit, services go unevaluated: counted and shown, never silently.
    this.skippedServices = Math.max(0, all.length - MAX_ALERT_SERVICES);
    const services = all.slice(0, MAX_ALERT_SERVICES).map((s) => s.service);
    const alerts = services.flatMap((service) =>
      burnAlerts(sloQuery(store, slo, { service }), service, link),
    );
    this.evaluations++;
    this.lastEvaluationMs = nowMs;
    for (const notice of this.tracker.update(alerts, nowMs)) {
      this.queue.push(
        'alertmanager',
        notice.alert.key,
        notice.kind,
        alertmanagerAlert(notice, link),
      );
      // A chat hears of changes only, never of re-sends.
      if (notice.kind !== 'refresh' && settings.webhookUrl !== undefined) {
        this.queue.push('webhook', notice.alert.key, notice.kind, webhookBody(notice, link));
      }
    }
    void this.queue.pump();
  }

  /** Resolves once no send is in flight (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue.idle();
  }

  /** Stops the timers; sends in flight finish within their timeout. */
  stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.queue.stop();
    return this.queue.idle();
  }

  /** What `/dashboard/alerts` shows. */
  state(): AlertsState {
    const { settings } = this.options;
    return {
      alertmanagerUrl: settings.alertmanagerUrl,
      webhookUrl: settings.webhookUrl,
      intervalMs: settings.intervalMs,
      resendMs: settings.resendMs,
      evaluations: this.evaluations,
      lastEvaluationMs: this.lastEvaluationMs,
      skippedServices: this.skippedServices,
      firing: this.tracker.firing().map((f) => ({
        labels: f.alert.labels,
        annotations: f.alert.annotations,
        startsAtMs: f.startsAtMs,
        lastSentMs: f.lastSentMs,
      })),
      sent: this.queue.recent(),
      counts: { ...this.queue.counts },
      queued: this.queue.length,
      queueLimit: this.queue.capacity,
    };
  }

  private link(): string | undefined {
    return this.options.settings.dashboardUrl ?? this.options.dashboardUrl?.();
  }
}
