import type { BurnAlert } from './burnAlerts.js';

/** What a change (or a re-send) is: it starts firing, it fires still, or it resolved. */
export type NoticeKind = 'firing' | 'refresh' | 'resolved';

/** One alert to send now. */
export interface AlertNotice {
  readonly kind: NoticeKind;
  readonly alert: BurnAlert;
  /** When it started firing, epoch ms. */
  readonly startsAtMs: number;
  /** When it resolved (resolved), or when Alertmanager may let it lapse unless re-sent (firing). */
  readonly endsAtMs: number;
}

/** A firing alert as the tracker holds it. */
export interface FiringAlert {
  readonly alert: BurnAlert;
  readonly startsAtMs: number;
  /** Last evaluation it was queued at (firing or refresh). */
  lastSentMs: number;
}

/**
 * How many re-send intervals a firing alert's `endsAt` lies ahead: as
 * Prometheus does (4 × its resend delay), so an alert whose resolve was
 * lost lapses on its own, and one re-send may fail without a flap.
 */
export const ENDS_AT_RESENDS = 4;

/**
 * The notifier's memory, pure and clock-free: given each evaluation's
 * alerts, it says what to send. A pair that starts firing is sent once,
 * re-sent every `resendMs` while it fires (Alertmanager forgets an alert
 * it is not told about again), and sent once more, with `endsAt` now, when
 * it stops firing or its service is gone. Same state, nothing sent: that
 * is the deduplication.
 */
export class AlertTracker {
  private readonly active = new Map<string, FiringAlert>();

  constructor(private readonly resendMs: number) {}

  /** The notices that evaluation `alerts` at `nowMs` calls for. */
  update(alerts: readonly BurnAlert[], nowMs: number): AlertNotice[] {
    const notices: AlertNotice[] = [];
    const seen = new Set<string>();
    const endsAt = nowMs + ENDS_AT_RESENDS * this.resendMs;
    for (const alert of alerts) {
      if (!alert.firing) continue;
      seen.add(alert.key);
      const held = this.active.get(alert.key);
      if (held === undefined) {
        this.active.set(alert.key, { alert, startsAtMs: nowMs, lastSentMs: nowMs });
        notices.push({ kind: 'firing', alert, startsAtMs: nowMs, endsAtMs: endsAt });
      } else if (nowMs - held.lastSentMs >= this.resendMs) {
        // The newest figures go out with the re-send; the start stays.
        const refreshed = { alert, startsAtMs: held.startsAtMs, lastSentMs: nowMs };
        this.active.set(alert.key, refreshed);
        notices.push({ kind: 'refresh', alert, startsAtMs: held.startsAtMs, endsAtMs: endsAt });
      } else {
        this.active.set(alert.key, { ...held, alert });
      }
    }
    for (const [key, held] of this.active) {
      if (seen.has(key)) continue;
      this.active.delete(key);
      const figures = alerts.find((a) => a.key === key) ?? held.alert;
      notices.push({
        kind: 'resolved',
        alert: figures,
        startsAtMs: held.startsAtMs,
        endsAtMs: nowMs,
      });
    }
    return notices;
  }

  /** The alerts firing now, oldest first. */
  firing(): FiringAlert[] {
    return [...this.active.values()].sort((a, b) => a.startsAtMs - b.startsAtMs);
  }
}
