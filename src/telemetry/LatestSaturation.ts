import type { SaturationSample } from '../store/saturation/SaturationSample.js';
import { RECEIVED_INSTANCE_LIMIT } from './http/ReceivedDurationHistogram.js';

/** A received instance whose last sample is older than this is left off `/metrics`: it went away. */
export const SATURATION_STALE_MS = 60_000;

/** Where saturation samples go: the store's history, `/metrics`' gauges, or both. */
export interface SaturationRecorder {
  /** Records one sample; without `service` and `instance`, this process's. */
  recordSaturation(sample: SaturationSample, service?: string, instance?: string): void;
}

interface Received {
  readonly service: string;
  readonly instance: string;
  sample: SaturationSample;
  at: number;
}

/**
 * The last saturation sample of this process and of each instance whose
 * status it receives (a cluster's workers), for the gauges of `/metrics`:
 * reading them at a scrape costs nothing and moves no window. At most
 * {@link RECEIVED_INSTANCE_LIMIT} received instances, as the duration
 * histogram's; later ones are counted in `droppedInstances` until one goes
 * stale ({@link SATURATION_STALE_MS} without a sample) and is forgotten.
 */
export class LatestSaturation implements SaturationRecorder {
  private local: SaturationSample | undefined;
  private readonly received = new Map<string, Received>();
  /** Samples of instances past the limit, not shown. */
  droppedInstances = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limit: number = RECEIVED_INSTANCE_LIMIT,
  ) {}

  recordSaturation(sample: SaturationSample, service?: string, instance?: string): void {
    if (service === undefined && instance === undefined) {
      this.local = sample;
      return;
    }
    const s = service ?? 'unknown_service';
    const i = instance ?? 'unknown_instance';
    const key = `${s}\u0000${i}`;
    const at = this.now();
    const held = this.received.get(key);
    if (held !== undefined) {
      held.sample = sample;
      held.at = at;
      return;
    }
    if (this.received.size >= this.limit) this.forgetStale(at);
    if (this.received.size >= this.limit) {
      this.droppedInstances++;
      return;
    }
    this.received.set(key, { service: s, instance: i, sample, at });
  }

  /** Calls `visit` with this process's last sample (no labels), then each live received instance's. */
  forEach(visit: (sample: SaturationSample, service?: string, instance?: string) => void): void {
    if (this.local !== undefined) visit(this.local);
    this.forgetStale(this.now());
    for (const r of this.received.values()) visit(r.sample, r.service, r.instance);
  }

  private forgetStale(at: number): void {
    for (const [key, r] of this.received) {
      if (at - r.at > SATURATION_STALE_MS) this.received.delete(key);
    }
  }
}
