/** Events kept unless configured: the newest 200 starts and version changes. */
export const DEFAULT_INSTANCE_EVENT_LIMIT = 200;

/** An instance first seen (a start, or a restart under a new pid), or a new `service.version`. */
export interface InstanceEvent {
  readonly kind: 'started' | 'version';
  /** Epoch milliseconds it was first seen by the dashboard. */
  readonly atMs: number;
  readonly service: string;
  readonly instance: string;
  /** `service.version` of its resource; `''` when it names none. */
  readonly version: string;
  /** True for the dashboard's own process. */
  readonly local: boolean;
}

/** What identifies a run of an instance: its version and process id. */
interface Run {
  version: string;
  pid: string;
}

/**
 * When instances started and when their version changed, as the resources
 * of their spans say (`service.version`, `process.pid`): the page marks them
 * on its charts. Told once per resource object (see ResourceIdentities), so
 * the cost is a map look-up per new resource, never per span. Bounded: the
 * oldest events go first, and the instances remembered are capped too; both
 * are counted. In memory only: a restart of the dashboard starts it afresh.
 */
export class InstanceTimeline {
  private readonly runs = new Map<string, Run>();
  private readonly list: InstanceEvent[] = [];
  private dropped = 0;

  constructor(
    private readonly now: () => number = Date.now,
    readonly limit: number = DEFAULT_INSTANCE_EVENT_LIMIT,
  ) {}

  /** A resource of `service`/`instance` seen: an event when the instance is new, or its pid or version changed. */
  saw(service: string, instance: string, version: string, pid: string, local: boolean): void {
    const key = `${service}\u0000${instance}`;
    const run = this.runs.get(key);
    if (run !== undefined && run.version === version && run.pid === pid) return;
    const kind = run === undefined || run.pid !== pid ? 'started' : 'version';
    this.runs.delete(key);
    this.runs.set(key, { version, pid });
    // Instances remembered stay within a few times the events kept: the oldest is forgotten.
    if (this.runs.size > 4 * this.limit) this.runs.delete(this.runs.keys().next().value as string);
    this.list.push({ kind, atMs: this.now(), service, instance, version, local });
    if (this.list.length > this.limit) {
      this.list.shift();
      this.dropped++;
    }
  }

  /** The events from `sinceMs` on, oldest first. */
  since(sinceMs: number): InstanceEvent[] {
    return this.list.filter((e) => e.atMs >= sinceMs);
  }

  /** Events let go past the limit. */
  get droppedEvents(): number {
    return this.dropped;
  }
}
