import type { NoticeKind } from './AlertTracker.js';
import type { PostJson } from './postJson.js';

/** Where a notification goes. */
export type Destination = 'alertmanager' | 'webhook';

/** Notifications waiting at most, both destinations together; past it the oldest is dropped, counted. */
export const DEFAULT_ALERT_QUEUE_LIMIT = 256;
/** Alerts in one Alertmanager POST at most. */
export const ALERTMANAGER_BATCH = 64;
/** Sends the log of `/dashboard/alerts` keeps, newest last. */
export const RECENT_SENDS = 50;
/** Back-off unless given: 1 s, doubled per failure up to 30 s, 5 attempts in all. */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({
  baseMs: 1_000,
  maxMs: 30_000,
  attempts: 5,
});

/** Retry with exponential back-off: `baseMs × 2^(n−1)` after the n-th failure, at most `maxMs`. */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Attempts per notification, the first included; then it is dropped, counted. */
  readonly attempts: number;
}

/** One send, as `/dashboard/alerts` lists it. */
export interface SendRecord {
  readonly atMs: number;
  readonly destination: Destination;
  readonly kind: NoticeKind;
  readonly key: string;
  /** `sent`; `retrying` after a failed attempt; `dropped` after the last one, or when the queue was full. */
  readonly outcome: 'sent' | 'retrying' | 'dropped';
  readonly attempts: number;
  readonly status?: number | undefined;
  readonly error?: string | undefined;
}

/** The queue's counters since start. */
export interface DeliveryCounts {
  /** Notifications delivered (2xx). */
  sent: number;
  /** Attempts that failed: no answer, or not 2xx. */
  failedSends: number;
  /** Failed attempts that were scheduled again. */
  retries: number;
  /** Dropped because the queue was full (the oldest goes). */
  droppedQueueFull: number;
  /** Dropped after the last attempt failed. */
  droppedGaveUp: number;
}

interface Pending {
  readonly destination: Destination;
  readonly key: string;
  readonly kind: NoticeKind;
  readonly body: unknown;
  attempts: number;
  dueMs: number;
}

/** What the queue needs: where to send, how, and its clock and timer. */
export interface DeliveryQueueOptions {
  readonly urls: Readonly<Partial<Record<Destination, string>>>;
  readonly timeoutMs: number;
  readonly post: PostJson;
  readonly now: () => number;
  readonly limit?: number | undefined;
  readonly backoff?: Backoff | undefined;
  /** Runs `fn` after `ms`, unref'd; returns a cancel. */
  readonly setTimer: (fn: () => void, ms: number) => () => void;
  /** A failure of the queue's own code (never a failed send): the handle's guard counts it. */
  readonly onError: (err: unknown) => void;
}

/**
 * The notifier's outbox: bounded, deduplicating, retrying with back-off,
 * one sender at a time. Alertmanager notices are batched in one POST (its
 * API takes an array), webhook ones are posted one by one. A newer notice
 * for the same alert replaces a pending one (for the webhook: of the same
 * kind, so firing and resolved both reach a chat).
 */
export class DeliveryQueue {
  readonly counts: DeliveryCounts = {
    sent: 0,
    failedSends: 0,
    retries: 0,
    droppedQueueFull: 0,
    droppedGaveUp: 0,
  };
  private pending: Pending[] = [];
  private readonly log: SendRecord[] = [];
  private running: Promise<void> | undefined;
  private cancelTimer: (() => void) | undefined;
  private stopped = false;
  private readonly limit: number;
  private readonly backoff: Backoff;

  constructor(private readonly options: DeliveryQueueOptions) {
    this.limit = options.limit ?? DEFAULT_ALERT_QUEUE_LIMIT;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Notifications waiting (in flight ones excluded). */
  get length(): number {
    return this.pending.length;
  }

  /** The queue's bound. */
  get capacity(): number {
    return this.limit;
  }

  /** The last {@link RECENT_SENDS} outcomes, oldest first. */
  recent(): readonly SendRecord[] {
    return this.log;
  }

  /** Queues one notification, replacing a pending one for the same alert. */
  push(destination: Destination, key: string, kind: NoticeKind, body: unknown): void {
    if (this.stopped || this.options.urls[destination] === undefined) return;
    this.pending = this.pending.filter((p) => !this.sameSlot(p, destination, key, kind));
    if (this.pending.length >= this.limit) {
      const oldest = this.pending.shift() as Pending;
      this.counts.droppedQueueFull++;
      this.note(oldest, 'dropped', undefined, 'queue full');
    }
    this.pending.push({ destination, key, kind, body, attempts: 0, dueMs: this.options.now() });
  }

  /** Sends what is due now; one run at a time (a second call joins the first). Never rejects. */
  pump(): Promise<void> {
    this.running ??= this.drain()
      .catch((err: unknown) => this.options.onError(err))
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
    return this.running;
  }

  /** Resolves once no send is in flight. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** No more sends or timers; what is in flight finishes. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private sameSlot(p: Pending, destination: Destination, key: string, kind: NoticeKind): boolean {
    return (
      p.destination === destination &&
      p.key === key &&
      (destination === 'alertmanager' || p.kind === kind)
    );
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.options.now();
      const due = this.pending.filter((p) => p.dueMs <= now);
      if (due.length === 0) return;
      const am = due.filter((p) => p.destination === 'alertmanager').slice(0, ALERTMANAGER_BATCH);
      const batch = am.length > 0 ? am : [due[0] as Pending];
      this.pending = this.pending.filter((p) => !batch.includes(p));
      const destination = (batch[0] as Pending).destination;
      const url = this.options.urls[destination] as string;
      const body = destination === 'alertmanager' ? batch.map((p) => p.body) : batch[0]?.body;
      const outcome = await this.options.post(url, body, this.options.timeoutMs);
      for (const p of batch) {
        p.attempts++;
        if (outcome.ok) {
          this.counts.sent++;
          this.note(p, 'sent', outcome.status, undefined);
        } else this.failed(p, outcome.status, outcome.error);
      }
      if (!outcome.ok) this.counts.failedSends++;
    }
  }

  private failed(p: Pending, status: number | undefined, error: string | undefined): void {
    if (p.attempts >= this.backoff.attempts) {
      this.counts.droppedGaveUp++;
      this.note(p, 'dropped', status, error);
      return;
    }
    this.note(p, 'retrying', status, error);
    // A newer notice for the same alert, queued meanwhile, wins over this retry.
    if (this.pending.some((q) => this.sameSlot(q, p.destination, p.key, p.kind))) return;
    this.counts.retries++;
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (p.attempts - 1));
    p.dueMs = this.options.now() + delay;
    if (this.pending.length >= this.limit) {
      this.counts.droppedQueueFull++;
      this.note(p, 'dropped', status, 'queue full');
      return;
    }
    this.pending.push(p);
  }

  private note(
    p: Pending,
    outcome: SendRecord['outcome'],
    status: number | undefined,
    error: string | undefined,
  ): void {
    const record: SendRecord = {
      atMs: this.options.now(),
      destination: p.destination,
      kind: p.kind,
      key: p.key,
      outcome,
      attempts: p.attempts,
      status,
      error,
    };
    this.log.push(record);
    if (this.log.length > RECENT_SENDS) this.log.shift();
  }

  /** One timer for the earliest retry still waiting. */
  private schedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.stopped || this.pending.length === 0) return;
    const next = Math.min(...this.pending.map((p) => p.dueMs));
    const wait = Math.max(0, next - this.options.now());
    this.cancelTimer = this.options.setTimer(() => {
      this.cancelTimer = undefined;
      void this.pump();
    }, wait);
  }
}
