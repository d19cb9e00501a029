import type { Series } from '../../src/store/Series.js';
import { SeriesRegistry } from '../../src/store/SeriesRegistry.js';
import { type SourceEntry, SourceRegistry } from '../../src/store/SourceRegistry.js';

/** A {@link SeriesRegistry} over one source, with the series-only calls tests of one source need. */
export class SingleSourceSeries {
  readonly sources = new SourceRegistry(10, 10);
  readonly registry: SeriesRegistry;
  readonly source: SourceEntry;

  constructor(limit: number) {
    this.registry = new SeriesRegistry(limit);
    this.source = this.sources.resolve('svc', 'host:1');
  }

  resolve(endpoint: string, method: string, statusCode: number, errorType: string): Series {
    return this.registry.resolve(this.source, endpoint, method, statusCode, errorType);
  }

  forgetOlderThan(oldestBucketStart: number): void {
    this.registry.forgetOlderThan(oldestBucketStart, [this.source]);
  }

  get size(): number {
    return this.registry.size;
  }

  get overflowedRequests(): number {
    return this.registry.overflowedRequests;
  }

  get indexBound(): number {
    return this.registry.indexBound;
  }
}
