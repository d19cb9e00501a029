import { InstanceTimeline } from './InstanceTimeline.js';
import type { ResolvedStoreOptions } from './RequestStoreOptions.js';
import { SeriesRegistry } from './SeriesRegistry.js';
import type { ServiceStats } from './ServiceStats.js';
import type { Source } from './Source.js';
import { type ServiceEntry, type SourceEntry, SourceRegistry } from './SourceRegistry.js';
import type { DimensionLimits } from './seriesFolding.js';

/**
 * Who recorded what: the registries of sources (service × instance) and of
 * series, a record's names resolved to them, and their figures and limits.
 * The base of {@link RequestStore}, which adds the buckets.
 */
export class StoreIdentities {
  /** The local identity's service. */
  readonly localService: string;
  /** The local identity's instance. */
  readonly localInstance: string;
  /** When instances started or changed version, from their spans' resources (the charts' markers). */
  readonly instanceTimeline: InstanceTimeline;
  /** Series of every source, capped per service. */
  protected readonly series: SeriesRegistry;
  /** Sources, capped per service and instance. */
  protected readonly sourceRegistry: SourceRegistry;
  /** The last source resolved, and the names it was resolved from: most records repeat them. */
  private lastSource: SourceEntry | undefined;
  private lastService: string | undefined;
  private lastInstance: string | undefined;

  constructor(options: ResolvedStoreOptions) {
    this.localService = options.service;
    this.localInstance = options.instance;
    this.instanceTimeline = new InstanceTimeline(options.now);
    this.series = new SeriesRegistry(options.seriesLimit, options.dimensionLimits);
    this.sourceRegistry = new SourceRegistry(options.serviceLimit, options.instanceLimit);
  }

  /** Live series of every service, the overflow ones included. */
  get seriesCount(): number {
    return this.series.size;
  }

  /** The series limit of each service. */
  get seriesLimit(): number {
    return this.series.limit;
  }

  /** Requests that were recorded under the overflow endpoint because of the series limit. */
  get overflowedRequests(): number {
    return this.series.overflowedRequests;
  }

  /** Requests recorded with their method folded into `_OTHER` by the per-endpoint limit. */
  get foldedMethodRequests(): number {
    return this.series.foldedMethodRequests;
  }

  /** Requests recorded with their status folded into its class's `x99` by the per-endpoint limit. */
  get foldedStatusRequests(): number {
    return this.series.foldedStatusRequests;
  }

  /** Requests recorded with their error type folded into `_OTHER` by the per-endpoint limit. */
  get foldedErrorTypeRequests(): number {
    return this.series.foldedErrorTypeRequests;
  }

  /** The per-endpoint limits of methods, statuses and error types. */
  get dimensionLimits(): DimensionLimits {
    return this.series.dimensions;
  }

  /** The service limit. */
  get serviceLimit(): number {
    return this.sourceRegistry.serviceLimit;
  }

  /** The instance limit of each service. */
  get instanceLimit(): number {
    return this.sourceRegistry.instanceLimit;
  }

  /** Live services, the overflow one included. */
  get serviceCount(): number {
    return this.sourceRegistry.serviceCount;
  }

  /** Live sources (service × instance), the overflow ones included. */
  get sourceCount(): number {
    return this.sourceRegistry.size;
  }

  /** Requests that were recorded under the overflow service because of the service limit. */
  get overflowedServiceRequests(): number {
    return this.sourceRegistry.overflowedServiceRequests;
  }

  /** Requests that were recorded under an overflow instance because of the instance limit. */
  get overflowedInstanceRequests(): number {
    return this.sourceRegistry.overflowedInstanceRequests;
  }

  /** Every live source, grouped by service, in first-seen order. */
  sources(): Source[] {
    return [...this.sourceRegistry.sources()];
  }

  /** Each live service's series and folds, for the overview. */
  services(): ServiceStats[] {
    return [...this.sourceRegistry.serviceEntries()].map((s: ServiceEntry) => ({
      service: s.name,
      instances: s.instances.size,
      series: s.liveSeries,
      overflowedRequests: s.overflowedRequests,
      overflowedInstanceRequests: s.overflowedInstanceRequests,
    }));
  }

  /** True for the local identity (the process this store lives in, by its options). */
  isLocal(source: Pick<Source, 'service' | 'instance'>): boolean {
    return source.service === this.localService && source.instance === this.localInstance;
  }

  /** The source of a record's names (the local identity's where absent), the last one cached. */
  protected sourceOf(service: string | undefined, instance: string | undefined): SourceEntry {
    return service === this.lastService &&
      instance === this.lastInstance &&
      this.lastSource !== undefined
      ? this.lastSource
      : this.resolveSource(service, instance);
  }

  /** Forgets series no bucket from `oldest` on holds, then sources left without series. */
  protected forgetOlderThan(oldest: number): void {
    this.series.forgetOlderThan(oldest, this.sourceRegistry.sources());
    this.sourceRegistry.forgetEmpty();
    this.lastSource = undefined;
  }

  /** Forgets every source and series. */
  protected clearIdentities(): void {
    this.series.clear();
    this.sourceRegistry.clear();
    this.lastSource = undefined;
  }

  /**
   * The source of a record's names (the local identity's where absent). A
   * folded record is not cached, so each one is counted.
   */
  private resolveSource(service: string | undefined, instance: string | undefined): SourceEntry {
    const source = this.sourceRegistry.resolve(
      service ?? this.localService,
      instance ?? this.localInstance,
    );
    const folded =
      source.service !== (service ?? this.localService) ||
      source.instance !== (instance ?? this.localInstance);
    this.lastSource = folded ? undefined : source;
    this.lastService = service;
    this.lastInstance = instance;
    return source;
  }
}
