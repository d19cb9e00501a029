import type { EndpointSeries } from './EndpointSeries.js';
import { OVERFLOW_SOURCE_NAME, type Source } from './Source.js';

/** An endpoint of a source: its interned latency key and its series. */
export type EndpointEntry = EndpointSeries;

/** One service: its instances, and the count its own series limit is held to. */
export class ServiceEntry {
  /** instance id → source. */
  readonly instances = new Map<string, SourceEntry>();
  /** Live series of this service, overflow ones included. */
  liveSeries = 0;
  /** Live series of this service's overflow endpoints (every instance's), held to their own cap. */
  overflowSeries = 0;
  /** Requests of this service recorded under the overflow endpoint because of the series limit. */
  overflowedRequests = 0;
  /** Requests of this service recorded under the overflow instance because of the instance limit. */
  overflowedInstanceRequests = 0;

  constructor(
    /** `service.name`. */
    readonly name: string,
  ) {}

  /** Instances that count against the instance limit (the overflow one does not). */
  get regularInstances(): number {
    return this.instances.size - (this.instances.has(OVERFLOW_SOURCE_NAME) ? 1 : 0);
  }
}

/** A live {@link Source}, with the registries' bookkeeping. */
export class SourceEntry implements Source {
  readonly service: string;
  recorded = 0;
  lastSeenMs = Number.NEGATIVE_INFINITY;
  /** endpoint → its key and series. */
  readonly endpoints = new Map<string, EndpointEntry>();

  constructor(
    /** The service it belongs to. */
    readonly owner: ServiceEntry,
    readonly instance: string,
  ) {
    this.service = owner.name;
  }
}

/**
 * Interns sources (service × instance), with two caps so that memory stays
 * bounded whoever sends: past `serviceLimit` services, a new service's
 * requests fold into the overflow source (`overflow` / `overflow`); past
 * `instanceLimit` instances of one service, a new instance's requests fold
 * into that service's `overflow` instance. Every folded request is counted.
 * Sources are forgotten once no live series refers to them.
 */
export class SourceRegistry {
  /** service name → its entry. */
  private readonly services = new Map<string, ServiceEntry>();
  /** Requests recorded under the overflow service because of the service limit. */
  overflowedServiceRequests = 0;
  /** Requests recorded under an overflow instance because of the instance limit. */
  overflowedInstanceRequests = 0;

  constructor(
    /** Most services kept apart, the overflow one aside. */
    readonly serviceLimit: number,
    /** Most instances kept apart per service, the overflow one aside. */
    readonly instanceLimit: number,
  ) {}

  /** Live services, the overflow one included. */
  get serviceCount(): number {
    return this.services.size;
  }

  /** Live sources, the overflow ones included. */
  get size(): number {
    let n = 0;
    for (const service of this.services.values()) n += service.instances.size;
    return n;
  }

  /** Finds or creates the source of one request, folding it when a limit is reached. */
  resolve(service: string, instance: string): SourceEntry {
    let owner = this.services.get(service);
    if (owner === undefined) {
      if (this.regularServices() >= this.serviceLimit && service !== OVERFLOW_SOURCE_NAME) {
        this.overflowedServiceRequests++;
        return this.resolve(OVERFLOW_SOURCE_NAME, OVERFLOW_SOURCE_NAME);
      }
      owner = new ServiceEntry(service);
      this.services.set(service, owner);
    }
    const found = owner.instances.get(instance);
    if (found !== undefined) return found;
    if (owner.regularInstances >= this.instanceLimit && instance !== OVERFLOW_SOURCE_NAME) {
      this.overflowedInstanceRequests++;
      owner.overflowedInstanceRequests++;
      return this.resolve(service, OVERFLOW_SOURCE_NAME);
    }
    const source = new SourceEntry(owner, instance);
    owner.instances.set(instance, source);
    return source;
  }

  /** Every live source, by service then instance in first-seen order. */
  *sources(): IterableIterator<SourceEntry> {
    for (const service of this.services.values()) yield* service.instances.values();
  }

  /** Every live service. */
  serviceEntries(): IterableIterator<ServiceEntry> {
    return this.services.values();
  }

  /** Forgets sources without endpoints, and services without sources. */
  forgetEmpty(): void {
    for (const [name, service] of this.services) {
      for (const [id, source] of service.instances) {
        if (source.endpoints.size === 0) service.instances.delete(id);
      }
      if (service.instances.size === 0) this.services.delete(name);
    }
  }

  /** Forgets every source and zeroes the fold counts. */
  clear(): void {
    this.services.clear();
    this.overflowedServiceRequests = 0;
    this.overflowedInstanceRequests = 0;
  }

  private regularServices(): number {
    return this.services.size - (this.services.has(OVERFLOW_SOURCE_NAME) ? 1 : 0);
  }
}
